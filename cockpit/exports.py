"""The statistics page's figures as XLSX (one sheet per figure, the agency table last) and CSV (issue 16).

The same tables the page shows, with the period and filters in each sheet's first rows, for the
clerk who writes the monthly 通报 (办法 Art. 9) or the report to the government (条例 Art. 6).
"""

import csv
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse

from exports.responses import CSV_TYPE, XLSX_TYPE, _disposition, _Echo

from .figures import Figure, Table


def _figure_rows(figure: Figure) -> list[list]:
    rows = [["项目", *[str(s.name) for s in figure.series]]]
    rows += [[str(row["label"]), *[cell.value for cell in row["cells"]]] for row in figure.table_rows()]
    if figure.note:
        rows.append([str(figure.note)])
    return rows


def _table_rows(table: Table) -> list[list]:
    rows = [["执法机关", *[str(title) for _key, title in table.columns]]]
    rows += [[row["label"], *[row[key].value for key, _title in table.columns]] for row in table.rows]
    if table.note:
        rows.append([str(table.note)])
    return rows


def _sheets(figures: list[Figure], table: Table | None) -> list[tuple[str, list[list]]]:
    sheets = [(str(f.title), _figure_rows(f)) for f in figures]
    if table is not None:
        sheets.append((str(table.title), _table_rows(table)))
    return sheets


def _period_line(scope) -> list[str]:
    return [f"统计期间：{scope.start:%Y-%m-%d}至{scope.end:%Y-%m-%d}", *(f"{k}={v}" for k, v in scope.as_query().items()
                                                                  if k not in ("from", "to"))]


def statistics_xlsx(scope, figures: list[Figure], table: Table | None, *, filename="统计分析") -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used = set()
    for title, rows in _sheets(figures, table):
        name = _sheet_name(title, used)
        sheet = workbook.create_sheet(title=name)
        sheet.column_dimensions["A"].width = 28
        sheet.append([title])
        sheet.append(_period_line(scope))
        for row in rows:
            sheet.append(row)
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(spool, content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename, "xlsx")
    return response


def statistics_csv(scope, figures: list[Figure], table: Table | None, *, filename="统计分析") -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(_period_line(scope))
        for title, rows in _sheets(figures, table):
            yield writer.writerow([])
            yield writer.writerow([title])
            for row in rows:
                yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = _disposition(filename, "csv")
    return response


def _sheet_name(title: str, used: set) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:28]
    name, n = clean, 2
    while name in used:
        name, n = f"{clean[:26]}{n}", n + 1
    used.add(name)
    return name


def tables_xlsx(heading: list[str], tables: list[dict], *, filename: str) -> FileResponse:
    """A briefing's or an assessment's tables ({title, columns, rows, note}) as a workbook, one sheet each:
    the same tables as its PDF, the heading lines (issuer, period) on top of every sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used = set()
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_name(str(table["title"]), used))
        sheet.column_dimensions["A"].width = 30
        sheet.append([str(table["title"])])
        sheet.append(heading)
        sheet.append([str(c) for c in table["columns"]])
        for row in table["rows"]:
            sheet.append(["" if v is None else (float(v) if isinstance(v, Decimal) else v) for v in row])
        if table.get("note"):
            sheet.append([str(table["note"])])
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(spool, content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename, "xlsx")
    return response
