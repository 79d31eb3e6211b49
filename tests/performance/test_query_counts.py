"""Every list, detail and the workbench runs the same number of queries whether the user sees one
record or fifty (issue 18): nothing is fetched per row.

Fifty more cases, disputes, deadlines, notices and notifications come from the volume generator
(operations/volume.py), the same code `make bench` loads ten years of records with.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operations.volume import generate_volume

pytestmark = pytest.mark.django_db

PAGES = ["/", "/disputes/", "/supervision/", "/supervision/?q=食品", "/deadlines/", "/documents/",
         "/notifications/", "/api/v1/supervision-cases/", "/api/v1/disputes/", "/api/v1/documents/",
         "/api/v1/notifications/"]


def queries(client, path) -> int:
    client.get(path)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def detail_paths(user) -> list[str]:
    from disputes.selectors import dispute_queryset
    from supervision.selectors import case_list

    case = case_list(user).order_by("-pk").first()
    dispute = dispute_queryset(user).order_by("-pk").first()
    return [f"/supervision/{case.pk}/", f"/disputes/{dispute.pk}/",
            f"/api/v1/supervision-cases/{case.pk}/", f"/api/v1/disputes/{dispute.pk}/"]


def test_fifty_times_the_records_cost_no_more_queries_on_any_page(world, client_for):
    from django.utils import timezone

    from tests.disputes.factories import submitted
    from tests.supervision.factories import issue, open_market_case, to_violation

    # A notice issued through the real flow: the document lists hold a row before the volume comes.
    issue(world, to_violation(world, open_market_case(world), on=timezone.localdate()), rectification_days=30)
    submitted(world)
    generate_volume(cases=40, seed=1, out=lambda *_: None)  # at least one row in every list
    reviewer = world.user("yuecheng.reviewer")
    paths = PAGES + detail_paths(reviewer)
    client = client_for("yuecheng.reviewer")
    few = {path: queries(client, path) for path in paths}

    generate_volume(cases=300, out=lambda *_: None)  # ~50 of them in the reviewer's county
    assert case_count_in_reach(reviewer) >= 40
    client = client_for("yuecheng.reviewer")
    many = {path: queries(client, path) for path in paths}

    grown = {p: (few[p], many[p]) for p in paths if many[p] > few[p]}
    assert not grown, f"queries grew with the rows: {grown}"

    # The workbench reads at most TASK_LIMIT tasks of each kind: once the reviewer has that many
    # waiting, twice as many records cost it nothing more.
    generate_volume(cases=900, seed=99, out=lambda *_: None)
    client = client_for("yuecheng.reviewer")
    assert queries(client, "/") <= many["/"]


def case_count_in_reach(user) -> int:
    from supervision.selectors import case_list

    return case_list(user).count()
