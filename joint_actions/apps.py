from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointActionsConfig(AppConfig):
    name = "joint_actions"
    verbose_name = _("联合执法")
