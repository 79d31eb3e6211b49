from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shaoxing_supervision.pagination import paginate
from workflow.filters import filter_page

from . import selectors, services
from .filters import NotificationFilterSet


@login_required
def notification_list(request):
    filterset, notifications = filter_page(request, NotificationFilterSet, selectors.notification_list(request.user))
    unread_only = filterset.is_bound and filterset.is_valid() and filterset.form.cleaned_data.get("unread") in ("1", "true")
    page = paginate(request, notifications)
    return render(
        request,
        "notifications/list.html",
        {"page": page, "filter": filterset, "unread_only": unread_only, "unread": selectors.unread_badge(request.user)},
    )


@login_required
def bell(request):
    """The bell alone, for htmx to refresh the unread count."""
    return render(request, "notifications/_bell.html")


@login_required
def open_notification(request, pk):
    """Mark read and go where the notification points."""
    notification = selectors.get_notification_for_user(request.user, pk)
    services.mark_read(notification, acting_user=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_read(request, pk):
    notification = selectors.get_notification_for_user(request.user, pk)
    services.mark_read(notification, acting_user=request.user)
    if request.htmx:
        return render(request, "notifications/_item.html", {"n": notification, "oob_bell": True})
    return redirect(request.POST.get("next") or "notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(acting_user=request.user)
    messages.success(request, _("已将%(count)s条通知标记为已读。") % {"count": count})
    return redirect("notifications:list")
