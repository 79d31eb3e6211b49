"""Demo leads in every handling state (issue 12: a demo world in which every path can be walked).

The records demo leaves every lead 待处置; here the 越城区 bureau walks a few of them along each track
through the real services (简易 awaiting the agency's reply, 简易 replied and closed, 预警, 一般 with a
case opened from it, and a dismissal with its reason). Idempotent: a state already shown is left alone.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Membership, Role

from . import services
from .models import Lead, LeadState


def _user(username):
    return get_user_model().objects.get(username=username)


def _contact(agency):
    membership = (Membership.objects.filter(organization=agency, role=Role.AGENCY_CONTACT, is_active=True)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else None


def seed_lead_states_demo() -> int:
    """Returns how many leads were moved out of 待处置."""
    clerk = _user("yuecheng.clerk")
    fresh = (Lead.objects.filter(state=LeadState.NEW, division_code__startswith="330602")
             .select_related("agency").order_by("pk"))
    answerable = [lead for lead in fresh[:60] if _contact(lead.agency)]
    walks = {
        LeadState.AWAITING_REPLY: lambda lead: services.simple_track(lead, acting_user=clerk),
        LeadState.CLOSED: lambda lead: services.close(
            services.reply(services.simple_track(lead, acting_user=clerk), acting_user=_contact(lead.agency),
                           reply="经核查，问题属实，已责令承办人补正程序并组织全员培训。"),
            acting_user=clerk, note="机关已核查整改，予以办结。"),
        LeadState.WARNED: lambda lead: services.warn(lead, acting_user=clerk),
        LeadState.CASE_OPENED: lambda lead: services.open_case(lead, acting_user=clerk),
        LeadState.DISMISSED: lambda lead: services.dismiss(
            lead, acting_user=clerk, reason="经调阅原始案卷，延期审批表已归档，系数据报送遗漏，不属于执法问题。"),
    }
    moved = 0
    for state, walk in walks.items():
        if Lead.objects.filter(state=state).exists() or not answerable:
            continue
        with transaction.atomic():
            walk(answerable.pop(0))
        moved += 1
    return moved
