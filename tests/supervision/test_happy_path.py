"""The full Art. 15 path: notice, service, 30-day report, acceptance, closed_rectified."""

import hashlib
from datetime import date

import pytest
import time_machine

from deadlines.models import Deadline
from documents.selectors import documents_for
from supervision import services
from supervision.models import AccountabilityEntry, CaseState, Report

from .factories import PNG, issue, open_market_case, serve, to_violation, upload

pytestmark = pytest.mark.django_db


def test_market_bureau_case_runs_from_opening_to_closed_rectified(world):
    with time_machine.travel("2026-01-12 09:00 +0800", tick=False):
        case = open_market_case(world)
        case = to_violation(world, case, on=date(2026, 1, 12))
        case = issue(world, case, rectification_due=date(2026, 2, 27))
    assert case.state == CaseState.NOTICE_ISSUED
    kinds = sorted(d.kind for d in documents_for(case))
    assert kinds == ["proof_of_service", "supervision_notice"]
    notice_doc = next(d for d in documents_for(case) if d.kind == "supervision_notice")
    assert notice_doc.number.startswith("越司执监通〔2026〕")
    assert notice_doc.context["rectification_deadline"] == "2026-02-27"
    # The unit's clocks start when it receives the notice, not when the notice is issued.
    assert not Deadline.objects.filter(subject_id=case.pk).exists()

    with time_machine.travel("2026-01-16 10:00 +0800", tick=False):
        serve(world, case, on=date(2026, 1, 15))
    rect = Deadline.objects.get(subject_id=case.pk, kind="rectification")
    assert (rect.starts_on, rect.due_on) == (date(2026, 1, 15), date(2026, 2, 27))
    assert rect.responsible == world.org("越城区市场监督管理局")
    assert (rect.statutory, rect.basis) == (False, "通知书确定的限期改正日期")
    # Art. 15: thirty days from receipt; day 30 is Sat 14 Feb 2026, a 调休 working day: no roll-over.
    assert case.service_records.get().document == notice_doc
    report_deadline = Deadline.objects.get(subject_id=case.pk, kind="report")
    assert report_deadline.due_on == date(2026, 2, 14)

    with time_machine.travel("2026-02-10 10:00 +0800", tick=False):
        report = services.submit_report(case, acting_user=world.user("agency.market"),
                                        content="已重新履行告知程序，并组织全体执法人员培训。",
                                        files=[upload("培训签到表.png")])
        case.refresh_from_db()
        assert case.state == CaseState.REPORTED
        assert report.files.get().sha256 == hashlib.sha256(PNG).hexdigest()
        case = services.accept_report(case, acting_user=world.user("yuecheng.reviewer"), note="整改到位。")
    assert case.state == CaseState.CLOSED_RECTIFIED
    assert case.closed_at is not None
    assert set(Deadline.objects.filter(subject_id=case.pk).values_list("state", flat=True)) == {"met"}
    assert Report.objects.get(pk=report.pk).status == Report.Status.ACCEPTED
    assert not AccountabilityEntry.objects.filter(case=case).exists()
    assert [t.action for t in case.transitions.all()] == [
        "open", "start_investigation", "record_activity", "find_violation", "issue_notice", "record_service",
        "submit_report", "accept_report",
    ]


def test_rectification_deadline_given_in_days_is_counted_by_the_legal_calendar(world):
    with time_machine.travel("2026-09-01 09:00 +0800", tick=False):
        case = open_market_case(world)
        case = to_violation(world, case, on=date(2026, 9, 1))
        case = issue(world, case, rectification_days=30)
        # Counted from the day the unit receives it, not from the issue date: nothing runs before service.
        assert case.notices.get().rectification_due is None
        assert not Deadline.objects.filter(subject_id=case.pk, kind="rectification").exists()
    with time_machine.travel("2026-09-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 9, 1))
    # Received 1 Sep + 30 days = 1 Oct, 国庆 (1–7 Oct): rolls to Thu 8 Oct.
    assert Deadline.objects.get(subject_id=case.pk, kind="rectification").due_on == date(2026, 10, 8)
    assert case.unit_clocks.get().correction_due == date(2026, 10, 8)
