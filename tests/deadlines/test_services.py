"""Deadlines as the workflows use them: opened, met, cancelled, extended (延期)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from deadlines.models import DeadlineChange
from deadlines.services import (
    approve_extension,
    cancel_deadlines,
    close_deadlines,
    open_deadline,
    reject_extension,
    request_extension,
)
from notifications.models import Notification
from workflow.errors import ActionNotPermitted, InvalidState

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_deadline(world):
    agency = world.org("越城区市场监督管理局")
    return open_deadline(
        subject=agency, kind="report", starts_on=date(2026, 1, 17), days=30, responsible=agency,
        title="书面报告落实情况（越司执监通〔2026〕1号）", acting_user=world.user("yuecheng.clerk"),
    )


def test_thirty_day_report_clock_is_counted_from_service_and_the_bureau_supervises_it(world, report_deadline):
    assert report_deadline.due_on == date(2026, 2, 24)
    assert report_deadline.supervisor == world.org("越城区司法局")
    assert report_deadline.changes.get().kind == DeadlineChange.Kind.OPENED
    assert "依民法典第二百零三条顺延至2026年2月24日" in report_deadline.explanation


def test_a_township_office_setting_a_deadline_makes_its_county_bureau_the_supervisor(world):
    agency = world.org("越城区综合行政执法局")
    deadline = open_deadline(subject=agency, kind="other", starts_on=date(2026, 3, 2), due_on=date(2026, 3, 31),
                             responsible=agency, title="补充材料", acting_user=world.user("township.office"))
    assert deadline.supervisor == world.org("越城区司法局")  # Art. 18: a 司法所 cannot issue notices
    assert deadline.explanation.endswith("截止2026年3月31日24时")


def test_days_and_due_date_together_are_refused(world):
    agency = world.org("越城区市场监督管理局")
    with pytest.raises(ValidationError) as exc:
        open_deadline(subject=agency, kind="report", starts_on=date(2026, 3, 2), days=30, due_on=date(2026, 4, 1),
                      responsible=agency, title="x")
    assert "days" in exc.value.message_dict


def test_closing_meets_open_deadlines_of_the_given_kind_only(world, report_deadline):
    agency = world.org("越城区市场监督管理局")
    rectification = open_deadline(subject=agency, kind="rectification", starts_on=date(2026, 1, 17),
                                  due_on=date(2026, 3, 31), responsible=agency, title="限期改正")
    assert close_deadlines(agency, kinds=["report"], acting_user=world.user("yuecheng.reviewer")) == 1
    report_deadline.refresh_from_db()
    rectification.refresh_from_db()
    assert (report_deadline.state, rectification.state) == ("met", "open")
    assert report_deadline.closed_at is not None


def test_cancelling_needs_a_reason_and_keeps_the_record(world, report_deadline):
    agency = world.org("越城区市场监督管理局")
    with pytest.raises(ValidationError):
        cancel_deadlines(agency, reason="")
    assert cancel_deadlines(agency, reason="通知书已撤回重发") == 1
    report_deadline.refresh_from_db()
    assert report_deadline.state == "cancelled"
    assert report_deadline.changes.filter(kind="cancelled", reason="通知书已撤回重发").exists()


def test_unit_applies_for_extension_and_bureau_approves_with_reasons_kept(world, report_deadline):
    extension = request_extension(report_deadline, new_due=date(2026, 3, 10), reason="需调取的案卷在档案馆，需时较长",
                                  acting_user=world.user("agency.market"))
    assert Notification.objects.filter(recipient__username="yuecheng.reviewer", title__startswith="延期申请待审批").exists()
    approve_extension(extension, acting_user=world.user("yuecheng.reviewer"), note="同意")
    report_deadline.refresh_from_db()
    assert report_deadline.due_on == date(2026, 3, 10)
    assert not report_deadline.computed
    change = report_deadline.changes.get(kind="extended")
    assert (change.old_due, change.new_due) == (date(2026, 2, 24), date(2026, 3, 10))
    assert "需调取的案卷在档案馆" in change.reason
    assert Notification.objects.filter(recipient__username="agency.market", title__startswith="延期已批准").exists()


def test_only_the_responsible_unit_may_apply_and_only_the_bureau_may_decide(world, report_deadline):
    with pytest.raises(ActionNotPermitted):
        request_extension(report_deadline, new_due=date(2026, 3, 10), reason="x", acting_user=world.user("agency.enforcement"))
    extension = request_extension(report_deadline, new_due=date(2026, 3, 10), reason="理由", acting_user=world.user("agency.market"))
    for outsider in ("agency.market", "zhuji.reviewer", "yuecheng.clerk"):
        with pytest.raises(ActionNotPermitted):
            approve_extension(extension, acting_user=world.user(outsider))
    reject_extension(extension, acting_user=world.user("yuecheng.leader"), reason="理由不充分")
    with pytest.raises(InvalidState):
        approve_extension(extension, acting_user=world.user("yuecheng.reviewer"))
    report_deadline.refresh_from_db()
    assert report_deadline.due_on == date(2026, 2, 24)


def test_extension_to_an_earlier_date_is_refused(world, report_deadline):
    with pytest.raises(ValidationError) as exc:
        request_extension(report_deadline, new_due=date(2026, 2, 20), reason="x", acting_user=world.user("agency.market"))
    assert "new_due" in exc.value.message_dict
