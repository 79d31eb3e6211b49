"""Streamed exports of a list: `?format=csv` and `?format=xlsx` (api.md, "Exports").

CSV streams row by row through `StreamingHttpResponse` (with a BOM so Excel reads the Chinese).
XLSX is written by openpyxl in write-only mode, which keeps one row in memory at a time, into an
anonymous temporary file, then streamed with `FileResponse` (the file vanishes when it is closed).
Rows are read with `QuerySet.iterator(chunk_size=...)`, so 100,000 rows stay in bounded memory.

A view hands over the queryset it already filtered for the list, so an export is exactly what the
list shows (same scope, same filters), every page of it.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .columns import ColumnSpec, cell

FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def requested_format(request) -> str | None:
    """`csv` or `xlsx` when the request asks for an export, else None."""
    value = (request.GET.get("format") or "").lower()
    return value if value in FORMATS else None


def _rows(queryset, columns: ColumnSpec, masked: Callable[[object], bool] | None) -> Iterable[list]:
    model = getattr(queryset, "model", None)
    getters = [(column.getter(model) if model is not None else column.value, column.mask) for column in columns]
    source = queryset.iterator(chunk_size=CHUNK_SIZE) if hasattr(queryset, "iterator") else queryset
    for row in source:
        hide = masked(row) if masked is not None else False
        yield [cell(mask(get(row)) if hide and mask else get(row)) for get, mask in getters]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_response(queryset, columns: ColumnSpec, *, filename: str, masked=None) -> StreamingHttpResponse:
    """`masked(row) -> bool`: True when the masked columns of that row must be hidden from this user."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(c.heading) for c in columns])
        for row in _rows(queryset, columns, masked):
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = _disposition(filename, "csv")
    return response


def write_xlsx(target, queryset, columns: ColumnSpec, *, title: str, masked=None) -> None:
    """Write the rows into `target` (a path or a binary file) as one write-only worksheet."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([str(c.heading) for c in columns])
    for row in _rows(queryset, columns, masked):
        sheet.append(row)
    workbook.save(target)


def xlsx_response(queryset, columns: ColumnSpec, *, filename: str, masked=None) -> FileResponse:
    # An anonymous temporary file: deleted by the OS when FileResponse closes it after the last byte.
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_xlsx(spool, queryset, columns, title=filename, masked=masked)
    spool.seek(0)
    response = FileResponse(spool, content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename, "xlsx")
    return response


def export_response(request, queryset, columns: ColumnSpec, *, filename: str, masked=None):
    """The export the request asks for (`?format=csv|xlsx`), or None when it asks for none."""
    fmt = requested_format(request)
    if fmt == "csv":
        return csv_response(queryset, columns, filename=filename, masked=masked)
    if fmt == "xlsx":
        return xlsx_response(queryset, columns, filename=filename, masked=masked)
    return None


def _disposition(filename: str, extension: str) -> str:
    # RFC 6266 / 5987: an ASCII fallback and the Chinese name for browsers that read filename*.
    stamped = f"{filename}-{timezone.localdate():%Y%m%d}.{extension}"
    return f"attachment; filename=\"export.{extension}\"; filename*=UTF-8''{quote(stamped)}"
