"""Reads of the joint_actions app, always scoped to what the user may see (404 outside it)."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from organizations.scoping import get_object_for_user, visible_to
from search.matching import matching
from workbench.registry import SIFTED_LIMIT, MoreTasks, TaskItem, first_tasks

from .models import CoordinationMatter, JointActionProposal, LiaisonRecord, RegisterLink
from .transitions import PROPOSAL_WORKFLOW

State = JointActionProposal.State


def _proposals():
    return JointActionProposal.objects.select_related("proposer__division", "initiating_department")


@dataclass
class ProposalFilters:
    state: str = ""
    ground: str = ""
    proposer: int | None = None
    period_from: date | None = None
    period_to: date | None = None
    q: str = ""


def proposal_list(user, filters: ProposalFilters | None = None) -> QuerySet:
    qs = visible_to(user, _proposals().prefetch_related("ground_rows", "participants__organization"))
    f = filters or ProposalFilters()
    if f.state:
        qs = qs.filter(state=f.state)
    if f.ground:
        qs = qs.filter(pk__in=JointActionProposal.objects.filter(ground_rows__ground=f.ground).values("pk"))
    if f.proposer:
        qs = qs.filter(proposer_id=f.proposer)
    # An action overlaps the period asked for when it starts before its end and ends after its start.
    if f.period_from:
        qs = qs.filter(period_end__gte=f.period_from)
    if f.period_to:
        qs = qs.filter(period_start__lte=f.period_to)
    if f.q:
        qs = qs.filter(matching(JointActionProposal, f.q, parties=False))  # from indexes (search/fields.py)
    return qs


def get_proposal_for_user(user, pk) -> JointActionProposal:
    return get_object_for_user(user, _proposals(), pk=pk)


EXTRA_ACTION_LABELS = {"create": _("创建草稿"), "edit": _("修改草稿")}


def proposal_timeline(proposal) -> list:
    """The history rows, each with its action's label and the state it led to, in Chinese."""
    states = dict(State.choices)
    rows = list(proposal.transitions.select_related("actor").order_by("at", "id"))
    for row in rows:
        label = EXTRA_ACTION_LABELS.get(row.action)
        if label is None:
            try:
                label = PROPOSAL_WORKFLOW[row.action].label
            except KeyError:
                label = row.action
        row.action_label = label
        row.to_state_display = states.get(row.to_state, row.to_state)
    return rows


def responses_by_department(proposal) -> list[dict]:
    """For each department named: its duties and its answer to the current version (if any)."""
    current = {r.organization_id: r for r in proposal.responses.filter(round=proposal.version).select_related("responded_by")}
    return [{"participant": p, "response": current.get(p.organization_id)} for p in proposal.departments()]


def earlier_responses(proposal):
    return proposal.responses.filter(round__lt=proposal.version).select_related("organization", "responded_by")


def register_links_for(user, obj) -> dict:
    """Register entries (visible to the user) linked to a proposal, dispute or case."""
    content_type = ContentType.objects.get_for_model(obj)
    links = RegisterLink.objects.filter(target_type=content_type, target_id=obj.pk)
    matters = visible_to(user, CoordinationMatter.objects.filter(pk__in=links.values("matter")))
    liaisons = visible_to(user, LiaisonRecord.objects.filter(pk__in=links.values("liaison")))
    return {"matters": matters, "liaisons": liaisons}


# --- Registers -------------------------------------------------------------------------------

def coordination_matter_list(user, *, status: str = "", category: str = "", q: str = "") -> QuerySet:
    qs = visible_to(user, CoordinationMatter.objects.select_related("recorded_by").prefetch_related("organizations"))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return search_matters(qs, q)


def search_matters(qs: QuerySet, q: str) -> QuerySet:
    if not q:
        return qs
    return qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(outcome__icontains=q))


def get_matter_for_user(user, pk) -> CoordinationMatter:
    return get_object_for_user(user, CoordinationMatter.objects.select_related("recorded_by"), pk=pk)


def liaison_record_list(user, *, counterpart_kind: str = "", exchange_type: str = "", q: str = "") -> QuerySet:
    qs = visible_to(user, LiaisonRecord.objects.select_related("recorded_by"))
    if counterpart_kind:
        qs = qs.filter(counterpart_kind=counterpart_kind)
    if exchange_type:
        qs = qs.filter(exchange_type=exchange_type)
    return search_liaison_records(qs, q)


def search_liaison_records(qs: QuerySet, q: str) -> QuerySet:
    if not q:
        return qs
    return qs.filter(Q(counterpart_name__icontains=q) | Q(summary__icontains=q) | Q(reference__icontains=q))


def get_liaison_for_user(user, pk) -> LiaisonRecord:
    return get_object_for_user(user, LiaisonRecord.objects.select_related("recorded_by"), pk=pk)


# --- Workbench ---------------------------------------------------------------------------------

TASK_TITLES = {
    "propose": _("联合执法建议待提出"),
    "accept": _("联合执法建议待答复"),
    "revise": _("联合执法建议有异议，待修改"),
    "start": _("联合执法各方已同意，待开始"),
    "complete": _("联合执法行动执行中，待报告结果"),
    "close": _("联合执法行动已完成，待办结"),
}


def workbench_tasks(user):
    """One line per proposal on which the user has something to do now (cancel is never a task)."""
    if not getattr(user, "is_authenticated", False):
        return
    open_states = [State.DRAFT, State.PROPOSED, State.OBJECTED, State.AGREED, State.IN_PROGRESS, State.COMPLETED]
    # Superusers see everything but are not the ones who must act on it.
    qs = visible_to(user, _proposals().filter(state__in=open_states)) if not user.is_superuser else JointActionProposal.objects.none()
    # Prefetched: may_answer reads the participants and this version's responses of every proposal.
    proposals, more_waiting = first_tasks(qs.order_by("period_start").prefetch_related("participants", "responses"),
                                          SIFTED_LIMIT)  # kept only where this user has something to do
    if more_waiting:
        yield MoreTasks(TaskItem.AWAITING)
    for proposal in proposals:
        actions = PROPOSAL_WORKFLOW.allowed_actions(proposal, user)
        task = next((a for a in TASK_TITLES if a in actions), None)
        if task is None:
            continue
        due = proposal.period_start if task in ("accept", "start") else proposal.period_end if task == "complete" else None
        yield TaskItem(
            group=TaskItem.AWAITING,
            title=f"{TASK_TITLES[task]}：{proposal.title}",
            url=proposal.get_absolute_url(),
            category=_("联合执法"),
            due=due,
            detail=proposal.number or proposal.proposer.name,
        )
