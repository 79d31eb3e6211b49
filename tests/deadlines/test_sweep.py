"""The sweep: overdue the day after (民法典 203: the period ends at 24:00), reminders 7/3/1 days
before, each exactly once, in bulk queries, catching up after downtime."""

import re
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
from organizations.models import Organization

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
    # 30 overdue and 30 reminders, each told once: as summaries (or, were the events split
    # between the two sweeps into runs of 3 or fewer, one by one) — never twice.
    covered = {"【已逾期】": 0, "【期限提醒】": 0}
    for title in Notification.objects.filter(recipient__username="agency.market").values_list("title", flat=True):
        prefix, rest = title[: title.index("】") + 1], title[title.index("】") + 1:]
        digest = re.match(r"(?:您有)?(\d+)项期限", rest)
        covered[prefix] += int(digest.group(1)) if digest else 1
    assert covered == {"【已逾期】": 30, "【期限提醒】": 30}


# Digests: above DIGEST_THRESHOLD (3) events of one group in one run, a person gets one summary.


def notes_for(username):
    return list(Notification.objects.filter(recipient__username=username).order_by("id"))


@pytest.mark.django_db
def test_a_unit_with_many_deadlines_due_this_week_gets_one_summary_reminder(world, client_for):
    bulk_deadlines(2, due_on=date(2026, 4, 1))
    bulk_deadlines(3, due_on=date(2026, 4, 3))
    sweep(now=at(2026, 3, 31))
    [note] = notes_for("agency.market")
    assert note.title == "【期限提醒】您有5项期限将在7日内到期"
    assert "今明两日到期2项，3日内到期3项，7日内到期0项；最早截止2026年4月1日24时" in note.body
    assert note.url == "/deadlines/?state=due_soon"
    assert note.target_id is None
    # The link lists exactly those deadlines.
    page = client_for("agency.market").get(note.url)
    assert page.status_code == 200
    assert page.content.decode().count("/deadlines/") >= 5
    assert len(page.context["deadlines"]) == 5


@pytest.mark.django_db
def test_many_overdue_deadlines_give_one_summary_but_every_one_is_still_signalled(world, overdue_signals):
    bulk_deadlines(2, due_on=date(2026, 3, 20))
    bulk_deadlines(2, due_on=date(2026, 3, 27))
    sweep(now=at(2026, 3, 31))
    [note] = notes_for("yuecheng.reviewer")
    assert note.title == "【已逾期】4项期限已逾期"
    assert "4项期限届满尚未完成，已标记逾期（截止日2026年3月20日至2026年3月27日）" in note.body
    assert note.url == "/deadlines/?state=overdue"
    assert len(overdue_signals) == 4
    assert Deadline.objects.filter(state="overdue").count() == 4


@pytest.mark.django_db
def test_up_to_three_deadlines_are_still_notified_one_by_one(world):
    bulk_deadlines(3, due_on=date(2026, 4, 2))
    sweep(now=at(2026, 3, 31))
    notes = notes_for("agency.market")
    assert len(notes) == 3
    assert all(n.title.startswith("【期限提醒】限期改正") for n in notes)
    assert all("还有2日到期（截止2026年4月2日24时）" in n.body for n in notes)
    assert {n.url for n in notes} == {f"/deadlines/{pk}/" for pk in Deadline.objects.values_list("pk", flat=True)}


@pytest.mark.django_db
def test_the_digest_is_per_person_a_unit_with_one_deadline_gets_the_individual_notice(world):
    bulk_deadlines(5, due_on=date(2026, 4, 2))  # 越城区市场监督管理局
    DeadlineFactory(
        due_on=date(2026, 4, 2), title="整改某行政检查案卷", responsible=Organization.objects.get(name="越城区综合行政执法局")
    )
    sweep(now=at(2026, 3, 31))
    assert [n.title for n in notes_for("agency.enforcement")] == ["【期限提醒】整改某行政检查案卷"]
    assert [n.title for n in notes_for("agency.market")] == ["【期限提醒】您有5项期限将在7日内到期"]
    # The bureau supervises all six: one summary.
    assert [n.title for n in notes_for("yuecheng.reviewer")] == ["【期限提醒】您有6项期限将在7日内到期"]


@pytest.mark.django_db
def test_reminders_and_overdue_are_summarised_separately(world):
    bulk_deadlines(4, due_on=date(2026, 3, 25))
    bulk_deadlines(1, due_on=date(2026, 4, 6))
    sweep(now=at(2026, 3, 31))
    titles = sorted(n.title for n in notes_for("agency.market"))
    assert titles[0] == "【已逾期】4项期限已逾期"
    assert titles[1].startswith("【期限提醒】限期改正")
    assert len(titles) == 2


