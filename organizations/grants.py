"""Granting one person access to one object (django-guardian), and taking it back.

Jurisdiction decides who sees what (`organizations.scoping`); a grant is the exception for one
person and one record — an expert asked to read one case, a colleague of another county helping on
one dispute. Only administrators grant; every grant and revocation names its reason and is written
on the object's timeline, where everyone who can see the object sees who was let in and why.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from workflow.errors import ActionNotPermitted
from workflow.language import official_language

# The records a grant may open: the workflow objects whose timeline records it.
GRANTABLE = ("disputes.dispute", "supervision.supervisioncase", "joint_actions.jointactionproposal", "clues.clue",
             "case_reviews.reviewsheet", "documents.document")


def _label(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def view_permission(obj) -> str:
    return f"view_{obj._meta.model_name}"


def _check(obj, acting_user, reason: str) -> str:
    if acting_user is None or not (acting_user.is_active and acting_user.is_superuser):
        raise ActionNotPermitted(_("只有系统管理员可以授予或收回单个记录的查看权限。"))
    if _label(obj) not in GRANTABLE:
        raise ValidationError({"content_type": [_("该类记录不能单独授权。")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请写明授权或收回的理由。")]})
    return reason


def _record(obj, *, action: str, note: str, acting_user) -> None:
    state = getattr(obj, "state", None) or getattr(obj, "status", "") or ""
    obj.transitions.create(action=action, from_state=state, to_state=state, actor=acting_user, note=note)


def _person(user) -> str:
    return f"{user.get_full_name() or user.get_username()}（{user.get_username()}）"


def grant_view(obj, *, user, acting_user, reason: str):
    """Let `user` see `obj` (guardian `view_<model>`); returns the permission row."""
    reason = _check(obj, acting_user, reason)
    if not isinstance(user, get_user_model()) or not user.is_active:
        raise ValidationError({"user": [_("请选择一名在职的用户。")]})
    with transaction.atomic():
        permission = assign_perm(view_permission(obj), user, obj)
        with official_language():
            note = _("授予%(person)s查看本记录的权限：%(reason)s") % {"person": _person(user), "reason": reason}
        _record(obj, action="grant_access", note=note, acting_user=acting_user)
    return permission


def revoke_view(obj, *, user, acting_user, reason: str) -> None:
    reason = _check(obj, acting_user, reason)
    with transaction.atomic():
        remove_perm(view_permission(obj), user, obj)
        with official_language():
            note = _("收回%(person)s查看本记录的权限：%(reason)s") % {"person": _person(user), "reason": reason}
        _record(obj, action="revoke_access", note=note, acting_user=acting_user)


def users_granted(obj) -> list:
    """The people holding a single-object grant on `obj` (not those who see it by jurisdiction)."""
    return list(get_users_with_perms(obj, only_with_perms_in=[view_permission(obj)], with_group_users=False))
