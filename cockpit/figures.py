"""The shapes the cockpit's selectors return: one `Figure` per chart, one `Table` per agency table.

Each point carries the URL of the list page behind it (the same list, with the filter applied),
so the page, the chart's click handler and the API all offer the same drill-down.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Point:
    key: str
    label: str
    value: int | float | None
    url: str = ""


@dataclass
class Series:
    name: str
    points: list[Point]


@dataclass
class Figure:
    """A chart and its table view. `chart` is an ECharts series type: bar, line or pie."""

    slug: str
    title: str
    chart: str
    series: list[Series]
    unit: str = "件"
    note: str = ""

    @property
    def categories(self) -> list[str]:
        return [p.label for p in self.series[0].points] if self.series else []

    @property
    def total(self) -> int | float:
        return sum(p.value or 0 for p in self.series[0].points) if self.series else 0

    def table_rows(self) -> list[dict]:
        """Rows of the table view: one per category, one cell per series."""
        return [
            {"label": point.label, "cells": [s.points[i] for s in self.series]}
            for i, point in enumerate(self.series[0].points)
        ] if self.series else []

    def description(self) -> str:
        """What a screen reader announces for the chart: every value, in the table's order."""
        parts = []
        for series in self.series:
            values = "，".join(f"{p.label}{_number(p.value)}{self.unit}" for p in series.points)
            parts.append(f"{series.name}：{values}" if len(self.series) > 1 else values)
        return f"{self.title}。" + "；".join(parts) + "。"

    def as_dict(self) -> dict:
        return {"slug": self.slug, "title": str(self.title), "chart": self.chart, "unit": str(self.unit),
                "note": str(self.note), "description": self.description(),
                "series": [{"name": str(s.name), "points": [_point(p) for p in s.points]} for s in self.series]}


@dataclass
class Table:
    slug: str
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[dict] = field(default_factory=list)  # {"label": str, "url": str, key: Point}
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "slug": self.slug, "title": str(self.title), "note": str(self.note),
            "columns": [{"key": k, "title": str(t)} for k, t in self.columns],
            "rows": [{k: (_point(v) if isinstance(v, Point) else v) for k, v in row.items()} for row in self.rows],
        }


def _number(value) -> str:
    return "—" if value is None else str(value)


def _point(point: Point) -> dict:
    data = asdict(point)
    data["label"] = str(point.label)
    return data


def list_url(url_name: str, **params) -> str:
    """A list page's URL with its own query parameters (empty ones left out)."""
    query = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items() if v not in (None, "")}
    return f"{reverse(url_name)}?{urlencode(query)}" if query else reverse(url_name)


def months(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months touching [start, end], each clipped to the period."""
    result = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        following = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        result.append((max(cursor, start), min(following - timedelta(days=1), end)))
        cursor = following
    return result
