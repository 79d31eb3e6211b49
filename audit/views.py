from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from shaoxing_supervision.pagination import paginate
from workflow.filters import filter_page

from . import selectors
from .filters import AuditEventFilterSet
from .models import AuditEvent


@login_required
def event_list(request):
    if not selectors.can_read_audit_log(request.user):
        raise Http404
    filterset, events = filter_page(request, AuditEventFilterSet, selectors.audit_events(request.user))
    page = paginate(request, events, per_page=100)
    action = request.GET.get("action") or ""
    return render(request, "audit/list.html", {"page_obj": page, "page": page, "filter": filterset,
                                               "events": page.object_list, "action": action,
                                               "actions": AuditEvent.Action.choices})
