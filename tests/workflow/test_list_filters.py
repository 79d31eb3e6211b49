"""Every list filters one way (issues 14 and 18): one django-filter FilterSet serves the page and the API.

A malformed value is said in Chinese above the page's list (that filter is left out, nothing breaks) and is
a structured 400 in the API; the OpenAPI schema documents each filter.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

# (who looks, the page, the API list, a malformed query, the field it concerns)
LISTS = [
    ("yuecheng.reviewer", "/supervision/", "/api/v1/supervision-cases/", "state=nonsense", "state"),
    ("city.reviewer", "/clues/", "/api/v1/clues/", "state=nonsense", "state"),
    ("yuecheng.reviewer", "/deadlines/", None, "state=nonsense", "state"),
    ("yuecheng.reviewer", "/notifications/", "/api/v1/notifications/", "unread=maybe", "unread"),
    ("city.reviewer", "/joint-actions/", "/api/v1/joint-actions/", "period_from=2026-02-30", "period_from"),
    ("city.reviewer", "/joint-actions/registers/matters/", "/api/v1/coordination-matters/", "status=nonsense", "status"),
    ("city.reviewer", "/joint-actions/registers/liaison/", "/api/v1/liaison-records/", "exchange_type=nonsense",
     "exchange_type"),
    ("yuecheng.reviewer", "/records/", "/api/v1/enforcement-records/", "kind=nonsense", "kind"),
    ("yuecheng.clerk", "/leads/", "/api/v1/leads/", "origin=nonsense", "origin"),
    ("yuecheng.leader", "/audit/", None, "action=nonsense", "action"),
    ("yuecheng.reviewer", "/disputes/", "/api/v1/disputes/", "date_from=2026-13-45", "date_from"),
    ("yuecheng.reviewer", "/documents/", "/api/v1/documents/", "status=nonsense", "status"),
]
API_LISTS = [row for row in LISTS if row[2]]


@pytest.mark.parametrize(("username", "page", "api", "query", "field"), LISTS)
def test_a_malformed_filter_is_said_in_chinese_on_the_page_and_is_a_400_in_the_api(
        world, client_for, api_for, username, page, api, query, field):
    response = client_for(username).get(f"{page}?{query}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "以下筛选条件有误" in text, page
    if api is None:
        return
    response = api_for(username).get(f"{api}?{query}")
    assert response.status_code == 400, api
    assert field in response.json()["errors"]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize(("username", "page", "api", "query", "field"), API_LISTS)
def test_the_schema_documents_each_list_filter(schema, username, page, api, query, field):
    parameters = {p["name"] for p in schema["paths"][api]["get"]["parameters"]}
    assert field in parameters
