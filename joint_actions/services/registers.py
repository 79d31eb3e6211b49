"""Art. 9 (重大行政执法事项协调) and Art. 10 (与立法、监察、司法机关的衔接) registers.

Both duties lie on the 司法行政部门 and the 综合行政执法指导机构, so only their staff record
entries; entries are corrected by recording the outcome, never deleted.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.reach import check_organizations
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted

from ..links import LINK_KINDS, describe, resolve_target
from ..models import CoordinationMatter, LiaisonRecord, RegisterLink
from ..transitions import DRAFTING_ROLES, PROPOSING_KINDS


def _check_recorder(acting_user, recorded_by: Organization) -> None:
    if recorded_by is None or recorded_by.kind not in PROPOSING_KINDS:
        raise ActionNotPermitted(_("协调衔接登记由司法行政部门或综合行政执法指导机构负责（第九条、第十条）。"))
    if not has_role(acting_user, DRAFTING_ROLES, organizations=[recorded_by]):
        raise ActionNotPermitted(_("您不是“%(org)s”的工作人员，不能以其名义登记。") % {"org": recorded_by})


def _require(errors: dict, field: str, value, message: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.setdefault(field, []).append(message)


def resolve_links(acting_user, links: Iterable[tuple[str, str]]) -> list:
    """Turn (kind, number-or-id) pairs into objects; unknown or invisible ones are a 400."""
    targets, problems = [], []
    for kind, reference in links:
        if not (reference or "").strip():
            continue
        obj = resolve_target(acting_user, kind, reference)
        if obj is None:
            label = LINK_KINDS[kind].label if kind in LINK_KINDS else kind
            problems.append(_("未找到您可查看的%(kind)s“%(ref)s”。") % {"kind": label, "ref": reference})
        else:
            targets.append(obj)
    if problems:
        raise ValidationError({"links": problems})
    return targets


def _link(entry, targets: Sequence, acting_user) -> None:
    field = "matter" if isinstance(entry, CoordinationMatter) else "liaison"
    for obj in targets:
        content_type = ContentType.objects.get_for_model(obj)
        if RegisterLink.objects.filter(**{field: entry}, target_type=content_type, target_id=obj.pk).exists():
            continue
        try:
            with transaction.atomic():
                RegisterLink.objects.create(**{field: entry}, target_type=content_type, target_id=obj.pk,
                                            label=describe(obj), created_by=acting_user)
        except IntegrityError:
            pass  # linked by someone else at the same moment: the link exists, which is what was asked


def create_coordination_matter(*, acting_user, recorded_by: Organization, title: str, description: str,
                               matter_date: date, category: str = CoordinationMatter.Category.MAJOR_DIFFICULT,
                               organizations: Sequence[Organization] = (), outcome: str = "",
                               status: str = CoordinationMatter.Status.OPEN,
                               links: Sequence[tuple[str, str]] = ()) -> CoordinationMatter:
    _check_recorder(acting_user, recorded_by)
    errors: dict[str, list[str]] = {}
    _require(errors, "title", title, _("请填写事项名称。"))
    _require(errors, "description", description, _("请填写事项情况。"))
    _require(errors, "matter_date", matter_date, _("请填写日期。"))
    if category not in CoordinationMatter.Category.values:
        errors.setdefault("category", []).append(_("无效的类别。"))
    if status not in CoordinationMatter.Status.values:
        errors.setdefault("status", []).append(_("无效的状态。"))
    elif status != CoordinationMatter.Status.OPEN and not (outcome or "").strip():
        errors.setdefault("outcome", []).append(_("协调已有结果时，请填写协调结果。"))
    if errors:
        raise ValidationError(errors)
    # The bodies named must be within the recording organisation's area: naming another county's
    # agency would show it the matter.
    check_organizations(organizations, within=recorded_by, field="organizations")
    targets = resolve_links(acting_user, links)
    with transaction.atomic():
        matter = CoordinationMatter.objects.create(
            recorded_by=recorded_by, category=category, title=title.strip(), description=description.strip(),
            matter_date=matter_date, outcome=(outcome or "").strip(), status=status, created_by=acting_user,
        )
        matter.organizations.set(organizations)
        _link(matter, targets, acting_user)
    return matter


def record_matter_outcome(matter: CoordinationMatter, *, acting_user, status: str, outcome: str) -> CoordinationMatter:
    """Record where a matter stands: resolved, reported to the government (Art. 7, 9), or closed."""
    _check_recorder(acting_user, matter.recorded_by)
    errors: dict[str, list[str]] = {}
    if status not in CoordinationMatter.Status.values:
        errors["status"] = [_("无效的状态。")]
    elif status != CoordinationMatter.Status.OPEN and not (outcome or "").strip():
        errors["outcome"] = [_("请填写协调结果。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = CoordinationMatter.objects.select_for_update().get(pk=matter.pk)
        locked.status = status
        locked.outcome = (outcome or "").strip()
        locked.save(update_fields=["status", "outcome", "updated_at"])
    return locked


def create_liaison_record(*, acting_user, recorded_by: Organization, counterpart_kind: str, counterpart_name: str,
                          exchange_type: str, exchange_date: date, summary: str,
                          direction: str = LiaisonRecord.Direction.OUTGOING, reference: str = "",
                          links: Sequence[tuple[str, str]] = ()) -> LiaisonRecord:
    _check_recorder(acting_user, recorded_by)
    errors: dict[str, list[str]] = {}
    if counterpart_kind not in LiaisonRecord.CounterpartKind.values:
        errors["counterpart_kind"] = [_("请选择衔接机关类别。")]
    _require(errors, "counterpart_name", counterpart_name, _("请填写衔接机关名称。"))
    if exchange_type not in LiaisonRecord.ExchangeType.values:
        errors["exchange_type"] = [_("请选择衔接方式。")]
    if direction not in LiaisonRecord.Direction.values:
        errors["direction"] = [_("请选择方向。")]
    _require(errors, "exchange_date", exchange_date, _("请填写日期。"))
    _require(errors, "summary", summary, _("请填写内容摘要。"))
    if errors:
        raise ValidationError(errors)
    targets = resolve_links(acting_user, links)
    with transaction.atomic():
        record = LiaisonRecord.objects.create(
            recorded_by=recorded_by, counterpart_kind=counterpart_kind, counterpart_name=counterpart_name.strip(),
            exchange_type=exchange_type, direction=direction, exchange_date=exchange_date, summary=summary.strip(),
            reference=(reference or "").strip(), created_by=acting_user,
        )
        _link(record, targets, acting_user)
    return record


def link_register_entry(entry, *, acting_user, links: Sequence[tuple[str, str]]):
    """Link an existing entry to more proposals, disputes or cases."""
    _check_recorder(acting_user, entry.recorded_by)
    targets = resolve_links(acting_user, links)
    if not targets:
        raise ValidationError({"links": [_("请填写要关联的事项编号。")]})
    with transaction.atomic():
        _link(entry, targets, acting_user)
    return entry
