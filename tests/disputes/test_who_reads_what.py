"""What each role reads of an escalated dispute, in the pages and the API.

The parties and the filer see the outcome and what concerns them; the coordinating body's internal
reasoning (协调不成的情况 and its 处理意见 to the government, 条例 Art. 13) is read by the body, the
deciding government and the supervisory bodies above it only.
"""

import pytest

from .factories import escalated

pytestmark = pytest.mark.django_db

REASON = "经两次协调会，双方仍坚持各自意见。"
OPINION = "建议由区住房和城乡建设局承担该项查处职责"

# username -> reads the internal reasoning?
READERS = {
    "yuecheng.reviewer": True,   # the coordinating body
    "yuecheng.leader": True,
    "yuecheng.gov": True,        # the government that decides
    "city.reviewer": True,       # the city's justice bureau, above
    "city.gov": True,
    "township.office": False,    # the filer (a 司法所, on the agencies' behalf)
    "agency.market": False,      # the parties
    "agency.housing": False,
}


@pytest.mark.parametrize(("username", "internal"), READERS.items())
def test_each_role_reads_the_outcome_and_only_the_body_and_above_read_its_reasons(
        world, api_for, client_for, username, internal):
    dispute = escalated(world)
    body = api_for(username).get(f"/api/v1/disputes/{dispute.pk}/").json()
    assert body["state"] == "escalated"
    assert (body["escalation_reason"] == REASON) is internal
    assert (body["handling_opinion"] or "").startswith(OPINION) is internal
    escalation = next(t for t in body["transitions"] if t["action"] == "escalate")
    assert (escalation["note"] == REASON) is internal

    page = client_for(username).get(f"/disputes/{dispute.pk}/").content.decode()
    assert "已报请政府决定" in page
    assert (REASON in page) is internal
    assert (OPINION in page) is internal

    # The 请示 itself is the body's internal document: a party cannot open it, nor find it listed.
    from documents.models import Document

    request = Document.objects.get(kind="decision_request", subject_id=dispute.pk)
    assert api_for(username).get(f"/api/v1/documents/{request.pk}/").status_code == (200 if internal else 404)
    assert (request.title in page) is internal
