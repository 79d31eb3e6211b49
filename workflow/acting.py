"""Performing a person's request: the one door from a page or an API call into a write service.

`perform_as(user, service, ...)`:
* runs the service in the official language, so what it stores (notifications, timeline notes,
  deadline titles and explanations) is Chinese whatever the person's UI language
  (`workflow.language`); the refusals it raises are given back in the person's language (the
  catalogue's msgids are the Chinese texts, so an untouched message is looked up again; one with
  figures filled in stays Chinese);
* remembers who is acting (`current_actor()`), so `notifications.services.notify` never tells people
  about their own action.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils import translation

from .errors import WorkflowError
from .language import official_language

_actor: ContextVar = ContextVar("workflow_actor", default=None)


def current_actor():
    """The user whose request is being performed (None outside `perform_as`: the worker, a command)."""
    return _actor.get()


@contextmanager
def acting_as(user):
    """Within the block, `current_actor()` is `user` (a deferred step of that person's request)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def _in_language(message, language: str | None) -> str:
    with translation.override(language):
        return translation.gettext(str(message))


def perform_as(user, service, /, *args, **kwargs):
    language = translation.get_language()
    token = _actor.set(user)
    try:
        with official_language():
            return service(*args, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError({field: [_in_language(m, language) for m in messages]
                                   for field, messages in exc.message_dict.items()}) from exc
        raise ValidationError([_in_language(m, language) for m in exc.messages]) from exc
    except WorkflowError as exc:
        exc.message = _in_language(exc.message, language)
        exc.args = (exc.message,)
        raise
    finally:
        _actor.reset(token)
