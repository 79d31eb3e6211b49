"""Two reviewers pressing "accept" at once; who is told what (notifications after commit)."""

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from supervision import services
from supervision.models import CaseState, Report, SupervisionCase
from workflow.errors import WorkflowError

from .factories import issue, open_market_case, serve, to_violation


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_accepting_the_same_report_at_once_get_one_success_and_one_refusal(transactional_world):
    world = transactional_world
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
        issue(world, case, rectification_days=20)
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
    reviewer = world.user("yuecheng.reviewer")
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            barrier.wait()
            services.accept_report(SupervisionCase.objects.get(pk=case.pk), acting_user=reviewer)
            outcomes.append("ok")
        except WorkflowError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["InvalidState", "ok"]
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED_RECTIFIED
    assert case.transitions.filter(action="accept_report").count() == 1
    assert Report.objects.get(case=case).status == Report.Status.ACCEPTED


@pytest.mark.django_db
def test_the_unit_is_notified_of_the_notice_and_the_bureau_of_the_report(world, django_capture_on_commit_callbacks,
                                                                         settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
        with django_capture_on_commit_callbacks(execute=True):
            issue(world, case, rectification_days=20)
        assert Notification.objects.filter(recipient=world.user("agency.market"), title__contains="行政执法监督通知书").exists()
        assert not Notification.objects.filter(recipient=world.user("agency.enforcement")).exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
    assert Notification.objects.filter(recipient=world.user("yuecheng.reviewer"), title__contains="报告了落实情况").exists()


@pytest.mark.django_db
def test_the_case_list_costs_a_bounded_number_of_queries(world, client_for):
    from supervision.demo import seed_supervision_demo

    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        seed_supervision_demo()
        for _ in range(10):
            open_market_case(world)
    client = client_for("yuecheng.reviewer")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/supervision/")
    assert response.content.decode().count('href="/supervision/') >= 14
    assert len(queries) <= 20, len(queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_an_extension_approved_while_the_case_is_being_worked_on_waits_without_holding_the_time_limit(
        transactional_world):
    """The bureau approves the unit's 延期 while a colleague's step holds the case (a report being accepted locks
    the case, then closes its time limits). The approval waits for the case before it takes the time limit, so
    the colleague's step can still close it: the two wait for each other in turn instead of deadlocking."""
    from django.db import transaction

    from deadlines.models import Deadline
    from deadlines.services import approve_extension, request_extension

    world = transactional_world
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
        issue(world, case, rectification_days=20)
        serve(world, case, on=date(2026, 11, 25))
        limit = Deadline.objects.get(subject_id=case.pk, kind="rectification")
        extension = request_extension(limit, new_due=limit.due_on + timedelta(days=10), reason="需调取外地证据。",
                                      acting_user=world.user("agency.market"))
    outcome = []

    def approve():
        try:
            approve_extension(extension, acting_user=world.user("yuecheng.reviewer"))
            outcome.append("approved")
        except Exception as exc:
            outcome.append(repr(exc))
        finally:
            connection.close()

    with transaction.atomic():
        SupervisionCase.objects.select_for_update().get(pk=case.pk)  # the colleague's step holds the case
        approval = threading.Thread(target=approve)
        approval.start()
        waited = _someone_waits_for_a_lock()
        assert waited, ("the approval should be waiting for the case", outcome, approval.is_alive())
        # The colleague's step goes on to the case's time limits: free, not held by the waiting approval.
        Deadline.objects.select_for_update(nowait=True).get(pk=limit.pk)
    approval.join(timeout=30)
    assert outcome == ["approved"]
    case.refresh_from_db()
    assert case.next_due_on == limit.due_on + timedelta(days=10)


def _someone_waits_for_a_lock(seconds: float = 10) -> bool:
    import time

    with connection.cursor() as cursor:
        for _ in range(int(seconds / 0.05)):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # inside a transaction the view is read once
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False
