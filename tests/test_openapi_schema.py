"""The OpenAPI 3 schema and the interactive docs that api.md promises integrators.

* `/api/v1/schema/` answers a signed-in user with every collection of api.md and every
  workflow action (`POST /api/v1/<collection>/<id>/<action>/`) as a path;
* generating the schema raises not a single drf-spectacular error or warning: each warning
  is a place where the published schema guesses (a string for an untyped field, a
  hash-suffixed enum name, two serializers fighting over one component name, a view left
  out), and generated clients inherit the guess;
* `/api/v1/docs/` is Swagger UI served from this server's own static files: the system runs
  on an intranet without internet access, so a CDN link would leave the page blank.
"""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import _load_enum_name_overrides

from case_reviews.rules import SHEET_WORKFLOW
from clues.rules import CLUE_WORKFLOW
from disputes.rules import DISPUTE_WORKFLOW
from joint_actions.transitions import PROPOSAL_WORKFLOW
from supervision.transitions import SUPERVISION_WORKFLOW

pytestmark = pytest.mark.django_db

API_MD_PATHS = [
    "/api/v1/auth/token/",
    "/api/v1/me/",
    "/api/v1/divisions/",
    "/api/v1/organizations/",
    "/api/v1/disputes/",
    "/api/v1/joint-actions/",
    "/api/v1/supervision-cases/",
    "/api/v1/documents/",
    "/api/v1/documents/{id}/",
    "/api/v1/documents/{id}/pdf/",
    "/api/v1/clues/",
    "/api/v1/notifications/",
    "/api/v1/calendar/deadline/",
]

# Each workflow's collection; transitions the system takes by itself (`automatic`, e.g. a case
# becoming overdue) have no endpoint.
WORKFLOWS = {
    "disputes": DISPUTE_WORKFLOW,
    "joint-actions": PROPOSAL_WORKFLOW,
    "supervision-cases": SUPERVISION_WORKFLOW,
    "review-sheets": SHEET_WORKFLOW,
    "clues": CLUE_WORKFLOW,
}
# Documents have actions of their own, outside a workflow table.
DOCUMENT_ACTIONS = ["retry", "reissue", "void"]


def _action_paths() -> list[str]:
    paths = [f"/api/v1/{collection}/{{id}}/{t.action}/"
             for collection, workflow in WORKFLOWS.items() for t in workflow.transitions if not t.automatic]
    return paths + [f"/api/v1/documents/{{id}}/{slug}/" for slug in DOCUMENT_ACTIONS]


@pytest.fixture(scope="module")
def schema_body(django_db_setup, django_db_blocker):
    """The schema as a signed-in user fetches it (JSON), once for the module (it takes a while).

    Only reads the database: the user is signed in with force_authenticate, not a new token.
    """
    from rest_framework.test import APIClient

    from tests.conftest import World

    with django_db_blocker.unblock():
        api = APIClient()
        api.force_authenticate(World().user("yuecheng.reviewer"))
        response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_the_schema_endpoint_answers_a_signed_in_user(api_for):
    response = api_for("yuecheng.reviewer").get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert response.content.startswith(b"openapi: 3.")


def test_the_schema_is_for_signed_in_users_only(client):
    assert client.get("/api/v1/schema/").status_code in (401, 403)


def test_the_schema_lists_every_collection_of_api_md(schema_body):
    assert schema_body["openapi"].startswith("3.")
    missing = [path for path in API_MD_PATHS if path not in schema_body["paths"]]
    assert missing == []


@pytest.mark.parametrize("path", _action_paths())
def test_every_workflow_action_is_a_post_path(schema_body, path):
    operations = schema_body["paths"].get(path)
    assert operations is not None, f"{path} missing from the schema"
    assert "post" in operations


def test_workflow_actions_answer_with_the_updated_object(schema_body):
    """api.md: "success returns the updated object" — its detail schema, state and allowed_actions included."""
    accept = schema_body["paths"]["/api/v1/disputes/{id}/accept/"]["post"]
    ref = accept["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    detail = schema_body["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"state", "state_display", "allowed_actions"} <= set(detail["properties"])


def test_enums_have_stable_names(schema_body):
    """Not hash-suffixed names (StateC94Enum): ENUM_NAME_OVERRIDES names each choice set that shares a field name."""
    schemas = schema_body["components"]["schemas"]
    for name in ["DisputeStateEnum", "ProposalStateEnum", "CaseStateEnum", "ClueStateEnum", "ReviewSheetStateEnum",
                 "DocumentStatusEnum", "DocumentKindEnum", "OrganizationKindEnum", "DisputeAttachmentKindEnum",
                 "CoordinationMatterStatusEnum", "CoordinationMatterCategoryEnum", "SupervisionMethodEnum",
                 "DecisionTypeEnum"]:
        assert "enum" in schemas[name], name


def test_generating_the_schema_raises_no_errors_and_no_warnings():
    # drf-spectacular counts every message it emits in GENERATOR_STATS (the same tally
    # `manage.py spectacular --fail-on-warn` uses); the enum overrides are loaded once per
    # language and cached, so they are reloaded to have their own warnings counted too.
    _load_enum_name_overrides.cache_clear()
    GENERATOR_STATS.reset()
    try:
        SchemaGenerator().get_schema(request=None, public=True)
        errors = sorted(GENERATOR_STATS._error_cache)
        warnings = sorted(GENERATOR_STATS._warn_cache)
    finally:
        GENERATOR_STATS.reset()
    assert errors == []
    assert warnings == []


def test_the_docs_are_swagger_ui_from_local_static_files(api_for):
    response = api_for("yuecheng.reviewer").get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "SwaggerUIBundle" in page or "swagger-ui" in page
    assert re.findall(r"https?://[^\s\"'<>]+", page) == []
    # Every script and stylesheet the page loads is one of this server's static files.
    assets = re.findall(r"""(?:src|href)=["']([^"']+\.(?:js|css|png))["']""", page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a static file of this server"
