"""Scope keys: who may see a row is kept on the row, so "visible to me" is one indexed condition.

The keys follow every change that moves a row into or out of someone's reach: a party joins a
dispute, a unit is added to a case, a case changes hands (its review sheets follow), a document
is addressed to one more organisation.
"""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes.models import Dispute
from documents.models import Document
from organizations.models import Organization
from organizations.scope_keys import backfill, compute_scope_keys
from organizations.scoping import visible_to
from supervision.models import SupervisionCase
from tests.disputes.factories import draft
from tests.documents.factories import issue
from tests.supervision.factories import open_market_case

pytestmark = pytest.mark.django_db


def stored_keys(obj) -> set[str]:
    return set(type(obj).objects.filter(pk=obj.pk).values_list("scope_keys", flat=True).get())


def test_a_dispute_carries_its_filers_area_and_every_area_above_it_and_its_parties(world):
    dispute = draft(world)  # filed by the 塔山街道司法所

    keys = stored_keys(dispute)
    township = dispute.filed_by.division
    assert {f"d{township.code}", f"d{township.parent.code}", "d3306"} <= keys
    assert {f"o{p.organization_id}" for p in dispute.parties.all()} <= keys


def test_adding_a_party_to_a_dispute_opens_it_to_that_party(world):
    dispute = draft(world)
    newcomer = world.org("越城区卫生健康局") if Organization.objects.filter(name="越城区卫生健康局").exists() \
        else Organization.objects.filter(kind="enforcement_agency").exclude(
            pk__in=dispute.parties.values("organization")).first()
    assert f"o{newcomer.pk}" not in stored_keys(dispute)

    dispute.parties.create(organization=newcomer)

    assert f"o{newcomer.pk}" in stored_keys(dispute)


def test_a_case_handed_to_another_bureau_moves_with_its_review_sheets_and_documents(world):
    case = open_market_case(world)
    notice = issue(world, "supervision_notice", subject=case)
    assert "d330602" in stored_keys(notice)

    zhuji = Organization.objects.filter(kind="justice_bureau", division__code__startswith="330681").first()
    case.handling_org = zhuji
    case.save()

    assert "d330681" in stored_keys(case)
    assert "d330681" in stored_keys(notice)  # the document follows its subject


def test_an_internal_document_keeps_only_the_subjects_supervisory_keys(world):
    case = open_market_case(world)
    request = issue(world, "decision_request", subject=case)

    unit = world.org("越城区市场监督管理局")
    assert f"o{unit.pk}" in stored_keys(case)
    assert f"o{unit.pk}" not in stored_keys(request)
    assert "d330602" in stored_keys(request)


def test_the_backfill_gives_existing_rows_the_keys_their_relations_give(world):
    dispute = draft(world)
    Dispute.objects.filter(pk=dispute.pk).update(scope_keys=[])

    backfill(Dispute)

    assert stored_keys(dispute) == set(compute_scope_keys(Dispute.objects.get(pk=dispute.pk)))


def test_the_scoped_query_joins_nothing_and_never_takes_distinct(world):
    reviewer = world.user("yuecheng.reviewer")
    visible_to(reviewer, Dispute.objects.all()).exists()  # memberships and grants: read once per request

    with CaptureQueriesContext(connection) as queries:
        list(visible_to(reviewer, Dispute.objects.order_by("-created_at", "-id"))[:20])

    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "DISTINCT" not in sql and " JOIN " not in sql
    assert "SCOPE_KEYS" in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes and EXPLAIN are PostgreSQL's")
@pytest.mark.parametrize("model", [Dispute, SupervisionCase, Document])
def test_postgresql_answers_visibility_from_the_gin_index(world, model):
    reviewer = world.user("township.office")
    queryset = visible_to(reviewer, model.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the demo tables are tiny: ask whether the index can serve
        plan = queryset.explain()
    assert "scope_gin" in plan


def test_moving_an_organisation_and_refreshing_moves_what_it_handles(world):
    from django.core.management import call_command

    case = open_market_case(world)
    Organization.objects.filter(pk=case.handling_org_id).update(
        division=Organization.objects.get(name="诸暨市司法局").division)  # moved behind the app's back

    call_command("refresh_scope_keys", stdout=io.StringIO())

    assert "d330681" in stored_keys(case)


def test_an_internal_document_goes_up_not_down_to_the_office_that_filed_the_dispute(world):
    """A dispute's 请示 is read over its issuer (the county, the city), not by the filing 司法所,
    which holds the township's key; migration documents/0012 gives existing rows these keys."""
    import importlib

    from django.apps import apps

    from tests.disputes.factories import escalated

    dispute = escalated(world)
    request = Document.objects.get(kind="decision_request", subject_id=dispute.pk)
    township = f"d{dispute.filed_by.division.code}"
    assert township in stored_keys(dispute)
    assert township not in stored_keys(request) and {"d330602", "d3306"} <= stored_keys(request)

    Document.objects.filter(pk=request.pk).update(scope_keys=stored_keys(dispute))
    importlib.import_module("documents.migrations.0012_internal_documents_go_up").forwards(apps, None)
    assert stored_keys(request) == set(compute_scope_keys(Document.objects.get(pk=request.pk)))
    assert township not in stored_keys(request)
