"""Handling a lead (处置中心), one function per track, and taking in outside warnings.

* 简易 `simple_track`: ask the agency to check and correct; a reply deadline counted by the legal
  calendar (deadlines.open_deadline); the agency answers with `reply`, the bureau `close`s.
* 一般 `open_case`: a supervision case, method 个案监督 (条例 Art. 11 (5)), linked both ways.
* 预警 `warn`: a recorded warning to the agency (notified).
* `dismiss` with a reason; dismissals per rule are counted on the rules page.
Stored texts are zh-hans whatever the actor's language.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from deadlines.models import DeadlineKind
from deadlines.services import close_deadlines, open_deadline
from organizations.models import Role
from workflow.machine import transition

from .handling import LEAD_WORKFLOW as W
from .handling import handling_memberships
from .models import Lead, LeadOrigin, LeadState, LeadTrack

DEFAULT_REPLY_DAYS = 15
AGENCY_ROLES = (Role.AGENCY_CONTACT, Role.LEADER, Role.REVIEWER, Role.CLERK)


def _notify_agency(lead: Lead, *, title: str, body: str) -> None:
    def send():
        from notifications.services import notify

        notify(organizations=[lead.agency_id], roles=AGENCY_ROLES, title=title, body=body,
               url=lead.get_absolute_url())

    transaction.on_commit(send)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


def describe(lead: Lead) -> str:
    """One line naming the lead's record (or agency) and rule, for stored texts."""
    what = lead.rule.name if lead.rule_id else lead.get_origin_display()
    where = lead.record.case_number if lead.record_id else lead.agency.name
    return f"{where}：{what}"


@transaction.atomic
def simple_track(lead: Lead, *, acting_user, request: str = "", days: int = DEFAULT_REPLY_DAYS) -> Lead:
    with translation.override("zh-hans"):
        W.check(lead, acting_user, "simple_track")
        request = (request or "").strip() or f"请对以下问题进行核查，如属实请整改，并在期限内书面回复：{lead.summary}"
        if not isinstance(days, int) or not 1 <= days <= 60:
            raise ValidationError({"days": ["回复期限须为1至60日。"]})
        lead = transition(lead, workflow=W, action="simple_track", actor=acting_user, note=request,
                          changes={"track": LeadTrack.SIMPLE, "handling_note": request,
                                   "sent_to": lead.agency})
        deadline = open_deadline(subject=lead, kind=DeadlineKind.RECTIFICATION, starts_on=timezone.localdate(),
                                 days=days, responsible=lead.agency, title=f"核查整改回复：{describe(lead)}"[:200],
                                 acting_user=acting_user)
        _notify_agency(lead, title=f"请核查整改并回复：{describe(lead)}"[:200],
                       body=f"{request}\n回复期限：{deadline.due_on:%Y年%m月%d日}（{deadline.explanation}）")
    return lead


@transaction.atomic
def reply(lead: Lead, *, acting_user, reply: str) -> Lead:
    reply = _required(reply, "reply", "请填写核查整改情况。")
    lead = transition(lead, workflow=W, action="reply", actor=acting_user, note=reply, changes={"agency_reply": reply})
    close_deadlines(lead, acting_user=acting_user)
    return lead


@transaction.atomic
def close(lead: Lead, *, acting_user, note: str = "") -> Lead:
    lead = transition(lead, workflow=W, action="close", actor=acting_user, note=(note or "").strip())
    close_deadlines(lead, acting_user=acting_user)
    return lead


@transaction.atomic
def warn(lead: Lead, *, acting_user, content: str = "") -> Lead:
    W.check(lead, acting_user, "warn")
    content = (content or "").strip() or f"经数据分析发现以下执法问题，请予重视并防止再次发生：{lead.summary}"
    lead = transition(lead, workflow=W, action="warn", actor=acting_user, note=content,
                      changes={"track": LeadTrack.WARNING, "handling_note": content, "sent_to": lead.agency})
    _notify_agency(lead, title=f"执法监督预警提示：{describe(lead)}"[:200], body=content)
    return lead


@transaction.atomic
def dismiss(lead: Lead, *, acting_user, reason: str) -> Lead:
    W.check(lead, acting_user, "dismiss")
    reason = _required(reason, "reason", "请填写不予处置的理由。")
    return transition(lead, workflow=W, action="dismiss", actor=acting_user, note=reason,
                      changes={"track": LeadTrack.DISMISSED, "dismiss_reason": reason})


@transaction.atomic
def open_case(lead: Lead, *, acting_user, focus_area: str = "", summary: str = "") -> Lead:
    """一般处置: a supervision case (个案监督, Art. 11 (5)) against the lead's agency, linked both ways."""
    from django.contrib.contenttypes.models import ContentType

    from supervision import services as supervision_services
    from supervision.models import FocusArea, Method, Source

    W.check(lead, acting_user, "open_case")
    memberships = handling_memberships(acting_user, lead)
    if not memberships:
        raise ValidationError({"lead": ["您所在单位不是该线索辖区的司法行政部门或司法所。"]})
    handling_org = memberships[0].organization
    with translation.override("zh-hans"):
        if not focus_area:
            focus_area = lead.agency.focus_area if lead.agency.focus_area in FocusArea.values else FocusArea.OTHER
        text = (summary or "").strip() or "；".join(filter(None, [describe(lead), lead.summary, lead.basis]))
        case = supervision_services.open_case(
            handling_org=handling_org, method=Method.INDIVIDUAL, focus_area=focus_area, source=Source.WARNING_LEAD,
            source_detail=f"预警线索 #{lead.pk}：{describe(lead)}"[:200], supervised_units=[lead.agency],
            summary=text, acting_user=acting_user)
        case.origin_type = ContentType.objects.get_for_model(Lead)
        case.origin_id = lead.pk
        case.save(update_fields=["origin_type", "origin_id"])
        lead = transition(lead, workflow=W, action="open_case", actor=acting_user,
                          note=f"立案监督：{case.number}", changes={"track": LeadTrack.GENERAL, "supervision_case": case,
                                   "sent_to": lead.agency})
        close_deadlines(lead, acting_user=acting_user)
    return lead


def import_external_warnings(*, rows, batch, acting_user) -> tuple[int, int]:
    """Outside warnings (条例 Art. 37 省快速预警; Art. 20 ¶2 12345工单) into the lead queue.

    `rows` are already checked (see enforcement_records.warnings); idempotent on origin + reference.
    Returns (created, already there)."""
    with translation.override("zh-hans"):
        return _import_external(rows, batch)


def _import_external(rows, batch) -> tuple[int, int]:
    created = existing = 0
    for row in rows:
        lead = Lead(origin=row["origin"], reference=row["reference"], agency=row["agency"], record=row.get("record"),
                    division=row["division"], division_code=row["division"].code, summary=row["content"],
                    basis=row.get("basis", ""), received_on=row["received_on"], batch=batch,
                    triggers={"reference": row["reference"], "origin": str(LeadOrigin(row["origin"]).label)},
                    created_at=timezone.now())
        if Lead.objects.filter(origin=lead.origin, reference=lead.reference).exists():
            existing += 1
            continue
        try:
            with transaction.atomic():
                lead.save()
        except IntegrityError:
            existing += 1
            continue
        created += 1
    return created, existing


__all__ = ["simple_track", "reply", "close", "warn", "dismiss", "open_case", "import_external_warnings", "LeadState"]
