"""An explicit transition table shared by disputes, joint actions and supervision cases.

Each app declares its table once::

    DISPUTE_WORKFLOW = Workflow([
        Transition("submit", _("提交申请"), sources={"draft"}, target="submitted", permitted=is_filer_clerk),
        ...
    ])

`allowed_actions(obj, user)` feeds the API's `allowed_actions` field and the buttons on the
page; services call `transition(...)` which checks, locks, moves and records in one place.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .errors import ActionNotPermitted, InvalidState
from .language import official_str

Guard = Callable[[object, object], bool]  # (user, obj) -> may this user act on this object?


def _anyone(user, obj) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None = None  # None: the action records something without changing state
    permitted: Guard = _anyone
    # Shown on the button: "primary", "danger", "secondary".
    style: str = "primary"
    # Actions the system takes (the scheduler's mark_overdue) are not offered to people.
    automatic: bool = False

    def __init__(self, action, label, *, sources: Iterable[str], target=None, permitted=_anyone,
                 style="primary", automatic=False):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "permitted", permitted)
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "automatic", automatic)


@dataclass
class Workflow:
    transitions: list[Transition]
    state_field: str = "state"
    _by_action: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self._by_action = {t.action: t for t in self.transitions}

    def __getitem__(self, action: str) -> Transition:
        return self._by_action[action]

    @property
    def actions(self) -> list[str]:
        return list(self._by_action)

    def allowed_actions(self, obj, user) -> list[str]:
        """The actions `user` may take on `obj` now, in table order."""
        state = getattr(obj, self.state_field)
        return [
            t.action
            for t in self.transitions
            if not t.automatic and state in t.sources and t.permitted(user, obj)
        ]

    def allowed_transitions(self, obj, user) -> list[Transition]:
        allowed = set(self.allowed_actions(obj, user))
        return [t for t in self.transitions if t.action in allowed]

    def check(self, obj, user, action: str, *, system: bool = False) -> Transition:
        """Raise unless `user` may take `action` on `obj` in its current state.

        Permission is checked before state: a user who may never take the action gets a
        403 whatever the state; one who may, but too late, gets a 409. Nobody (user None) may act
        unless the call says it is the system itself (`system=True`: the scheduler's steps).
        """
        try:
            t = self._by_action[action]
        except KeyError as exc:
            raise ActionNotPermitted(_("未知的操作：%(action)s") % {"action": action}) from exc
        if not system and (user is None or not t.permitted(user, obj)):
            raise ActionNotPermitted(_("您的角色或单位无权执行“%(label)s”。") % {"label": t.label})
        state = getattr(obj, self.state_field)
        if state not in t.sources:
            raise InvalidState(
                _("当前状态为“%(state)s”，不能执行“%(label)s”（可能已被他人处理）。")
                % {"state": obj.get_state_display(), "label": t.label}
            )
        return t


def transition(obj, *, workflow: Workflow, action: str, actor, note: str = "", changes: dict | None = None,
               system: bool = False):
    """Check, lock, move and record one transition; returns the locked, updated object.

    Runs in the caller's transaction (opens one if there is none). The row is locked with
    SELECT ... FOR UPDATE and the state checked again on the locked copy, so two people
    pressing the same button at once get one success and one InvalidState (409).
    `system=True` is for the scheduler's own steps (no user to check).
    """
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        t = workflow.check(locked, actor, action, system=system)
        from_state = getattr(locked, workflow.state_field)
        update_fields = []
        if t.target is not None:
            setattr(locked, workflow.state_field, t.target)
            update_fields.append(workflow.state_field)
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
            update_fields.append(name)
        if "updated_at" in {f.name for f in model._meta.concrete_fields}:
            update_fields.append("updated_at")
        if update_fields:
            locked.save(update_fields=sorted(set(update_fields)))
        locked.transitions.create(
            action=t.action,
            from_state=from_state,
            to_state=getattr(locked, workflow.state_field),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=official_str(note),
        )
    return locked
