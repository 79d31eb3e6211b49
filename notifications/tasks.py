from celery import shared_task


@shared_task(name="notifications.tasks.send_notification_emails_task", acks_late=True, reject_on_worker_lost=True)
def send_notification_emails_task() -> int:
    """Send the pending notification e-mails (after the commit that created them)."""
    from .services import send_pending_emails

    return send_pending_emails()
