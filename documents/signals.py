"""Signals for the apps that own the documents' subjects (sent after commit).

* ``document_ready(sender=Document, document=d)``: the PDF is stored and verified.
* ``document_voided(sender=Document, document=d)``: d was voided (kept; number not reused).
* ``document_reissued(sender=Document, old=d, new=d2)``: d was corrected as d2 (version + 1);
  an app that points at "the notice" of a case should point at d2 from now on.
"""

from django.dispatch import Signal

document_ready = Signal()
document_voided = Signal()
document_reissued = Signal()
