"""Measures with records of their own: 要求自查、说明情况 (条例 Art. 22 (1)) and the refusal to cooperate
(Art. 25, 41; 办法 Art. 25 (4)); 当场纠正 (条例 Art. 26 ¶2), recorded without a document."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Role
from organizations.scoping import active_memberships
from workflow.errors import ActionNotPermitted, InvalidState
from workflow.machine import transition

from ..models import AccountabilityEntry, InformationRequest, OnSpotCorrection, SupervisionCase
from .common import W, _check_bureau_record, _fmt, _fresh, _on_commit_notify, agency_url


def request_information(case, *, acting_user, unit, kind, matter, reply_due) -> InformationRequest:
    """Art. 22 (1): the bureau asks the unit to check itself or explain, by a reply date; the unit sees it
    on its page and answers there."""
    case = _fresh(case)
    _check_bureau_record(case, acting_user)
    if case.is_closed:
        raise InvalidState(_("案件已办结。"))
    errors = {}
    if unit is None or unit.pk not in {u.pk for u in case.supervised_units.all()}:
        errors["unit"] = [_("请选择本案的被监督单位。")]
    if kind not in InformationRequest.Kind.values:
        errors["kind"] = [_("请选择要求自查或说明情况。")]
    if not (matter or "").strip():
        errors["matter"] = [_("请写明事项。")]
    if reply_due is None or reply_due <= timezone.localdate():
        errors["reply_due"] = [_("答复期限应晚于今天。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = InformationRequest.objects.create(case=case, unit=unit, kind=kind, matter=matter.strip(),
                                                    reply_due=reply_due, requested_by=acting_user)
        case.transitions.create(action="request_information", from_state=case.state, to_state=case.state,
                                actor=acting_user, note=_("%(unit)s：%(k)s，%(d)s前答复") % {
                                    "unit": unit.name, "k": request.get_kind_display(), "d": _fmt(reply_due)})
        # From now on the unit sees the case (only this request and what is later issued to it).
        if case.disclosed_at is None:
            SupervisionCase.objects.filter(pk=case.pk).update(disclosed_at=timezone.now())
    _on_commit_notify(organizations=[unit], roles=[Role.AGENCY_CONTACT],
                      title=_("%(k)s：%(n)s") % {"k": request.get_kind_display(), "n": case.number},
                      body=_("请于%(d)s前答复：%(m)s") % {"d": _fmt(reply_due), "m": request.matter},
                      target=case, url=agency_url())
    return request


def answer_information_request(request, *, acting_user, reply) -> InformationRequest:
    with transaction.atomic():
        request = InformationRequest.objects.select_for_update().select_related("case", "unit").get(pk=request.pk)
        if not any(m.organization_id == request.unit_id and m.role == Role.AGENCY_CONTACT
                   for m in active_memberships(acting_user)):
            raise ActionNotPermitted(_("只有被要求单位的联络人可以答复。"))
        if request.status != InformationRequest.Status.PENDING:
            raise InvalidState(_("该要求已答复或已登记拒绝配合。"))
        if not (reply or "").strip():
            raise ValidationError({"reply": [_("请填写答复内容。")]})
        request.status, request.reply = InformationRequest.Status.ANSWERED, reply.strip()
        request.replied_by, request.replied_at = acting_user, timezone.now()
        request.save()
        request.case.transitions.create(action="answer_information_request", from_state=request.case.state,
                                        to_state=request.case.state, actor=acting_user,
                                        note=_("%(unit)s 答复%(k)s") % {"unit": request.unit.name,
                                                                       "k": request.get_kind_display()})
    _on_commit_notify(organizations=[request.case.handling_org], roles=[Role.CLERK, Role.REVIEWER],
                      title=_("%(unit)s 已答复：%(n)s") % {"unit": request.unit.name, "n": request.case.number},
                      target=request.case, url=request.case.get_absolute_url())
    return request


def record_refusal(request, *, acting_user, facts) -> AccountabilityEntry:
    """The unit refused or obstructed (条例 Art. 25): recorded, with an accountability entry under 条例
    Art. 41 / 办法 Art. 25 (4) proposing 处分 to the competent authority."""
    with transaction.atomic():
        request = InformationRequest.objects.select_for_update().select_related("case", "unit").get(pk=request.pk)
        _check_bureau_record(request.case, acting_user)
        if request.status != InformationRequest.Status.PENDING:
            raise InvalidState(_("该要求已答复或已登记拒绝配合。"))
        if not (facts or "").strip():
            raise ValidationError({"facts": [_("请写明拒绝、阻挠监督的事实。")]})
        request.status, request.refusal_facts = InformationRequest.Status.REFUSED, facts.strip()
        request.save(update_fields=["status", "refusal_facts"])
        entry = AccountabilityEntry.objects.create(
            case=request.case, agency=request.unit, ground=AccountabilityEntry.Ground.OBSTRUCTION,
            facts=_("%(unit)s 拒绝配合%(k)s（%(d)s前答复）：%(f)s") % {
                "unit": request.unit.name, "k": request.get_kind_display(), "d": _fmt(request.reply_due),
                "f": facts.strip()},
            discipline_referred_to=_("有权机关（依《行政执法监督条例》第四十一条给予处分）"))
        request.case.transitions.create(action="record_refusal", from_state=request.case.state,
                                        to_state=request.case.state, actor=acting_user,
                                        note=_("%(unit)s 拒绝、阻挠监督") % {"unit": request.unit.name})
    return entry


def record_on_spot_correction(case, *, acting_user, problem, correction, corrected_on=None, units=None) -> SupervisionCase:
    """条例 Art. 26 ¶2: a problem corrected on the spot is recorded, without a document, and the case closes."""
    case = _fresh(case)
    W.check(case, acting_user, "record_on_spot_correction")
    corrected_on = corrected_on or timezone.localdate()
    supervised = list(case.supervised_units.all())
    units = list(units) if units else supervised
    errors = {}
    if any(u.pk not in {s.pk for s in supervised} for u in units):
        errors["units"] = [_("请选择本案的被监督单位。")]
    if not (problem or "").strip():
        errors["problem"] = [_("请写明发现的问题。")]
    if not (correction or "").strip():
        errors["correction"] = [_("请写明当场纠正的情况。")]
    if corrected_on > timezone.localdate() or corrected_on < case.opened_on:
        errors["corrected_on"] = [_("纠正日期应在立案日期与今天之间。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = transition(case, workflow=W, action="record_on_spot_correction", actor=acting_user,
                          note=correction.strip(), changes={"closed_at": timezone.now(),
                                                            "finding": case.finding or problem.strip()})
        for unit in units:
            OnSpotCorrection.objects.create(case=case, unit=unit, problem=problem.strip(), correction=correction.strip(),
                                            corrected_on=corrected_on, recorded_by=acting_user)
    return case
