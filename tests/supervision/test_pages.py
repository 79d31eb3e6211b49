"""The pages: list with filters, the case page's buttons, action forms that explain bad input in Chinese."""

from datetime import date

import pytest
import time_machine

from supervision.models import CaseState, SupervisionCase

from .factories import PNG, issue, open_market_case, to_violation, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def test_clerk_opens_a_case_from_the_form(world, client_for):
    client = client_for("yuecheng.clerk")
    assert "行政执法监督立案" in client.get("/supervision/new/").content.decode()
    response = client.post("/supervision/new/", {
        "handling_org": world.org("越城区司法局").pk, "method": "special", "focus_area": "production_safety",
        "source": "assignment", "supervised_units": [world.org("越城区市场监督管理局").pk], "summary": "专项监督",
    })
    case = SupervisionCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/{case.pk}/"
    assert case.method == "special" and case.opened_by == world.user("yuecheng.clerk")


def test_list_filters_by_state_method_and_search(world, client_for):
    first = open_market_case(world)
    second = open_market_case(world, unit="越城区综合行政执法局", method="file_review", summary="案卷评查占道经营处罚")
    to_violation(world, second, on=date(2026, 11, 25))
    client = client_for("yuecheng.reviewer")
    page = client.get("/supervision/").content.decode()
    assert first.number in page and second.number in page
    page = client.get("/supervision/", {"state": "violation_found"}).content.decode()
    assert second.number in page and first.number not in page
    page = client.get("/supervision/", {"q": "占道经营"}).content.decode()
    assert second.number in page and first.number not in page
    page = client.get("/supervision/", {"county": "330681"}).content.decode()
    assert "没有符合条件的案件" in page


def test_case_page_offers_exactly_the_users_actions(world, client_for):
    case = open_market_case(world)
    to_violation(world, case, on=date(2026, 11, 25))
    leader_page = client_for("yuecheng.leader").get(f"/supervision/{case.pk}/").content.decode()
    assert 'data-action="issue_notice"' in leader_page
    clerk_page = client_for("yuecheng.clerk").get(f"/supervision/{case.pk}/").content.decode()
    assert 'data-action="issue_notice"' not in clerk_page
    assert 'data-action="record_activity"' in clerk_page


def test_notice_form_without_a_deadline_explains_in_chinese_and_changes_nothing(world, client_for):
    case = open_market_case(world)
    to_violation(world, case, on=date(2026, 11, 25))
    client = client_for("yuecheng.leader")
    form_page = client.get(f"/supervision/{case.pk}/do/issue_notice/").content.decode()
    assert 'data-testid="deadline-calculator"' in form_page
    from .factories import NOTICE_FIELDS

    response = client.post(f"/supervision/{case.pk}/do/issue_notice/", NOTICE_FIELDS)
    assert response.status_code == 400
    assert "请填写限期改正日期或改正期限天数。" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.VIOLATION_FOUND and not case.notices.exists()


def test_a_refused_action_is_explained_on_the_case_page(world, client_for):
    case = open_market_case(world)
    client = client_for("yuecheng.leader")
    response = client.post(f"/supervision/{case.pk}/do/start_investigation/", {}, follow=True)
    assert "您的角色或单位无权执行“开始调查”。" in response.content.decode()


def test_agency_contact_sees_the_notice_and_files_the_report_with_files(world, client_for):
    case = open_market_case(world)
    case = to_violation(world, case, on=date(2026, 11, 25))
    issue(world, case, rectification_days=20)
    client = client_for("agency.market")
    page = client.get("/supervision/notices/").content.decode()
    assert case.number in page and 'data-testid="report-form"' in page
    response = client.post(f"/supervision/{case.pk}/do/submit_report/", {
        "organization": world.org("越城区市场监督管理局").pk, "content": "已整改",
        "files": [upload("整改1.png"), upload("整改2.png", PNG + b"2")],
    })
    assert response.status_code == 302
    report = case.reports.get()
    assert sorted(report.files.values_list("original_name", flat=True)) == ["整改1.png", "整改2.png"]
    # The unit sees its case page without the bureau's internal investigation file.
    detail = client.get(f"/supervision/{case.pk}/").content.decode()
    assert 'data-testid="activities"' not in detail and "已报告落实情况" in detail
    # Another agency's contact is not told about it.
    assert case.number not in client_for("agency.enforcement").get("/supervision/notices/").content.decode()


def test_every_offered_action_has_a_working_form_through_the_decision_stage(world, client_for):
    from supervision import services
    from supervision.transitions import SUPERVISION_WORKFLOW

    from .factories import serve

    case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
    issue(world, case, rectification_due=date(2026, 12, 10))
    serve(world, case, on=date(2026, 11, 25))
    # Decided at the unit's time limit (10 Dec), not before: the day after, the case is overdue.
    with time_machine.travel("2026-12-11 09:00 +0800", tick=False):
        services.mark_overdue(case)
        services.request_decision(case, acting_user=world.user("yuecheng.leader"), proposed_decision="confirm_illegal",
                                  reasons="逾期未改正。")
        gov = client_for("yuecheng.gov")
        page = gov.get(f"/supervision/{case.pk}/").content.decode()
        assert 'data-action="issue_decision"' in page
        response = gov.post(f"/supervision/{case.pk}/do/issue_decision/", {
            "decision_type": "confirm_illegal", "content": "确认该处罚决定违法。", "reasons": "程序违法，逾期未改正。",
            "basis": "《绍兴市行政执法协调监督工作办法》第十五条第一款第（二）项",
        })
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.DECISION_ISSUED
        for username in ("yuecheng.clerk", "yuecheng.reviewer", "yuecheng.leader"):
            client = client_for(username)
            for action in SUPERVISION_WORKFLOW.allowed_actions(case, world.user(username)):
                assert client.get(f"/supervision/{case.pk}/do/{action}/").status_code == 200, (username, action)
        clerk = client_for("yuecheng.clerk")
        form = clerk.get(f"/supervision/{case.pk}/do/record_service/").content.decode()
        assert "越城区市场监督管理局" in form and "送达回证扫描件" in form
        response = clerk.post(f"/supervision/{case.pk}/do/record_service/", {
            "recipient": world.org("越城区市场监督管理局").pk, "method": "post", "served_on": "2026-12-11",
            "receipt": upload("邮寄回执.png"),
        })
        assert response.status_code == 302
        assert case.service_records.get(stage="decision").method == "post"
        assert "accountability" in clerk.get(f"/supervision/{case.pk}/").content.decode()


def test_workbench_lists_the_notice_awaiting_the_leader_and_the_report_awaiting_the_unit(world, client_for):
    from supervision.selectors import workbench_tasks

    case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
    titles = [t.title for t in workbench_tasks(world.user("yuecheng.leader"))]
    assert f"{case.number} {case.title}" in titles
    assert workbench_tasks(world.user("agency.market")) == []
    issue(world, case, rectification_due=date(2026, 11, 30))
    [task] = workbench_tasks(world.user("agency.market"))
    assert (task.group, task.due, task.detail) == ("due_soon", date(2026, 11, 30), "报告落实情况")
    home = client_for("agency.market").get("/").content.decode()
    assert case.number in home
