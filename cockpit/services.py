"""Use cases of the cockpit: periodic briefings, assessment weights, commendations (办法 Art. 9, 23, 24; 条例 Art. 6).

Briefings: `draft_briefing` computes and freezes the figures (by hand or by the periodic task,
`draft_due_briefings`), `revise_commentary` lets the bureau's clerk write the analysis, and
`issue_briefing` signs it off through the documents app's own `issue_document` (numbered in the
bureau's 通报 / 报告 series, GB/T 9704 layout, sealed and rendered by the worker like every 公文).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import issue_document
from organizations.models import Organization, OrganizationKind, Role
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted, InvalidState

from .briefings import briefing_figures, last_completed, period_bounds
from .models import AssessmentWeight, Audience, Briefing, Commendation, Indicator, PeriodKind

WRITING_ROLES = (Role.CLERK, Role.REVIEWER, Role.LEADER)
SIGNING_ROLES = (Role.LEADER,)


def _require(user, organization, roles, label: str) -> None:
    if user is None or not (getattr(user, "is_superuser", False) or has_role(user, roles, organizations=[organization])):
        raise ActionNotPermitted(_("只有%(org)s的%(who)s可以%(label)s。") % {
            "org": organization.name, "who": "、".join(str(Role(r).label) for r in roles), "label": label})


def government_of(bureau: Organization) -> Organization | None:
    """本级人民政府: the government of the bureau's own division."""
    return Organization.objects.filter(kind=OrganizationKind.GOVERNMENT, division=bureau.division,
                                       is_active=True).order_by("pk").first()


# --- Briefings (办法 Art. 9; 条例 Art. 6) ----------------------------------------------------------


def draft_briefing(*, bureau: Organization, period_kind: str, period_start: date, audience: str = Audience.BRIEFING,
                   acting_user=None) -> Briefing:
    """Compute the period's figures for the bureau's area and keep them as a draft briefing.

    On demand (a person of the bureau) or by the periodic task (`acting_user` None). A period drafted
    already is refused with a message (the clerk opens the existing draft instead).
    """
    if bureau.kind != OrganizationKind.JUSTICE_BUREAU:
        raise ValidationError({"bureau": [_("定期通报由司法行政部门制发。")]})
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": [_("周期应为月度、季度或年度。")]})
    if audience not in Audience.values:
        raise ValidationError({"audience": [_("类别应为工作通报或向本级人民政府报告。")]})
    if acting_user is not None:
        _require(acting_user, bureau, WRITING_ROLES, _("生成定期通报"))
    start, end = period_bounds(period_kind, period_start)
    if start > timezone.localdate():
        raise ValidationError({"period_start": [_("统计期间尚未开始。")]})
    if Briefing.objects.filter(bureau=bureau, audience=audience, period_kind=period_kind, period_start=start).exists():
        raise ValidationError({"period_start": [_("该期间的通报已经生成，请打开已有的草稿。")]})
    figures = briefing_figures(bureau, start, end)
    try:
        with transaction.atomic():
            return Briefing.objects.create(bureau=bureau, audience=audience, period_kind=period_kind,
                                           period_start=start, period_end=end, figures=figures,
                                           created_by=acting_user)
    except IntegrityError as exc:  # drafted by someone else at the same moment
        raise ValidationError({"period_start": [_("该期间的通报已经生成，请打开已有的草稿。")]}) from exc


def draft_due_briefings(today: date | None = None) -> list[Briefing]:
    """The periodic task: for each bureau, draft last month's, last quarter's and last year's briefing and
    report to the government, each once (it runs daily, so a day the worker was down is caught up)."""
    today = today or timezone.localdate()
    drafted = []
    bureaus = Organization.objects.filter(kind=OrganizationKind.JUSTICE_BUREAU, is_active=True).select_related(
        "division").order_by("pk")
    for kind in PeriodKind.values:
        start, _end = last_completed(kind, today)
        for audience in Audience.values:
            have = set(Briefing.objects.filter(audience=audience, period_kind=kind, period_start=start)
                       .values_list("bureau_id", flat=True))
            for bureau in bureaus:
                if bureau.pk in have:
                    continue
                try:
                    drafted.append(draft_briefing(bureau=bureau, period_kind=kind, period_start=start,
                                                  audience=audience))
                except ValidationError:
                    continue  # drafted meanwhile by a person
    return drafted


def _locked_draft(briefing: Briefing) -> Briefing:
    locked = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if locked.state != Briefing.State.DRAFT:
        raise InvalidState(_("该通报已经印发，不能再修改。"))
    return locked


def revise_commentary(briefing: Briefing, *, commentary: str, acting_user) -> Briefing:
    """The clerk's analysis and proposals; the computed figures stay as frozen."""
    _require(acting_user, briefing.bureau, WRITING_ROLES, _("撰写通报"))
    commentary = (commentary or "").strip()
    if len(commentary) > 8000:
        raise ValidationError({"commentary": [_("内容过长：最多8000字。")]})
    with transaction.atomic():
        locked = _locked_draft(briefing)
        locked.commentary = commentary
        locked.commentary_by = acting_user
        locked.save(update_fields=["commentary", "commentary_by"])
    return locked


def briefing_context(briefing: Briefing) -> dict:
    """The document's context: the frozen figures and the clerk's commentary, nothing recomputed."""
    figures = briefing.figures
    context = {
        "period_label": briefing.period_label,
        "summary": list(figures.get("paragraphs", [])),
        "tables": list(figures.get("tables", [])),
        "commendations": list(figures.get("commendations", [])),
    }
    if briefing.commentary:
        context["commentary"] = briefing.commentary
    return context


