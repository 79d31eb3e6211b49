"""The receiving bureau triages clues (Art. 4 with Art. 3, 18): scoping, assign, dismiss, reply, convert."""

import pytest
from django.urls import reverse

from clues import services
from clues.models import ClueState
from notifications.models import Notification
from supervision.models import SupervisionCase
from workbench.registry import tasks_for
from workflow.errors import ActionNotPermitted, InvalidState

from .factories import ClueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clue(world):
    return ClueFactory()


def test_the_county_bureau_sees_the_clue_and_another_county_gets_404(api_for, clue):
    listed = api_for("yuecheng.reviewer").get("/api/v1/clues/").json()["results"]
    assert [row["id"] for row in listed] == [clue.pk]
    assert api_for("zhuji.reviewer").get("/api/v1/clues/").json()["results"] == []
    assert api_for("zhuji.reviewer").get(f"/api/v1/clues/{clue.pk}/").status_code == 404


def test_the_township_office_sees_clues_of_its_township_only(api_for, client_for, world, clue):
    other = ClueFactory(division=world.division("府山街道"))
    ids = {row["id"] for row in api_for("township.office").get("/api/v1/clues/").json()["results"]}
    assert ids == {clue.pk}
    assert client_for("township.office").get(reverse("clues:detail", args=[other.pk])).status_code == 404


def test_the_agency_complained_about_never_sees_the_clue(api_for, world):
    clue = ClueFactory(agency=world.org("越城区综合行政执法局"), reporter_name="张三", reporter_phone="13800001111")
    assert api_for("agency.enforcement").get(f"/api/v1/clues/{clue.pk}/").status_code == 404


def test_a_new_clue_notifies_the_bureaus_reviewers(client, world, clue_form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("clues:new"), clue_form_data())
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert "yuecheng.reviewer" in notified
    assert "zhuji.reviewer" not in notified
    assert "yuecheng.clerk" not in notified


def test_new_clues_await_triage_on_the_bureaus_workbench(world, clue):
    awaiting = tasks_for(world.user("yuecheng.clerk"))["awaiting"]
    assert any(item.url == clue.get_absolute_url() for item in awaiting)
    assert not any(item.url == clue.get_absolute_url() for item in tasks_for(world.user("zhuji.reviewer"))["awaiting"])


