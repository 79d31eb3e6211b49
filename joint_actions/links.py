"""What a register entry (Art. 9/10) may be linked to: proposals, disputes, supervision cases.

The disputes and supervision apps are resolved at run time through the app registry, so this
app neither imports them nor depends on their migrations. A target is named by its kind and
its number (越司争〔2026〕5号) or id, and must be visible to the user who links it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from organizations.scoping import visible_to


@dataclass(frozen=True)
class LinkKind:
    slug: str
    label: str
    app_label: str
    model_name: str

    def model(self):
        try:
            return apps.get_model(self.app_label, self.model_name)
        except LookupError:
            return None


LINK_KINDS = {
    k.slug: k
    for k in (
        LinkKind("joint_action", _("联合执法建议"), "joint_actions", "JointActionProposal"),
        LinkKind("dispute", _("职责争议"), "disputes", "Dispute"),
        LinkKind("supervision_case", _("监督案件"), "supervision", "SupervisionCase"),
    )
}


def available_kinds() -> list[LinkKind]:
    return [k for k in LINK_KINDS.values() if k.model() is not None]


def kind_of(obj) -> LinkKind | None:
    for kind in LINK_KINDS.values():
        if kind.model() is type(obj):
            return kind
    return None


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def resolve_target(user, kind_slug: str, reference: str):
    """The object of kind `kind_slug` numbered (or with the id) `reference`, if `user` may see it; else None."""
    kind = LINK_KINDS.get(kind_slug)
    model = kind.model() if kind else None
    reference = (reference or "").strip()
    if model is None or not reference:
        return None
    qs = visible_to(user, model._default_manager.all())
    if _has_field(model, "number"):
        found = qs.filter(number=reference).first()
        if found is not None:
            return found
    if reference.isascii() and reference.isdigit() and len(reference) < 19:
        return qs.filter(pk=int(reference)).first()
    return None


def describe(obj) -> str:
    kind = kind_of(obj)
    number = getattr(obj, "number", "") or ""
    title = getattr(obj, "title", "") or str(obj)
    prefix = f"{kind.label}：" if kind else ""
    return f"{prefix}{number} {title}".strip()[:250] if number and number not in title else f"{prefix}{title}"[:250]
