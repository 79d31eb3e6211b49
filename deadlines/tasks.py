from celery import shared_task


@shared_task(name="deadlines.tasks.sweep_deadlines_task")
def sweep_deadlines_task() -> dict:
    """Beat's "deadline-sweep" (every 300 s): reminders, overdue marks, deadline_overdue signals."""
    from .sweep import sweep

    result = sweep()
    return {
        "today": result.today.isoformat(),
        "overdue": result.overdue,
        "reminders": result.reminders,
        "notifications": result.notifications,
        "signalled": result.signalled,
    }
