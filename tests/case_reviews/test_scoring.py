"""Art. 11 (2) 案卷评查: scoring a reviewed enforcement file, its grade, and immutability once finalised."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from case_reviews import services
from case_reviews.models import Grade, ReviewSheet, SheetState
from workflow.errors import InvalidState

from .factories import file_review_case, sheet

pytestmark = pytest.mark.django_db


def test_a_file_without_deductions_scores_100_and_is_excellent(world, case):
    s = sheet(world, case, agency="越城区市场监督管理局", finalise_as="yuecheng.reviewer")
    assert s.total_score == Decimal("100")
    assert s.grade == Grade.EXCELLENT
    assert s.state == SheetState.FINALISED


@pytest.mark.parametrize(("deductions", "total", "grade"), [
    ([(5, 10, "违法事实时间、地点不清")], "90", Grade.EXCELLENT),
    ([(5, 10, "违法事实不清"), (7, 0.5, "证据未编页码")], "89.5", Grade.GOOD),
    ([(5, 10, "违法事实不清"), (7, 10, "证据不足")], "80", Grade.GOOD),
    ([(5, 10, "事实不清"), (7, 10, "证据不足"), (10, 10, "引用条款错误"), (13, 8, "未告知陈述申辩权利")], "62", Grade.PASS),
    ([(5, 10, "事实不清"), (7, 10, "证据不足"), (10, 10, "引用条款错误"), (13, 8, "未告知权利"), (12, 2.5, "超期")],
     "59.5", Grade.FAIL),
])
def test_the_total_is_full_marks_minus_deductions_and_the_grade_follows_the_zhejiang_bands(
        world, case, deductions, total, grade):
    s = sheet(world, case, agency="越城区市场监督管理局", deductions=deductions, finalise_as="yuecheng.reviewer")
    assert s.total_score == Decimal(total)
    assert s.grade == grade


def test_the_draft_shows_the_running_total_before_it_is_stored(world, case):
    s = sheet(world, case, agency="越城区市场监督管理局", deductions=[(1, 4, "超越职权")])
    assert s.total_score is None
    assert s.computed_total() == Decimal("96")


def _create_body(case, world, items, **over):
    body = {
        "case": case.pk, "agency": world.org("越城区市场监督管理局").pk, "file_number": "越市监罚决〔2026〕8号",
        "file_title": "某超市销售不合格食品案", "file_type": "penalty", "reviewed_on": datetime.date.today().isoformat(),
        "scores": [],
    }
    body.update(over)
    return body


def test_the_api_creates_a_sheet_with_nested_scores(api_for, world, case, items):
    body = _create_body(case, world, items, scores=[{"item": items[19].pk, "deduction": "1.5", "reason": "文书有涂改"}])
    response = api_for("yuecheng.clerk").post("/api/v1/review-sheets/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert len(data["scores"]) == len(items)
    row = next(s for s in data["scores"] if s["item"] == items[19].pk)
    assert (row["deduction"], row["reason"], row["points"]) == ("1.5", "文书有涂改", "3.5")
    assert data["current_total"] == "98.5"
    assert data["state"] == "draft"
    assert data["allowed_actions"] == ["discard"]  # a clerk drafts; the reviewer finalises


def test_a_deduction_above_the_items_points_is_refused(api_for, world, case, items):
    body = _create_body(case, world, items, scores=[{"item": items[1].pk, "deduction": "5", "reason": "越权"}])
    response = api_for("yuecheng.clerk").post("/api/v1/review-sheets/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["scores"] == ["第1项“执法主体合法，具有法定职权，未超越职权、滥用职权”：扣分不能超过该项分值4分。"]
    assert not ReviewSheet.objects.exists()


def test_a_deduction_without_a_reason_is_refused(api_for, world, case, items):
    body = _create_body(case, world, items, scores=[{"item": items[5].pk, "deduction": "2", "reason": ""}])
    response = api_for("yuecheng.clerk").post("/api/v1/review-sheets/", body, format="json")
    assert response.status_code == 400
    assert "扣分须写明理由" in response.json()["errors"]["scores"][0]


def test_a_negative_deduction_is_refused(api_for, world, case, items):
    body = _create_body(case, world, items, scores=[{"item": items[5].pk, "deduction": "-2", "reason": "加分"}])
    response = api_for("yuecheng.clerk").post("/api/v1/review-sheets/", body, format="json")
    assert response.status_code == 400
    assert "扣分不能为负数" in response.json()["errors"]["scores"][0]


def test_the_form_shows_the_chinese_message_for_a_missing_reason_and_saves_nothing(client_for, world, case, items):
    data = {"agency": world.org("越城区市场监督管理局").pk, "file_type": "penalty", "file_number": "越市监罚决〔2026〕9号",
            "file_title": "某药店无证经营案", "reviewed_on": datetime.date.today().isoformat(),
            "reviewers": [world.user("yuecheng.clerk").pk], f"deduction_{items[7].pk}": "3",
            f"reason_{items[7].pk}": ""}
    response = client_for("yuecheng.clerk").post(reverse("case_reviews:sheet-create", args=[case.pk]), data)
    assert response.status_code == 400
    assert "扣分须写明理由" in response.content.decode()
    assert not ReviewSheet.objects.exists()


def test_the_form_saves_a_draft_with_every_item(client_for, world, case, items):
    client = client_for("yuecheng.clerk")
    page = client.get(reverse("case_reviews:sheet-create", args=[case.pk])).content.decode()
    assert items[21].description in page
    data = {"agency": world.org("越城区市场监督管理局").pk, "file_type": "license", "file_number": "越市监许〔2026〕3号",
            "file_title": "食品经营许可申请案", "reviewed_on": datetime.date.today().isoformat(),
            "reviewers": [world.user("yuecheng.clerk").pk, world.user("yuecheng.reviewer").pk],
            f"deduction_{items[15].pk}": "1", f"reason_{items[15].pk}": "送达回证无受送达人签名"}
    response = client.post(reverse("case_reviews:sheet-create", args=[case.pk]), data)
    created = ReviewSheet.objects.get()
    assert response.status_code == 302
    assert created.computed_total() == Decimal("99")
    assert created.reviewers.count() == 2


def test_only_a_file_review_case_takes_scoring_sheets(world, default_template):
    from supervision.services import open_case

    other = open_case(handling_org=world.org("越城区司法局"), method="special", focus_area="ecology", source="plan",
                      supervised_units=[world.org("越城区市场监督管理局")], summary="专项监督",
                      acting_user=world.user("yuecheng.clerk"))
    with pytest.raises(Exception) as excinfo:
        sheet(world, other, agency="越城区市场监督管理局")
    assert "案卷评查" in str(excinfo.value)


def test_the_reviewed_agency_must_be_a_supervised_unit_of_the_case(world, case):
    with pytest.raises(Exception) as excinfo:
        sheet(world, case, agency="越城区应急管理局")
    assert "被监督单位" in str(excinfo.value)


def test_a_clerk_may_not_finalise(api_for, world, case):
    s = sheet(world, case, agency="越城区市场监督管理局")
    assert api_for("yuecheng.clerk").post(f"/api/v1/review-sheets/{s.pk}/finalise/").status_code == 403
    response = api_for("yuecheng.reviewer").post(f"/api/v1/review-sheets/{s.pk}/finalise/")
    assert response.status_code == 200
    assert (response.json()["total_score"], response.json()["grade_display"]) == ("100.0", "优秀")


def test_a_finalised_sheet_is_immutable(api_for, client_for, world, case, items):
    s = sheet(world, case, agency="越城区市场监督管理局", deductions=[(5, 2, "事实表述不完整")],
              finalise_as="yuecheng.reviewer")
    response = api_for("yuecheng.clerk").patch(f"/api/v1/review-sheets/{s.pk}/", {
        "scores": [{"item": items[5].pk, "deduction": "0", "reason": ""}]}, format="json")
    assert response.status_code == 409
    assert "不能修改" in response.json()["detail"]
    with pytest.raises(InvalidState):
        services.update_sheet(s, acting_user=world.user("yuecheng.clerk"), file_title="改名")
    page = client_for("yuecheng.clerk").get(reverse("case_reviews:sheet-edit", args=[s.pk]))
    assert page.status_code == 302
    s.refresh_from_db()
    assert s.total_score == Decimal("98")
    assert s.scores.get(item=items[5]).deduction == Decimal("2")


def test_a_correction_is_a_new_sheet_that_supersedes_the_original_once_finalised(api_for, world, case, items):
    original = sheet(world, case, agency="越城区市场监督管理局", deductions=[(5, 2, "事实表述不完整")],
                     finalise_as="yuecheng.reviewer")
    response = api_for("yuecheng.clerk").post(f"/api/v1/review-sheets/{original.pk}/correct/")
    assert response.status_code == 201
    correction_id = response.json()["id"]
    assert response.json()["supersedes"] == original.pk
    # Until the correction is finalised the original stands.
    original.refresh_from_db()
    assert original.state == SheetState.FINALISED
    api_for("yuecheng.clerk").patch(f"/api/v1/review-sheets/{correction_id}/", {
        "scores": [{"item": items[5].pk, "deduction": "0", "reason": ""}]}, format="json")
    finalised = api_for("yuecheng.reviewer").post(f"/api/v1/review-sheets/{correction_id}/finalise/").json()
    assert finalised["total_score"] == "100.0"
    original.refresh_from_db()
    assert original.state == SheetState.SUPERSEDED
    assert original.total_score == Decimal("98")  # its content never changed
    assert list(original.transitions.values_list("action", flat=True)) == ["create", "finalise", "correct", "supersede"]


def test_a_second_correction_while_one_is_pending_is_refused(world, case):
    original = sheet(world, case, agency="越城区市场监督管理局", finalise_as="yuecheng.reviewer")
    services.correct_sheet(original, acting_user=world.user("yuecheng.clerk"))
    with pytest.raises(InvalidState):
        services.correct_sheet(original, acting_user=world.user("yuecheng.clerk"))


def test_a_draft_can_be_discarded_with_a_reason_and_is_kept(api_for, world, case):
    s = sheet(world, case, agency="越城区市场监督管理局")
    refused = api_for("yuecheng.clerk").post(f"/api/v1/review-sheets/{s.pk}/discard/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    ok = api_for("yuecheng.clerk").post(f"/api/v1/review-sheets/{s.pk}/discard/", {"reason": "重复录入"}, format="json")
    assert ok.json()["state"] == "discarded"
    assert ReviewSheet.objects.filter(pk=s.pk).exists()


def test_zhuji_reviewer_cannot_see_yuecheng_sheets(api_for, client_for, world, case):
    s = sheet(world, case, agency="越城区市场监督管理局")
    assert api_for("zhuji.reviewer").get(f"/api/v1/review-sheets/{s.pk}/").status_code == 404
    assert api_for("zhuji.reviewer").get("/api/v1/review-sheets/").json()["results"] == []
    assert client_for("zhuji.reviewer").get(reverse("case_reviews:sheet-detail", args=[s.pk])).status_code == 404
    assert client_for("zhuji.reviewer").get(reverse("case_reviews:case-sheets", args=[case.pk])).status_code == 404
    assert api_for("yuecheng.reviewer").get(f"/api/v1/review-sheets/{s.pk}/").status_code == 200
    assert api_for("city.reviewer").get(f"/api/v1/review-sheets/{s.pk}/").status_code == 200


def test_the_reviewed_agency_does_not_see_its_scoring_sheets(api_for, world, case):
    s = sheet(world, case, agency="越城区市场监督管理局")
    assert api_for("agency.market").get(f"/api/v1/review-sheets/{s.pk}/").status_code == 404


def test_zhuji_cannot_file_a_sheet_on_a_yuecheng_case(api_for, world, case, items):
    response = api_for("zhuji.reviewer").post("/api/v1/review-sheets/", _create_body(case, world, items), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["case"] == ["监督案件不存在。"]


def test_the_case_page_link_leads_to_the_sheets_of_that_case(client_for, world, case):
    other_case = file_review_case(world)
    sheet(world, case, agency="越城区市场监督管理局", n=1)
    sheet(world, other_case, agency="越城区综合行政执法局", n=2)
    page = client_for("yuecheng.clerk").get(reverse("case_reviews:case-sheets", args=[case.pk])).content.decode()
    assert "某食品店销售过期食品案1" in page
    assert "某食品店销售过期食品案2" not in page
