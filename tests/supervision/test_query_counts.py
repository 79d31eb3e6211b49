"""The agency contact's page and the workbench must not issue queries per case."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.selectors import workbench_tasks

from .factories import issue, open_market_case, to_violation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def _issued_cases(world, n):
    for _ in range(n):
        case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
        issue(world, case, rectification_days=20)


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def test_agency_page_and_workbench_do_not_query_per_case(world, client_for):
    _issued_cases(world, 1)
    client = client_for("agency.market")
    page_one = _count(lambda: client.get("/supervision/notices/"))
    work_one = _count(lambda: workbench_tasks(world.user("yuecheng.reviewer")))
    _issued_cases(world, 3)
    page_four = _count(lambda: client.get("/supervision/notices/"))
    work_four = _count(lambda: workbench_tasks(world.user("yuecheng.reviewer")))
    # Each report form still loads its own choice of reporting units when rendered: one query a case.
    assert page_four - page_one <= 3, (page_one, page_four)
    assert work_four == work_one, (work_one, work_four)
