"""`{% load documents_tags %}{% document_panel obj %}`: the documents of one object on its page."""

from django import template

from ..flows import flows_for
from ..selectors import documents_for_user, drafts_for_user
from ..services import can_manage_document

register = template.Library()


@register.inclusion_tag("documents/_panel.html", takes_context=True)
def document_panel(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    documents = list(documents_for_user(user, obj))
    return {
        "documents": documents,
        "cards": [{"document": d, "can_manage": user is not None and can_manage_document(user, d)} for d in documents],
        # 拟稿 → 核稿 → 签发: the drafts on this object and the documents the user may start drafting.
        "drafts": drafts_for_user(user, obj),
        "flows": flows_for(obj, user) if user is not None and user.is_authenticated else [],
        "subject": obj,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("documents/_status_badge.html")
def document_status_badge(document):
    return {"document": document}
