"""Helpers shared by the supervision services: re-reading the case, dates, notifications, files, role checks."""

from datetime import date

from django.utils.translation import gettext as _

from attachments.uploads import SUPERVISION_EVIDENCE, validate_upload
from organizations.models import OrganizationKind, Role
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted

from ..models import SupervisionCase
from ..transitions import SUPERVISION_WORKFLOW

W = SUPERVISION_WORKFLOW
MAX_FILE_SIZE = SUPERVISION_EVIDENCE.max_bytes  # recordings and video (Art. 13 (4)) can be large
REPORT_DAYS = 30  # Art. 15, last paragraph: 自收到通知书或者决定书之日起三十日内书面报告


def _fresh(case) -> SupervisionCase:
    """Re-read the case: a caller's copy may be stale, and the checks below read its state."""
    return SupervisionCase.objects.select_related("handling_org__division").get(pk=case.pk)


def _fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _on_commit_notify(**kwargs) -> None:
    from notifications.services import notify_after_commit

    notify_after_commit(**kwargs)


def _file_facts(upload, policy=SUPERVISION_EVIDENCE) -> dict:
    """SHA-256, size and type of an uploaded file, checked and read once before it is stored.

    Evidence the bureau collects may be any type (recordings, video); what a supervised unit sends
    (reports, objections) is a document or a scan: `SUPERVISED_UNIT_FILES`."""
    checked = validate_upload(upload, policy)
    return {"sha256": checked.sha256, "size": checked.size, "content_type": checked.content_type,
            "original_name": checked.original_name}


def _store(model, upload, *, policy=SUPERVISION_EVIDENCE, **fields):
    facts = _file_facts(upload, policy)
    obj = model(**fields, **facts)
    obj.file.save(upload.name.rsplit("/", 1)[-1][-120:], upload, save=False)
    obj.save()
    return obj


def agency_url() -> str:
    """The agency contact's page (我单位收到的通知书), linked from notifications to supervised units."""
    from django.urls import reverse

    return reverse("supervision:agency-notices")


def refuse_office(case, what: str) -> None:
    """Art. 18 para. 3: a 司法所 issues no notice or decision; it refers the case to its county bureau."""
    if case.handling_org.kind == OrganizationKind.JUSTICE_OFFICE:
        raise ActionNotPermitted(
            _("司法所不能出具《%(what)s》，应当提请县（市、区）司法行政部门处理（第十八条）。") % {"what": what}
        )


def can_add_records(user, case) -> bool:
    """Staff of the handling organisation keep the Art. 17, 19 and 25 records of a case."""
    return has_role(user, (Role.CLERK, Role.REVIEWER, Role.LEADER), organizations=[case.handling_org_id])


def _check_bureau_record(case, acting_user) -> None:
    if not can_add_records(acting_user, case):
        raise ActionNotPermitted(_("只有承办机关的工作人员可以登记。"))
