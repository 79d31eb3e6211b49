"""Investigation steps and evidence (Art. 13, 14)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import OrganizationKind
from organizations.reach import check_people
from workflow.errors import ActionNotPermitted, InvalidState

from ..models import (
    ONSITE_KINDS,
    REGULATION_IN_FORCE,
    Activity,
    ActivityKind,
    ActivityParticipant,
    CaseState,
    EvidenceFile,
    OutsideParticipant,
    SupervisionCase,
    TalkTarget,
)
from ..transitions import is_case_staff
from .common import _fmt, _person, _store

# The 条例's Art. 22 measures, added beside the 办法's Art. 13 kinds: dated from 2026-02-01 only.
REGULATION_KINDS = frozenset({ActivityKind.INSPECTION, ActivityKind.COVERT_VISIT, ActivityKind.SYMPOSIUM,
                              ActivityKind.STATISTICS, ActivityKind.EVALUATION, ActivityKind.COPY_MATERIALS,
                              ActivityKind.TALK})

# Investigation records may be added until the notice goes out (Art. 13).
RECORDING_STATES = (CaseState.OPEN, CaseState.INVESTIGATING, CaseState.VIOLATION_FOUND)


def can_record_activity(user, case) -> bool:
    """Would record_activity accept this user on this case now? (The case page offers the button.)"""
    return is_case_staff(user, case) and case.state in RECORDING_STATES


def _check_can_record(case, acting_user) -> None:
    if not is_case_staff(acting_user, case):
        raise ActionNotPermitted(_("只有承办机关的经办人或审核人可以记录调查活动。"))
    if case.state not in RECORDING_STATES:
        raise InvalidState(_("案件当前状态为“%(state)s”，不能再记录调查活动。") % {"state": case.get_state_display()})


# 行政执法监督人员 serve in the judicial administration (justice bureaus and their 司法所).
SUPERVISION_STAFF_KINDS = (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.JUSTICE_OFFICE)


def _check_onsite_staffing(occurred_on: date, supervisors: list[tuple]) -> dict:
    """Art. 14: at least two supervisors on site, each showing a certificate valid that day.

    Returns {user_id: certificate}; the error names everyone who falls short.
    """
    from organizations.models import SupervisorCertificate

    problems, certificates = [], {}
    for user, shown in supervisors:
        cert = SupervisorCertificate.objects.valid_on(occurred_on).filter(holder=user).order_by("-valid_to").first()
        if cert is None:
            problems.append(_("%(name)s 在%(day)s没有有效的行政执法监督证") % {"name": _person(user), "day": _fmt(occurred_on)})
        elif not shown:
            problems.append(_("%(name)s 出示执法监督证的情况未记录") % {"name": _person(user)})
        else:
            certificates[user.pk] = cert
    if len(supervisors) < 2:
        problems.insert(0, _("现场监督的行政执法监督人员不得少于两人（第十四条）"))
    if not problems and len(certificates) < 2:
        problems.append(_("现场监督须有两名以上持有效证件的监督人员（第十四条）"))
    if problems:
        raise ValidationError({"supervisors": problems})
    return certificates


def _within_reach(case, user) -> bool:
    """A supervisor belongs to a justice bureau or 司法所 whose area is within the case's bureau's area."""
    from organizations.models import OrganizationKind
    from organizations.scoping import active_memberships

    bureau = case.bureau or case.handling_org
    for m in active_memberships(user):
        org = m.organization
        if org.kind in (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.JUSTICE_OFFICE) and (
                org.pk == case.handling_org_id or bureau.division.covers(org.division)):
            return True
    return False


@transaction.atomic
def record_activity(case, *, acting_user, kind, occurred_on, record, supervisors, place="", other_participants="",
                    files=(), note="", talk_unit=None, talk_target="", talk_person="",
                    outside_participants=()) -> Activity:
    """Record one investigation step (办法 Art. 13; 条例 Art. 22) with its supervisors and evidence files.

    `supervisors` is a list of (user, certificate_shown) pairs. An on-site activity (实地调查, 检查) is
    refused unless Art. 14 is met. A 约谈 names the unit and the person talked to (its head or the person
    responsible, 条例 Art. 22 (5)); `record` is then the 约谈记录. `outside_participants` are the people
    invited under 条例 Art. 23 (dicts of category, name, affiliation): recorded apart, never supervisors.
    """
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    _check_can_record(case, acting_user)
    errors = {}
    if kind not in ActivityKind.values:
        errors["kind"] = [_("请选择第十三条规定的调查方式。")]
    if occurred_on is None:
        errors["occurred_on"] = [_("请填写日期。")]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("调查日期不能晚于今天。")]
    elif occurred_on < case.opened_on:
        errors["occurred_on"] = [_("调查日期不能早于立案日期（%(day)s）。") % {"day": _fmt(case.opened_on)}]
    if not (record or "").strip():
        errors["record"] = [_("请填写调查记录。")]
    if kind in REGULATION_KINDS and occurred_on is not None and occurred_on < REGULATION_IN_FORCE:
        errors["kind"] = [_("该监督措施是《行政执法监督条例》第二十二条规定的措施，适用于2026年2月1日以后的监督活动。")]
    if outside_participants and occurred_on is not None and occurred_on < REGULATION_IN_FORCE:
        errors["outside_participants"] = [_("邀请人大代表、政协委员等参加监督活动适用于2026年2月1日以后（《条例》第二十三条）。")]
    if kind == ActivityKind.TALK:
        if talk_unit is None or talk_unit.pk not in {u.pk for u in case.supervised_units.all()}:
            errors["talk_unit"] = [_("请选择被约谈的被监督单位。")]
        if talk_target not in TalkTarget.values:
            errors["talk_target"] = [_("约谈对象应为行政执法机关负责人或者相关责任人（《条例》第二十二条第五项）。")]
        if not (talk_person or "").strip():
            errors["talk_person"] = [_("请填写被约谈人的姓名、职务。")]
    elif talk_unit is not None or talk_target or (talk_person or "").strip():
        errors["talk_target"] = [_("约谈对象只适用于约谈。")]
    outside = []
    for row in outside_participants or ():
        category, name = row.get("category", ""), (row.get("name") or "").strip()
        if category not in OutsideParticipant.Category.values or not name:
            errors["outside_participants"] = [_("受邀参加人员须写明类别和姓名（《条例》第二十三条）。")]
            break
        outside.append(OutsideParticipant(category=category, name=name[:50],
                                          affiliation=(row.get("affiliation") or "").strip()[:100]))
    seen, unique = set(), []
    for user, shown in supervisors:
        if user.pk not in seen:
            seen.add(user.pk)
            unique.append((user, bool(shown)))
    if not unique:
        errors["supervisors"] = [_("请选择参加的监督人员。")]
    outsiders = [u for u, _shown in unique if not _within_reach(case, u)]
    if outsiders:
        # 条例 Art. 14 / 办法 Art. 14: the supervisors are the bureau's own (or its 司法所's) staff; outside
        # participants (Art. 23: 人大代表, 专家…) are recorded as other participants, never as supervisors.
        # Named by id, never by name: a person outside the bureau's reach is not the caller's to know.
        errors["supervisors"] = [_("%(name)s 不是本机关（或其所属司法所）的行政执法监督人员。") % {"name": f"#{u.pk}"}
                                 for u in outsiders]
    if errors:
        raise ValidationError(errors)
    # Only supervision staff of the handling organisation's area (named by id when refused: never
    # reveal another county's staff names).
    check_people([user for user, _shown in unique], within=case.handling_org, field="supervisors",
                 kinds=SUPERVISION_STAFF_KINDS)
    certificates = _check_onsite_staffing(occurred_on, unique) if kind in ONSITE_KINDS else {}
    if kind not in ONSITE_KINDS:
        # Certificates shown off site are still worth recording when they were.
        from organizations.models import SupervisorCertificate

        for user, shown in unique:
            if shown:
                cert = SupervisorCertificate.objects.valid_on(occurred_on).filter(holder=user).first()
                if cert:
                    certificates[user.pk] = cert
    activity = Activity.objects.create(case=case, kind=kind, occurred_on=occurred_on, place=place, record=record.strip(),
                                       other_participants=other_participants, recorded_by=acting_user,
                                       talk_unit=talk_unit if kind == ActivityKind.TALK else None,
                                       talk_target=talk_target if kind == ActivityKind.TALK else "",
                                       talk_person=(talk_person or "").strip() if kind == ActivityKind.TALK else "")
    for person in outside:
        person.activity = activity
    OutsideParticipant.objects.bulk_create(outside)
    for user, shown in unique:
        cert = certificates.get(user.pk)
        ActivityParticipant.objects.create(activity=activity, supervisor=user, certificate=cert,
                                           certificate_number=cert.number if cert else "", certificate_shown=bool(cert) and shown)
    for upload in files:
        _store(EvidenceFile, upload, case=case, activity=activity, uploaded_by=acting_user)
    case.transitions.create(action="record_activity", from_state=case.state, to_state=case.state, actor=acting_user,
                            note=_("%(kind)s（%(day)s）") % {"kind": activity.get_kind_display(), "day": _fmt(occurred_on)})
    return activity


@transaction.atomic
def add_evidence(case, *, acting_user, files, description="", activity=None) -> list[EvidenceFile]:
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    if not is_case_staff(acting_user, case):
        raise ActionNotPermitted(_("只有承办机关的经办人或审核人可以上传证据。"))
    if case.is_closed:
        raise InvalidState(_("案件已办结，不能再上传证据。"))
    files = list(files)
    if not files:
        raise ValidationError({"files": [_("请选择文件。")]})
    if activity is not None and activity.case_id != case.pk:
        raise ValidationError({"activity": [_("该调查活动不属于本案。")]})
    stored = [_store(EvidenceFile, f, case=case, activity=activity, description=description, uploaded_by=acting_user)
              for f in files]
    case.transitions.create(action="add_evidence", from_state=case.state, to_state=case.state, actor=acting_user,
                            note=_("上传证据 %(n)d 件") % {"n": len(stored)})
    return stored