def briefing_kind(briefing: Briefing) -> str:
    return "supervision_work_report" if briefing.audience == Audience.GOVERNMENT_REPORT else "supervision_briefing"


def briefing_recipients(briefing: Briefing) -> list[Organization]:
    bureau = briefing.bureau
    if briefing.audience == Audience.GOVERNMENT_REPORT:
        government = government_of(bureau)
        return [government] if government else []
    # The 通报 goes to the enforcement agencies of the bureau's own area (and the 司法所 below it).
    return list(Organization.objects.filter(
        kind__in=[OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.JUSTICE_OFFICE], is_active=True,
        division__code__startswith=bureau.division.code).order_by("division__code", "pk")[:200])


def issue_briefing(briefing: Briefing, *, acting_user) -> Briefing:
    """Sign off: the leader of the bureau issues it as a numbered 公文 (documents.services.issue_document)."""
    _require(acting_user, briefing.bureau, SIGNING_ROLES, _("签发通报"))
    if not briefing.commentary.strip():
        raise ValidationError({"commentary": [_("请先撰写分析和工作建议，再签发。")]})
    kind = briefing_kind(briefing)
    recipients = briefing_recipients(briefing)
    if not recipients:
        raise ValidationError({"non_field_errors": [_("没有找到本级人民政府，无法报送。")]})
    with transaction.atomic():
        locked = _locked_draft(briefing)
        document = issue_document(kind=kind, issuer=locked.bureau, subject=locked, recipients=recipients,
                                  context=briefing_context(locked), issued_by=acting_user)
        locked.document = document
        locked.state = Briefing.State.ISSUED
        locked.issued_at = timezone.now()
        locked.issued_by = acting_user
        locked.save(update_fields=["document", "state", "issued_at", "issued_by"])
    return locked


# --- Assessment weights (Art. 23) ----------------------------------------------------------------


def save_weights(*, bureau: Organization, year: int, weights: dict, acting_user) -> dict:
    """The bureau sets the weight of each indicator for a year (0–100 each, 100 in total)."""
    _require(acting_user, bureau, (Role.REVIEWER, Role.LEADER), _("设置考核指标权重"))
    errors = {}
    cleaned = {}
    for indicator in Indicator.values:
        try:
            value = Decimal(str(weights.get(indicator, "")))
        except Exception:
            errors[indicator] = [_("请填写0至100之间的数字。")]
            continue
        if not (Decimal(0) <= value <= Decimal(100)):
            errors[indicator] = [_("请填写0至100之间的数字。")]
            continue
        cleaned[indicator] = value.quantize(Decimal("0.1"))
    if not errors and sum(cleaned.values()) != Decimal(100):
        errors["non_field_errors"] = [_("各项权重合计应为100，现为%(total)s。") % {"total": sum(cleaned.values())}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for indicator, value in cleaned.items():
            AssessmentWeight.objects.update_or_create(bureau=bureau, year=year, indicator=indicator,
                                                      defaults={"weight": value, "updated_by": acting_user})
    return cleaned


# --- Commendations (Art. 24) ---------------------------------------------------------------------


def propose_commendation(*, proposer: Organization, organization: Organization, year: int, deeds: str,
                         person_name: str = "", acting_user) -> Commendation:
    """The bureau proposes (提请) that its government commend an agency or one of its people."""
    _require(acting_user, proposer, WRITING_ROLES, _("提请表彰"))
    if proposer.kind != OrganizationKind.JUSTICE_BUREAU:
        raise ValidationError({"proposer": [_("表彰由司法行政部门提请。")]})
    errors = {}
    if not (deeds or "").strip():
        errors["deeds"] = [_("请填写主要事迹。")]
    if not organization.division.code.startswith(proposer.division.code):
        errors["organization"] = [_("只能提请表彰本辖区的单位或个人。")]
    if organization.kind not in (OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.GOVERNMENT,
                                 OrganizationKind.JUSTICE_OFFICE, OrganizationKind.ENFORCEMENT_GUIDANCE):
        errors["organization"] = [_("受表彰单位应为行政执法机关、乡镇人民政府或司法所等。")]
    government = government_of(proposer)
    if government is None:
        errors["non_field_errors"] = [_("没有找到本级人民政府。")]
    if errors:
        raise ValidationError(errors)
    return Commendation.objects.create(proposer=proposer, government=government, organization=organization,
                                       person_name=(person_name or "").strip(), year=year, deeds=deeds.strip(),
                                       proposed_by=acting_user)


def decide_commendation(commendation: Commendation, *, approve: bool, note: str = "", acting_user) -> Commendation:
    """The government decides (Art. 24: 由本级人民政府给予表彰); recorded on the unit's record either way."""
    _require(acting_user, commendation.government, (Role.LEADER,), _("决定表彰"))
    with transaction.atomic():
        locked = Commendation.objects.select_for_update().get(pk=commendation.pk)
        if locked.state != Commendation.State.PROPOSED:
            raise InvalidState(_("该表彰已经决定。"))
        locked.state = Commendation.State.APPROVED if approve else Commendation.State.REJECTED
        locked.decided_at = timezone.now()
        locked.decided_by = acting_user
        locked.decision_note = (note or "").strip()
        locked.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    return locked
