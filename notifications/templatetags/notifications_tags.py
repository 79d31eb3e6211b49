from django import template

from notifications.selectors import unread_badge

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> str:
    """The bell's badge ("" when nothing is unread, "99+" past 99)."""
    request = context.get("request")
    return unread_badge(getattr(request, "user", None))
