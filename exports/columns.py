"""Column specs: what each list exports, with headings in Chinese (the lists' own words).

A `Column` reads one value off a row: an attribute path (``"handling_org.name"``, a field with
choices gives its display), or a callable ``row -> value``. `mask` marks a citizen's personal data
(姓名、电话) and says how to hide it: it is applied unless the user handles that record (issue 16).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Column:
    heading: str
    source: str | Callable[[Any], Any]
    mask: Callable[[str], str] | None = None
    width: int = 16  # XLSX column width, in characters

    def getter(self, model) -> Callable[[Any], Any]:
        """A fast reader for rows of `model`: a field with choices maps through a dict translated once
        (Model.get_FOO_display() would translate the lazy label again on every row)."""
        if callable(self.source):
            return self.source
        field = _field_at(model, self.source)
        if field is not None and field.choices:
            labels = {value: str(label) for value, label in field.flatchoices}
            path = self.source.split(".")

            def read(row):
                value = row
                for part in path:
                    value = getattr(value, part, None) if value is not None else None
                return labels.get(value, "" if value is None else value)

            return read
        return self.value

    def value(self, row) -> Any:
        if callable(self.source):
            return self.source(row)
        value = row
        for part in self.source.split("."):
            if value is None:
                return ""
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part)
            if callable(value):  # a method such as Division.full_name()
                value = value()
        return "" if value is None else value


def _field_at(model, path: str):
    """The model field a dotted path ends on (None for properties and methods)."""
    from django.core.exceptions import FieldDoesNotExist

    field = None
    for part in path.split("."):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: local times without a zone, lazy texts as strings."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (date, int, float)) or value is None:
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name stays, so the clerk can tell people apart without knowing them."""
    name = str(name or "")
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678."""
    phone = str(phone or "")
    if len(phone) <= 4:
        return "*" * len(phone)
    keep = 3 if len(phone) >= 11 else 1
    return phone[:keep] + "*" * (len(phone) - keep - 4) + phone[-4:]


ColumnSpec = Sequence[Column]
