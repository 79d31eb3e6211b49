from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _has_memberships(user) -> bool:
    from organizations.scoping import active_memberships

    return user.is_superuser or bool(active_memberships(user))


def _may_see_registers(user) -> bool:
    from organizations.models import SUPERVISORY_KINDS
    from organizations.scoping import active_memberships

    return user.is_superuser or any(m.organization.kind in SUPERVISORY_KINDS for m in active_memberships(user))


class JointActionsConfig(AppConfig):
    name = "joint_actions"
    verbose_name = _("联合执法")

    def ready(self):
        from workbench.registry import NavItem, register_nav, register_tasks

        from . import selectors

        register_nav(NavItem("joint_actions:list", _("联合执法"), order=30, visible=_has_memberships))
        register_nav(NavItem("joint_actions:matters", _("协调衔接登记"), order=35, visible=_may_see_registers))
        register_tasks(selectors.workbench_tasks)
