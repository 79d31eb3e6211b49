from celery import shared_task


@shared_task(name="leads.tasks.run_rules_task")
def run_rules_task(full: bool = True) -> dict:
    """Beat's "warning-rules-nightly": every enabled rule over every record."""
    from .engine import run_rules

    result = run_rules(full=full)
    return {"created": result.created, "per_rule": result.per_rule}
