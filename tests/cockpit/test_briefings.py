"""Periodic briefings (办法 Art. 9 通报; 条例 Art. 6 report to the government), drafted by the periodic task or on
demand, commented by the clerk, signed by the leader and issued as a numbered 公文 through the documents app.

The world is the hand-counted one of test_figures: in March 2026 越城区 opened two cases (A: a notice issued
2 March, not corrected by 20 March, overdue with an accountability entry on 21 March; B: closed on 10 March with
no issue found); 诸暨市 opened case C on 1 April.
"""

import io
import re

import pytest
import time_machine
from openpyxl import load_workbook

from cockpit.models import Audience, Briefing
from cockpit.tasks import draft_periodic_briefings_task
from tests.documents.test_rendering import pdf_text

pytestmark = pytest.mark.django_db
APRIL_2 = "2026-04-02 09:00 +0800"


def _draft(api_for, username="yuecheng.clerk", bureau="越城区司法局", audience="briefing", world=None, kind="month"):
    return api_for(username).post("/api/v1/briefings/", {
        "bureau": world.org(bureau).pk, "audience": audience, "period_kind": kind, "period_start": "2026-03-01",
    }, format="json")


def test_the_march_briefing_counts_the_month_by_hand_and_its_pdf_reads_the_same(
        world, records, api_for, client_for, django_capture_on_commit_callbacks):
    with time_machine.travel(APRIL_2, tick=False):
        response = _draft(api_for, world=world)
        assert response.status_code == 201, response.content
        body = response.json()
        summary = body["figures"]["summary"]
        assert (summary["cases_opened"], summary["cases_closed"]) == (2, 1)
        assert (summary["notices"], summary["rectified_in_time"], summary["overdue"]) == (1, 0, 1)
        assert summary["accountability"] == 1
        assert body["period_start"] == "2026-03-01" and body["period_end"] == "2026-03-31"
        assert body["figures"]["paragraphs"][0].startswith("本期共立案监督案件2件，办结1件。")

        # The clerk writes the analysis on the page; only the leader may sign it off.
        clerk = client_for("yuecheng.clerk")
        url = f"/statistics/briefings/{body['id']}/"
        assert clerk.post(url + "commentary/", {"commentary": "个别单位整改不及时。\n建议加强跟踪督办。"}).status_code == 302
        refused = api_for("yuecheng.clerk").post(f"/api/v1/briefings/{body['id']}/issue/")
        assert refused.status_code == 403
        leader = client_for("yuecheng.leader")
        with django_capture_on_commit_callbacks(execute=True):
            assert leader.post(url + "issue/").status_code == 302

    briefing = Briefing.objects.get(pk=body["id"])
    assert briefing.state == Briefing.State.ISSUED
    document = briefing.document
    assert document.kind == "supervision_briefing" and re.fullmatch(r"越司执监通报〔2026〕\d+号", document.number)
    text = pdf_text(document.pdf.open("rb").read())
    assert "关于2026年3月行政执法监督工作情况的通报" in text
    assert "本期共立案监督案件2件，办结1件。" in text
    assert "制发行政执法监督通知书1件" in text and "逾期未改正1件" in text
    assert "二、分析和工作建议" in text and "建议加强跟踪督办。" in text
    assert "特此通报。" in text and document.number in text
    # The figures stay frozen: the issued briefing can no longer be changed.
    again = api_for("yuecheng.clerk").post(f"/api/v1/briefings/{body['id']}/commentary/", {"commentary": "改"},
                                           format="json")
    assert again.status_code == 409


