"""Writes for 案卷评查 (Art. 11 (2)): scoring templates and scoring sheets, one function per use case."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import SUPERVISORY_KINDS, Organization, OrganizationKind
from organizations.reach import check_people
from workflow.errors import ActionNotPermitted, InvalidState
from workflow.machine import transition

from .models import FULL_MARKS, Category, FileType, Grade, ReviewScore, ReviewSheet, ReviewTemplate, ReviewTemplateItem
from .rules import SHEET_WORKFLOW, may_edit_sheet, may_edit_template

FILE_REVIEW = "file_review"
HALF = Decimal("0.5")


# --- Templates -------------------------------------------------------------------------------


def _clean_items(items: Iterable[dict]) -> list[dict]:
    """Each item: category, description, max_points (multiples of 0.5); 100 points in all.

    The grade bands (90/80/60) are absolute, so every template must add up to full marks.
    """
    cleaned, errors = [], []
    for n, raw in enumerate(items, start=1):
        category = (raw.get("category") or "").strip()
        description = (raw.get("description") or "").strip()
        try:
            points = Decimal(str(raw.get("max_points")))
        except (InvalidOperation, TypeError, ValueError):
            points = None
        if category not in Category.values:
            errors.append(_("第%(n)d项：请选择评查类别。") % {"n": n})
        if not description:
            errors.append(_("第%(n)d项：请填写评查内容。") % {"n": n})
        if points is None or not points.is_finite() or points <= 0 or points % HALF != 0 or points > 100:
            errors.append(_("第%(n)d项：分值须为大于0的整数或半分（如2、2.5）。") % {"n": n})
        else:
            cleaned.append({"category": category, "description": description[:300], "max_points": points})
    if not errors and not cleaned:
        errors.append(_("模板至少需要一个评查项目。"))
    if not errors:
        total = sum(i["max_points"] for i in cleaned)
        if total != FULL_MARKS:
            errors.append(_("各评查项目分值合计须为100分，现为%(total)s分。") % {"total": total.normalize()})
    if errors:
        raise ValidationError({"items": errors})
    return cleaned


def _write_items(template: ReviewTemplate, items: list[dict]) -> None:
    ReviewTemplateItem.objects.bulk_create(
        ReviewTemplateItem(template=template, order=n, **item) for n, item in enumerate(items, start=1)
    )


def create_template(*, owner: Organization, name: str, items: Iterable[dict], acting_user, description: str = "",
                    is_active: bool = True) -> ReviewTemplate:
    if owner.kind != OrganizationKind.JUSTICE_BUREAU:
        raise ValidationError({"owner": [_("评查模板由司法局制定。")]})
    if not may_edit_template(acting_user, owner):
        raise ActionNotPermitted(_("只有本局审核人或负责人可以制定评查模板。"))
    if not (name or "").strip():
        raise ValidationError({"name": [_("请填写模板名称。")]})
    cleaned = _clean_items(items)
    with transaction.atomic():
        template = ReviewTemplate.objects.create(owner=owner, name=name.strip()[:100], description=description.strip(),
                                                 is_active=is_active, created_by=acting_user)
        _write_items(template, cleaned)
    return template


def update_template(template: ReviewTemplate, *, name: str, items: Iterable[dict], acting_user,
                    description: str = "") -> ReviewTemplate:
    """Edit a template. Once sheets use it, the edit becomes a new version and sheets keep theirs.

    Returns the template now in force (the same row, or the new version).
    """
    if not may_edit_template(acting_user, template.owner):
        raise ActionNotPermitted(_("只有制定机关的审核人或负责人可以修改评查模板。"))
    if not (name or "").strip():
        raise ValidationError({"name": [_("请填写模板名称。")]})
    cleaned = _clean_items(items)
    with transaction.atomic():
        locked = ReviewTemplate.objects.select_for_update().get(pk=template.pk)
        if hasattr(locked, "next_version"):
            raise InvalidState(_("该模板已有新版本，请修改最新版本。"))
        if not locked.sheets.exists():
            locked.name, locked.description = name.strip()[:100], description.strip()
            locked.save(update_fields=["name", "description", "updated_at"])
            # Unused items of an unused template: configuration, not a record; replaced outright.
            locked.items.all().delete()
            _write_items(locked, cleaned)
            return locked
        was_active = locked.is_active
        if was_active:
            # One active version per family (a partial unique constraint): retire this one first.
            locked.is_active = False
            locked.save(update_fields=["is_active", "updated_at"])
        version = ReviewTemplate.objects.filter(family=locked.family).aggregate(v=Max("version"))["v"] + 1
        new = ReviewTemplate.objects.create(
            family=locked.family, version=version, name=name.strip()[:100], description=description.strip(),
            owner=locked.owner, is_active=was_active, previous=locked, created_by=acting_user,
        )
        _write_items(new, cleaned)
        return new


def set_template_active(template: ReviewTemplate, *, active: bool, acting_user) -> ReviewTemplate:
    if not may_edit_template(acting_user, template.owner):
        raise ActionNotPermitted(_("只有制定机关的审核人或负责人可以启用或停用评查模板。"))
    with transaction.atomic():
        locked = ReviewTemplate.objects.select_for_update().get(pk=template.pk)
        if active and hasattr(locked, "next_version"):
            raise InvalidState(_("只能启用模板的最新版本。"))
        locked.is_active = active
        locked.save(update_fields=["is_active", "updated_at"])
    return locked


def default_template_for(organization: Organization) -> ReviewTemplate | None:
    """The active template of the organisation's own 司法局, else the city bureau's (the shared standard)."""
    from organizations.models import Division

    bureau = organization if organization.kind == OrganizationKind.JUSTICE_BUREAU else organization.justice_bureau()
    candidates = [bureau] if bureau is not None else []
    candidates += list(Organization.objects.filter(kind=OrganizationKind.JUSTICE_BUREAU, is_active=True,
                                                   division__level=Division.Level.CITY))
    for owner in candidates:
        template = ReviewTemplate.objects.filter(owner=owner, is_active=True).order_by("-updated_at").first()
        if template is not None:
            return template
    return None


# --- Sheets ----------------------------------------------------------------------------------


def _clean_sheet_fields(case, *, agency, file_number, file_title, file_type, reviewed_on, reviewers) -> dict:
    errors: dict[str, list[str]] = {}
    if agency is None or not case.supervised_units.filter(pk=agency.pk).exists():
        errors["agency"] = [_("被评查单位须为本案的被监督单位。")]
    if not (file_number or "").strip():
        errors["file_number"] = [_("请填写案卷编号（文号）。")]
    if not (file_title or "").strip():
        errors["file_title"] = [_("请填写案卷名称。")]
    if file_type not in FileType.values:
        errors["file_type"] = [_("请选择案卷类型。")]
    if reviewed_on is None:
        errors["reviewed_on"] = [_("请填写评查日期。")]
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = [_("评查日期不能晚于今天。")]
    reviewers = [u for u in (reviewers or []) if u is not None]
    if not reviewers:
        errors["reviewers"] = [_("请至少选择一名评查人员。")]
    elif any(not u.is_active for u in reviewers):
        errors["reviewers"] = [_("评查人员须为在岗人员。")]
    if errors:
        raise ValidationError(errors)
    # Reviewers come from the supervising bodies of the case's area, never from another county.
    check_people(reviewers, within=case.handling_org, field="reviewers", kinds=SUPERVISORY_KINDS)
    return {"agency": agency, "file_number": file_number.strip()[:100], "file_title": file_title.strip()[:200],
            "file_type": file_type, "reviewed_on": reviewed_on}


def _clean_scores(template: ReviewTemplate, scores: Iterable[dict]) -> dict[int, tuple[Decimal, str]]:
    """{item_id: (deduction, reason)}; a deduction is 0 ≤ d ≤ the item's points and needs a reason."""
    items = {item.pk: item for item in template.items.all()}
    cleaned, errors = {}, []
    for raw in scores or []:
        item_ref = raw.get("item")
        item = items.get(getattr(item_ref, "pk", item_ref))
        if item is None:
            try:
                item = items.get(int(item_ref))
            except (TypeError, ValueError):
                item = None
        if item is None:
            errors.append(_("评查项目“%(item)s”不属于本表所用模板。") % {"item": item_ref})
            continue
        label = _("第%(n)d项“%(desc)s”") % {"n": item.order, "desc": item.description[:30]}
        raw_deduction = raw.get("deduction")
        try:
            deduction = Decimal(str(raw_deduction if raw_deduction not in (None, "") else "0"))
        except (InvalidOperation, TypeError, ValueError):
            errors.append(_("%(label)s：扣分须为数字。") % {"label": label})
            continue
        reason = (raw.get("reason") or "").strip()
        if not deduction.is_finite() or deduction < 0:
            errors.append(_("%(label)s：扣分不能为负数。") % {"label": label})
        elif deduction > item.max_points:
            errors.append(_("%(label)s：扣分不能超过该项分值%(max)s分。") % {"label": label,
                                                                        "max": item.max_points.normalize()})
        elif deduction % Decimal("0.1") != 0:
            errors.append(_("%(label)s：扣分最多保留一位小数。") % {"label": label})
        elif deduction > 0 and not reason:
            errors.append(_("%(label)s：扣分须写明理由。") % {"label": label})
        else:
            cleaned[item.pk] = (deduction, reason)
    if errors:
        raise ValidationError({"scores": errors})
    return cleaned


