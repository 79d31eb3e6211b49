from celery import shared_task


@shared_task(name="deadlines.tasks.sweep_deadlines_task", acks_late=True, reject_on_worker_lost=True)
def sweep_deadlines_task() -> dict:
    """Beat's "deadline-sweep" (every 300 s): reminders, overdue marks, deadline_overdue signals."""
    import socket

    from operations.services import SWEEP_HEARTBEAT, record_heartbeat

    from .sweep import sweep

    result = sweep()
    # /healthz reports a late sweep (beat stopped): statutory deadlines must not pass unnoticed.
    record_heartbeat(name=SWEEP_HEARTBEAT, worker=socket.gethostname())
    return {
        "today": result.today.isoformat(),
        "overdue": result.overdue,
        "reminders": result.reminders,
        "notifications": result.notifications,
        "signalled": result.signalled,
    }
