"""Drafting flows: which issuing actions of the owning apps go through 拟稿 → 核稿 → 签发.

An owning app registers, for each action that issues a document (`issue_notice`, the dispute's
`issue_opinion` ...), the page action it already has (its form and the service it calls) plus what
the drafting layer needs to know about the case:

* `prefill(subject, user)`: the form's initial values from what the system knows (facts, findings,
  provisions, contact): nobody retypes them;
* `drafting_org(subject)`: whose clerk drafts and whose reviewer checks (核稿);
* `signing_org(subject)`: whose leader signs (签发); the issuing organisation. They differ for a
  决定书, which the justice bureau drafts for its government (代拟稿) and the government signs;
* `available(subject)`: the case is at the step where this document is issued.

At 签发 the draft's inputs go through the same form and the same service as the one-step action,
as the signing leader: the case moves, the number is allocated and the PDF rendered then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from organizations.models import Role
from organizations.scoping import has_role

STAFF = (Role.CLERK, Role.REVIEWER, Role.LEADER)


@dataclass(frozen=True)
class DraftFlow:
    key: str  # "<app>.<action slug>", e.g. "supervision.issue_notice"
    action: str  # the action slug of the one-step page action / API endpoint
    label: Any  # e.g. 行政执法监督通知书 (lazy)
    page_action: Any  # workflow.views.PageAction: its form and the service it performs
    subject_model: type
    get_subject: Callable[[Any, int], Any]  # the scoped read of the owning app (Http404 outside reach)
    drafting_org: Callable[[Any], Any]
    signing_org: Callable[[Any], Any]
    available: Callable[[Any], bool]
    prefill: Callable[[Any, Any], dict]

    def form(self, subject, data=None, *, user=None, initial=None):
        """The action's own form: bound to `data`, or unbound with the case's prefill (or `initial`)."""
        kwargs = self.page_action.form_kwargs(None, subject) if self.page_action.form_kwargs else {}
        form = self.page_action.form(data, **kwargs)
        if data is None:
            form.initial.update(initial if initial is not None else self.prefill(subject, user))
        return form


FLOWS: dict[str, DraftFlow] = {}


def register(flow: DraftFlow) -> DraftFlow:
    FLOWS[flow.key] = flow
    return flow


def get_flow(key: str) -> DraftFlow:
    try:
        return FLOWS[key]
    except KeyError:
        raise Http404 from None


def flow_for_action(subject, action: str) -> DraftFlow | None:
    for flow in FLOWS.values():
        if flow.action == action and isinstance(subject, flow.subject_model):
            return flow
    return None


def may_draft(user, flow: DraftFlow, subject) -> bool:
    org = flow.drafting_org(subject)
    return org is not None and has_role(user, STAFF, organizations=[org])


def flows_for(subject, user) -> list[DraftFlow]:
    """The documents `user` may start drafting on `subject` now (the case page's 拟稿 buttons)."""
    return [f for f in FLOWS.values()
            if isinstance(subject, f.subject_model) and f.available(subject) and may_draft(user, f, subject)]
