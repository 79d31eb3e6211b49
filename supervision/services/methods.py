"""Methods of supervision (条例 Art. 14–21): classifying a case, 挂牌督办, 提级监督, and the 专项监督 工作方案."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import OrganizationKind, Role
from organizations.scoping import active_memberships, has_role
from workflow.errors import ActionNotPermitted, InvalidState

from ..models import (
    MODE_OF_METHOD,
    AssessmentMeans,
    CampaignState,
    CaseState,
    CaseTakeover,
    DailyMeans,
    SpecialCampaign,
    SupervisionCase,
    SupervisionMode,
)
from ..transitions import regulation_in_force
from .common import _check_bureau_record, _fmt, _fresh, _on_commit_notify


def _check_in_force() -> None:
    """挂牌督办, 提级监督 and the 专项 工作方案 are the 条例's (in force from 2026-02-01, Art. 44)."""
    if not regulation_in_force():
        raise InvalidState(_("《行政执法监督条例》自2026年2月1日起施行，此前适用《办法》规定的监督方式。"))

# Once the government has the case (or the case is closed), the handling bureau no longer changes.
NO_TAKEOVER_STATES = frozenset({CaseState.DECISION_REQUESTED, CaseState.DECISION_ISSUED, CaseState.DECISION_REPORTED})


def method_fields(*, method, mode="", daily_means="", assessment_means=(), campaign=None, handling_org=None) -> dict:
    """Validate the 条例's mode and means (ValidationError naming the fields) and return the case's fields.

    A blank mode takes the one the 办法's method maps to (案卷评查, 执法评议 → 日常监督; 专项监督 with its
    工作方案 → 专项监督).
    """
    mapped_mode, mapped_means = MODE_OF_METHOD.get(method, ("", ""))
    if method == "special" and campaign is not None:
        mapped_mode = SupervisionMode.SPECIAL
    mode = mode or mapped_mode
    daily_means = daily_means or (mapped_means if mode == mapped_mode else "")
    assessment_means = list(dict.fromkeys(assessment_means or ()))
    errors = {}
    if mode and mode not in SupervisionMode.values:
        errors["mode"] = [_("请选择《条例》第十四条规定的监督类别。")]
    if daily_means and (mode != SupervisionMode.DAILY or daily_means not in DailyMeans.values):
        errors["daily_means"] = [_("日常监督方式只适用于日常监督（《条例》第十五条）。")]
    if any(m not in AssessmentMeans.values for m in assessment_means):
        errors["assessment_means"] = [_("评估方式应为问卷调查、个别访谈或实地调研（《条例》第十六条）。")]
    elif daily_means == DailyMeans.ASSESSMENT and not assessment_means:
        errors["assessment_means"] = [_("请选择评估方式：问卷调查、个别访谈或实地调研（《条例》第十六条）。")]
    elif assessment_means and daily_means != DailyMeans.ASSESSMENT:
        errors["assessment_means"] = [_("评估方式只适用于法律法规执行情况评估。")]
    if mode == SupervisionMode.SPECIAL:
        if campaign is None:
            errors["campaign"] = [_("专项监督应当依经批准的工作方案开展（《条例》第二十一条第二款），请选择工作方案。")]
        elif campaign.state != CampaignState.APPROVED:
            errors["campaign"] = [_("该专项监督工作方案尚未经本级人民政府批准。")]
        elif handling_org is not None and not campaign.organiser.division.covers(handling_org.division):
            errors["campaign"] = [_("该工作方案不覆盖本承办机关的地区。")]
    elif campaign is not None:
        errors["campaign"] = [_("只有专项监督案件关联专项监督工作方案。")]
    if errors:
        raise ValidationError(errors)
    return {"mode": mode, "daily_means": daily_means, "assessment_means": assessment_means, "campaign": campaign}


def classify_method(case, *, acting_user, mode, daily_means="", assessment_means=(), campaign=None) -> SupervisionCase:
    """Record (or correct) a case's 条例 mode and means; the 办法's `method` is left as it was."""
    case = _fresh(case)
    _check_bureau_record(case, acting_user)
    if case.is_closed:
        raise InvalidState(_("案件已办结。"))
    if not mode:
        raise ValidationError({"mode": [_("请选择监督类别。")]})
    fields = method_fields(method="", mode=mode, daily_means=daily_means, assessment_means=assessment_means,
                           campaign=campaign, handling_org=case.handling_org)
    if case.listed_on and fields["mode"] != SupervisionMode.KEY:
        raise ValidationError({"mode": [_("挂牌督办的案件属于重点监督。")]})
    with transaction.atomic():
        SupervisionCase.objects.filter(pk=case.pk).update(**{k: v for k, v in fields.items() if k != "campaign"},
                                                          campaign=fields["campaign"])
        case.transitions.create(action="classify_method", from_state=case.state, to_state=case.state,
                                actor=acting_user, note=SupervisionMode(fields["mode"]).label)
    return _fresh(case)


