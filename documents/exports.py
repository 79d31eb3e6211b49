"""What the document list exports (exports.columns; issue 16)."""

from django.utils.translation import gettext_lazy as _

from exports.columns import Column

DOCUMENT_COLUMNS = (
    Column(_("发文字号"), "number", width=26),
    Column(_("文书种类"), "kind", width=20),
    Column(_("标题"), "title", width=40),
    Column(_("制发机关"), "issuer.name", width=24),
    Column(_("成文日期"), "issue_date", width=12),
    Column(_("状态"), "status"),
    Column(_("签发时间"), "issued_at", width=18),
    Column(_("作废原因"), "void_reason", width=30),
)
