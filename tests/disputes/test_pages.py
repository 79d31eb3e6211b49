"""The pages: filing in steps (saved at every step), the list's filters, the detail page, downloads."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from disputes.models import Dispute, DisputeState

from .factories import HOUSING, MARKET, ZHUJI_MARKET, coordinating, draft, met, org, pdf_upload, submitted

pytestmark = pytest.mark.django_db


def test_township_office_files_in_steps_and_sees_the_coordinating_bureau_before_submitting(client_for, world):
    client = client_for("township.office")
    response = client.post("/disputes/new/", {"applicant": org(MARKET).pk, "other_1": org(HOUSING).pk,
                                              "continue": "1"})
    dispute = Dispute.objects.get(filed_by=org("塔山街道司法所"))
    assert response.status_code == 302 and response["Location"].endswith(f"/disputes/{dispute.pk}/edit/matter/")
    assert dispute.state == DisputeState.DRAFT

    client.post(f"/disputes/{dispute.pk}/edit/matter/", {
        "title": "无证食品摊贩占道经营的查处职责", "matter": "解放路夜市", "duty": "查处", "other_proceedings": "none",
        f"position_{org(MARKET).pk}": "属综合执法", f"basis_{org(MARKET).pk}": "条例第十条",
        f"position_{org(HOUSING).pk}": "属市场监管"})
    dispute.refresh_from_db()
    assert dispute.title == "无证食品摊贩占道经营的查处职责"  # saved even without "next"

    review = client.get(f"/disputes/{dispute.pk}/edit/review/")
    assert "请先记录已进行的协商情况" in review.content.decode()

    client.post(f"/disputes/{dispute.pk}/edit/negotiation/", {
        "held_on": str(timezone.localdate() - dt.timedelta(days=3)), "participants": "两局", "outcome": "未一致",
        "continue": "1"})
    client.post(f"/disputes/{dispute.pk}/edit/attachments/", {"file": pdf_upload(), "kind": "negotiation"})
    review = client.get(f"/disputes/{dispute.pk}/edit/review/").content.decode()
    assert "越城区司法局" in review and "提交申请" in review

    response = client.post(f"/disputes/{dispute.pk}/act/submit/", {})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.SUBMITTED and dispute.coordinator == org("越城区司法局")


def test_the_coordinator_preview_names_the_city_bureau_for_a_cross_county_dispute(client_for, world):
    response = client_for("township.office").get(
        "/disputes/coordinator-preview/", {"applicant": org(MARKET).pk, "other_1": org(ZHUJI_MARKET).pk})
    assert "绍兴市司法局" in response.content.decode()


def test_a_step_with_bad_input_says_why_in_chinese_and_saves_nothing(client_for, world):
    dispute = draft(world, negotiated=False)
    response = client_for("township.office").post(f"/disputes/{dispute.pk}/edit/negotiation/", {
        "held_on": str(timezone.localdate() + dt.timedelta(days=5)), "participants": "两局", "outcome": "x"})
    assert response.status_code == 400
    assert "协商日期不能晚于今天" in response.content.decode()
    assert not dispute.negotiations.exists()


def test_an_executable_renamed_to_pdf_is_refused(client_for, world):
    dispute = draft(world)
    fake = SimpleUploadedFile("申请书.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_for("township.office").post(f"/disputes/{dispute.pk}/edit/attachments/",
                                                          {"file": fake, "kind": "application"})
    assert response.status_code == 400
    assert "文件内容与扩展名" in response.content.decode()
    assert not dispute.attachments.exists()


def test_a_file_type_outside_the_list_is_refused(client_for, world):
    dispute = draft(world)
    response = client_for("township.office").post(
        f"/disputes/{dispute.pk}/edit/attachments/", {"file": SimpleUploadedFile("run.exe", b"MZ"), "kind": "other"})
    assert "不支持该文件类型" in response.content.decode()


def test_detail_shows_exactly_the_allowed_buttons(client_for, world):
    dispute = submitted(world)
    page = client_for("yuecheng.reviewer").get(f"/disputes/{dispute.pk}/").content.decode()
    assert 'data-action="accept"' in page and 'data-action="reject"' in page
    assert 'data-action="issue_opinion"' not in page and 'data-action="withdraw"' not in page
    page = client_for("agency.market").get(f"/disputes/{dispute.pk}/").content.decode()
    assert 'data-action="accept"' not in page


def test_a_refused_action_goes_back_to_the_dispute_with_the_reason(client_for, world):
    # The one page refusal (workflow.views.refuse): back to the object, the reason on top.
    dispute = submitted(world)
    response = client_for("agency.market").get(f"/disputes/{dispute.pk}/act/accept/", follow=True)
    assert response.redirect_chain[-1][0] == f"/disputes/{dispute.pk}/"
    assert "无权执行" in response.content.decode()
    response = client_for("yuecheng.reviewer").post(f"/disputes/{dispute.pk}/act/issue_opinion/", {}, follow=True)
    assert response.redirect_chain[-1][0] == f"/disputes/{dispute.pk}/"
    assert "不能执行" in response.content.decode() or "无权执行" in response.content.decode()
    assert Dispute.objects.get(pk=dispute.pk).state == DisputeState.SUBMITTED


def test_reject_form_without_reason_shows_the_message(client_for, world):
    dispute = submitted(world)
    response = client_for("yuecheng.reviewer").post(f"/disputes/{dispute.pk}/act/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "请写明不予受理的理由" in response.content.decode()


def test_other_county_gets_404_for_page_and_attachment(client_for, world):
    from disputes import services

    dispute = submitted(world)
    attachment = services.add_attachment(dispute, acting_user=world.user("township.office"), file=pdf_upload())
    client = client_for("zhuji.reviewer")
    assert client.get(f"/disputes/{dispute.pk}/").status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    response = client_for("yuecheng.reviewer").get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_list_filters_search_and_overdue(client_for, world):
    old = submitted(world, title="晾晒衣物占道的查处职责")
    Dispute.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    fresh = submitted(world, title="夜间施工噪声的查处职责")
    client = client_for("yuecheng.reviewer")
    page = client.get("/disputes/", {"overdue": "on"}).content.decode()
    assert "晾晒衣物" in page and "夜间施工" not in page
    page = client.get("/disputes/", {"q": "噪声"}).content.decode()
    assert "夜间施工" in page and "晾晒衣物" not in page
    page = client.get("/disputes/", {"county": "330681"}).content.decode()
    assert "夜间施工" not in page
    assert fresh.pk


def test_workbench_shows_disputes_awaiting_the_user(client_for, world):
    dispute = coordinating(world)
    page = client_for("yuecheng.leader").get("/").content.decode()
    assert "待出具协调意见书" in page and dispute.title in page
    page = client_for("zhuji.reviewer").get("/").content.decode()
    assert dispute.title not in page


def test_bureau_escalates_and_the_district_government_records_its_decision_with_a_scan(client_for, world):
    dispute = met(world, coordinating(world))
    # A report in the bureau's name is its leader's to sign (条例 Art. 13), not the reviewer's.
    refused = client_for("yuecheng.reviewer").get(f"/disputes/{dispute.pk}/act/escalate/", follow=True)
    assert refused.redirect_chain[-1][0] == f"/disputes/{dispute.pk}/" and "无权执行" in refused.content.decode()
    response = client_for("yuecheng.leader").post(f"/disputes/{dispute.pk}/act/escalate/", {
        "reason": "两次协调会后双方仍坚持各自意见。", "handling_opinion": "建议由区住建局承担该项职责。"})
    assert response.status_code == 302
    client = client_for("yuecheng.gov")
    assert "待作出决定" in client.get("/").content.decode()
    response = client.post(f"/disputes/{dispute.pk}/act/record_decision/", {
        "responsible_agency": org(HOUSING).pk, "decision_text": "由区综合执法局查处。",
        "document_number": "越政办发〔2026〕31号", "document_date": str(timezone.localdate()),
        "scan": pdf_upload("区政府决定.pdf")})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.DECIDED
    assert dispute.decision.scan.original_name == "区政府决定.pdf"
    page = client.get(f"/disputes/{dispute.pk}/").content.decode()
    assert "越政办发〔2026〕31号" in page and "扫描件" in page


def test_decision_form_with_missing_number_keeps_the_dispute_escalated(client_for, world):
    from .factories import escalated

    dispute = escalated(world)
    response = client_for("yuecheng.gov").post(f"/disputes/{dispute.pk}/act/record_decision/", {
        "responsible_agency": org(MARKET).pk, "decision_text": "x", "document_number": "",
        "document_date": str(timezone.localdate())})
    assert response.status_code == 400
    assert "请填写政府决定的文号" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.ESCALATED


def test_the_reviewer_sees_why_a_matter_in_litigation_cannot_be_accepted_and_rejects_it(client_for, world):
    dispute = submitted(world, other_proceedings="litigation")
    client = client_for("yuecheng.reviewer")
    page = client.get(f"/disputes/{dispute.pk}/act/reject/").content.decode()
    assert "不重复监督" in page and "浙0602行初15号" in page
    refused = client.post(f"/disputes/{dispute.pk}/act/accept/", {})
    assert refused.status_code == 400 and "不重复监督" in refused.content.decode()
    assert client.post(f"/disputes/{dispute.pk}/act/reject/", {"reason": ""}).status_code == 302
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.REJECTED and "第三十三条第三款" in dispute.rejection_reason
