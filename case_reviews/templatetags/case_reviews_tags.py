"""`{% review_sheets_link case %}`: the "评查案卷" button on a file-review case's page."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def review_sheets_link(context, case):
    if getattr(case, "method", None) != "file_review":
        return ""
    from case_reviews.selectors import can_use_case_reviews

    request = context.get("request")
    if request is None or not can_use_case_reviews(request.user):
        return ""
    count = case.review_sheets.exclude(state__in=["discarded", "superseded"]).count()
    return format_html(
        '<a class="btn btn-outline-danger btn-sm" href="{}" data-testid="review-sheets-link">{} <span class="badge text-bg-light">{}</span></a>',
        reverse("case_reviews:case-sheets", args=[case.pk]), _("评查案卷"), count,
    )
