"""The sweep: overdue the day after (民法典 203: the period ends at 24:00), reminders 7/3/1 days
before, each exactly once, in bulk queries, catching up after downtime."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deadlines.models import Deadline, DeadlineEvent
from deadlines.signals import deadline_overdue
from deadlines.sweep import sweep
from notifications.models import Notification

from .factories import DeadlineFactory, bulk_deadlines

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=9):
    return datetime(y, m, d, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def overdue_signals():
    received = []

    def receiver(sender, deadline, **kwargs):
        received.append(deadline.pk)

    deadline_overdue.connect(receiver, dispatch_uid="test-overdue")
    yield received
    deadline_overdue.disconnect(dispatch_uid="test-overdue")


def titles_for(username):
    return list(Notification.objects.filter(recipient__username=username).values_list("title", flat=True))


@pytest.mark.django_db
def test_deadline_is_still_open_on_its_last_day_and_overdue_the_day_after(world, overdue_signals):
    deadline = DeadlineFactory(due_on=date(2026, 3, 31))
    sweep(now=at(2026, 3, 31, 23))  # 23:00 on the last day: not late yet
    deadline.refresh_from_db()
    assert deadline.state == "open"

    result = sweep(now=at(2026, 4, 1, 0))  # 00:05 Shanghai next day
    deadline.refresh_from_db()
    assert deadline.state == "overdue"
    assert result.overdue == 1
    assert overdue_signals == [deadline.pk]
    assert deadline.changes.filter(kind="overdue", from_state="open", to_state="overdue").count() == 1
    assert any(t.startswith("【已逾期】") for t in titles_for("agency.market"))
    assert any(t.startswith("【已逾期】") for t in titles_for("yuecheng.reviewer"))
    assert not titles_for("zhuji.reviewer")  # another county's bureau hears nothing


@pytest.mark.django_db
def test_overdue_signal_and_notice_are_sent_once_however_often_the_sweep_runs(world, overdue_signals):
    DeadlineFactory(due_on=date(2026, 3, 31))
    for hour in (1, 2, 3):
        sweep(now=at(2026, 4, 1, hour))
    sweep(now=at(2026, 4, 5))
    assert len(overdue_signals) == 1
    assert len([t for t in titles_for("agency.market") if t.startswith("【已逾期】")]) == 1


@pytest.mark.django_db
def test_reminders_seven_three_and_one_day_before_each_sent_once(world):
    DeadlineFactory(due_on=date(2026, 3, 31), title="整改某行政处罚案卷")
    for day in range(20, 32):  # every day from 11 days before, several runs a day
        for hour in (8, 12):
            sweep(now=at(2026, 3, day, hour))
    kinds = sorted(DeadlineEvent.objects.values_list("kind", flat=True))
    assert kinds == ["remind_1", "remind_3", "remind_7"]
    reminders = [t for t in titles_for("agency.market") if t.startswith("【期限提醒】")]
    assert len(reminders) == 3
    bodies = sorted(Notification.objects.filter(recipient__username="agency.market").values_list("body", flat=True))
    assert any("还有7日到期（截止2026年3月31日24时）" in b for b in bodies)
    assert any("还有3日到期" in b for b in bodies)
    assert any("还有1日到期" in b for b in bodies)


@pytest.mark.django_db
def test_after_downtime_only_the_current_reminder_goes_out(world):
    deadline = DeadlineFactory(due_on=date(2026, 3, 31))
    with time_machine.travel(at(2026, 3, 29), tick=False):  # the scheduler was down until 2 days before
        sweep()
    assert list(DeadlineEvent.objects.filter(deadline=deadline).values_list("kind", flat=True)) == ["remind_3"]
    assert len(titles_for("agency.market")) == 1


@pytest.mark.django_db
def test_after_a_long_outage_overdue_deadlines_are_caught_up_without_stale_reminders(world, overdue_signals):
    late = DeadlineFactory(due_on=date(2026, 3, 10))
    soon = DeadlineFactory(due_on=date(2026, 4, 4))
    with time_machine.travel(at(2026, 4, 2), tick=False):
        sweep()
    late.refresh_from_db()
    assert late.state == "overdue"
    assert overdue_signals == [late.pk]
    assert not DeadlineEvent.objects.filter(deadline=late).exclude(kind="overdue").exists()
    assert list(DeadlineEvent.objects.filter(deadline=soon).values_list("kind", flat=True)) == ["remind_3"]


@pytest.mark.django_db
def test_met_and_cancelled_deadlines_are_left_alone(world, overdue_signals):
    DeadlineFactory(due_on=date(2026, 3, 10), state="met")
    DeadlineFactory(due_on=date(2026, 3, 10), state="cancelled")
    DeadlineFactory(due_on=date(2026, 4, 2), state="met")
    result = sweep(now=at(2026, 4, 1))
    assert (result.overdue, result.reminders, overdue_signals) == (0, 0, [])
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_sweep_sends_email_to_people_with_an_address(world, mailoutbox, django_capture_on_commit_callbacks):
    market = world.user("agency.market")
    market.email = "market@yuecheng.example"
    market.save(update_fields=["email"])
    DeadlineFactory(due_on=date(2026, 3, 31), title="整改某行政许可")
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=at(2026, 3, 24))
    to_market = [m for m in mailoutbox if m.to == ["market@yuecheng.example"]]
    assert len(to_market) == 1
    assert "整改某行政许可" in to_market[0].subject
    assert "还有7日到期" in to_market[0].body
    assert not [m for m in mailoutbox if m.to == ["zhuji.reviewer@example.gov.cn"]]


def _queries_for(n: int) -> int:
    Deadline.objects.all().delete()
    bulk_deadlines(n, due_on=date(2026, 3, 20))  # overdue
    bulk_deadlines(n, due_on=date(2026, 4, 2))  # 3-day reminder
    bulk_deadlines(n, due_on=date(2026, 4, 7))  # 7-day reminder
    bulk_deadlines(n, due_on=date(2026, 6, 1))  # nothing
    with CaptureQueriesContext(connection) as ctx:
        result = sweep(now=at(2026, 3, 31))
    assert (result.overdue, result.reminders) == (n, 2 * n)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_number_of_deadlines(world, overdue_signals):
    small = _queries_for(10)
    large = _queries_for(200)
    assert large == small
    assert len(overdue_signals) == 210


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_running_at_once_send_nothing_twice(transactional_world, overdue_signals):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    bulk_deadlines(30, due_on=date(2026, 3, 20))
    bulk_deadlines(30, due_on=date(2026, 4, 2))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results.append(sweep(now=at(2026, 3, 31)))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(r.overdue for r in results) == [0, 30]
    assert sum(r.reminders for r in results) == 30
    assert DeadlineEvent.objects.count() == 60
    assert len(overdue_signals) == 30
    assert len(set(overdue_signals)) == 30
    per_person = Notification.objects.filter(recipient__username="agency.market").count()
    assert per_person == 60
