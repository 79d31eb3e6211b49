"""Writes for citizens' clues: one function per use case (Art. 4).

Submitting is the citizen's (no account); triage (assign, dismiss, convert to a case, reply)
is the receiving bureau's, each step one locked transition with its history row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.uploads import CLUE_PHOTOS, validate_uploads
from organizations.models import Division, Organization, OrganizationKind
from organizations.scoping import has_role
from workflow.machine import transition

from .models import Clue, ClueAttachment
from .rules import CLUE_WORKFLOW, STAFF_ROLES

MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 5000


def route_clue(county: Division | None) -> Organization:
    """The bureau that receives a clue: the county's 司法局, or the city's when no county is given.

    Art. 3: the county-level 司法行政部门 does the concrete supervision work of its area; a clue
    that names no county goes to the city bureau, which may assign it down.
    """
    qs = Organization.objects.filter(kind=OrganizationKind.JUSTICE_BUREAU, is_active=True)
    bureau = qs.filter(division=county).first() if county else qs.filter(division__level=Division.Level.CITY).first()
    if bureau is None:
        raise ValidationError({"county": [_("该地区暂无受理机关，请选择其他地区或联系司法局。")]})
    return bureau


def _clean_submission(*, county, township, agency, description, occurred_on, reporter_name, reporter_phone) -> dict:
    errors: dict[str, list[str]] = {}
    if county is not None and county.level != Division.Level.COUNTY:
        errors.setdefault("county", []).append(_("请选择县（市、区）。"))
    if township is not None:
        if township.level != Division.Level.TOWNSHIP:
            errors.setdefault("township", []).append(_("请选择乡镇（街道）。"))
        elif county is None or township.parent_id != county.pk:
            errors.setdefault("township", []).append(_("所选乡镇（街道）不属于所选县（市、区）。"))
    if agency is not None and (agency.kind != OrganizationKind.ENFORCEMENT_AGENCY or not agency.is_active):
        errors.setdefault("agency", []).append(_("请选择行政执法机关。"))
    description = (description or "").strip()
    if len(description) < MIN_DESCRIPTION:
        errors.setdefault("description", []).append(
            _("请具体描述发生了什么（至少%(n)d个字）。") % {"n": MIN_DESCRIPTION})
    elif len(description) > MAX_DESCRIPTION:
        errors.setdefault("description", []).append(_("内容不超过%(n)d字。") % {"n": MAX_DESCRIPTION})
    if occurred_on is None:
        errors.setdefault("occurred_on", []).append(_("请填写发生日期。"))
    elif occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(_("发生日期不能晚于今天。"))
    if errors:
        raise ValidationError(errors)
    return {
        "division": township or county or Division.objects.get(level=Division.Level.CITY),
        "agency": agency,
        "description": description,
        "occurred_on": occurred_on,
        "reporter_name": (reporter_name or "").strip(),
        "reporter_phone": (reporter_phone or "").strip(),
    }


def submit_clue(*, county=None, township=None, agency=None, description, occurred_on, reporter_name="",
                reporter_phone="", attachments=()) -> Clue:
    """A citizen reports a concern about an enforcement act (Art. 4). No account is needed.

    Everything is checked before anything is written, so bad input changes nothing.
    """
    fields = _clean_submission(county=county, township=township, agency=agency, description=description,
                               occurred_on=occurred_on, reporter_name=reporter_name, reporter_phone=reporter_phone)
    files = validate_uploads(attachments, CLUE_PHOTOS, field="attachments")
    routed_to = route_clue(county)
    now = timezone.now()
    with transaction.atomic():
        clue = Clue.objects.create(routed_to=routed_to, **fields)
        for f in files:
            attachment = ClueAttachment(clue=clue, original_name=f.original_name, content_type=f.content_type,
                                        extension=f.extension, size=f.size, sha256=f.sha256, uploaded_at=now)
            attachment.file.save(f.original_name, f.upload, save=False)
            attachment.save()
        clue.transitions.create(action="submit", from_state="", to_state=clue.state, actor=None,
                                note=_("群众通过网上表单提交"))
        transaction.on_commit(lambda: _notify_new_clue(clue.pk))
    return clue


def _notify_new_clue(clue_pk: int) -> None:
    from notifications.services import notify

    clue = Clue.objects.select_related("division__parent", "routed_to").get(pk=clue_pk)
    notify(
        organizations=[clue.routed_to],
        roles=["reviewer"],
        title=_("新的群众线索：%(area)s") % {"area": clue.division.full_name},
        body=clue.summary,
        target=clue,
        url=clue.get_absolute_url(),
    )


def assign_clue(clue: Clue, *, acting_user, office: Organization | None = None, assignee=None, note: str = "") -> Clue:
    """分办: pass the clue to a 司法所 of the bureau's area, or to one person, to look into."""
    if office is None and assignee is None:
        raise ValidationError({"office": [_("请选择承办司法所或承办人。")]})
    bureau = clue.routed_to
    if office is not None and (office.kind != OrganizationKind.JUSTICE_OFFICE or not office.is_active
                               or not bureau.division.covers(office.division)):
        raise ValidationError({"office": [_("只能分办给本辖区内的司法所。")]})
    if assignee is not None:
        allowed_orgs = [bureau] + ([office] if office is not None else [])
        if not has_role(assignee, STAFF_ROLES, organizations=allowed_orgs):
            raise ValidationError({"assignee": [_("承办人须为本局或所选司法所的工作人员。")]})
    parts = [str(office)] if office else []
    if assignee is not None:
        parts.append(assignee.get_full_name() or assignee.get_username())
    with transaction.atomic():
        clue = transition(clue, workflow=CLUE_WORKFLOW, action="assign", actor=acting_user,
                          note=" · ".join(parts + ([note.strip()] if note.strip() else [])),
                          changes={"assigned_office": office, "assignee": assignee})
        transaction.on_commit(lambda: _notify_assigned(clue.pk))
    return clue


