"""One page action for every app: a confirmation form per action, performed by the app's service.

An app describes each of its page actions once::

    ACTIONS = {
        "accept": PageAction(forms.NoteForm, lambda obj, user, data: services.accept(obj, acting_user=user, **data),
                             success=_("已受理并编号。")),
        ...
    }

and its view is three lines::

    @login_required
    def dispute_action(request, pk, action):
        dispute = selectors.get_dispute_for_user(request.user, pk)
        return action_page(request, dispute, action, actions=ACTIONS, workflows=(DISPUTE_WORKFLOW, RECORDS),
                           template="disputes/action.html", object_name="dispute")

The button and the page title are the transition's label in the workflow table (`PageAction.label` only for
a record that no table holds). One refusal behaviour for pages: a move the user may not make (403 in the API)
or may no longer make (409) sends them back to the object's page with the reason as a message; the API keeps
its 403/409 JSON. Bad input stays on the form (400) with the service's messages beside the fields.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .acting import perform_as
from .errors import ActionNotPermitted, WorkflowError
from .forms import StyledForm, apply_service_errors
from .machine import Workflow


class ConfirmForm(StyledForm):
    """An action that asks for nothing but the click."""


@dataclass(frozen=True)
class PageAction:
    """How a page collects and performs one action.

    `perform(obj, user, cleaned_data)` calls the service (the same one the API calls) and returns its result.
    `form_kwargs(request, obj)` adds keyword arguments to the form; `precheck(obj, user)` may raise a
    WorkflowError before any input is read (a rule the table cannot express, e.g. Art. 18 for 司法所).
    `success` is the message after it worked (a string, or a function of the result); `next_url(obj, result)`
    where to go then (default: the object's page). `confirm` is shown above the form.
    """

    form: type[forms.Form] | None
    perform: Callable[[Any, Any, dict], Any]
    success: Any = ""
    form_kwargs: Callable[[Any, Any], dict] | None = None
    confirm: str = ""
    precheck: Callable[[Any, Any], None] | None = None
    next_url: Callable[[Any, Any], Any] | None = None
    label: str = ""  # only for records outside every workflow table


@dataclass(frozen=True)
class ActionLabel:
    """What the template needs when an action is not in a transition table."""

    action: str
    label: str
    style: str = "primary"


def refuse(request, exc: WorkflowError, obj) -> HttpResponseRedirect:
    """The one page refusal: back to the object's page, the reason on top of it."""
    messages.error(request, exc.message)
    return redirect(obj)


def _transition_for(action: str, workflows: Iterable[Workflow], spec: PageAction):
    for workflow in workflows:
        if action in workflow.actions:
            return workflow, workflow[action]
    if spec.label:
        return None, ActionLabel(action, spec.label)
    raise Http404


def _check(obj, user, action: str, workflow: Workflow | None, spec: PageAction) -> None:
    if spec.precheck is not None:
        spec.precheck(obj, user)
    if workflow is None:
        return
    transition = workflow.check(obj, user, action)
    if transition.automatic:
        raise ActionNotPermitted(_("“%(label)s”由系统自动执行。") % {"label": transition.label})


def action_page(request, obj, action: str, *, actions: dict[str, PageAction], workflows: Iterable[Workflow] = (),
                template: str, object_name: str = "object", extra_context=None):
    """GET: the action's form; POST: perform it through the service; refusals go back to the object.

    `extra_context` is a dict, or a function of (obj, action) giving one (called only when the page is shown).
    """
    spec = actions.get(action)
    if spec is None:
        raise Http404
    if isinstance(workflows, Workflow):
        workflows = (workflows,)
    workflow, transition = _transition_for(action, workflows, spec)
    try:
        _check(obj, request.user, action, workflow, spec)
    except WorkflowError as exc:
        return refuse(request, exc, obj)

    posted = request.method == "POST"
    form_class = spec.form or ConfirmForm
    form_kwargs = spec.form_kwargs(request, obj) if spec.form_kwargs else {}
    form = form_class(request.POST if posted else None, request.FILES if posted else None, **form_kwargs)
    if posted and form.is_valid():
        data = form.service_kwargs() if hasattr(form, "service_kwargs") else dict(form.cleaned_data)
        try:
            result = perform_as(request.user, spec.perform, obj, request.user, data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            return refuse(request, exc, obj)
        else:
            success = spec.success(result) if callable(spec.success) else spec.success
            messages.success(request, success or _("“%(label)s”已完成。") % {"label": transition.label})
            return redirect(spec.next_url(obj, result) if spec.next_url else obj)
    context = {
        "object": obj, object_name: obj, "form": form, "action": action, "transition": transition,
        "label": transition.label, "title": transition.label, "confirm": spec.confirm,
        "cancel_url": obj.get_absolute_url(),
        **((extra_context(obj, action) if callable(extra_context) else extra_context) or {}),
    }
    return render(request, template, context, status=400 if posted else 200)
