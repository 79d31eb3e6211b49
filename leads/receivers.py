def run_rules_after_import(sender, batch, record_ids, **kwargs):
    """After each import: the rules over the records it created or changed (incremental, set-based)."""
    from .engine import run_rules

    if record_ids:
        run_rules(batch=batch)
