"""`{% bar_chart table %}`: a briefing table drawn as an inline SVG bar chart (vector in the PDF).

WeasyPrint renders inline SVG as vector paths and text, so the 通报's charts stay sharp when printed
and need no image file or browser. Drawn from the frozen table (first value column): horizontal bars,
the label left, the value right of each bar; the chart's <title> reads every value (accessibility in
the HTML view, and the text is searchable in the PDF).
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

WIDTH = 440  # pt: the 156 mm type area (GB/T 9704) is 442 pt
LABEL_WIDTH = 150
VALUE_WIDTH = 40
ROW = 18


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


@register.simple_tag
def bar_chart(table: dict) -> str:
    rows = [(str(row[0]), _number(row[1]) if len(row) > 1 else 0.0, row[1] if len(row) > 1 else "")
            for row in table.get("rows", [])]
    if not rows:
        return ""
    top = max((value for _label, value, _shown in rows), default=0) or 1
    bar_room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(rows) + 4
    description = "；".join(f"{label}{shown}" for label, _value, shown in rows)
    parts = [f'<svg class="briefing-chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}pt" height="{height}pt" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(table.get("title", ""))}">',
             f"<title>{escape(table.get('title', ''))}：{escape(description)}</title>"]
    for i, (label, value, shown) in enumerate(rows):
        y = 2 + i * ROW
        length = bar_room * value / top
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end" font-size="10">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW - 6}" fill="#555"/>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 12}" font-size="10">{escape(shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