@pytest.mark.django_db
def test_a_summary_is_sent_once_per_run_and_never_again_by_later_sweeps(world):
    bulk_deadlines(6, due_on=date(2026, 4, 2))
    for hour in (8, 9, 10, 11):
        sweep(now=at(2026, 3, 31, hour))
    sweep(now=at(2026, 4, 1))  # still the 3-day... now the 1-day reminder: a new summary
    titles = [n.title for n in notes_for("agency.market")]
    assert titles == ["【期限提醒】您有6项期限将在7日内到期", "【期限提醒】您有6项期限将在7日内到期"]
    bodies = [n.body for n in notes_for("agency.market")]
    assert "3日内到期6项" in bodies[0]
    assert "今明两日到期6项" in bodies[1]


@pytest.mark.django_db
def test_the_summary_goes_out_as_one_email(world, mailoutbox, django_capture_on_commit_callbacks):
    market = world.user("agency.market")
    market.email = "market@yuecheng.example"
    market.save(update_fields=["email"])
    bulk_deadlines(8, due_on=date(2026, 4, 6))
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=at(2026, 3, 31))
    to_market = [m for m in mailoutbox if m.to == ["market@yuecheng.example"]]
    assert len(to_market) == 1
    assert "您有8项期限将在7日内到期" in to_market[0].subject
    assert "/deadlines/?state=due_soon" in to_market[0].body


@pytest.mark.django_db
def test_overdue_signal_goes_only_to_deadlines_a_declared_receiver_wants(world):
    from deadlines.signals import connect_overdue, disconnect_overdue, wanted_overdue

    got = []
    # Supervision's receiver is connected in the project; keep it out of this test's count.
    saved = list(deadline_overdue.receivers)
    deadline_overdue.receivers[:] = []
    deadline_overdue.sender_receivers_cache.clear()
    try:
        def receiver(sender, deadline, **kwargs):
            got.append(deadline.kind)

        connect_overdue(receiver, dispatch_uid="t-report", kinds=["report"])
        bulk_deadlines(3, due_on=date(2026, 3, 20))
        report = DeadlineFactory(due_on=date(2026, 3, 20), kind="report")
        assert wanted_overdue() is not None
        result = sweep(now=at(2026, 3, 31))
        assert got == ["report"]
        assert result.overdue == 4 and result.signalled == 1
        # Every event was claimed: a later sweep delivers nothing again.
        assert not DeadlineEvent.objects.filter(kind="overdue", signalled_at__isnull=True).exists()
        assert DeadlineEvent.objects.get(deadline=report, kind="overdue").signalled_at is not None
        # A receiver connected the plain way wants everything.
        deadline_overdue.connect(lambda sender, deadline, **kw: None, dispatch_uid="t-all", weak=False)
        assert wanted_overdue() is None
    finally:
        disconnect_overdue("t-report")
        deadline_overdue.disconnect(dispatch_uid="t-all")
        deadline_overdue.receivers[:] = saved
        deadline_overdue.sender_receivers_cache.clear()


@pytest.mark.django_db
def test_a_receiver_that_fails_is_retried_on_the_next_sweep_not_marked_delivered(world):
    """The case must still go overdue when its receiver failed once (a lock, a bug fixed later)."""
    calls = []

    def flaky(sender, deadline, **kwargs):
        calls.append(deadline.pk)
        if len(calls) == 1:
            raise RuntimeError("database busy")

    deadline_overdue.connect(flaky, dispatch_uid="test-flaky")
    try:
        deadline = DeadlineFactory(due_on=date(2026, 3, 31))
        first = sweep(now=at(2026, 4, 1, 1))
        assert first.signalled == 0
        assert DeadlineEvent.objects.get(deadline=deadline, kind="overdue").signalled_at is None
        second = sweep(now=at(2026, 4, 1, 2))
        assert second.signalled == 1 and calls == [deadline.pk, deadline.pk]
        assert DeadlineEvent.objects.get(deadline=deadline, kind="overdue").signalled_at is not None
        sweep(now=at(2026, 4, 1, 3))
        assert calls == [deadline.pk, deadline.pk]  # delivered once it worked, never again
    finally:
        deadline_overdue.disconnect(dispatch_uid="test-flaky")
