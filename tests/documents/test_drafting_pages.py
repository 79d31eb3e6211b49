"""The pages of 拟稿 → 核稿 → 签发 on a supervision case: the clerk drafts from the case page (prefilled),
the reviewer returns it with a comment, the clerk revises, the reviewer passes it, the leader signs."""

from datetime import date

import pytest
import time_machine

from documents.models import Document, DocumentDraft
from supervision.models import CaseState
from tests.supervision import factories as supervision

pytestmark = pytest.mark.django_db


def _as(client, world, username):
    client.force_login(world.user(username))
    return client


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_clerk_drafts_reviewer_returns_then_passes_leader_signs(world, client, django_capture_on_commit_callbacks):
    case = supervision.to_violation(world, supervision.open_market_case(world), on=date(2026, 3, 3))
    page = _as(client, world, "yuecheng.clerk").get(case.get_absolute_url()).content.decode()
    start = f"/documents/drafts/new/supervision.issue_notice/{case.pk}/"
    assert start in page and "拟稿：行政执法监督通知书" in page

    form = client.get(start).content.decode()
    assert "处罚程序违法：未告知陈述申辩权利。" in form  # prefilled from the investigation conclusion
    # Bad input stays on the form with the service's message (nothing drafted).
    refused = client.post(start, {**supervision.NOTICE_FIELDS, "rectification_due": "2026-03-01"})
    assert refused.status_code == 400 and "期限日期应晚于今天。" in refused.content.decode()
    assert not DocumentDraft.objects.exists()
    response = client.post(start, {**supervision.NOTICE_FIELDS, "rectification_due": "2026-03-31"})
    draft = DocumentDraft.objects.get()
    assert response.status_code == 302 and response.url == f"/documents/drafts/{draft.pk}/"
    detail = client.get(response.url).content.decode()
    assert "拟稿中" in detail and f"/documents/drafts/{draft.pk}/1.pdf" in detail
    preview = client.get(f"/documents/drafts/{draft.pk}/1.pdf")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert client.post(f"/documents/drafts/{draft.pk}/submit/").status_code == 302

    # The clerk may not pass his own draft: back to the draft with the reason.
    refused = client.get(f"/documents/drafts/{draft.pk}/approve/")
    assert refused.status_code == 302
    reviewer = _as(client, world, "yuecheng.reviewer")
    assert reviewer.post(f"/documents/drafts/{draft.pk}/return/", {"comment": ""}).status_code == 400
    reviewer.post(f"/documents/drafts/{draft.pk}/return/", {"comment": "改正要求应写明培训对象。"})
    draft.refresh_from_db()
    assert draft.state == DocumentDraft.State.RETURNED

    clerk = _as(client, world, "yuecheng.clerk")
    revise = clerk.get(f"/documents/drafts/{draft.pk}/revise/").content.decode()
    assert "依法重新履行告知程序，并对相关执法人员开展培训。" in revise  # the last version's text
    clerk.post(f"/documents/drafts/{draft.pk}/revise/", {**supervision.NOTICE_FIELDS, "rectification_due": "2026-03-31",
                                                         "corrections": "依法重新履行告知程序，并对涉案执法人员开展培训。"})
    detail = clerk.get(f"/documents/drafts/{draft.pk}/").content.decode()
    assert "改正要求应写明培训对象。" in detail and "+corrections: 依法重新履行告知程序，并对涉案执法人员开展培训。" in detail
    clerk.post(f"/documents/drafts/{draft.pk}/submit/")
    _as(client, world, "yuecheng.reviewer").post(f"/documents/drafts/{draft.pk}/approve/")
    # A supervised unit never sees the bureau's drafts.
    assert _as(client, world, "agency.market").get(f"/documents/drafts/{draft.pk}/").status_code == 404

    leader = _as(client, world, "yuecheng.leader")
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.post(f"/documents/drafts/{draft.pk}/sign/")
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    case.refresh_from_db()
    draft.refresh_from_db()
    document = Document.objects.get(kind="supervision_notice")
    assert case.state == CaseState.NOTICE_ISSUED and draft.document == document
    assert document.context["corrections"] == "依法重新履行告知程序，并对涉案执法人员开展培训。"
    detail = leader.get(f"/documents/drafts/{draft.pk}/").content.decode()
    assert "已签发" in detail and document.number in detail
