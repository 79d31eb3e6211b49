from django.urls import NoReverseMatch, reverse

from .registry import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in nav_for(user):
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path.startswith(url) if url != "/" else request.path == "/"
        items.append({"label": item.label, "url": url, "active": active, "icon": item.icon})
    return {"nav_items": items}
