from enforcement_records.models import EnforcementRecord
from leads.models import Lead
from tests.enforcement_records.helpers import certify_all, clean_penalty, push


def test_clean_record_raises_nothing_and_a_late_one_does(world):
    certify_all(world)
    result = push(world, [clean_penalty()])
    assert result.created == 1
    assert Lead.objects.count() == 0, list(Lead.objects.values("rule__code", "triggers"))
    push(world, [clean_penalty(decided_on="2026-04-10", served_on="2026-04-11")])
    record = EnforcementRecord.objects.get()
    assert record.revision == 2
    assert list(Lead.objects.values_list("rule__code", flat=True)) == ["CF60-QX"]
