"""Periodic task: draft the briefings of the period that just ended (settings.CELERY_BEAT_DEFAULTS)."""

from celery import shared_task


@shared_task(name="cockpit.tasks.draft_periodic_briefings_task")
def draft_periodic_briefings_task() -> int:
    """Daily: every bureau's monthly, quarterly and yearly 通报 and report to the government, once each.

    Drafts only: the clerk writes the commentary and the leader signs it off (cockpit.services)."""
    from .services import draft_due_briefings

    return len(draft_due_briefings())
