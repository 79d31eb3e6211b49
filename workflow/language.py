"""Stored texts are Chinese, whatever the language of the person acting.

Notifications, timeline notes, deadline titles and explanations are read later by other people
(and printed); they are built in the official language, zh-hans. The two places where a person's
request becomes a write — the page action (`workflow.views.action_page`) and the API action
(`workflow.api.workflow_action`) — run the service through `workflow.acting.perform_as`, so every
app's services build their stored texts in Chinese without doing anything. A refusal the service
raises is given back in the person's language (the catalogue's msgids are the Chinese texts, so an
untouched message is looked up again; one with figures filled in stays Chinese).

`notify()`, `transition(note=...)` and `open_deadline(title=...)` also accept lazy texts and render them
with `official_str`, so a caller outside a request (the worker, a management command) gets the same.
"""

from contextlib import contextmanager

from django.utils import translation

OFFICIAL_LANGUAGE = "zh-hans"


@contextmanager
def official_language():
    with translation.override(OFFICIAL_LANGUAGE):
        yield


def official_str(value) -> str:
    """`value` (a lazy translation or a plain string) as stored text, in Chinese."""
    with official_language():
        return str(value)
