"""The drafting path in the API, beside the one-step actions (which keep working unchanged):
POST /api/v1/documents/drafts/ → submit → return (comment) → revise → submit → approve → sign."""

from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from documents.models import Document, DocumentDraft
from supervision.models import CaseState
from tests.supervision import factories as supervision

from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db
API = "/api/v1/documents/drafts/"


def _as(world, username):
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_the_decision_is_drafted_by_the_bureau_and_signed_by_the_government(world, django_capture_on_commit_callbacks):
    """A 决定书 is drafted for the government by its justice bureau (代拟稿) and signed by the government."""
    case = supervision.to_violation(world, supervision.open_market_case(world), on=date(2026, 3, 3))
    clerk = _as(world, "yuecheng.clerk")
    bad = clerk.post(API, {"flow": "supervision.issue_notice", "subject_id": case.pk,
                           "inputs": {**supervision.NOTICE_FIELDS, "rectification_due": "2026-03-01"}}, format="json")
    assert bad.status_code == 400 and "rectification_due" in bad.json()["errors"]
    assert _as(world, "agency.market").post(API, {"flow": "supervision.issue_notice", "subject_id": case.pk,
                                                  "inputs": supervision.NOTICE_FIELDS}, format="json").status_code in (403, 404)
    created = clerk.post(API, {"flow": "supervision.issue_notice", "subject_id": case.pk,
                               "inputs": {**supervision.NOTICE_FIELDS, "rectification_due": "2026-03-31"}}, format="json")
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["state"] == "drafting" and draft["allowed_actions"] == ["revise", "submit", "withdraw"]
    assert draft["versions"][0]["number"] == 1 and draft["versions"][0]["preview_url"]
    url = f"{API}{draft['id']}/"
    assert clerk.get(f"{url}preview/").status_code == 200
    assert clerk.post(f"{url}approve/").status_code == 403
    assert clerk.post(f"{url}submit/").json()["state"] == "in_review"
    reviewer = _as(world, "yuecheng.reviewer")
    assert reviewer.post(f"{url}return/", {}, format="json").status_code == 400
    assert reviewer.post(f"{url}return/", {"comment": "改正要求应写明培训对象。"}, format="json").json()["state"] == "returned"
    revised = clerk.post(f"{url}revise/", {"inputs": {"corrections": "依法重新履行告知程序，并对涉案执法人员开展培训。"}},
                         format="json").json()
    assert revised["versions"][0]["number"] == 2 and "+corrections" in revised["versions"][0]["diff"]
    assert revised["versions"][1]["review_comment"] == "改正要求应写明培训对象。"
    clerk.post(f"{url}submit/")
    assert reviewer.post(f"{url}approve/").json()["state"] == "approved"
    assert reviewer.post(f"{url}sign/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        signed = _as(world, "yuecheng.leader").post(f"{url}sign/").json()
    assert signed["state"] == "signed" and signed["signed_by"] == "yuecheng.leader" and signed["signed_at"]
    assert signed["document_number"] == "越司执监通〔2026〕1号"
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE_ISSUED
    # Someone outside the bureau does not see the draft at all.
    assert _as(world, "agency.market").get(url).status_code == 404

    # ... the unit lets the limit pass; the bureau asks its government; the bureau drafts the 决定书 for it.
    supervision.serve(world, case, on=date(2026, 3, 3))
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from deadlines.sweep import sweep

    with time_machine.travel("2026-04-01 08:00 +0800", tick=False):
        sweep(now=datetime(2026, 4, 1, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
        # The 请示 to the government is drafted too: prefilled with the units in default.
        created = clerk.post(API, {"flow": "supervision.request_decision", "subject_id": case.pk, "inputs": {
            "proposed_decision": "revoke", "reasons": "越城区市场监督管理局逾期未重新履行告知程序。"}}, format="json")
        assert created.status_code == 201, created.content
        url = f"{API}{created.json()['id']}/"
        clerk.post(f"{url}submit/")
        reviewer.post(f"{url}approve/")
        with django_capture_on_commit_callbacks(execute=True):
            signed = _as(world, "yuecheng.leader").post(f"{url}sign/").json()
        request = Document.objects.get(number=signed["document_number"])
        text = pdf_text(request.pdf.read())
        assert "关于提请制发行政执法监督决定书的请示" in text and "签发人" in text
        assert "越城区市场监督管理局逾期未重新履行告知程序。" in text
        created = clerk.post(API, {"flow": "supervision.issue_decision", "subject_id": case.pk, "inputs": {
            "decision_type": "revoke", "content": "撤销（越）市监罚〔2026〕88号行政处罚决定",
            "reasons": "作出处罚决定前未告知陈述申辩权利，程序违法。",
            "basis": "《绍兴市行政执法协调监督工作办法》第十五条第一款第（四）项"}}, format="json")
        assert created.status_code == 201, created.content
        draft = created.json()
        assert draft["issuer"]["name"] == "越城区人民政府" and draft["drafting_office"]["name"] == "越城区司法局"
        url = f"{API}{draft['id']}/"
        clerk.post(f"{url}submit/")
        reviewer.post(f"{url}approve/")
        # The bureau's leader does not sign for the government.
        assert _as(world, "yuecheng.leader").post(f"{url}sign/").status_code == 403
        with django_capture_on_commit_callbacks(execute=True):
            signed = _as(world, "yuecheng.gov").post(f"{url}sign/")
        assert signed.status_code == 200, signed.content
    case.refresh_from_db()
    assert case.state == CaseState.DECISION_ISSUED
    decision = Document.objects.get(kind="supervision_decision")
    assert decision.issued_by == world.user("yuecheng.gov") and decision.issuer.name == "越城区人民政府"


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_bad_requests_get_clear_answers_never_a_500(world):
    case = supervision.to_violation(world, supervision.open_market_case(world), on=date(2026, 3, 3))
    clerk = _as(world, "yuecheng.clerk")
    assert clerk.post(API, {"flow": "nope", "subject_id": case.pk, "inputs": {}}, format="json").status_code == 400
    assert clerk.post(API, {"flow": "supervision.issue_notice", "subject_id": 10**12, "inputs": {}},
                      format="json").status_code == 404
    assert clerk.post(API, {"flow": "supervision.issue_notice", "subject_id": case.pk, "inputs": "x"},
                      format="json").status_code == 400
    odd = clerk.post(API, {"flow": "supervision.issue_notice", "subject_id": case.pk,
                           "inputs": {"facts": {"nested": [1, 2]}, "rectification_days": "many"}}, format="json")
    assert odd.status_code == 400 and "rectification_days" in odd.json()["errors"]
    # An instrument the case is not at: 409 with the reason.
    assert clerk.post(API, {"flow": "supervision.issue_decision", "subject_id": case.pk, "inputs": {}},
                      format="json").status_code == 409
    assert clerk.get(f"{API}999999/").status_code == 404
    assert not DocumentDraft.objects.exists()
