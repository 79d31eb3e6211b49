"""A report sent back with reasons: the case stays under the notice and the clock keeps running."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from deadlines.models import Deadline
from supervision import services
from supervision.models import CaseState, Report
from supervision.transitions import SUPERVISION_WORKFLOW
from workflow.errors import ActionNotPermitted, InvalidState

from .factories import issue, open_market_case, serve, to_violation

pytestmark = pytest.mark.django_db


@pytest.fixture
def noticed(world):
    with time_machine.travel("2026-05-11 09:00 +0800", tick=False):
        case = open_market_case(world)
        case = to_violation(world, case, on=date(2026, 5, 11))
        case = issue(world, case, rectification_due=date(2026, 6, 30))
        serve(world, case, on=date(2026, 5, 11))
    return case


def test_returned_report_is_resubmitted_and_accepted(world, noticed):
    case = noticed
    with time_machine.travel("2026-05-20 09:00 +0800", tick=False):
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
        with pytest.raises(ValidationError) as exc:
            services.return_report(case, acting_user=world.user("yuecheng.reviewer"), reasons=" ")
        assert "reasons" in exc.value.message_dict
        case = services.return_report(case, acting_user=world.user("yuecheng.reviewer"),
                                      reasons="未附重新告知的送达回证，请补充。")
        assert case.state == CaseState.NOTICE_ISSUED
        # The clock keeps running: the deadlines stay open with their dates.
        assert set(Deadline.objects.filter(subject_id=case.pk).values_list("state", flat=True)) == {"open"}
        assert SUPERVISION_WORKFLOW.allowed_actions(case, world.user("agency.market")) == ["submit_report"]
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改，附重新告知的送达回证。")
        case = services.accept_report(case, acting_user=world.user("yuecheng.reviewer"))
    assert case.state == CaseState.CLOSED_RECTIFIED
    statuses = list(case.reports.order_by("submitted_at", "id").values_list("status", flat=True))
    assert statuses == [Report.Status.RETURNED, Report.Status.ACCEPTED]
    assert case.reports.first().review_note == "未附重新告知的送达回证，请补充。"


def test_only_the_supervised_units_contact_may_report(world, noticed):
    with pytest.raises(ActionNotPermitted):
        services.submit_report(noticed, acting_user=world.user("agency.enforcement"), content="不相干单位")
    with pytest.raises(ActionNotPermitted):
        services.submit_report(noticed, acting_user=world.user("yuecheng.clerk"), content="代为报告")


def test_a_report_cannot_be_accepted_twice(world, noticed):
    services.submit_report(noticed, acting_user=world.user("agency.market"), content="已整改。")
    services.accept_report(noticed, acting_user=world.user("yuecheng.reviewer"))
    with pytest.raises(InvalidState):
        services.accept_report(noticed, acting_user=world.user("yuecheng.reviewer"))


def test_service_cannot_be_recorded_twice_for_the_same_unit(world, noticed):
    with pytest.raises(InvalidState):
        serve(world, noticed, on=date(2026, 5, 12))


def test_lodged_service_needs_witnesses_and_a_receipt_date_not_before_the_notice(world):
    with time_machine.travel("2026-05-11 09:00 +0800", tick=False):
        case = open_market_case(world)
        case = to_violation(world, case, on=date(2026, 5, 11))
        case = issue(world, case, rectification_due=date(2026, 6, 30))
        with pytest.raises(ValidationError) as exc:
            serve(world, case, on=date(2026, 5, 10), method="lodged")
    assert set(exc.value.message_dict) == {"served_on", "witnesses"}
    assert not case.service_records.exists()
    assert not Deadline.objects.filter(subject_id=case.pk, kind="report").exists()
