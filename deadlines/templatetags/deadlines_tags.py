"""`{% load deadlines_tags %}{% deadline_panel obj %}`: an object's deadlines, how each date was
computed, its history and the extension buttons."""

from django import template

from deadlines import selectors
from deadlines.calendar import PROVISIONAL_NOTE
from deadlines.services import can_decide_extension, can_request_extension

register = template.Library()


@register.inclusion_tag("deadlines/_panel.html", takes_context=True)
def deadline_panel(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    deadlines = selectors.deadlines_for(obj, user=user)
    rows = []
    for deadline in deadlines:
        pending = next((e for e in deadline.extensions.all() if e.state == "pending"), None)
        rows.append(
            {
                "deadline": deadline,
                "pending": pending,
                "can_request": deadline.state == "open" and pending is None and can_request_extension(user, deadline),
                "can_decide": pending is not None and can_decide_extension(user, deadline),
            }
        )
    return {"rows": rows, "request": request, "provisional_note": PROVISIONAL_NOTE, "csrf_token": context.get("csrf_token")}
