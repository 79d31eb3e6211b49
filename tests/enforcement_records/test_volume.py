"""The benchmark's generated records (enforcement_records/volume.py) plant a known share of problems:
one record in a hundred for each of ten rules, and the rules find exactly those."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from enforcement_records.models import EnforcementRecord
from enforcement_records.volume import PLANTED
from leads.engine import run_rules
from organizations.scoping import visible_to

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator is PostgreSQL's")]


def test_generated_records_plant_one_problem_per_hundred_per_rule_and_carry_their_scope_keys(world):
    call_command("generate_records", records=1000, stdout=io.StringIO())

    assert EnforcementRecord.objects.count() == 1000
    result = run_rules(full=True)
    for code in PLANTED.values():
        assert result.per_rule[code] == 10, code
    assert sum(result.per_rule[code] for code in result.per_rule if code not in PLANTED.values()
               and not code.startswith("TJ-")) == 0
    yuecheng = visible_to(world.user("yuecheng.reviewer"), EnforcementRecord.objects.all())
    assert 0 < yuecheng.count() < 1000
    assert all(r.division_code.startswith("330602") for r in yuecheng)
