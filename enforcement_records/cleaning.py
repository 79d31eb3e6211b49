"""Checking rows before anything is stored: every problem of every row is collected at once.

A row error names the row (the spreadsheet's own line number, or the n-th record of a JSON
batch), the column (its Chinese header) and what is wrong, e.g.
``第7行「决定日期」：“2026-13-01”不是有效日期（应如 2026-03-01）``.
"""

import hashlib
import json
from dataclasses import dataclass, field

from .columns import (
    AMOUNT_FIELDS,
    DATE_FIELDS,
    FLAG_FIELDS,
    KIND_CHOICES,
    PARTY_CHOICES,
    RECORD_COLUMNS,
    TEXT_LIMITS,
    WARNING_COLUMNS,
    CellError,
    read_amount,
    read_choice,
    read_date,
    read_flag,
    read_text,
)
from .models import PartyKind
from .parties import is_valid_id_number, is_valid_uscc, organization_identity, person_identity

HEADERS = {c.field: c.header for c in RECORD_COLUMNS}
HEADERS.update({"parties": "当事人", "officers": "执法人员及执法证号"})
WARNING_HEADERS = {c.field: c.header for c in WARNING_COLUMNS}
MAX_ERRORS = 500  # beyond this the report says how many more


@dataclass
class RowErrors:
    label: str  # 第7行 / 第3条记录
    problems: list[tuple[str, str]] = field(default_factory=list)
    headers: dict = field(default_factory=lambda: HEADERS)

    def add(self, field_name: str, problem: str) -> None:
        self.problems.append((field_name, problem))

    def messages(self) -> list[dict]:
        return [{"row": self.label, "column": self.headers.get(f, f), "field": f,
                 "message": f"{self.label}「{self.headers.get(f, f)}」：{p}"} for f, p in self.problems]


class ErrorReport:
    def __init__(self):
        self.items: list[dict] = []
        self.total = 0

    def extend(self, row_errors: RowErrors) -> None:
        for item in row_errors.messages():
            self.total += 1
            if len(self.items) < MAX_ERRORS:
                self.items.append(item)

    def add(self, label: str, field_name: str, problem: str, headers=None) -> None:
        row = RowErrors(label, headers=headers or HEADERS)
        row.add(field_name, problem)
        self.extend(row)

    def __bool__(self) -> bool:
        return self.total > 0

    def as_list(self) -> list[dict]:
        extra = self.total - len(self.items)
        if extra > 0:
            return self.items + [{"row": "", "column": "", "field": "", "message": f"另有{extra}处错误未列出。"}]
        return self.items


def _parse_officers(value) -> list[dict]:
    """JSON: [{"name", "certificate_number"}]; a cell: 张三:33060001;李四:33060002."""
    if value in (None, ""):
        return []
    if isinstance(value, list):
        officers = []
        for item in value:
            if not isinstance(item, dict):
                raise CellError("每名执法人员应为含 name 和 certificate_number 的对象")
            officers.append({"name": str(item.get("name", "")).strip(),
                             "certificate_number": str(item.get("certificate_number", "")).strip()})
    else:
        officers = []
        text = read_text(value, max_length=TEXT_LIMITS["officers"])
        for part in filter(None, (p.strip() for p in text.replace("；", ";").split(";"))):
            name, sep, number = part.replace("：", ":").partition(":")
            if not sep:
                raise CellError(f"“{part}”应写作“姓名:执法证号”")
            officers.append({"name": name.strip(), "certificate_number": number.strip()})
    for officer in officers:
        if not officer["name"] or not officer["certificate_number"]:
            raise CellError("每名执法人员须有姓名和执法证号")
        if len(officer["name"]) > 50 or len(officer["certificate_number"]) > 40:
            raise CellError("姓名或执法证号过长")
    return officers


