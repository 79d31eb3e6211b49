"""The volume `make bench` measures is written in the database itself on PostgreSQL (issue 18): its rows
must be the rows the application would have written, or the benchmark measures something else.

Each generated case, dispute, notice and deadline carries the scope keys and search columns the
models compute on save; the reviewer of 越城区, the market agency and a search find them exactly as
they find rows the app wrote; every state of both workflows and every county is there.
"""

import pytest
from django.db import connection

from deadlines.models import Deadline
from disputes.models import Dispute, DisputeState
from documents.models import Document
from operations.volume import YUECHENG, generate_volume
from organizations.models import Division
from organizations.scope_keys import compute_scope_keys
from search.fields import bigrams, normalise
from search.matching import matching
from supervision.models import DISCLOSED_STATES, CaseState, SupervisionCase
from supervision.selectors import case_list
from supervision.services import refresh_next_due

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="written by INSERT … SELECT on PostgreSQL only"),
]

CASES = 300


@pytest.fixture
def generated(world):
    before = {m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
              for m in (SupervisionCase, Dispute, Document, Deadline)}
    counts = generate_volume(cases=CASES, seed=5, out=lambda *_: None)
    return counts, {m: m.objects.filter(pk__gt=last) for m, last in before.items()}


def search_columns(row) -> tuple[str, list[str]]:
    return row.search_text, row.search_bigrams


def test_every_row_has_the_columns_the_models_write_on_save(generated):
    counts, rows = generated
    assert counts["cases"] == counts["disputes"] == CASES
    assert counts["deadlines"] == counts["notifications"] == 5 * CASES
    assert counts["documents"] == rows[Document].count() > 0

    for model in (SupervisionCase, Dispute, Document, Deadline):
        for row in rows[model].order_by("pk")[:CASES]:
            assert row.scope_keys == compute_scope_keys(row), (model.__name__, row.pk)
            if model is not Deadline:
                field = model._meta.get_field("search_text")
                assert row.search_text == field.compute(row), (model.__name__, row.pk)
                assert row.search_bigrams == bigrams(row.search_text), (model.__name__, row.pk)

    # Each case's earliest running time limit (仅看逾期) is the one the deadlines app would have kept on it.
    generated_due = dict(rows[SupervisionCase].values_list("pk", "next_due_on"))
    assert any(generated_due.values())
    refresh_next_due(generated_due)
    assert dict(rows[SupervisionCase].values_list("pk", "next_due_on")) == generated_due

    # Saved again through the model, a case and a dispute keep every generated column as it was.
    for model in (SupervisionCase, Dispute):
        for row in rows[model].order_by("pk")[:20]:
            generated_columns = (row.scope_keys, *search_columns(row))
            row.save()
            row.refresh_from_db()
            assert (row.scope_keys, *search_columns(row)) == generated_columns


def test_every_state_and_every_county_is_there(generated):
    _counts, rows = generated
    cases = rows[SupervisionCase]
    assert set(cases.values_list("state", flat=True)) == set(CaseState.values)
    assert set(rows[Dispute].values_list("state", flat=True)) == set(DisputeState.values)
    counties = set(Division.objects.filter(level=Division.Level.COUNTY).values_list("code", flat=True))
    handled_in = {code[:6] for code in cases.values_list("handling_org__division__code", flat=True)}
    assert handled_in == counties
    in_yuecheng = cases.filter(handling_org__division__code__startswith=YUECHENG).count()
    assert 0.08 * CASES < in_yuecheng < 0.25 * CASES  # 15 % drawn
    # Drafts are not coordinated yet; every dispute past acceptance has a number, the others none.
    assert not rows[Dispute].filter(state=DisputeState.DRAFT, coordinator__isnull=False).exists()
    assert not rows[Dispute].filter(state=DisputeState.ACCEPTED, number="").exists()
    assert not rows[Dispute].filter(state=DisputeState.SUBMITTED).exclude(number="").exists()


def test_the_reviewer_and_the_agency_see_and_find_the_generated_cases_as_the_app_would(world, generated):
    _counts, rows = generated
    cases = rows[SupervisionCase]
    reviewer, agency_user = world.user("yuecheng.reviewer"), world.user("agency.market")
    market = world.org("越城区市场监督管理局")

    visible = set(case_list(reviewer).filter(pk__in=cases).values_list("pk", flat=True))
    assert visible == set(cases.filter(handling_org__division__code__startswith=YUECHENG).values_list("pk", flat=True))
    as_party = set(case_list(agency_user).filter(pk__in=cases).values_list("pk", flat=True))
    assert as_party == set(cases.filter(supervised_units=market, state__in=DISCLOSED_STATES)
                           .values_list("pk", flat=True)) != set()

    # A 2-character term (bigram index), a longer one (trigram index) and a generated number in
    # another bracket style all find exactly the rows whose text holds them.
    case = cases.filter(handling_org__division__code__startswith=YUECHENG).order_by("pk").first()
    for term in ("食品", "证据不足", case.number.replace("〔", "[").replace("〕", "]"), case.number[-4:]):
        found = set(case_list(reviewer).filter(pk__in=cases).filter(matching(SupervisionCase, term, parties=False))
                    .values_list("pk", flat=True))
        expected = {pk for pk, text in case_list(reviewer).filter(pk__in=cases).values_list("pk", "search_text")
                    if normalise(term) in text}
        assert found == expected and found, term
    assert case.pk in set(case_list(reviewer).filter(matching(SupervisionCase, case.number)).values_list("pk", flat=True))



@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_leaves_its_tables_vacuumed_and_indexed_as_a_running_system_has_them(transactional_world):
    """`manage.py generate_volume` outside a transaction: the secondary indexes dropped for the load are built
    again, and the tables vacuumed (a freshly loaded table has no visibility map: the benchmarks would measure
    index-only counts visiting the heap, a state no running system stays in)."""
    from django.core.management import call_command

    from operations.volume import BULK_LOAD_FROM

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'supervision_supervisioncase'")
        indexes_before = cursor.fetchone()[0]
    call_command("generate_volume", cases=BULK_LOAD_FROM, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'supervision_supervisioncase'")
        assert cursor.fetchone()[0] == indexes_before
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NULL AND relname = ANY(%s)",
                       [["supervision_supervisioncase", "notifications_notification", "deadlines_deadline"]])
        assert cursor.fetchall() == []
    assert SupervisionCase.objects.count() >= BULK_LOAD_FROM