def _write_scores(sheet: ReviewSheet, scores: dict[int, tuple[Decimal, str]]) -> None:
    for item_id, (deduction, reason) in scores.items():
        ReviewScore.objects.filter(sheet=sheet, item_id=item_id).update(deduction=deduction, reason=reason)


def _check_case(case) -> None:
    if case.method != FILE_REVIEW:
        raise ValidationError({"case": [_("只有监督方式为“案卷评查”的案件才能填写评查表。")]})
    if case.is_closed:
        raise InvalidState(_("案件已办结，不能再填写或修改评查表。"))


def create_sheet(*, case, agency, file_number: str, file_title: str, file_type: str, reviewed_on, acting_user,
                 reviewers=None, comments: str = "", template: ReviewTemplate | None = None, scores=None,
                 supersedes: ReviewSheet | None = None) -> ReviewSheet:
    """填写评查表: one sheet per reviewed enforcement file, with a row for every template item."""
    _check_case(case)
    if not may_edit_sheet(acting_user, case):
        raise ActionNotPermitted(_("只有承办机关的工作人员可以填写评查表。"))
    template = template or default_template_for(case.handling_org)
    if template is None:
        raise ValidationError({"template": [_("尚无可用的评查模板，请先由司法局制定评查模板。")]})
    if not template.is_active and supersedes is None:
        raise ValidationError({"template": [_("该评查模板已停用或已有新版本。")]})
    reviewers = list(reviewers) if reviewers else [acting_user]
    fields = _clean_sheet_fields(case, agency=agency, file_number=file_number, file_title=file_title,
                                 file_type=file_type, reviewed_on=reviewed_on, reviewers=reviewers)
    cleaned_scores = _clean_scores(template, scores)
    with transaction.atomic():
        sheet = ReviewSheet.objects.create(case=case, template=template, comments=(comments or "").strip(),
                                           created_by=acting_user, supersedes=supersedes, **fields)
        sheet.reviewers.set(reviewers)
        ReviewScore.objects.bulk_create(ReviewScore(sheet=sheet, item=item) for item in template.items.all())
        _write_scores(sheet, cleaned_scores)
        note = _("更正 %(sheet)s") % {"sheet": supersedes} if supersedes else ""
        sheet.transitions.create(action="create", from_state="", to_state=sheet.state, actor=acting_user, note=note)
    return sheet


