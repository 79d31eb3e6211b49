"""The directory and identity endpoints of api.md: divisions, organisations, me, token."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_token_is_issued_for_a_username_and_password_and_works(world):
    anonymous = APIClient()
    response = anonymous.post("/api/v1/auth/token/", {"username": "yuecheng.reviewer", "password": settings.DEMO_PASSWORD},
                              format="json")
    assert response.status_code == 200
    token = response.json()["token"]

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()

    assert me["username"] == "yuecheng.reviewer"
    assert me["memberships"][0]["organization"]["name"] == "越城区司法局"
    assert me["memberships"][0]["role"] == "reviewer"
    assert me["certificates"][0]["number"] == "绍执监2025012"


def test_bad_credentials_give_structured_errors(world):
    response = APIClient().post("/api/v1/auth/token/", {"username": "yuecheng.reviewer"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"errors": {"password": ["请填写密码。"]}}


def test_the_api_requires_authentication(world):
    assert APIClient().get("/api/v1/organizations/").status_code in (401, 403)


def test_organisations_filter_by_level_kind_and_parent(api_for, world):
    api = api_for("township.office")

    offices = api.get("/api/v1/organizations/", {"kind": "justice_office", "division": "330602001"}).json()
    assert [o["name"] for o in offices["results"]] == ["塔山街道司法所"]

    county_bureaus = api.get("/api/v1/organizations/", {"kind": "justice_bureau", "level": "county"}).json()
    assert county_bureaus["count"] == 6

    bureau = world.org("越城区司法局")
    children = api.get("/api/v1/organizations/", {"parent": bureau.pk, "page_size": 100}).json()
    assert children["count"] == 17  # one 司法所 per township of 越城区


def test_divisions_filter_by_level_and_parent(api_for, world):
    api = api_for("zhuji.reviewer")

    townships = api.get("/api/v1/divisions/", {"parent": "330681"}).json()

    assert townships["count"] == 23
    assert townships["results"][0]["parent"] == "330681"
    assert api.get("/api/v1/divisions/", {"level": "county"}).json()["count"] == 6



def test_a_case_names_its_organisations_as_id_name_kind_and_division(api_for, world):
    """The one organisation reference of every resource (OrganizationRef), written straight from the row."""
    from tests.supervision.factories import open_market_case

    case = open_market_case(world)
    bureau, unit = world.org("越城区司法局"), world.org("越城区市场监督管理局")

    row = api_for("yuecheng.reviewer").get(f"/api/v1/supervision-cases/{case.pk}/").json()

    assert row["handling_org"] == {"id": bureau.pk, "name": "越城区司法局", "kind": "justice_bureau",
                                   "division": bureau.division_id}
    assert row["supervised_units"] == [{"id": unit.pk, "name": "越城区市场监督管理局", "kind": unit.kind,
                                        "division": unit.division_id}]
    assert row["state_display"] == "已立案"