def _higher_bureau_memberships(user, case):
    """The user's leader memberships in a 司法局 whose area strictly covers the handling organisation's."""
    area = case.handling_org.division
    return [m for m in active_memberships(user)
            if m.role == Role.LEADER and m.organization.kind == OrganizationKind.JUSTICE_BUREAU
            and m.organization.division.covers(area) and m.organization.division_id != area.pk]


def check_can_list(case, user) -> None:
    """Who may list a case (the page asks before showing the form; the service asks again)."""
    _check_in_force()
    own = has_role(user, (Role.LEADER,), organizations=[case.handling_org_id], kinds=(OrganizationKind.JUSTICE_BUREAU,))
    if not own and not _higher_bureau_memberships(user, case):
        raise ActionNotPermitted(_("只有承办司法局或其上级司法局的负责人可以挂牌督办。"))


def check_can_take_over(case, user) -> None:
    _check_in_force()
    if not _higher_bureau_memberships(user, case):
        raise ActionNotPermitted(_("只有上级司法行政部门的负责人可以提级监督。"))


def list_for_supervision(case, *, acting_user, reason, due_on=None) -> SupervisionCase:
    """挂牌督办 (条例 Art. 20 ¶3): a leader of the handling bureau or of a bureau above it lists the case for
    重点监督, with the reason and, if set, the date by which it is to be handled."""
    case = _fresh(case)
    check_can_list(case, acting_user)
    own = has_role(acting_user, (Role.LEADER,), organizations=[case.handling_org_id],
                   kinds=(OrganizationKind.JUSTICE_BUREAU,))
    higher = _higher_bureau_memberships(acting_user, case)
    if case.is_closed:
        raise InvalidState(_("案件已办结，不能挂牌督办。"))
    if case.listed_on:
        raise InvalidState(_("本案已于%(d)s挂牌督办。") % {"d": _fmt(case.listed_on)})
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("请写明挂牌督办的事由（企业和群众反映强烈、产生重大社会影响的典型问题等）。")]
    if due_on is not None and due_on <= timezone.localdate():
        errors["due_on"] = [_("督办办结时限应晚于今天。")]
    if errors:
        raise ValidationError(errors)
    listing_org = case.handling_org if own else higher[0].organization
    with transaction.atomic():
        SupervisionCase.objects.filter(pk=case.pk).update(
            mode=SupervisionMode.KEY, daily_means="", assessment_means=[], campaign=None, listed_by=listing_org,
            listed_on=timezone.localdate(), listed_reason=reason.strip(), listed_due=due_on)
        note = _("%(org)s挂牌督办：%(r)s") % {"org": listing_org.name, "r": reason.strip()}
        if due_on:
            note += _("（%(d)s前办结）") % {"d": _fmt(due_on)}
        case.transitions.create(action="list_for_supervision", from_state=case.state, to_state=case.state,
                                actor=acting_user, note=note)
    if listing_org.pk != case.handling_org_id:
        _on_commit_notify(organizations=[case.handling_org], roles=[Role.LEADER, Role.REVIEWER],
                          title=_("挂牌督办：%(n)s") % {"n": case.number}, body=reason.strip(), target=case,
                          url=case.get_absolute_url())
    return _fresh(case)


def take_over(case, *, acting_user, reason) -> SupervisionCase:
    """提级监督 (条例 Art. 20 ¶3): a higher bureau takes the case over with its history.

    The case keeps its number, timeline, records, instruments and clocks; the higher bureau becomes the
    handling organisation (its government decides under Art. 29 from now on) and the former one keeps
    reading the case (`escalated_from`).
    """
    case = _fresh(case)
    check_can_take_over(case, acting_user)
    higher = _higher_bureau_memberships(acting_user, case)
    if case.is_closed:
        raise InvalidState(_("案件已办结，不能提级监督。"))
    if case.state in NO_TAKEOVER_STATES:
        raise InvalidState(_("案件已报请本级人民政府决定，不能提级监督。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请写明提级监督的理由。")]})
    # The nearest higher bureau the user leads: the city bureau over a county's case.
    bureau = max((m.organization for m in higher), key=lambda o: len(o.division.code))
    former = case.handling_org
    with transaction.atomic():
        locked = SupervisionCase.objects.select_for_update().get(pk=case.pk)
        locked.handling_org, locked.escalated_from, locked.mode = bureau, former, SupervisionMode.KEY
        locked.daily_means, locked.assessment_means, locked.campaign = "", [], None
        locked.save(update_fields=["handling_org", "escalated_from", "mode", "daily_means", "assessment_means",
                                   "campaign", "updated_at"])
        CaseTakeover.objects.create(case=locked, from_org=former, to_org=bureau, reason=reason.strip(),
                                    taken_by=acting_user)
        locked.transitions.create(action="take_over", from_state=locked.state, to_state=locked.state, actor=acting_user,
                                  note=_("%(to)s提级监督（原承办机关：%(from)s）：%(r)s") % {
                                      "to": bureau.name, "from": former.name, "r": reason.strip()})
    _on_commit_notify(organizations=[former], roles=[Role.LEADER, Role.REVIEWER, Role.CLERK],
                      title=_("上级提级监督：%(n)s") % {"n": case.number}, body=reason.strip(), target=case,
                      url=case.get_absolute_url())
    return _fresh(case)


