"""Each list's default order is an index (issue 18): the first page is read by walking the index until
25 visible rows are found, never by sorting every visible row (1–2 s at 200,000 cases before)."""

import pytest
from django.db import connection, transaction

from deadlines.selectors import deadline_list
from disputes.selectors import dispute_list
from documents.selectors import document_list_for_user
from notifications.selectors import notification_list
from supervision.selectors import case_list

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]

LISTS = [
    ("supervision cases", case_list, "case_list_order_idx"),
    ("disputes", dispute_list, "dispute_list_order_idx"),
    ("documents", document_list_for_user, "document_list_order_idx"),
    ("deadlines", deadline_list, "deadlines_deadline_due_on"),
    ("notifications", notification_list, "notificatio_recipie"),
]


@pytest.mark.parametrize(("label", "selector", "index"), LISTS)
def test_the_first_page_of_each_list_walks_its_order_index(world, label, selector, index):
    page = selector(world.user("yuecheng.reviewer"))[:25]
    with transaction.atomic(), connection.cursor() as cursor:
        # The test tables are tiny: forbid the whole-table sort to ask whether an index can give the order.
        cursor.execute("SET LOCAL enable_sort = off")
        plan = page.explain()
    assert index in plan, f"{label}: {plan}"


COVERED = [entry for entry in LISTS if entry[0] in {"supervision cases", "disputes", "documents"}]


@pytest.mark.parametrize(("label", "selector", "index"), COVERED)
def test_the_count_and_the_page_ids_of_each_list_never_read_the_table(world, label, selector, index):
    """The order index carries the columns of the visibility condition: the capped count (`CappedPaginator`)
    and the page's ids are index-only scans. A dispute row fills a seventh of a page; the count of the
    first page walked 1,100 of them (10 ms at 1,000,000 disputes) and now walks 160 index pages (3 ms)."""
    visible = selector(world.user("yuecheng.reviewer"))
    counted = visible.order_by().values("pk")[:1051]  # what CappedPaginator.count wraps in COUNT(*)
    page_ids = visible.values_list("pk", flat=True)[:25]  # CappedPaginator._rows' first step
    with transaction.atomic(), connection.cursor() as cursor:
        # The test tables are tiny: forbid reading the whole table to ask what an index can answer alone.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
        plans = [counted.explain(), page_ids.explain()]
    for plan in plans:
        assert f"Index Only Scan using {index}" in plan, f"{label}: {plan}"


def test_the_overdue_filter_counts_and_pages_from_the_case_lists_order_index(world):
    """仅看逾期 is a condition on the case row (`next_due_on`), carried by the list's order index too: its capped
    count walked 600 table pages of wide case rows (3.6 ms at 1,000,000 cases), the index holds it in 85."""
    from supervision.forms import CaseFilter

    overdue = CaseFilter({"overdue": "on"}, queryset=case_list(world.user("yuecheng.reviewer"))).qs
    counted = overdue.order_by().values("pk")[:526]
    page_ids = overdue.values_list("pk", flat=True)[:25]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
        plans = [counted.explain(), page_ids.explain()]
    for plan in plans:
        assert "Index Only Scan using case_list_order_idx" in plan, plan
        assert "next_due_on" in plan
