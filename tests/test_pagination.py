"""Paging through a filtered list keeps the filters (every list shares templates/_pagination.html)."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_the_next_page_link_keeps_every_filter_and_changes_only_the_page():
    request = RequestFactory().get("/disputes/", {"state": "submitted", "q": "占道经营", "page": "2",
                                                  "agency": ["12", "15"]})
    page = Paginator(range(120), 50).get_page(2)

    html = render_to_string("_pagination.html", {"page": page}, request=request)

    assert "2 / 3" in html
    assert "page=3" in html and "page=1" in html
    assert "state=submitted" in html and "agency=12" in html and "agency=15" in html
    assert "q=%E5%8D%A0%E9%81%93%E7%BB%8F%E8%90%A5" in html
    assert "page=2" not in html


def test_a_single_page_shows_no_page_links():
    request = RequestFactory().get("/disputes/")
    html = render_to_string("_pagination.html", {"page": Paginator(range(10), 50).get_page(1)}, request=request)

    assert "pagination" not in html



def test_a_long_list_is_counted_only_a_few_pages_ahead():
    from shaoxing_supervision.pagination import CappedPaginator

    paginator = CappedPaginator(range(10_000), 25)
    page = paginator.get_page(1)

    assert paginator.count == 525 and paginator.capped  # 21 pages counted, more exist
    assert page.has_next() and page.next_page_number() == 2
    assert CappedPaginator(range(10_000), 25).get_page(30).number == 30  # further pages stay reachable


@pytest.mark.django_db
def test_a_page_costs_one_capped_count_and_one_query_for_its_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from organizations.models import Division
    from shaoxing_supervision.pagination import CappedPaginator

    with CaptureQueriesContext(connection) as captured:
        page = CappedPaginator(Division.objects.order_by("code"), 5).get_page(1)
        list(page.object_list)
        page.has_next() and page.next_page_number()
        page.paginator.num_pages  # noqa: B018 - what the page links read

    assert len(captured) == 2