# --- 专项监督工作方案 (Art. 21) -----------------------------------------------------------------------


def _check_campaign_staff(user, organiser) -> None:
    if not has_role(user, (Role.CLERK, Role.REVIEWER, Role.LEADER), organizations=[organiser.pk],
                    kinds=(OrganizationKind.JUSTICE_BUREAU,)):
        raise ActionNotPermitted(_("只有组织实施的司法行政部门的工作人员可以拟订专项监督工作方案。"))


def draft_campaign(*, acting_user, organiser, title, provincial_programme, responsible_departments, focus, schedule,
                   requirements, starts_on, ends_on, basis="") -> SpecialCampaign:
    """拟订工作方案: a city or county bureau's part of a provincial 专项监督 (Art. 21)."""
    if organiser is None or organiser.kind != OrganizationKind.JUSTICE_BUREAU:
        raise ValidationError({"organiser": [_("专项监督由司法行政部门组织实施。")]})
    _check_campaign_staff(acting_user, organiser)
    _check_in_force()
    departments = list(responsible_departments or ())
    errors = {}
    for field, value, message in (
            ("title", title, _("请填写专项监督名称。")),
            ("provincial_programme", provincial_programme,
             _("专项监督由省级以上人民政府行政执法监督机构开展（《条例》第二十一条第一款），请写明所承接的省级工作方案。")),
            ("focus", focus, _("请写明监督重点。")), ("schedule", schedule, _("请写明进度安排。")),
            ("requirements", requirements, _("请写明工作要求。"))):
        if not (value or "").strip():
            errors[field] = [message]
    if not departments:
        errors["responsible_departments"] = [_("请明确责任部门。")]
    elif any(not organiser.division.covers(d.division) for d in departments):
        errors["responsible_departments"] = [_("责任部门应在本地区内。")]
    if starts_on is None or ends_on is None or ends_on < starts_on:
        errors["ends_on"] = [_("结束日期不能早于开始日期。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign = SpecialCampaign.objects.create(
            organiser=organiser, title=title.strip(), provincial_programme=provincial_programme.strip(),
            focus=focus.strip(), schedule=schedule.strip(), requirements=requirements.strip(), basis=(basis or "").strip(),
            starts_on=starts_on, ends_on=ends_on, drafted_by=acting_user)
        campaign.responsible_departments.set(departments)
    return campaign


def submit_campaign(campaign, *, acting_user) -> SpecialCampaign:
    """报本级人民政府批准: the organising bureau's leader."""
    if not has_role(acting_user, (Role.LEADER,), organizations=[campaign.organiser_id]):
        raise ActionNotPermitted(_("只有组织实施机关的负责人可以报批工作方案。"))
    with transaction.atomic():
        campaign = SpecialCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != CampaignState.DRAFT:
            raise InvalidState(_("工作方案已报批。"))
        campaign.state, campaign.submitted_at = CampaignState.SUBMITTED, timezone.now()
        campaign.save(update_fields=["state", "submitted_at"])
    government = campaign.organiser.government()
    if government is not None:
        _on_commit_notify(organizations=[government], roles=[Role.LEADER],
                          title=_("专项监督工作方案报批：%(t)s") % {"t": campaign.title}, target=campaign,
                          url=campaign.get_absolute_url())
    return campaign


def approve_campaign(campaign, *, acting_user, approval_reference="", approved_on=None) -> SpecialCampaign:
    """The government of the organiser's level approves the plan (Art. 21 ¶2), on the record."""
    government = campaign.organiser.government()
    if government is None or not has_role(acting_user, (Role.LEADER,), organizations=[government.pk]):
        raise ActionNotPermitted(_("只有组织实施机关的本级人民政府负责人可以批准工作方案。"))
    approved_on = approved_on or timezone.localdate()
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": [_("批准日期不能晚于今天。")]})
    with transaction.atomic():
        campaign = SpecialCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != CampaignState.SUBMITTED:
            raise InvalidState(_("工作方案尚未报批或已批准。"))
        campaign.state, campaign.approving_government, campaign.approved_by = CampaignState.APPROVED, government, acting_user
        campaign.approval_reference, campaign.approved_on = (approval_reference or "").strip(), approved_on
        campaign.save(update_fields=["state", "approving_government", "approved_by", "approval_reference", "approved_on"])
    _on_commit_notify(organizations=[campaign.organiser], roles=[Role.LEADER, Role.REVIEWER, Role.CLERK],
                      title=_("专项监督工作方案已批准：%(t)s") % {"t": campaign.title}, target=campaign,
                      url=campaign.get_absolute_url())
    return campaign
