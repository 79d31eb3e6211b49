"""The published template: one column per field, its Chinese header, and how a cell is read.

The same definitions serve the XLSX/CSV template (headers in Chinese), the JSON pushed by agency
systems (keys are the `field` names) and the row-level error report (row, column, problem).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import PartyKind, RecordKind


class CellError(ValueError):
    """A cell that cannot be read; the message says what is wrong, in Chinese."""


def read_text(value, *, max_length: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise CellError(f"超过{max_length}个字")
    return text


def read_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        try:  # the common case (JSON, CSV): 2026-03-01, without the regular expression
            return date.fromisoformat(text)
        except ValueError:
            pass
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{text}”不是有效日期（应如 2026-03-01）")


def read_amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise CellError(f"“{value}”不是金额（应为数字，单位元）") from None
    if amount < 0 or amount >= Decimal("1e12") or not amount.is_finite():
        raise CellError(f"金额“{value}”超出范围")
    return amount.quantize(Decimal("0.01"))


YES = {"是", "yes", "true", "1", "y", "√"}
NO = {"否", "no", "false", "0", "n", ""}


def read_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"“{value}”应填“是”或“否”")


_CHOICE_LOOKUPS: dict[int, tuple[list, dict[str, str]]] = {}


def _choice_lookup(choices: list) -> dict[str, str]:
    """Slug and Chinese label → slug, built once per choices list (a lazy label costs a catalogue
    lookup per cell, and hashing it as much)."""
    cached = _CHOICE_LOOKUPS.get(id(choices))
    if cached is None or cached[0] is not choices:
        with translation.override("zh-hans"):
            lookup = {**{str(label): slug for slug, label in choices}, **{slug: slug for slug, _label in choices}}
        cached = _CHOICE_LOOKUPS[id(choices)] = (choices, lookup)
    return cached[1]


def read_choice(value, choices) -> str:
    text = "" if value is None else str(value).strip()
    found = _choice_lookup(choices).get(text)
    if found is not None:
        return found
    for slug, label in choices:  # the label in the user's language (an English template)
        if text == str(label):
            return slug
    allowed = "、".join(str(label) for _slug, label in choices)
    raise CellError(f"“{text}”不是可选值（可填：{allowed}）")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    example: str = ""
    note: str = ""


RECORD_COLUMNS = (
    Column("case_number", "案件编号", True, "越市监罚〔2026〕12号", "本机关的案件编号；再次报送同一编号即更新原记录"),
    Column("kind", "类别", True, "行政处罚", "行政处罚、行政许可、行政检查、行政强制"),
    Column("title", "案由/事项", True, "销售过期食品案"),
    Column("division", "发生地区划代码", True, "330602001", "12位以内的行政区划代码"),
    Column("party_kind", "当事人类型", False, "法人或其他组织", "自然人、法人或其他组织"),
    Column("party_name", "当事人名称", False, "绍兴某某超市有限公司", "自然人姓名只以脱敏和加密形式保存"),
    Column("party_id", "当事人证件号码", False, "91330602MA2BXXXXXX", "自然人为身份证号，组织为统一社会信用代码"),
    Column("officers", "执法人员及执法证号", False, "张三:33060001;李四:33060002", "姓名:执法证号，多人以分号分隔"),
    Column("act_on", "违法行为发生日", False, "2026-01-05"),
    Column("violated_provision", "违反条款", False, "《食品安全法》第三十四条"),
    Column("legal_basis", "处理依据", False, "《食品安全法》第一百二十四条"),
    Column("decision", "决定内容", False, "罚款5000元"),
    Column("fine_amount", "罚款金额（元）", False, "5000"),
    Column("confiscation_amount", "没收违法所得（元）", False, "0"),
    Column("heavy_sanction", "较重处罚（停产停业、吊销证照等）", False, "否", "是/否"),
    Column("is_major", "重大执法决定", False, "否", "是/否"),
    Column("filed_on", "立案/受理日期", False, "2026-01-06"),
    Column("investigation_ended_on", "调查终结日期", False, "2026-02-01"),
    Column("notified_on", "告知日期", False, "2026-02-03"),
    Column("hearing_notice_on", "听证告知日期", False, ""),
    Column("legal_review_on", "法制审核日期", False, ""),
    Column("collective_discussion_on", "集体讨论日期", False, ""),
    Column("extension_approved_on", "延期批准日期", False, "", "经负责人批准延长办案期限的日期"),
    Column("decided_on", "决定日期", False, "2026-02-10"),
    Column("served_on", "送达日期", False, "2026-02-12"),
    Column("executed_on", "执行日期", False, "2026-02-20"),
    Column("closed_on", "结案日期", False, "2026-02-25"),
)

WARNING_COLUMNS = (
    Column("origin", "来源", True, "省快速预警", "省快速预警（条例第三十七条）、12345工单（条例第二十条）"),
    Column("reference", "编号", True, "ZJYJ-2026-000123", "来源系统的预警编号或工单编号"),
    Column("agency", "涉及单位", True, "越城区市场监督管理局", "行政执法机关全称"),
    Column("case_number", "案件编号", False, "越市监罚〔2026〕12号", "涉及的执法案件编号（如有）"),
    Column("division", "区划代码", False, "330602"),
    Column("content", "预警内容", True, "该案办案期限超过九十日"),
    Column("basis", "依据", False, "《行政处罚法》第六十条"),
    Column("received_on", "接收日期", True, "2026-03-01"),
)

DATE_FIELDS = {"act_on", "filed_on", "investigation_ended_on", "notified_on", "hearing_notice_on", "legal_review_on",
               "collective_discussion_on", "extension_approved_on", "decided_on", "served_on", "executed_on",
               "closed_on", "received_on"}
AMOUNT_FIELDS = {"fine_amount", "confiscation_amount"}
FLAG_FIELDS = {"heavy_sanction", "is_major"}
TEXT_LIMITS = {"case_number": 80, "title": 200, "division": 12, "party_name": 200, "party_id": 18,
               "violated_provision": 200, "legal_basis": 300, "decision": 4000, "reference": 80, "agency": 100,
               "content": 4000, "basis": 300, "officers": 1000}

KIND_CHOICES = RecordKind.choices
PARTY_CHOICES = PartyKind.choices


def header_map(columns) -> dict[str, str]:
    """Chinese header or field name → field."""
    mapping = {}
    for column in columns:
        mapping[column.header] = column.field
        mapping[column.field] = column.field
    return mapping


TEMPLATE_TITLE = {"records": _("执法记录导入模板"), "warnings": _("外部预警导入模板")}
