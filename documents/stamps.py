"""The 作废 stamp drawn over every page of a voided document's PDF (a new file; the original is kept).

The stamp is vector outlines of the two characters, taken from the 黑体-style stand-in face with
fontTools and written straight into the page content with pypdf: no font to embed, no WeasyPrint in
the web process that voids the document, and a copy that reads the same in every viewer.
"""

from __future__ import annotations

import functools
import io
from datetime import date

from fontTools.pens.basePen import BasePen

MM = 72 / 25.4
STAMP_TEXT = "作废"


class _PdfPathPen(BasePen):
    """Glyph outlines as PDF path operators (font units; the caller's matrix scales them)."""

    def __init__(self, glyph_set):
        super().__init__(glyph_set)
        self.ops: list[str] = []
        self._current = (0.0, 0.0)

    def _moveTo(self, pt):
        self.ops.append(f"{pt[0]:.1f} {pt[1]:.1f} m")
        self._current = pt

    def _lineTo(self, pt):
        self.ops.append(f"{pt[0]:.1f} {pt[1]:.1f} l")
        self._current = pt

    def _curveToOne(self, p1, p2, p3):
        self.ops.append(f"{p1[0]:.1f} {p1[1]:.1f} {p2[0]:.1f} {p2[1]:.1f} {p3[0]:.1f} {p3[1]:.1f} c")
        self._current = p3

    def _qCurveToOne(self, p1, p2):
        p0 = self._current
        c1 = (p0[0] + 2 / 3 * (p1[0] - p0[0]), p0[1] + 2 / 3 * (p1[1] - p0[1]))
        c2 = (p2[0] + 2 / 3 * (p1[0] - p2[0]), p2[1] + 2 / 3 * (p1[1] - p2[1]))
        self._curveToOne(c1, c2, p2)

    def _closePath(self):
        self.ops.append("h")


def _font_path():
    from .fonts import prepared_faces

    for face in prepared_faces():
        if face.role == "sans":
            return str(face.path)
    from .fonts import NOTO_DIRS

    for directory in NOTO_DIRS:
        path = directory / "NotoSansCJK-Regular.ttc"
        if path.exists():
            return str(path)
    raise OSError("no CJK face for the 作废 stamp (fonts-noto-cjk)")


@functools.cache
def _glyph_paths() -> tuple[tuple[str, float], ...]:
    """(path operators, advance) of each stamp character, in font units (1000 per em)."""
    from fontTools.ttLib import TTCollection, TTFont

    path = _font_path()
    font = TTCollection(path).fonts[0] if path.endswith((".ttc", ".otc")) else TTFont(path)
    glyph_set, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = 1000 / font["head"].unitsPerEm
    out = []
    for char in STAMP_TEXT:
        name = cmap[ord(char)]
        pen = _PdfPathPen(glyph_set)
        glyph_set[name].draw(pen)
        out.append((" ".join(pen.ops), glyph_set[name].width * scale))
    return tuple(out)


def _stamp_stream(width: float, height: float, number: str, voided_on: date) -> bytes:
    size = 40 * MM  # each character 40 mm high
    glyphs = _glyph_paths()
    total = sum(advance for _ops, advance in glyphs) * size / 1000
    ops = ["q", "/GSvoid gs", "0.85 0.05 0.05 rg", "0.85 0.05 0.05 RG"]
    # Rotated 30° about the page centre, like a rubber stamp.
    ops.append(f"0.866 0.5 -0.5 0.866 {width / 2:.1f} {height / 2:.1f} cm")
    # The frame around the word.
    pad = 6 * MM
    ops.append(f"3 w {-total / 2 - pad:.1f} {-size * 0.2 - pad:.1f} {total + 2 * pad:.1f} {size * 1.1 + 2 * pad:.1f} re S")
    x = -total / 2
    for glyph_ops, advance in glyphs:
        ops.append(f"q {size / 1000:.4f} 0 0 {size / 1000:.4f} {x:.1f} {-size * 0.08:.1f} cm {glyph_ops} f Q")
        x += advance * size / 1000
    ops.append("Q")
    return "\n".join(ops).encode()


def stamp_void(pdf: bytes, *, number: str, voided_on: date) -> bytes:
    """A copy of `pdf` with 作废 over every page, semi-transparent so that the text stays readable."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    _drop_signatures(writer)
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        stream = DecodedStreamObject()
        stream.set_data(_stamp_stream(width, height, number, voided_on))
        page.merge_page(_overlay_page(writer, stream, width, height), over=True)
    writer.add_metadata({"/Subject": f"{number} 已作废"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _drop_signatures(writer) -> None:
    """Remove the seal's signature field: the stamped copy is new content, which that signature no longer
    covers (a validator would report it broken); `stamp_void_copy` seals the copy again."""
    from pypdf.generic import ArrayObject, NameObject

    def is_signature(ref) -> bool:
        field = ref.get_object()
        parent = field.get("/Parent")
        return field.get("/FT") == "/Sig" or (parent is not None and parent.get_object().get("/FT") == "/Sig")

    form = writer._root_object.get("/AcroForm")
    if form is not None:
        form = form.get_object()
        form[NameObject("/Fields")] = ArrayObject([f for f in form.get("/Fields", []) if not is_signature(f)])
        if "/SigFlags" in form:
            del form["/SigFlags"]
    for page in writer.pages:
        if "/Annots" in page:
            page[NameObject("/Annots")] = ArrayObject([a for a in page["/Annots"] if not is_signature(a)])


def _overlay_page(writer, stream, width, height):
    from pypdf import PageObject
    from pypdf.generic import DictionaryObject, FloatObject, NameObject

    overlay = PageObject.create_blank_page(width=width, height=height)
    overlay[NameObject("/Contents")] = writer._add_object(stream)
    overlay[NameObject("/Resources")] = DictionaryObject({NameObject("/ExtGState"): DictionaryObject(
        {NameObject("/GSvoid"): DictionaryObject({NameObject("/ca"): FloatObject(0.35),
                                                  NameObject("/CA"): FloatObject(0.5)})})})
    return overlay
