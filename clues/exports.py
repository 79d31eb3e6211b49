"""What the clue list exports; the citizen's name and phone are masked unless the user handles the clue."""

from django.utils.translation import gettext_lazy as _

from exports.columns import Column, mask_name, mask_phone
from organizations.scoping import active_memberships

CLUE_COLUMNS = (
    Column(_("查询码"), "display_code", width=22),
    Column(_("发生地区"), "division.full_name", width=24),
    Column(_("涉及执法机关"), "agency.name", width=24),
    Column(_("反映内容"), "description", width=50),
    Column(_("发生日期"), "occurred_on", width=12),
    Column(_("反映人姓名"), "reporter_name", mask=mask_name),
    Column(_("联系电话"), "reporter_phone", mask=mask_phone),
    Column(_("受理机关"), "routed_to.name", width=24),
    Column(_("承办司法所"), "assigned_office.name", width=24),
    Column(_("状态"), "state", width=18),
    Column(_("提交时间"), "created_at", width=18),
    Column(_("答复时间"), "replied_at", width=18),
)


def masked_for(user):
    """`row -> bool`: hide the reporter unless `user` handles the clue (Art. 4: the reporter is protected).

    Handling: the clue's assignee, or a member of the bureau it was routed to or the 司法所 it was
    assigned to. Reads the user's cached memberships only: no query per row.
    """
    if getattr(user, "is_superuser", False):
        return lambda clue: False
    org_ids = {m.organization_id for m in active_memberships(user)}

    def masked(clue) -> bool:
        handles = clue.assignee_id == user.pk or clue.routed_to_id in org_ids or clue.assigned_office_id in org_ids
        return not handles

    return masked
