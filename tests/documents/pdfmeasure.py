"""Reading rendered PDFs the way a clerk checks a proof: text lines with positions (pdfplumber, mm from
the top-left corner of the page) and, where ink matters (the page number's dashes), a 300 dpi raster."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4
# GB/T 9704-2012 §5.2.2: the type area (版心) of an A4 page, in mm from the top-left corner.
AREA_TOP, AREA_LEFT, AREA_RIGHT, AREA_BOTTOM = 37.0, 28.0, 184.0, 262.0
BODY_PT = 16


@dataclass
class Line:
    page: int
    top: float  # mm
    bottom: float
    x0: float
    x1: float
    size: float  # pt
    text: str
    fonts: frozenset


def lines(pdf: bytes) -> list[Line]:
    """Every text line of the document, in reading order (characters grouped by baseline)."""
    out: list[Line] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict[float, list] = {}
            for char in page.chars:
                key = next((k for k in rows if abs(k - char["bottom"]) < 1.0), char["bottom"])
                rows.setdefault(key, []).append(char)
            for chars in sorted(rows.values(), key=lambda cs: cs[0]["bottom"]):
                chars.sort(key=lambda c: c["x0"])
                out.append(Line(
                    page=page.page_number, top=min(c["top"] for c in chars) / MM,
                    bottom=max(c["bottom"] for c in chars) / MM, x0=chars[0]["x0"] / MM, x1=max(c["x1"] for c in chars) / MM,
                    size=round(max(c["size"] for c in chars)), text="".join(c["text"] for c in chars).replace(" ", ""),
                    fonts=frozenset(re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for c in chars),
                ))
    return out


def page_count(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def tall_curves(pdf: bytes) -> int:
    """How many curved paths taller than 3 mm the document draws (a printed seal circle would be one)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return sum(1 for page in doc.pages for c in page.curves if c["bottom"] - c["top"] > 3 * MM)


def horizontal_rules(pdf: bytes, page_number: int) -> list[tuple[float, float, float]]:
    """(y mm, x0 mm, x1 mm) of the horizontal edges drawn on a page: rules, and the top and bottom edges
    of bordered boxes (WeasyPrint fills a border as the area between two rectangles)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[page_number - 1]
        found = [(e["top"] / MM, e["x0"] / MM, e["x1"] / MM) for e in page.lines if abs(e["top"] - e["bottom"]) < 1]
        for r in page.rects:
            found.append((r["top"] / MM, r["x0"] / MM, r["x1"] / MM))
            found.append((r["bottom"] / MM, r["x0"] / MM, r["x1"] / MM))
        return sorted(set(found))


def page_number_dash_top(pdf: bytes, page_number: int, dpi: int = 300) -> float | None:
    """Top edge (mm) of the first ink row below the type area wide enough to be a 一字线 (≥ 2.5 mm), looked
    for where GB/T puts the number: the right half of odd pages, the left half of even ones (page 1's
    left corner holds the verification QR code)."""
    from PIL import Image

    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page_number), "-l", str(page_number), "-singlefile",
                          "-gray", "-png", "-"], input=pdf, capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    px = image.load()
    per_mm = dpi / 25.4
    columns = range(int(120 * per_mm), int(AREA_RIGHT * per_mm)) if page_number % 2 else range(
        int(AREA_LEFT * per_mm), int(90 * per_mm))
    for y in range(int(AREA_BOTTOM * per_mm), int(290 * per_mm)):
        run = best = 0
        for x in columns:
            run = run + 1 if px[x, y] < 128 else 0
            best = max(best, run)
        if best >= 2.5 * per_mm:
            return y / per_mm
    return None
