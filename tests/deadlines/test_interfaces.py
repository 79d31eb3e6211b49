"""The due-date calculator as staff and integrators reach it: command, API, page, panel, workbench."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from deadlines.services import open_deadline, request_extension
from workbench.registry import tasks_for

pytestmark = pytest.mark.django_db


def test_legal_deadline_command_prints_the_date_then_one_line_of_explanation():
    out = StringIO()
    call_command("legal_deadline", "--received", "2026-01-15", "--days", "30", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "2026-02-14",
        "2026年1月15日收到，次日起算30日，期满日2026年2月14日为调休上班日（春节），不顺延；截止2026年2月14日24时",
    ]


def test_legal_deadline_command_refuses_a_bad_date():
    with pytest.raises(CommandError):
        call_command("legal_deadline", "--received", "2026-02-30", "--days", "30", stdout=StringIO())


def test_api_computes_a_due_date(api_for):
    response = api_for("yuecheng.clerk").get("/api/v1/calendar/deadline/", {"received": "2025-12-02", "days": 30})
    assert response.status_code == 200
    body = response.json()
    assert (body["due"], body["provisional"]) == ("2026-01-04", False)
    assert "调休上班日" in body["explanation"]


def test_api_marks_2027_provisional(api_for):
    body = api_for("agency.market").get("/api/v1/calendar/deadline/", {"received": "2026-12-15", "days": 30}).json()
    assert (body["due"], body["provisional"]) == ("2027-01-14", True)


@pytest.mark.parametrize(
    ("params", "field"),
    [({"received": "2026-13-01", "days": 30}, "received"), ({"received": "2026-01-01", "days": "abc"}, "days"),
     ({"received": "2026-01-01", "days": 0}, "days"), ({"days": 30}, "received")],
)
def test_api_bad_input_is_a_400_with_field_errors(api_for, params, field):
    response = api_for("yuecheng.clerk").get("/api/v1/calendar/deadline/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_calculator_page_and_htmx_partial(client_for):
    client = client_for("yuecheng.clerk")
    page = client.get("/deadlines/calculator/", {"received": "2026-01-17", "days": 30}).content.decode()
    assert "2026年2月24日" in page and "<html" in page
    partial = client.get("/deadlines/calculator/", {"received": "2026-01-17", "days": 30}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-due="2026-02-24"' in partial and "<html" not in partial
    bad = client.get("/deadlines/calculator/", {"received": "2026-01-17", "days": 0}, HTTP_HX_REQUEST="true").content.decode()
    assert "期间天数至少为1日" in bad


def test_panel_on_the_deadline_page_shows_how_the_date_was_computed(world, client_for):
    agency = world.org("越城区市场监督管理局")
    deadline = open_deadline(subject=agency, kind="report", starts_on=date(2026, 1, 17), days=30,
                             responsible=agency, title="书面报告落实情况", acting_user=world.user("yuecheng.clerk"))
    page = client_for("agency.market").get(f"/deadlines/{deadline.pk}/").content.decode()
    assert "依民法典第二百零三条顺延至2026年2月24日" in page
    assert "申请延期" in page
    assert client_for("agency.zhuji").get(f"/deadlines/{deadline.pk}/").status_code == 404


def test_extension_through_the_pages(world, client, django_capture_on_commit_callbacks):
    agency = world.org("越城区市场监督管理局")
    deadline = open_deadline(subject=agency, kind="report", starts_on=date(2026, 1, 17), days=30,
                             responsible=agency, title="书面报告落实情况", acting_user=world.user("yuecheng.clerk"))
    client.force_login(world.user("agency.market"))
    response = client.post(f"/deadlines/{deadline.pk}/extension/", {"new_due": "2026-02-01", "reason": "x"})
    assert "须晚于现截止日2026年2月24日" in response.content.decode()
    client.post(f"/deadlines/{deadline.pk}/extension/", {"new_due": "2026-03-10", "reason": "案卷调取需时"})
    extension = deadline.extensions.get()
    client.force_login(world.user("yuecheng.reviewer"))
    response = client.post(f"/deadlines/extensions/{extension.pk}/approve/", {"new_due": "", "note": "同意"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_on == date(2026, 3, 10)


def test_extension_request_by_another_agency_is_refused(world, client_for):
    agency = world.org("越城区市场监督管理局")
    deadline = open_deadline(subject=agency, kind="report", starts_on=date(2026, 1, 17), days=30,
                             responsible=agency, title="书面报告", acting_user=world.user("yuecheng.clerk"))
    client_for("agency.zhuji").post(f"/deadlines/{deadline.pk}/extension/", {"new_due": "2026-03-10", "reason": "x"})
    assert not deadline.extensions.exists()
    request_extension(deadline, new_due=date(2026, 3, 10), reason="y", acting_user=world.user("agency.market"))


def test_workbench_shows_due_soon_to_the_unit_and_overdue_to_the_bureau(world):
    agency = world.org("越城区市场监督管理局")
    soon = open_deadline(subject=agency, kind="rectification", starts_on=date(2026, 3, 1), due_on=date(2026, 3, 31),
                         responsible=agency, title="限期改正（即将到期）", acting_user=world.user("yuecheng.clerk"))
    late = open_deadline(subject=agency, kind="report", starts_on=date(2026, 2, 1), due_on=date(2026, 3, 20),
                         responsible=agency, title="书面报告（已逾期）", acting_user=world.user("yuecheng.clerk"))
    late.state = "overdue"
    late.save(update_fields=["state"])
    with time_machine.travel(date(2026, 3, 27), tick=False):
        for username in ("agency.market", "yuecheng.reviewer"):
            tasks = tasks_for(world.user(username))
            assert [t.title for t in tasks["due_soon"] if t.title == soon.title] == [soon.title]
            assert [t.title for t in tasks["overdue"] if t.title == late.title] == [late.title]
        outsider = tasks_for(world.user("agency.zhuji"))
        assert not [t for t in outsider["due_soon"] + outsider["overdue"] if t.title in (soon.title, late.title)]