def update_sheet(sheet: ReviewSheet, *, acting_user, scores=None, **fields) -> ReviewSheet:
    """Edit a draft (its data and/or its scores). A finalised sheet never changes (see `correct_sheet`)."""
    if not may_edit_sheet(acting_user, sheet):
        raise ActionNotPermitted(_("只有承办机关的工作人员可以修改评查表。"))
    with transaction.atomic():
        locked = ReviewSheet.objects.select_for_update().select_related("case", "template").get(pk=sheet.pk)
        if not locked.is_editable:
            raise InvalidState(_("评查表已%(state)s，不能修改；如需更正，请新建更正评查表。")
                               % {"state": locked.get_state_display()})
        _check_case(locked.case)
        reviewers = fields.pop("reviewers", None)
        merged = {
            "agency": fields.get("agency", locked.agency),
            "file_number": fields.get("file_number", locked.file_number),
            "file_title": fields.get("file_title", locked.file_title),
            "file_type": fields.get("file_type", locked.file_type),
            "reviewed_on": fields.get("reviewed_on", locked.reviewed_on),
            "reviewers": list(reviewers) if reviewers is not None else list(locked.reviewers.all()),
        }
        cleaned = _clean_sheet_fields(locked.case, **merged)
        cleaned_scores = _clean_scores(locked.template, scores) if scores is not None else {}
        for name, value in cleaned.items():
            setattr(locked, name, value)
        if "comments" in fields:
            locked.comments = (fields["comments"] or "").strip()
        locked.save()
        if reviewers is not None:
            locked.reviewers.set(merged["reviewers"])
        _write_scores(locked, cleaned_scores)
    return locked


