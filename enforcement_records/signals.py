"""`records_imported(sender=ImportBatch, batch=..., record_ids=[...])`: sent after a batch committed.

The leads app runs the warning rules on the changed records (incremental run) when it hears it.
"""

from django.dispatch import Signal

records_imported = Signal()
