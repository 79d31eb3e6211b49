"""Reading an uploaded template (XLSX or CSV) into rows keyed by field name, and writing the template."""

import csv
import io

from django.core.exceptions import ValidationError

from .columns import RECORD_COLUMNS, WARNING_COLUMNS, header_map

MAX_ROWS = 200_000


def columns_for(content: str):
    return WARNING_COLUMNS if content == "warnings" else RECORD_COLUMNS


def _rows_from_table(table, columns) -> list[tuple[int, dict]]:
    """`table` yields lists of cells; the first non-empty row is the header."""
    mapping = header_map(columns)
    rows = iter(table)
    header = None
    line = 0
    for cells in rows:
        line += 1
        if any(c not in (None, "") for c in cells):
            header = [str(c).strip().lstrip("\ufeff").replace("*", "") if c is not None else "" for c in cells]
            break
    if header is None:
        raise ValidationError({"file": ["文件中没有表头和数据。请使用下载的模板。"]})
    unknown = [h for h in header if h and h not in mapping]
    missing = [c.header for c in columns if c.required and c.header not in header and c.field not in header]
    if unknown or missing:
        problems = []
        if missing:
            problems.append("缺少必填列：" + "、".join(missing))
        if unknown:
            problems.append("无法识别的列：" + "、".join(unknown))
        raise ValidationError({"file": [f"第{line}行（表头）：{'；'.join(problems)}。请使用下载的模板。"]})
    fields = [mapping.get(h) for h in header]
    result = []
    for cells in rows:
        line += 1
        if not any(c not in (None, "") for c in cells):
            continue
        if len(result) >= MAX_ROWS:
            raise ValidationError({"file": [f"一次最多导入{MAX_ROWS}行，请分批导入。"]})
        result.append((line, {f: c for f, c in zip(fields, cells, strict=False) if f}))
    return result


def read_xlsx(fileobj, content: str) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ValidationError({"file": ["无法读取该Excel文件，请确认是.xlsx格式并使用下载的模板。"]}) from None
    try:
        sheet = workbook.worksheets[0]
        return _rows_from_table((list(r) for r in sheet.iter_rows(values_only=True)), columns_for(content))
    finally:
        workbook.close()


def read_csv(fileobj, content: str) -> list[tuple[int, dict]]:
    raw = fileobj.read()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GB18030
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError({"file": ["CSV文件编码无法识别，请以UTF-8或GB18030保存。"]})
    return _rows_from_table(csv.reader(io.StringIO(text, newline="")), columns_for(content))


def read_file(fileobj, name: str, content: str) -> list[tuple[int, dict]]:
    lower = name.lower()
    fileobj.seek(0)
    if lower.endswith(".xlsx"):
        return read_xlsx(fileobj, content)
    if lower.endswith(".csv"):
        return read_csv(fileobj, content)
    raise ValidationError({"file": ["只接受.xlsx或.csv文件（请使用下载的模板）。"]})


def template_xlsx(content: str = "records") -> bytes:
    """The template with Chinese headers (required ones marked *), an example row and a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    columns = columns_for(content)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append([c.header + ("*" if c.required else "") for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(column.header) * 2.2)
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "必填", "示例", "说明"])
    for column in columns:
        notes.append([column.header, "是" if column.required else "否", column.example, column.note])
    notes.append([])
    notes.append(["日期格式：2026-03-01；金额单位为元；标*的列必填；同一案件编号再次导入将更新原记录，不会重复。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(content: str = "records") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = columns_for(content)
    writer.writerow([c.header for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
