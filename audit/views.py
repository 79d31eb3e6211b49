from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import AuditEvent


@login_required
def event_list(request):
    if not selectors.can_read_audit_log(request.user):
        raise Http404
    action = request.GET.get("action") or ""
    if action not in AuditEvent.Action.values:
        action = ""
    page = Paginator(selectors.audit_events(request.user, action=action), 100).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page_obj": page, "events": page.object_list, "action": action,
                                               "actions": AuditEvent.Action.choices})