def test_assigning_to_the_township_office_moves_it_to_their_tasks(api_for, world, clue,
                                                                   django_capture_on_commit_callbacks):
    office = world.org("塔山街道司法所")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for("yuecheng.clerk").post(f"/api/v1/clues/{clue.pk}/assign/", {"office": office.pk},
                                                  format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "assigned"
    assert response.json()["assigned_office"] == "塔山街道司法所"
    office_tasks = tasks_for(world.user("township.office"))["awaiting"]
    assert any(item.url == clue.get_absolute_url() for item in office_tasks)
    assert Notification.objects.filter(recipient__username="township.office").exists()
    assert list(clue.transitions.values_list("action", flat=True)) == ["submit", "assign"]


def test_a_clue_cannot_be_assigned_to_an_office_of_another_county(api_for, world, clue):
    response = api_for("yuecheng.clerk").post(f"/api/v1/clues/{clue.pk}/assign/",
                                              {"office": world.org("暨阳街道司法所").pk}, format="json")
    assert response.status_code == 400
    assert "只能分办给本辖区内的司法所" in response.json()["errors"]["office"][0]
    clue.refresh_from_db()
    assert clue.state == ClueState.RECEIVED


def test_dismissing_needs_a_reason(api_for, clue):
    response = api_for("yuecheng.reviewer").post(f"/api/v1/clues/{clue.pk}/dismiss/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["reason"] == ["请填写不予立案的理由。"]
    clue.refresh_from_db()
    assert clue.state == ClueState.RECEIVED


def test_dismissing_in_the_browser_without_a_reason_shows_the_chinese_error(client_for, clue):
    response = client_for("yuecheng.reviewer").post(reverse("clues:action", args=[clue.pk, "dismiss"]),
                                                    {"reason": "", "public_reply": ""})
    assert response.status_code == 400
    assert "请填写不予立案的理由" in response.content.decode()
    clue.refresh_from_db()
    assert clue.state == ClueState.RECEIVED


def test_a_dismissed_clue_shows_the_public_reply_to_the_citizen(client, api_for, clue):
    api_for("yuecheng.reviewer").post(f"/api/v1/clues/{clue.pk}/dismiss/", {
        "reason": "经调阅案卷，暂扣清单已当场送达，当事人签收。",
        "public_reply": "经核查，执法人员已当场出具暂扣清单，未发现违法情形。",
    }, format="json")
    page = client.get(clue.get_tracking_url()).content.decode()
    assert "不予立案" in page
    assert "未发现违法情形" in page
    # The internal reason stays internal.
    assert "当事人签收" not in page


def test_a_clerk_may_not_dismiss(api_for, clue):
    response = api_for("yuecheng.clerk").post(f"/api/v1/clues/{clue.pk}/dismiss/", {"reason": "无依据"}, format="json")
    assert response.status_code == 403


def test_a_dismissed_clue_cannot_be_dismissed_again(world, clue):
    reviewer = world.user("yuecheng.reviewer")
    services.dismiss_clue(clue, acting_user=reviewer, reason="重复反映")
    with pytest.raises(InvalidState):
        services.dismiss_clue(clue, acting_user=reviewer, reason="重复反映")


def test_a_public_reply_is_shown_on_the_tracking_page(client, api_for, clue):
    response = api_for("yuecheng.clerk").post(f"/api/v1/clues/{clue.pk}/reply/",
                                              {"public_reply": "您反映的问题已转塔山街道司法所核查。"}, format="json")
    assert response.status_code == 200
    assert "已转塔山街道司法所核查" in client.get(clue.get_tracking_url()).content.decode()


def test_converting_opens_a_supervision_case_with_source_citizen_clue(api_for, world):
    clue = ClueFactory(agency=world.org("越城区综合行政执法局"))
    response = api_for("yuecheng.reviewer").post(f"/api/v1/clues/{clue.pk}/convert_to_case/", {
        "method": "individual", "focus_area": "urban_rural_construction",
        "summary": "群众反映暂扣物品未出具清单，需调阅案卷核实。",
    }, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "converted"
    case = SupervisionCase.objects.get(pk=body["case"])
    assert case.source == SupervisionCase.Source.CLUE
    assert case.origin == clue
    assert case.handling_org == world.org("越城区司法局")
    assert list(case.supervised_units.all()) == [world.org("越城区综合行政执法局")]
    assert body["case_number"] == case.number


def test_converting_without_a_supervised_unit_is_refused_and_nothing_is_opened(api_for, clue):
    response = api_for("yuecheng.reviewer").post(f"/api/v1/clues/{clue.pk}/convert_to_case/", {
        "method": "individual", "focus_area": "other", "summary": "需核实。"}, format="json")
    assert response.status_code == 400
    assert "supervised_units" in response.json()["errors"]
    assert not SupervisionCase.objects.exists()
    clue.refresh_from_db()
    assert clue.state == ClueState.RECEIVED


def test_the_assigned_township_office_may_open_the_case_itself(world, clue):
    services.assign_clue(clue, acting_user=world.user("yuecheng.clerk"), office=world.org("塔山街道司法所"))
    clue.refresh_from_db()
    clue = services.convert_clue_to_case(
        clue, acting_user=world.user("township.office"), method="daily_inspection", focus_area="other",
        summary="司法所核查群众反映。", supervised_units=[world.org("越城区综合行政执法局")])
    assert clue.case.handling_org == world.org("塔山街道司法所")


def test_another_county_cannot_act_on_the_clue(api_for, clue):
    response = api_for("zhuji.reviewer").post(f"/api/v1/clues/{clue.pk}/reply/", {"public_reply": "x"}, format="json")
    assert response.status_code == 404


def test_allowed_actions_follow_role_and_state(api_for, clue):
    reviewer = api_for("yuecheng.reviewer").get(f"/api/v1/clues/{clue.pk}/").json()
    clerk = api_for("yuecheng.clerk").get(f"/api/v1/clues/{clue.pk}/").json()
    assert reviewer["allowed_actions"] == ["assign", "convert_to_case", "dismiss", "reply"]
    assert clerk["allowed_actions"] == ["assign", "reply"]


def test_the_staff_pages_list_and_show_the_clue(client_for, clue):
    client = client_for("yuecheng.clerk")
    assert clue.summary in client.get(reverse("clues:list")).content.decode()
    page = client.get(clue.get_absolute_url()).content.decode()
    assert "解放北路" in page
    assert "分办" in page


def test_assigning_in_the_browser(client_for, world, clue):
    office = world.org("塔山街道司法所")
    response = client_for("yuecheng.clerk").post(reverse("clues:action", args=[clue.pk, "assign"]),
                                                 {"office": office.pk, "assignee": "", "note": "请核实"})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.assigned_office == office


def test_the_service_refuses_an_outsider(world, clue):
    with pytest.raises(ActionNotPermitted):
        services.assign_clue(clue, acting_user=world.user("agency.market"), office=world.org("塔山街道司法所"))


def test_the_convert_page_offers_the_area_agencies_and_opens_the_case(client_for, world):
    clue = ClueFactory(agency=world.org("越城区综合行政执法局"))
    client = client_for("yuecheng.reviewer")
    page = client.get(reverse("clues:action", args=[clue.pk, "convert_to_case"])).content.decode()
    assert "越城区综合行政执法局" in page
    assert "诸暨市市场监督管理局" not in page
    response = client.post(reverse("clues:action", args=[clue.pk, "convert_to_case"]), {
        "method": "individual", "focus_area": "urban_rural_construction", "title": "",
        "summary": "群众反映暂扣物品未出具清单。", "supervised_units": [world.org("越城区综合行政执法局").pk]})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.state == ClueState.CONVERTED
    assert clue.case.number in client.get(clue.get_absolute_url()).content.decode()
