"""Filters and tags the PDF templates use to set users' text as a 公文 (see documents/typesetting.py)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from .. import typesetting

register = template.Library()

register.filter("paragraphs", typesetting.paragraphs)
register.filter("sentence", typesetting.sentence)
register.filter("clause", typesetting.clause)
register.filter("keep_numbers", typesetting.keep_numbers)
register.filter("balanced_title", typesetting.balanced_title)
register.filter("cn", typesetting.chinese_numeral)


@register.simple_tag
def paras(text, heading="", level=1, end=True):
    """The user's paragraphs as <p>s (each a sentence), the first led by a heading (一、… in 黑体 / （一）… in 楷体).

    `end=False` leaves the last paragraph as typed, for a template that continues the sentence.
    """
    items = typesetting.paragraphs(text)
    if not items:
        items = [""]
    html = []
    for i, item in enumerate(items):
        last = i == len(items) - 1
        body = typesetting.sentence(item) if (end or not last) else typesetting.clause(item)
        lead = format_html('<span class="h{}">{}</span>', level, heading) if i == 0 and heading else ""
        html.append(format_html("<p>{}{}</p>", lead, typesetting.keep_numbers(body)))
    return mark_safe("\n".join(str(h) for h in html))


@register.simple_tag
def inline(text, end=True):
    """One user text run into the template's sentence: spaces cleaned, ended (or not) as a sentence."""
    value = typesetting.sentence(" ".join(typesetting.paragraphs(text))) if end else typesetting.clause(
        " ".join(typesetting.paragraphs(text)))
    return typesetting.keep_numbers(value)


@register.filter
def text(value):
    return typesetting.keep_numbers(conditional_escape(value))
