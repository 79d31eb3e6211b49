"""People and organisations named in a request body must be within the acting body's area and of
the right kind, or 400 naming the id only (issue 15: any user id was accepted as a supervisor and
the refusal printed their real name; another county's agency could be put on a coordination matter,
which then showed it the matter). Role is checked before state everywhere."""

import datetime
from datetime import date

import pytest
import time_machine

from organizations.models import Organization
from supervision import services
from tests.supervision.factories import issue, open_market_case, pdf_upload, serve, to_violation
from workflow.errors import ActionNotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def test_a_supervisor_from_another_county_is_refused_by_id_without_their_name(world, api_for):
    case = open_market_case(world)
    api = api_for("yuecheng.clerk")
    api.post(f"/api/v1/supervision-cases/{case.pk}/start_investigation/", {}, format="json")
    stranger = world.user("zhuji.reviewer")

    response = api.post(f"/api/v1/supervision-cases/{case.pk}/activities/", {
        "kind": "interview", "occurred_on": "2026-11-25", "record": "询问执法人员",
        "supervisors": [world.user("yuecheng.clerk").pk, stranger.pk],
    }, format="json")

    assert response.status_code == 400
    assert len(response.json()["errors"]["supervisors"]) == 1  # the stranger, and only them
    assert api.get(f"/api/v1/supervision-cases/{case.pk}/activities/").json() == []


def test_an_agency_contact_cannot_be_named_a_supervisor(world, api_for):
    case = open_market_case(world)
    api = api_for("yuecheng.clerk")
    api.post(f"/api/v1/supervision-cases/{case.pk}/start_investigation/", {}, format="json")

    response = api.post(f"/api/v1/supervision-cases/{case.pk}/activities/", {
        "kind": "interview", "occurred_on": "2026-11-25", "record": "询问执法人员",
        "supervisors": [world.user("agency.market").pk],
    }, format="json")

    assert response.status_code == 400


def test_a_coordination_matter_cannot_name_another_countys_agency(world, api_for):
    response = api_for("yuecheng.reviewer").post("/api/v1/coordination-matters/", {
        "title": "跨部门协调", "description": "占道经营查处职责", "matter_date": "2026-11-20",
        "organizations": [world.org("越城区市场监督管理局").pk, world.org("诸暨市市场监督管理局").pk],
    }, format="json")

    assert response.status_code == 400
    assert "organizations" in response.json()["errors"]
    zhuji = api_for("agency.zhuji").get("/api/v1/coordination-matters/").json()
    assert zhuji.get("count", 0) == 0


def test_review_sheet_reviewers_come_from_the_cases_area(world):
    from django.core.exceptions import ValidationError

    from case_reviews import services as reviews
    from case_reviews.demo import seed_default_template
    from tests.case_reviews.factories import file_review_case

    case = file_review_case(world)
    seed_default_template()
    with pytest.raises(ValidationError) as refused:
        reviews.create_sheet(case=case, agency=world.org("越城区市场监督管理局"), file_number="越市监罚决〔2026〕1号",
                             file_title="某案", file_type="penalty", reviewed_on=datetime.date.today(),
                             acting_user=world.user("yuecheng.clerk"), reviewers=[world.user("zhuji.reviewer")])
    assert "reviewers" in refused.value.message_dict


def test_recording_service_checks_the_role_before_the_state(world):
    case = open_market_case(world)
    to_violation(world, case, on=date(2026, 11, 25))
    issue(world, case, rectification_days=20)
    serve(world, case, on=date(2026, 11, 25))  # every unit served: nothing left to record

    with pytest.raises(ActionNotPermitted):
        services.record_service(case, acting_user=world.user("agency.market"),
                                recipient=Organization.objects.get(name="越城区市场监督管理局"), method="direct",
                                served_on=date(2026, 11, 25), receipt=pdf_upload())


def test_contact_fields_longer_than_their_columns_are_a_400(world, api_for):
    case = open_market_case(world)
    to_violation(world, case, on=date(2026, 11, 25))
    from tests.supervision.factories import NOTICE_FIELDS

    response = api_for("yuecheng.leader").post(f"/api/v1/supervision-cases/{case.pk}/issue_notice/", {
        **NOTICE_FIELDS, "contact_person": "王" * 51, "contact_phone": "1" * 41, "facts": "事" * 10_001,
    }, format="json")

    assert response.status_code == 400
    assert {"contact_person", "contact_phone", "facts"} <= set(response.json()["errors"])


@pytest.mark.parametrize("received", ["9999-12-31", "0001-01-01", "9999-12-20"])
def test_dates_out_of_range_are_a_400_on_the_calendar_endpoint(api_for, received):
    response = api_for("yuecheng.clerk").get("/api/v1/calendar/deadline/", {"received": received, "days": 30})
    assert response.status_code == 400
    assert "received" in response.json()["errors"]


def test_the_calculator_page_refuses_a_date_out_of_range(client_for):
    response = client_for("yuecheng.clerk").get("/deadlines/calculator/", {"received": "9999-12-31", "days": 30})
    assert response.status_code == 200
    assert "日期超出允许范围" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "1e9", "٣", "99999999999999999999999"])
def test_a_malformed_agency_filter_is_never_a_500(api_for, value):
    # django-filter (issue 18) answers 400 for what is no number, and no match for odd but valid numbers.
    response = api_for("yuecheng.clerk").get("/api/v1/disputes/", {"agency": value})
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"


def test_an_upload_name_of_300_bytes_is_stored_under_a_short_name_and_kept_as_data(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.supervision.factories import PNG

    case = open_market_case(world)
    services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
    long_name = "现场检查照片" * 20 + ".png"  # 120 characters, 363 bytes
    activity = services.record_activity(
        case, acting_user=world.user("yuecheng.clerk"), kind="interview", occurred_on=date(2026, 11, 25),
        record="询问", supervisors=[(world.user("yuecheng.clerk"), False)],
        files=[SimpleUploadedFile(long_name, PNG, content_type="image/png")])

    stored = activity.evidence.get() if hasattr(activity, "evidence") else case.evidence.get()
    assert stored.original_name == long_name
    assert len(stored.file.name.rsplit("/", 1)[1].encode()) < 50
    assert stored.file.name.endswith(".png")
