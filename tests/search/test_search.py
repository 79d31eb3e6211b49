"""A clerk finds a case by its number however the brackets were typed, by a two-character word
such as 食品, and by the name of a unit involved; on PostgreSQL every such search is an index scan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes.models import Dispute
from documents.models import Document
from search.fields import normalise
from search.matching import matching
from supervision.models import SupervisionCase
from tests.supervision.factories import open_market_case

pytestmark = pytest.mark.django_db


def found(client, term) -> list:
    response = client.get("/supervision/", {"q": term})
    assert response.status_code == 200
    return [c.pk for c in response.context["page"].object_list]


@pytest.mark.parametrize("style", ["〔{}〕", "[{}]", "({})", "（{}）"])
def test_a_case_number_is_found_whatever_brackets_the_clerk_types(world, client_for, style):
    case = open_market_case(world)
    prefix, rest = case.number.split("〔")
    year, tail = rest.split("〕")

    assert case.pk in found(client_for("yuecheng.reviewer"), prefix + style.format(year) + tail)


def test_a_two_character_word_finds_the_cases_that_contain_it(world, client_for):
    case = open_market_case(world, summary="某餐饮店食品安全行政处罚未告知陈述申辩权利。")
    other = open_market_case(world, summary="某建筑工地扬尘污染行政处罚程序违法。")

    hits = found(client_for("yuecheng.reviewer"), "食品")

    assert case.pk in hits and other.pk not in hits


def test_a_units_name_finds_the_cases_it_is_supervised_in(world, client_for):
    case = open_market_case(world, unit="越城区市场监督管理局")

    assert case.pk in found(client_for("yuecheng.reviewer"), "市场监督")


def test_a_search_never_reaches_outside_the_users_jurisdiction(world, client_for):
    case = open_market_case(world)

    assert case.pk not in found(client_for("zhuji.reviewer"), case.number)


def test_brackets_and_case_are_stored_in_one_style():
    assert normalise(" 越司执监[2026]3号 ") == normalise("越司执监（2026）3号") == "越司执监〔2026〕3号"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm and GIN indexes are PostgreSQL's")
@pytest.mark.parametrize(("model", "term", "index"), [
    (SupervisionCase, "食品安全", "search_trgm"),
    (SupervisionCase, "食品", "search_bigram"),
    (SupervisionCase, "越司执监[2026]", "search_trgm"),
    (Dispute, "占道经营", "search_trgm"),
    (Dispute, "摊贩", "search_bigram"),
    (Document, "监督通知", "search_trgm"),
])
def test_postgresql_serves_each_search_from_an_index(world, model, term, index):
    # The predicate alone (no list order): on tiny tables the planner would rather walk the list-order
    # index and filter; the question here is whether an index can serve the search term itself.
    queryset = model.objects.filter(matching(model, term, parties=False)).order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables: ask whether an index can serve
        plan = queryset.explain()
    assert index in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm and GIN indexes are PostgreSQL's")
@pytest.mark.parametrize(("term", "index"), [("食品", "search_bigram_scope"), ("食品安全", "search_trgm_scope")])
def test_a_reviewers_search_is_one_index_scan_over_term_and_jurisdiction(world, client_for, term, index):
    # "Contains the term" and "visible to me" are read from one index: with an index for each, PostgreSQL
    # built and intersected two bitmaps, 38 of the count's 51 ms at 1,000,000 cases (docs/benchmarks.md).
    open_market_case(world, summary="某餐饮店食品安全行政处罚未告知陈述申辩权利。")
    client = client_for("yuecheng.reviewer")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/supervision/", {"q": term}).status_code == 200
    count = next(q["sql"] for q in queries.captured_queries
                 if q["sql"].startswith("SELECT COUNT(*)") and "supervision_supervisioncase" in q["sql"])
    with connection.cursor() as cursor:
        # Tiny test tables have no statistics to choose by: leave the planner only this index to ask whether it
        # can serve both conditions at once (the DDL is rolled back with the test's transaction).
        cursor.execute("SET LOCAL enable_seqscan = off")
        others = {"supervision_supervisioncase_scope_gin", "supervision_supervisioncase_search_bigram_scope",
                  "supervision_supervisioncase_search_trgm_scope"} - {f"supervision_supervisioncase_{index}"}
        for other in others:
            cursor.execute(f'DROP INDEX "{other}"')
        cursor.execute("EXPLAIN " + count)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan and "BitmapAnd" not in plan, plan
    assert "scope_keys &&" in plan.split(index, 1)[1].split("\n")[1], plan  # the jurisdiction is an index condition