def finalise_sheet(sheet: ReviewSheet, *, acting_user, note: str = "") -> ReviewSheet:
    """定稿: compute and store the total and grade; from now on the sheet is immutable.

    If it corrects an earlier sheet, that one is marked superseded in the same transaction, so
    the statistics count exactly one sheet per reviewed file.
    """
    with transaction.atomic():
        locked = ReviewSheet.objects.select_for_update().select_related("case").get(pk=sheet.pk)
        SHEET_WORKFLOW.check(locked, acting_user, "finalise")
        _check_case(locked.case)
        full = locked.template.items.aggregate(total=Sum("max_points"))["total"] or Decimal("0")
        deducted = locked.scores.aggregate(total=Sum("deduction"))["total"] or Decimal("0")
        total = max(full - deducted, Decimal("0"))
        grade = Grade.for_score(total)
        finalised = transition(locked, workflow=SHEET_WORKFLOW, action="finalise", actor=acting_user,
                               note=note or _("得分%(total)s，%(grade)s") % {"total": total, "grade": grade.label},
                               changes={"total_score": total, "grade": grade, "finalised_at": timezone.now(),
                                        "finalised_by": acting_user})
        if finalised.supersedes_id:
            transition(finalised.supersedes, workflow=SHEET_WORKFLOW, action="supersede", actor=acting_user,
                       system=True, note=_("被评查表 #%(pk)d 更正") % {"pk": finalised.pk})
    return finalised


def correct_sheet(sheet: ReviewSheet, *, acting_user) -> ReviewSheet:
    """更正: a new draft copying a finalised sheet; finalising it supersedes the original."""
    with transaction.atomic():
        locked = ReviewSheet.objects.select_for_update().select_related("case", "template").get(pk=sheet.pk)
        SHEET_WORKFLOW.check(locked, acting_user, "correct")
        pending = ReviewSheet.objects.filter(supersedes=locked).first()
        if pending is not None:
            raise InvalidState(_("该评查表已有更正草稿（#%(pk)d），请继续编辑该草稿。") % {"pk": pending.pk})
        scores = [{"item": s.item_id, "deduction": s.deduction, "reason": s.reason} for s in locked.scores.all()]
        correction = create_sheet(
            case=locked.case, agency=locked.agency, file_number=locked.file_number, file_title=locked.file_title,
            file_type=locked.file_type, reviewed_on=locked.reviewed_on, reviewers=list(locked.reviewers.all()),
            comments=locked.comments, template=locked.template, scores=scores, supersedes=locked,
            acting_user=acting_user,
        )
        transition(locked, workflow=SHEET_WORKFLOW, action="correct", actor=acting_user,
                   note=_("新建更正评查表 #%(pk)d") % {"pk": correction.pk})
    return correction


def discard_sheet(sheet: ReviewSheet, *, acting_user, reason: str = "") -> ReviewSheet:
    """作废草稿: a draft entered by mistake is kept, marked discarded (never deleted)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写作废理由。")]})
    # A discarded correction frees the original for another correction.
    return transition(sheet, workflow=SHEET_WORKFLOW, action="discard", actor=acting_user, note=reason,
                      changes={"supersedes": None})


def users_by_ids(ids) -> list:
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))
