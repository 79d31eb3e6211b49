"""The smaller lists too walk an index in their default order (issue 18): clues, joint-action proposals, the two
工作台账 registers, enforcement records, leads, review sheets, 研判 and 专项监督 registers and the audit log. Their
first page stops after a page of visible rows instead of sorting all of them; so do the cockpit's 定期通报 and
表彰 registers."""

import pytest
from django.db import connection, transaction

from audit.selectors import audit_events
from case_reviews.selectors import sheet_list
from clues.selectors import clue_list
from cockpit.briefing_selectors import briefing_list, commendation_list
from enforcement_records.selectors import record_list
from joint_actions.selectors import coordination_matter_list, liaison_record_list, proposal_list
from leads.selectors import lead_list
from supervision.selectors import campaign_list, intake_list

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]

LISTS = [
    ("clues", "yuecheng.reviewer", clue_list, "clue_list_order_idx"),
    ("joint-action proposals", "yuecheng.reviewer", proposal_list, "proposal_list_order_idx"),
    ("coordination matters", "yuecheng.reviewer", coordination_matter_list, "matter_list_order_idx"),
    ("liaison records", "yuecheng.reviewer", liaison_record_list, "liaison_list_order_idx"),
    ("enforcement records", "yuecheng.reviewer", record_list, "record_list_order_idx"),
    ("leads", "yuecheng.reviewer", lead_list, "lead_list_order_idx"),
    ("review sheets", "yuecheng.clerk", sheet_list, "review_sheet_list_order_idx"),
    ("研判 register", "yuecheng.clerk", intake_list, "intake_list_order_idx"),
    ("专项监督 campaigns", "yuecheng.clerk", campaign_list, "campaign_list_order_idx"),
    ("audit log", "yuecheng.leader", audit_events, "audit_list_order_idx"),
    ("定期通报", "yuecheng.clerk", briefing_list, "briefing_list_order_idx"),
    ("表彰", "yuecheng.clerk", commendation_list, "commendation_list_order_idx"),
]


@pytest.mark.parametrize(("label", "username", "selector", "index"), LISTS, ids=[row[0] for row in LISTS])
def test_the_first_page_of_each_register_walks_its_order_index(world, label, username, selector, index):
    page = selector(world.user(username))[:25]
    with transaction.atomic(), connection.cursor() as cursor:
        # The test tables are tiny: forbid the whole-table sort to ask whether an index can give the order.
        cursor.execute("SET LOCAL enable_sort = off")
        # …and the incremental sort over a single-column index on the first order key (leads' created_at,
        # the audit log's at), which the planner may pick on a few rows: only the full order index is left.
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        plan = page.explain()
    assert index in plan, f"{label}: {plan}"