def test_the_workbook_has_the_same_tables_as_the_briefing(world, records, api_for, client_for):
    with time_machine.travel(APRIL_2, tick=False):
        pk = _draft(api_for, world=world).json()["id"]
        response = client_for("yuecheng.clerk").get(f"/statistics/briefings/{pk}/?format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    overview = workbook[workbook.sheetnames[0]]
    rows = {row[0]: row[1] for row in overview.iter_rows(min_row=4, values_only=True) if row and row[0]}
    assert rows["立案监督案件"] == 2 and rows["办结监督案件"] == 1
    assert any("各执法机关" in name for name in workbook.sheetnames)


def test_the_clerk_reads_an_unnumbered_preview_before_sign_off(world, records, api_for, client_for):
    with time_machine.travel(APRIL_2, tick=False):
        pk = _draft(api_for, world=world).json()["id"]
        clerk = client_for("yuecheng.clerk")
        clerk.post(f"/statistics/briefings/{pk}/commentary/", {"commentary": "建议加强跟踪督办。"})
        response = clerk.get(f"/statistics/briefings/{pk}/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "关于2026年3月行政执法监督工作情况的通报" in text and "建议加强跟踪督办。" in text
    assert "执监通报〔" not in text  # no number until it is signed
    assert Briefing.objects.get(pk=pk).document is None


def test_the_report_to_the_government_goes_up_and_another_county_sees_none_of_it(
        world, records, api_for, client_for, django_capture_on_commit_callbacks):
    with time_machine.travel(APRIL_2, tick=False):
        pk = _draft(api_for, world=world, audience="government_report").json()["id"]
        api_for("yuecheng.clerk").post(f"/api/v1/briefings/{pk}/commentary/", {"commentary": "总体平稳。"},
                                       format="json")
        with django_capture_on_commit_callbacks(execute=True):
            issued = api_for("yuecheng.leader").post(f"/api/v1/briefings/{pk}/issue/")
        assert issued.status_code == 200 and issued.json()["state"] == "issued"
        assert api_for("zhuji.reviewer").get(f"/api/v1/briefings/{pk}/").status_code == 404
        assert client_for("zhuji.reviewer").get(f"/statistics/briefings/{pk}/").status_code == 404
        assert api_for("city.reviewer").get(f"/api/v1/briefings/{pk}/").status_code == 200
        # 诸暨's own March briefing counts none of 越城's cases.
        zhuji = _draft(api_for, username="zhuji.clerk", bureau="诸暨市司法局", world=world).json()
        assert zhuji["figures"]["summary"]["cases_opened"] == 0 and zhuji["figures"]["summary"]["notices"] == 0
        # A clerk may not draft another bureau's briefing.
        assert _draft(api_for, username="zhuji.clerk", world=world).status_code == 400
    document = Briefing.objects.get(pk=pk).document
    assert document.kind == "supervision_work_report"
    assert [r.name for r in document.recipients.all()] == ["越城区人民政府"]
    text = pdf_text(document.pdf.open("rb").read())
    assert "越城区人民政府：" in text and "签发人" in text and "特此报告。" in text


def test_issuing_needs_the_commentary_and_a_period_is_drafted_once(world, records, api_for):
    with time_machine.travel(APRIL_2, tick=False):
        pk = _draft(api_for, world=world).json()["id"]
        refused = api_for("yuecheng.leader").post(f"/api/v1/briefings/{pk}/issue/")
        assert refused.status_code == 400 and "commentary" in refused.json()["errors"]
        twice = _draft(api_for, world=world)
        assert twice.status_code == 400 and "period_start" in twice.json()["errors"]
        future = api_for("yuecheng.clerk").post("/api/v1/briefings/", {
            "bureau": world.org("越城区司法局").pk, "period_kind": "month", "period_start": "2026-05-01"}, format="json")
        assert future.status_code == 400
    assert Briefing.objects.filter(bureau=world.org("越城区司法局")).count() == 1


def test_the_periodic_task_drafts_last_month_quarter_and_year_once_for_every_bureau(world, records):
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.get(name="periodic-briefings").task == "cockpit.tasks.draft_periodic_briefings_task"
    with time_machine.travel(APRIL_2, tick=False):
        created = draft_periodic_briefings_task.delay().get()
        assert draft_periodic_briefings_task.delay().get() == 0  # nothing twice
    bureaus = world.org("越城区司法局").__class__.objects.filter(kind="justice_bureau", is_active=True).count()
    assert created == bureaus * 3 * 2
    march = Briefing.objects.get(bureau=world.org("越城区司法局"), audience=Audience.BRIEFING, period_kind="month")
    assert (march.period_start.isoformat(), march.created_by) == ("2026-03-01", None)
    assert march.figures["summary"]["cases_opened"] == 2
    quarter = Briefing.objects.get(bureau=world.org("越城区司法局"), audience=Audience.BRIEFING, period_kind="quarter")
    assert (quarter.period_start.isoformat(), quarter.period_end.isoformat()) == ("2026-01-01", "2026-03-31")
    year = Briefing.objects.get(bureau=world.org("越城区司法局"), audience=Audience.BRIEFING, period_kind="year")
    assert year.period_start.isoformat() == "2025-01-01" and year.figures["summary"]["cases_opened"] == 0
    city = Briefing.objects.get(bureau=world.org("绍兴市司法局"), audience=Audience.BRIEFING, period_kind="month")
    assert city.figures["summary"]["cases_opened"] == 2  # the city counts every county (诸暨's case is April's)
