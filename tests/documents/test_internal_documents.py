"""The bureau's 提请决定报告 to the government is internal: the supervised unit never sees it."""

import pytest
from django.core.management import call_command

from documents.models import Document
from documents.selectors import document_list_for_user, documents_for_user
from supervision.models import SupervisionCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated_case(world, django_capture_on_commit_callbacks):
    call_command("seed_demo", "--force")
    case = SupervisionCase.objects.filter(supervised_units__name="越城区市场监督管理局").first()
    bureau = world.org("越城区司法局")
    from documents.services import issue_document

    with django_capture_on_commit_callbacks(execute=True):
        issue_document(
            kind="decision_request", issuer=bureau, subject=case, recipients=[world.org("越城区人民政府")],
            context={"matter": "越城区市场监督管理局逾期未改正", "facts": "通知书送达后逾期未改正。",
                     "reasons": "依据第十五条。", "request": "请求制发行政执法监督决定书。", "attachments": []},
            issued_by=world.user("yuecheng.leader"),
        )
    return case


def test_the_supervised_unit_does_not_see_the_request_to_the_government(world, escalated_case):
    agency = world.user("agency.market")

    kinds_on_page = set(documents_for_user(agency, escalated_case).values_list("kind", flat=True))
    kinds_listed = set(document_list_for_user(agency).values_list("kind", flat=True))

    assert "decision_request" not in kinds_on_page | kinds_listed
    assert Document.objects.filter(kind="decision_request").exists()


def test_the_bureau_and_the_government_see_it(world, escalated_case):
    for username in ("yuecheng.reviewer", "yuecheng.gov", "city.reviewer"):
        kinds = set(documents_for_user(world.user(username), escalated_case).values_list("kind", flat=True))
        assert "decision_request" in kinds, username


def test_the_unit_gets_404_for_the_request_in_the_api(world, escalated_case, api_for):
    request_doc = Document.objects.get(kind="decision_request", subject_id=escalated_case.pk)

    assert api_for("agency.market").get(f"/api/v1/documents/{request_doc.pk}/").status_code == 404
    assert api_for("yuecheng.reviewer").get(f"/api/v1/documents/{request_doc.pk}/").status_code == 200
