"""案卷评查抽样 (Art. 11 (2)): seeded, recorded, reproducible; the sample feeds the scoring sheets."""

from datetime import date

import pytest

from enforcement_records import sampling
from enforcement_records.models import EnforcementRecord
from tests.case_reviews.factories import file_review_case
from tests.enforcement_records.helpers import MARKET, clean_penalty, push
from workflow.errors import ActionNotPermitted


@pytest.fixture
def records(world):
    push(world, [clean_penalty(f"R{i:02d}", act_on=f"2026-01-{i % 28 + 1:02d}") for i in range(30)])
    return EnforcementRecord.objects.all()


def draw(world, **extra):
    return sampling.draw_sample(agency=world.org(MARKET), decided_from=date(2026, 1, 1), decided_to=date(2026, 12, 31),
                                size=5, acting_user=world.user("yuecheng.clerk"), **extra)


def test_the_same_seed_draws_the_same_files_and_the_seed_is_recorded(world, records):
    first = draw(world, seed="2026-评查-1")
    second = draw(world, seed="2026-评查-1")
    other = draw(world, seed="2026-评查-2")
    ids = sorted(first.records.values_list("pk", flat=True))
    assert len(ids) == 5 and first.population == 30 and first.seed == "2026-评查-1"
    assert sorted(second.records.values_list("pk", flat=True)) == ids
    assert sorted(other.records.values_list("pk", flat=True)) != ids
    assert sampling.redraw(first) == ids


def test_without_a_seed_one_is_made_and_recorded(world, records):
    sample = draw(world)
    assert len(sample.seed) == 16 and sampling.redraw(sample) == sorted(sample.records.values_list("pk", flat=True))


def test_the_sample_becomes_draft_scoring_sheets_of_a_file_review_case(world, records):
    from case_reviews.demo import seed_default_template

    seed_default_template()
    case = file_review_case(world)
    sample = draw(world, seed="s", case=case)
    numbers = sorted(sample.records.values_list("case_number", flat=True))
    assert sorted(case.review_sheets.values_list("file_number", flat=True)) == numbers
    assert set(case.review_sheets.values_list("state", flat=True)) == {"draft"}


def test_only_the_bureau_of_the_area_samples(world, records):
    with pytest.raises(ActionNotPermitted):
        sampling.draw_sample(agency=world.org(MARKET), decided_from=date(2026, 1, 1), decided_to=date(2026, 12, 31),
                             size=5, acting_user=world.user("zhuji.reviewer"))
