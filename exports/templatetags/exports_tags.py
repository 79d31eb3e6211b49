"""`{% export_links %}` on a list page: 导出 CSV / XLSX and 打印, keeping the page's current filters."""

from django import template

register = template.Library()


@register.inclusion_tag("exports/_links.html", takes_context=True)
def export_links(context):
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    links = {}
    for fmt in ("csv", "xlsx"):
        query["format"] = fmt
        links[fmt] = f"?{query.urlencode()}"
    query.pop("format", None)
    query["print"] = "1"
    return {"csv_url": links["csv"], "xlsx_url": links["xlsx"], "print_url": f"?{query.urlencode()}"}
