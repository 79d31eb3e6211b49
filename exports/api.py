"""The same exports on the list API: `GET /api/v1/<collection>/?format=csv|xlsx` with the list's filters.

DRF reads `?format=` to pick a renderer; the two renderers below only make `csv` and `xlsx` known
formats, the list itself answers with the streamed file (`exports.responses`) instead of a page.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BaseRenderer

from .columns import ColumnSpec
from .responses import CSV_TYPE, XLSX_TYPE, export_response, requested_format

FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"],
    description="csv 或 xlsx：按同样的筛选条件导出全部结果（流式下载，不分页）",
)


class CSVRenderer(BaseRenderer):
    media_type = CSV_TYPE.split(";")[0]
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only an error reaches a renderer (a good request streams the file): keep it readable JSON.
        from rest_framework.renderers import JSONRenderer

        return JSONRenderer().render(data, renderer_context=renderer_context)


class XLSXRenderer(CSVRenderer):
    media_type = XLSX_TYPE
    format = "xlsx"


class ExportableListMixin:
    """For a list viewset: `export_columns`, `export_filename`, and optionally `export_masked(row)`."""

    export_columns: ColumnSpec = ()
    export_filename: str = "export"

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [CSVRenderer(), XLSXRenderer()]
        return renderers

    def export_masked(self):
        return None

    @extend_schema(parameters=[FORMAT_PARAMETER])
    def list(self, request, *args, **kwargs):
        if requested_format(request):
            queryset = self.filter_queryset(self.get_queryset())
            return export_response(request, queryset, self.export_columns, filename=str(self.export_filename),
                                   masked=self.export_masked())
        return super().list(request, *args, **kwargs)
