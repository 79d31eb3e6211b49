"""The workbench (工作台) costs the same number of queries whether one task or sixty wait in each group
(issue 18: it ran 19–490 queries depending on the data, one per case for the links, one per proposal for
its participants).

The demo world (seed_demo) gives the demo accounts a few tasks of each kind; then every row behind a
task is copied sixty times, with the children the guards read (parties, participants, notices, clocks),
so that each provider has more than its TASK_LIMIT waiting.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from workbench.registry import TASK_LIMIT, tasks_for

pytestmark = pytest.mark.django_db

# Reviewer, leader, the county government's leader, an agency contact, a 司法所 and a guidance office.
USERS = ["yuecheng.reviewer", "yuecheng.leader", "yuecheng.gov", "agency.market", "township.office",
         "guidance.yuecheng"]
TIMES = 60


def workbench_queries(client) -> int:
    client.get("/")  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured)


def copies(rows, times: int, **overrides) -> dict:
    """Bulk-copy `rows` `times` times; unique values get a suffix, nullable unique links are left empty.
    Returns {original pk: [copies' pks]}."""
    rows = list(rows)
    if not rows:
        return {}
    model = type(rows[0])
    unique = {f.name for f in model._meta.fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        unique.update(getattr(constraint, "fields", ()) or ())
    made = []
    for i in range(times):
        for row in rows:
            copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields
                            if not f.primary_key})
            for name in unique:
                field = model._meta.get_field(name)
                value = getattr(copy, field.attname)
                if isinstance(field, models.CharField) and not field.choices and value:
                    suffix = f"-{i}"  # within the column's length (a clue's 16-character tracking code)
                    setattr(copy, field.attname, f"{value[:field.max_length - len(suffix)]}{suffix}")
                elif field.one_to_one and field.null:
                    setattr(copy, field.attname, None)
            copy._scope_keys_preset = True  # the original's keys: same parties, same divisions
            for attname, value in overrides.items():
                setattr(copy, attname, value(row, i) if callable(value) else value)
            made.append((row.pk, copy))
    model.objects.bulk_create([copy for _pk, copy in made])
    result: dict = {}
    for pk, copy in made:
        result.setdefault(pk, []).append(copy.pk)
    return result


def copy_children(parent_map: dict, model, fk: str) -> None:
    """The copies' children: each child of an original row, once for every copy of its parent."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    model.objects.bulk_create([
        model(**{f.attname: getattr(row, f.attname) for f in fields} | {f"{fk}_id": target})
        for row in model.objects.filter(**{f"{fk}__in": list(parent_map)})
        for target in parent_map[getattr(row, f"{fk}_id")]
    ])


def multiply_tasks(times: int) -> None:
    from case_reviews.models import ReviewSheet
    from clues.models import Clue
    from deadlines.models import Deadline, DeadlineState
    from disputes.models import Dispute, DisputeParty
    from joint_actions.models import JointActionProposal, Participant
    from leads.models import Lead
    from supervision.models import Notice, Report, ServiceRecord, SupervisionCase, UnitClock

    cases = copies(SupervisionCase.objects.exclude(state__startswith="closed"), times)
    for child, fk in [(Notice, "case"), (UnitClock, "case"), (ServiceRecord, "case"), (Report, "case"),
                      (SupervisionCase.supervised_units.through, "supervisioncase")]:
        copy_children(cases, child, fk)
    disputes = copies(Dispute.objects.all(), times)
    copy_children(disputes, DisputeParty, "dispute")
    proposals = copies(JointActionProposal.objects.all(), times)
    copy_children(proposals, Participant, "proposal")
    copies(Deadline.objects.filter(state__in=[DeadlineState.OPEN, DeadlineState.OVERDUE]), times)
    copies(ReviewSheet.objects.all(), times)
    copies(Clue.objects.all(), times)
    copies(Lead.objects.all(), times)


def test_the_workbench_costs_the_same_with_one_or_sixty_tasks_in_each_group(world, client_for):
    call_command("seed_demo", "--force")  # the demo disputes, cases, proposals, clues and deadlines
    few = {username: workbench_queries(client_for(username)) for username in USERS}
    tasks_before = {username: sum(map(len, tasks_for(world.user(username)).values())) for username in USERS}

    multiply_tasks(TIMES)

    many = {username: workbench_queries(client_for(username)) for username in USERS}
    tasks_after = {username: sum(map(len, tasks_for(world.user(username)).values())) for username in USERS}
    assert all(tasks_after[u] >= min(TASK_LIMIT, tasks_before[u] * 2) for u in USERS), (tasks_before, tasks_after)
    assert many == few
    # Sixty times the disputes waiting for review: the reviewer is told more wait than the page lists.
    page = client_for("yuecheng.reviewer").get("/").content.decode()
    assert re.search(r'data-testid="count-awaiting">\d+\+<', page) and "还有更多" in page


def plan_of(queryset) -> str:
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # The test tables are tiny: forbid the sort and the whole-table scan to ask what the index can serve.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_a_bureaus_disputes_waiting_in_one_state_are_read_from_their_index(world):
    from disputes.models import DisputeState
    from disputes.selectors import dispute_queryset

    reviewer = world.user("yuecheng.reviewer")
    group = dispute_queryset(reviewer).filter(coordinator__in=[world.org("越城区司法局").pk],
                                              state=DisputeState.SUBMITTED)[:TASK_LIMIT]
    assert "dispute_coordinator_tasks_idx" in plan_of(group)