def _notify_assigned(clue_pk: int) -> None:
    from notifications.services import notify

    clue = Clue.objects.select_related("division__parent", "assigned_office", "assignee").get(pk=clue_pk)
    title = _("群众线索已分办给您：%(area)s") % {"area": clue.division.full_name}
    if clue.assignee is not None:
        notify(recipients=[clue.assignee], title=title, body=clue.summary, target=clue, url=clue.get_absolute_url())
    elif clue.assigned_office is not None:
        notify(organizations=[clue.assigned_office], roles=list(STAFF_ROLES), title=title, body=clue.summary,
               target=clue, url=clue.get_absolute_url())


def dismiss_clue(clue: Clue, *, acting_user, reason: str, public_reply: str = "") -> Clue:
    """不予立案: the bureau decides the clue discloses nothing to supervise; the reason is kept.

    The reason is the internal record; `public_reply` is what the citizen reads on the tracking
    page (when left empty, that page shows a neutral standard sentence).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写不予立案的理由。")]})
    changes = {"dismiss_reason": reason}
    if (public_reply or "").strip():
        changes.update(public_reply=public_reply.strip(), replied_at=timezone.now())
    return transition(clue, workflow=CLUE_WORKFLOW, action="dismiss", actor=acting_user, note=reason, changes=changes)


def reply_to_clue(clue: Clue, *, acting_user, public_reply: str) -> Clue:
    """公开答复: the text the citizen sees with the tracking code (replaces the previous reply)."""
    public_reply = (public_reply or "").strip()
    if not public_reply:
        raise ValidationError({"public_reply": [_("请填写答复内容。")]})
    return transition(clue, workflow=CLUE_WORKFLOW, action="reply", actor=acting_user, note=public_reply,
                      changes={"public_reply": public_reply, "replied_at": timezone.now()})


def convert_clue_to_case(clue: Clue, *, acting_user, method: str, focus_area: str, summary: str,
                         supervised_units=(), title: str = "") -> Clue:
    """立案监督: open a supervision case from the clue (source: 群众线索, Art. 4) and link it.

    The case and the clue's move to `converted` commit together or not at all; the case is
    opened by the acting user's organisation (the bureau, or the 司法所 the clue was assigned to).
    """
    from supervision.models import SupervisionCase
    from supervision.services import open_case

    units = list(supervised_units) or ([clue.agency] if clue.agency_id else [])
    with transaction.atomic():
        locked = Clue.objects.select_for_update().get(pk=clue.pk)
        CLUE_WORKFLOW.check(locked, acting_user, "convert_to_case")
        case = open_case(
            handling_org=handling_organization(acting_user, locked),
            method=method,
            focus_area=focus_area,
            source=SupervisionCase.Source.CLUE,
            # The clue's number, never its tracking code: the case is read by the agency complained
            # about, and the code opens the citizen's tracking page.
            source_detail=_("群众线索 #%(id)s") % {"id": locked.pk},
            supervised_units=units,
            summary=summary,
            acting_user=acting_user,
            clue=locked,
            title=title or None,
        )
        return transition(locked, workflow=CLUE_WORKFLOW, action="convert_to_case", actor=acting_user,
                          note=_("立案：%(number)s") % {"number": case.number}, changes={"case": case})


def handling_organization(user, clue: Clue) -> Organization:
    """Which of the user's organisations opens the case: the bureau, else the assigned 司法所."""
    if has_role(user, STAFF_ROLES, organizations=[clue.routed_to_id]):
        return clue.routed_to
    if clue.assigned_office_id and has_role(user, STAFF_ROLES, organizations=[clue.assigned_office_id]):
        return clue.assigned_office
    # An assignee from elsewhere acts for the bureau that assigned the clue.
    return clue.routed_to
