"""Signals other apps connect to.

`deadline_overdue` is sent once per deadline, by the sweep, the day after its due date has passed
(`deadline=` the Deadline). Supervision connects it to its `mark_overdue` (Art. 15, 25(三)).
"""

from django.dispatch import Signal

deadline_overdue = Signal()
