from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see_cases(user) -> bool:
    from organizations.models import SUPERVISORY_KINDS
    from organizations.scoping import active_memberships

    return user.is_superuser or any(m.organization.kind in SUPERVISORY_KINDS for m in active_memberships(user))


def _is_agency_contact(user) -> bool:
    from organizations.models import Role
    from organizations.scoping import has_role

    return has_role(user, (Role.AGENCY_CONTACT,))


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("行政执法监督")

    def ready(self):
        from deadlines.signals import connect_overdue, running_deadlines_changed
        from workbench.registry import NavItem, register_nav, register_tasks

        from . import selectors
        from .models import SupervisionCase
        from .receivers import on_deadline_overdue, on_running_deadlines_changed

        # A unit's passed correction or report limit is when its standing is decided (Art. 15, 25 (3));
        # declaring it lets the sweep skip loading every other overdue deadline.
        connect_overdue(on_deadline_overdue, dispatch_uid="supervision.mark_overdue", kinds=["rectification", "report"],
                        subject_models=[SupervisionCase])
        running_deadlines_changed.connect(on_running_deadlines_changed, dispatch_uid="supervision.next_due")
        register_nav(NavItem("supervision:case-list", _("执法监督"), order=30, visible=_can_see_cases))
        register_nav(NavItem("supervision:agency-notices", _("我单位收到的通知书"), order=31, visible=_is_agency_contact))
        register_tasks(selectors.workbench_tasks)
        from .drafts import register_flows

        register_flows()  # its documents go through 拟稿 → 核稿 → 签发 on the pages (documents.flows)
