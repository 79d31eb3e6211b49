"""Demo extension requests (issue 12: every path can be walked): on three open time limits that the
越城区 bureau watches, the responsible unit applies for more time; one request waits for the bureau, one is
approved, one refused, all through the real services. Overdue time limits need no seeding: the demo's
overdue case was served 45 days ago, so the scheduler's first sweep (started by `make run`) marks its
rectification limit 已逾期 and sends the reminders. Idempotent: nothing is requested twice."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from organizations.models import Membership, Organization, Role

from . import services
from .models import Deadline, DeadlineExtension, DeadlineState


def _contact(org):
    membership = (Membership.objects.filter(organization=org, role=Role.AGENCY_CONTACT, is_active=True)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else None


def seed_extensions_demo() -> int:
    if DeadlineExtension.objects.exists():
        return 0
    reviewer = get_user_model().objects.get(username="yuecheng.reviewer")
    bureau = Organization.objects.get(name="越城区司法局")
    candidates = [d for d in Deadline.objects.filter(state=DeadlineState.OPEN, supervisor=bureau)
                  .select_related("responsible").order_by("due_on", "pk") if _contact(d.responsible)]
    reasons = ["涉案当事人正在住院治疗，无法按期完成听证程序，申请延期。",
               "整改涉及多个科室的案卷重新装订，工作量较大，申请延期。",
               "需待上级主管部门答复法律适用问题后方能整改，申请延期。"]
    made = 0
    for deadline, reason, outcome in zip(candidates, reasons, ("pending", "approved", "rejected"), strict=False):
        extension = services.request_extension(deadline, new_due=deadline.due_on + timedelta(days=15), reason=reason,
                                               acting_user=_contact(deadline.responsible))
        if outcome == "approved":
            services.approve_extension(extension, acting_user=reviewer, note="理由成立，同意延期。")
        elif outcome == "rejected":
            services.reject_extension(extension, acting_user=reviewer, reason="所述理由不影响按期整改，不予延期。")
        made += 1
    return made
