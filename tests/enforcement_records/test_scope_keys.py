"""Records and leads on the shared scope keys (organizations/scope_keys.py): who may see a record or a
lead is kept on the row, so "visible to me" is one indexed condition, and it follows every change.

A record opens to the bureaus above the place of the act and to the agency that sent it; a lead a rule
raises opens to the bureaus above the place only, and to the agency once a track sends it there.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enforcement_records.models import EnforcementRecord, ImportBatch, OfficerCertificate
from enforcement_records.selectors import record_list
from leads import services
from leads.models import Lead
from leads.selectors import lead_queryset
from organizations.scoping import visible_to
from tests.enforcement_records.helpers import MARKET, certify, certify_all, clean_penalty, push

pytestmark = pytest.mark.django_db


def stored_keys(obj) -> set[str]:
    return set(type(obj).objects.filter(pk=obj.pk).values_list("scope_keys", flat=True).get())


def test_a_record_opens_to_the_areas_above_its_place_and_to_its_agency(world):
    push(world, [clean_penalty("越市监罚〔2026〕1号", division="330602001")])
    record = EnforcementRecord.objects.get(case_number="越市监罚〔2026〕1号")

    assert stored_keys(record) == {"d3306", "d330602", "d330602001", f"o{world.org(MARKET).pk}"}
    assert stored_keys(record.batch) >= {"d330602", f"o{world.org(MARKET).pk}"}


def test_a_re_sent_record_moved_to_another_township_moves_its_keys(world):
    push(world, [clean_penalty("越市监罚〔2026〕2号", division="330602001")])
    record = EnforcementRecord.objects.get(case_number="越市监罚〔2026〕2号")
    other = next(code for code in ("330602002", "330602003", "330602004") if code != "330602001")

    push(world, [clean_penalty("越市监罚〔2026〕2号", division=other)])  # the update path (bulk_update)

    keys = stored_keys(record)
    assert f"d{other}" in keys and "d330602001" not in keys


def test_a_lead_opens_to_the_agency_only_when_a_track_sends_it(world):
    certify_all(world)
    push(world, [clean_penalty("A", notified_on="")])  # 决定前未告知
    lead = Lead.objects.get(record__case_number="A")
    market = world.org(MARKET)

    assert stored_keys(lead) == {"d3306", "d330602", "d330602001"}  # the INSERT … SELECT of the rule run
    assert lead not in lead_queryset(world.user("agency.market"))

    services.warn(lead, acting_user=world.user("yuecheng.reviewer"), content="请规范告知程序。")

    assert f"o{market.pk}" in stored_keys(lead)
    assert lead in lead_queryset(world.user("agency.market"))
    assert lead not in lead_queryset(world.user("zhuji.reviewer"))


def test_the_records_and_leads_lists_join_nothing_for_visibility(world):
    certify_all(world)
    push(world, [clean_penalty("A", notified_on="")])
    reviewer = world.user("yuecheng.reviewer")
    visible_to(reviewer, EnforcementRecord.objects.all()).exists()  # memberships read once per request

    for queryset in (visible_to(reviewer, EnforcementRecord.objects.order_by("-decided_on", "-id")),
                     visible_to(reviewer, Lead.objects.order_by("-created_at", "-id"))):
        with CaptureQueriesContext(connection) as queries:
            list(queryset[:25])
        sql = queries[0]["sql"].upper()
        assert len(queries) == 1 and "SCOPE_KEYS" in sql
        assert " JOIN " not in sql and "DISTINCT" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes and EXPLAIN are PostgreSQL's")
@pytest.mark.parametrize("model", [EnforcementRecord, Lead, ImportBatch, OfficerCertificate])
def test_postgresql_answers_visibility_from_the_gin_index(world, model):
    queryset = visible_to(world.user("yuecheng.reviewer"), model.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the demo tables are tiny: ask whether the index can serve
        plan = queryset.explain()
    assert "scope_gin" in plan


def test_refresh_scope_keys_restores_what_the_relations_give(world):
    certify_all(world)
    push(world, [clean_penalty("A", notified_on="")])
    record = EnforcementRecord.objects.get(case_number="A")
    lead = Lead.objects.get(record=record)
    certificate = certify(world)
    expected = {obj: stored_keys(obj) for obj in (record, lead, certificate)}
    EnforcementRecord.objects.filter(pk=record.pk).update(scope_keys=[])
    Lead.objects.filter(pk=lead.pk).update(scope_keys=["d3399"])
    OfficerCertificate.objects.filter(pk=certificate.pk).update(scope_keys=[])
    assert record not in record_list(world.user("yuecheng.reviewer"))

    call_command("refresh_scope_keys", stdout=io.StringIO())

    assert {obj: stored_keys(obj) for obj in expected} == expected
    assert record in record_list(world.user("yuecheng.reviewer"))
