"""The API names organisations and timelines one way on every workflow resource (issue 14).

Old fields stay (clients use them); the shared shapes are added alongside.
"""

import pytest
from django.utils.module_loading import import_string

from organizations.management.commands.seed_demo import APP_DEMO_STEPS

pytestmark = pytest.mark.django_db

RESOURCES = ["disputes", "joint-actions", "supervision-cases", "clues", "review-sheets", "documents"]
ORG_REF = {"id", "name", "kind", "division"}
TIMELINE_ENTRY = {"action", "action_label", "from_state", "to_state", "actor", "actor_username", "actor_name", "note",
                  "at"}


@pytest.fixture
def demo_records(world):
    for dotted in APP_DEMO_STEPS:
        import_string(dotted)()
    return world


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_workflow_resource_shows_its_timeline_with_username_and_full_name(demo_records, api_for, resource):
    api = api_for("city.reviewer")
    listing = api.get(f"/api/v1/{resource}/")
    assert listing.status_code == 200, listing.content
    rows = listing.json()["results"]
    assert rows, f"no demo {resource} visible to the city reviewer"
    detail = api.get(f"/api/v1/{resource}/{rows[0]['id']}/").json()
    assert isinstance(detail["timeline"], list)
    for entry in detail["timeline"]:
        assert set(entry) >= TIMELINE_ENTRY
        if entry["actor"] is not None:
            assert entry["actor_name"] and entry["actor_username"] == entry["actor"]


def test_organisations_are_one_reference_everywhere(demo_records, api_for):
    api = api_for("city.reviewer")
    dispute = api.get(f"/api/v1/disputes/{api.get('/api/v1/disputes/').json()['results'][0]['id']}/").json()
    assert set(dispute["filed_by"]) >= ORG_REF
    case = api.get(f"/api/v1/supervision-cases/{api.get('/api/v1/supervision-cases/').json()['results'][0]['id']}/").json()
    assert set(case["handling_org"]) >= ORG_REF and "kind" in case["handling_org"]
    sheet = api.get(f"/api/v1/review-sheets/{api.get('/api/v1/review-sheets/').json()['results'][0]['id']}/").json()
    assert set(sheet["agency_ref"]) >= ORG_REF and sheet["agency_ref"]["id"] == sheet["agency"]  # old field kept
    clue = api.get(f"/api/v1/clues/{api.get('/api/v1/clues/').json()['results'][0]['id']}/").json()
    assert set(clue["routed_to_ref"]) >= ORG_REF and isinstance(clue["routed_to"], str)  # old field kept