def _party(kind: str, name: str, id_number: str, errors: RowErrors, field_name: str) -> dict | None:
    id_number = id_number.strip().upper()
    if not name:
        errors.add(field_name, "请填写当事人名称")
        return None
    if kind == PartyKind.PERSON:
        if id_number and not is_valid_id_number(id_number):
            errors.add("party_id", "身份证号码格式或校验位不正确")
            return None
        key, display, id_display = person_identity(name, id_number)
    else:
        if id_number and not is_valid_uscc(id_number):
            errors.add("party_id", "统一社会信用代码格式或校验位不正确")
            return None
        key, display, id_display = organization_identity(name, id_number)
    return {"kind": kind, "key": key, "display_name": display, "id_display": id_display}


def _parse_parties(row: dict, errors: RowErrors) -> list[dict]:
    parties = []
    if isinstance(row.get("parties"), list):
        for item in row["parties"]:
            if not isinstance(item, dict):
                errors.add("parties", "每名当事人应为含 kind、name、id_number 的对象")
                continue
            try:
                kind = read_choice(item.get("kind"), PARTY_CHOICES)
            except CellError as exc:
                errors.add("parties", str(exc))
                continue
            party = _party(kind, str(item.get("name", "")).strip(), str(item.get("id_number", "") or ""), errors,
                           "parties")
            if party:
                parties.append(party)
        return parties
    name = str(row.get("party_name") or "").strip()
    if not name and not row.get("party_id"):
        return []
    try:
        kind = read_choice(row.get("party_kind") or "", PARTY_CHOICES)
    except CellError as exc:
        errors.add("party_kind", str(exc))
        return []
    party = _party(kind, name, str(row.get("party_id") or ""), errors, "party_name")
    return [party] if party else []


def clean_record_row(row: dict, label: str, divisions: dict) -> tuple[dict | None, RowErrors]:
    """One row → the record's fields (plus parties and officers), or the row's problems."""
    errors = RowErrors(label)
    cleaned: dict = {}
    for column in RECORD_COLUMNS:
        name = column.field
        if name in ("party_kind", "party_name", "party_id", "officers"):
            continue
        value = row.get(name)
        try:
            if name in DATE_FIELDS:
                cleaned[name] = read_date(value)
            elif name in AMOUNT_FIELDS:
                cleaned[name] = read_amount(value)
            elif name in FLAG_FIELDS:
                cleaned[name] = read_flag(value)
            elif name == "kind":
                cleaned[name] = read_choice(value, KIND_CHOICES) if value not in (None, "") else ""
            else:
                cleaned[name] = read_text(value, max_length=TEXT_LIMITS.get(name, 200))
        except CellError as exc:
            errors.add(name, str(exc))
            continue
        if column.required and cleaned.get(name) in (None, ""):
            errors.add(name, "必填，不能为空")
    code = cleaned.pop("division", "")
    if code:
        division = divisions.get(code)
        if division is None:
            errors.add("division", f"区划代码“{code}”不存在")
        else:
            cleaned["division"] = division
    try:
        cleaned["officers"] = _parse_officers(row.get("officers"))
    except CellError as exc:
        errors.add("officers", str(exc))
    cleaned["parties"] = _parse_parties(row, errors)
    if cleaned.get("decided_on") and cleaned.get("filed_on") and cleaned["decided_on"] < cleaned["filed_on"]:
        errors.add("decided_on", "决定日期早于立案/受理日期")
    if errors.problems:
        return None, errors
    return cleaned, errors


def content_hash(cleaned: dict) -> str:
    """What the record says, for telling a re-sent unchanged record from a changed one."""
    payload = {k: (v.code if k == "division" else str(v) if v is not None else None) for k, v in cleaned.items()
               if k not in ("parties", "officers")}
    payload["parties"] = [(p["kind"], p["key"], p["display_name"]) for p in cleaned.get("parties", [])]
    payload["officers"] = [(o["name"], o["certificate_number"]) for o in cleaned.get("officers", [])]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
