"""Turn a Document into PDF bytes (WeasyPrint), list the faces it embeds, draw its first page.

`render_document(document) -> bytes` is the one place a template becomes a PDF; the task only
stores the result. WeasyPrint is imported once per process (`_weasyprint()`, warmed by the
worker at start-up), so a warm render costs a template plus layout, not an import.

Fonts (GB/T 9704-2012 5.2 and documents-and-deadlines.md §1): every stack names the licensed
official faces first (方正小标宋简体 for the header and title, 仿宋_GB2312 for the body); when a
bureau puts those files in settings.DOCUMENT_FONT_DIR they are loaded with @font-face. Otherwise
Debian's Noto Serif CJK SC stands in, Regular and Bold only: one family, two weights, so the
PDF embeds two subset faces and no fallback face.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .errors import TransientRenderError
from .fetcher import restricted_url_fetcher
from .kinds import load_context

logger = logging.getLogger(__name__)

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}
# Official face names, in order of preference (names as their vendors register them).
TITLE_FACES = ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0", "小标宋")
BODY_FACES = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong")
HEADING_FACES = ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体")
KAI_FACES = ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "方正楷体_GBK", "STKaiti")
# The free stand-ins: Noto Serif CJK SC (宋, fonts-noto-cjk) for the body and titles, Noto Sans
# CJK SC (黑) for level-1 headings, LXGW WenKai (楷, fonts-lxgw-wenkai) for level-2 headings.
FALLBACK_FAMILY = "Noto Serif CJK SC"
FALLBACK_FAMILIES = {"serif": "Noto Serif CJK SC", "sans": "Noto Sans CJK SC", "kai": "LXGW WenKai"}

# The type area (版心) is 156 mm wide: 442 pt. A red header wider than that is scaled down.
TYPE_AREA_WIDTH_PT = 442
HEADER_MAX_PT = 36


@functools.cache
def _weasyprint():
    import weasyprint  # heavy (≈0.5 s): once per process
    import weasyprint.text.fonts

    return weasyprint


def warm_up() -> None:
    """Import WeasyPrint and scan the font directory now (called when a worker process starts)."""
    from .typesetting import word_boundaries

    _weasyprint()
    licensed_fonts()
    _prepared_faces()
    _render_setup()
    word_boundaries("预热")  # load jieba's dictionary (titles break between words)


@dataclass(frozen=True)
class LicensedFont:
    family: str
    path: Path


def _family_names(path: Path) -> set[str]:
    from fontTools.ttLib import TTCollection, TTFont

    fonts = TTCollection(str(path)).fonts if path.suffix.lower() in {".ttc", ".otc"} else [TTFont(str(path), lazy=True)]
    names = set()
    for font in fonts:
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                try:
                    names.add(record.toUnicode().strip())
                except UnicodeDecodeError:
                    continue
    return {n for n in names if n}


@functools.cache
def _scan_font_dir(directory: str, signature: tuple) -> tuple[LicensedFont, ...]:
    found = []
    for path in sorted(Path(directory).iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        try:
            families = _family_names(path)
        except Exception as exc:  # noqa: BLE001 - fontTools raises many types for a bad file; skip it, loudly
            logger.warning("DOCUMENT_FONT_DIR: cannot read %s (%s); ignored", path, exc)
            continue
        found.extend(LicensedFont(family, path) for family in sorted(families))
    return tuple(found)


def licensed_fonts() -> tuple[LicensedFont, ...]:
    """The faces a bureau installed in DOCUMENT_FONT_DIR (re-scanned when the directory changes)."""
    directory = Path(settings.DOCUMENT_FONT_DIR)
    if not directory.is_dir():
        return ()
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(directory.iterdir()))
    return _scan_font_dir(str(directory), signature)


def _stack(preferred: tuple[str, ...], role: str = "serif", rare: bool = False) -> str:
    """Licensed faces first, then the GB 2312 cut of the stand-in, then the full stand-in (rare characters).

    WeasyPrint (Pango) falls back per character through the stack, so a name a licensed 仿宋_GB2312
    lacks (堃, 䶮, 𠮷) is set in the next face that has it, never as a tofu box.
    """
    from .fonts import RARE_FAMILY, prepared_family

    rare_name = RARE_FAMILY if rare else None
    stand_ins = [name for name in (prepared_family(role), rare_name if role == "serif" else None,
                                   FALLBACK_FAMILIES[role]) if name]
    if role != "serif":
        stand_ins += [name for name in (prepared_family("serif") or FALLBACK_FAMILY, rare_name, FALLBACK_FAMILY) if name]
    names = list(dict.fromkeys((*preferred, *stand_ins)))
    return ", ".join(f'"{name}"' for name in names)


def _prepared_faces():
    from .fonts import prepared_faces

    return prepared_faces()


def font_css(rare_face=None) -> dict:
    """@font-face rules for the licensed faces present, and the stacks the templates use.

    `rare_face`: the document's own face of characters outside GB 2312 (`fonts.rare_face`), set before
    the full stand-in so that only those few glyphs are embedded."""
    from .fonts import RARE_FAMILY

    fonts = licensed_fonts()
    available = {f.family for f in fonts}
    faces = "\n".join(
        [f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.resolve().as_uri()}"); }}' for f in fonts]
        + [f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; src: url("{f.path.as_uri()}"); }}'
           for f in _prepared_faces()]
        + ([f'@font-face {{ font-family: "{RARE_FAMILY}"; src: url("{rare_face.as_uri()}"); }}'] if rare_face else [])
    )
    rare = rare_face is not None
    has_title_face = any(name in available for name in TITLE_FACES)
    return {
        "font_faces": faces,
        "title_stack": _stack(TITLE_FACES, rare=rare),
        "body_stack": _stack(BODY_FACES, rare=rare),
        "heading_stack": _stack(HEADING_FACES, "sans", rare=rare),
        "kai_stack": _stack(KAI_FACES, "kai", rare=rare),
        # 小标宋 is itself a heavy face; only the Noto stand-in needs its Bold weight. 黑体 is a
        # regular-weight sans: Noto Sans CJK SC Regular stands in for it.
        "title_weight": 400 if has_title_face else 700,
        "heading_weight": 400,
    }


def header_size(name: str) -> float:
    """Font size of the red 发文机关标志: 36 pt unless the issuer's name would overflow the type area."""
    if not name:
        return HEADER_MAX_PT
    return round(min(HEADER_MAX_PT, TYPE_AREA_WIDTH_PT * 0.96 / len(name)), 1)


def template_context(document) -> dict:
    spec = document.kind_spec
    context = load_context(spec, document.context)
    recipients = list(document.recipients.all())
    issuer = document.issuer
    context.update(
        {
            "document": document,
            "kind": spec,
            "number": document.number,
            "title": document.title,
            "issuer": issuer,
            "recipients": recipients,
            "issue_date": document.issue_date,
            "issued_by_name": document.issued_by.get_full_name() or document.issued_by.get_username(),
            "header_size": header_size(issuer.name),
        }
    )
    if document.verify_code:
        from .verification import qr_data_uri, verify_url

        context.update({"verify_code": document.verify_code, "verify_url": verify_url(document.verify_code),
                        "verify_qr": qr_data_uri(document.verify_code)})
    from .seal import seal_image

    image = seal_image(issuer)
    if image is not None:
        context["seal_image"] = image.resolve().as_uri()
    return context


def build_html(document) -> str:
    # Documents are in Chinese whatever the language of the person who triggered them.
    with translation.override("zh-hans"):
        return render_to_string(document.kind_spec.template_name, template_context(document))


STYLESHEET_TEMPLATE = "documents/_gbt9704.css"

_local = threading.local()


@dataclass(frozen=True)
class _RenderSetup:
    key: tuple
    font_config: object
    stylesheet: object


def _render_setup(rare_face=None) -> _RenderSetup:
    """This thread's FontConfiguration and the parsed GB/T 9704 stylesheet, reused while the fonts stay the same.

    A fresh FontConfiguration per document would reload fontconfig's configuration, copy and rescan
    the two 4 MB faces and start Pango's font map cold: most of a render's time. Reused, the faces
    are registered once and Pango keeps them open. The stylesheet (the layout, the @font-face rules
    and the stacks) does not depend on the document: parsing it took ≈17 ms of every render, so it is
    parsed once here, against this font configuration, and handed to WeasyPrint as a stylesheet.
    Being a "user" stylesheet it outranks WeasyPrint's defaults and yields to the document's own
    <style> (the 发文机关标志's size), which is all the cascade needs.
    """
    fonts = font_css(rare_face)
    key = tuple(sorted(fonts.items()))
    # A document with rare characters gets its own setup, kept beside the common one (not replacing it).
    slot = "rare_setup" if rare_face is not None else "setup"
    cached = getattr(_local, slot, None)
    if cached is None or cached.key != key:
        weasyprint = _weasyprint()
        font_config = weasyprint.text.fonts.FontConfiguration()
        css = render_to_string(STYLESHEET_TEMPLATE, fonts)
        stylesheet = weasyprint.CSS(string=css, base_url=str(settings.BASE_DIR), font_config=font_config,
                                    url_fetcher=restricted_url_fetcher())
        cached = _RenderSetup(key, font_config, stylesheet)
        setattr(_local, slot, cached)
    return cached


def render_document(document) -> bytes:
    """The document's PDF (A4, GB/T 9704-2012 layout), fonts embedded as subsets."""
    return _write_pdf(build_html(document))


# A draft's preview renders a stand-in object with the same attributes as a Document.
template_context_for = template_context


def build_pdf_from_html(template_name: str, context: dict) -> bytes:
    """A PDF from a document template and a ready context (a draft's 样稿 preview)."""
    with translation.override("zh-hans"):
        return _write_pdf(render_to_string(template_name, context))


def _write_pdf(html: str) -> bytes:
    from .fonts import rare_characters, rare_face

    weasyprint = _weasyprint()
    rare = rare_characters(html)
    setup = _render_setup(rare_face(rare) if rare else None)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=restricted_url_fetcher()).write_pdf(
        stylesheets=[setup.stylesheet], font_config=setup.font_config,
        optimize_images=True, full_fonts=False, hinting=False,
    )


SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def embedded_fonts(pdf: bytes) -> list[str]:
    """PostScript names of the faces embedded in `pdf` (subset tags removed), read with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if not fonts:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            base = str(font.get("/BaseFont", "")).lstrip("/")
            if base:
                names.add(SUBSET_TAG.sub("", base))
    return sorted(names)


def render_preview(pdf: bytes, *, dpi: int = 60) -> bytes:
    """PNG of the first page, drawn by poppler's pdftoppm (poppler-utils)."""
    try:
        result = subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-"],  # no output root: PNG on stdout
            input=pdf, capture_output=True, timeout=60, check=True,
        )
    except FileNotFoundError as exc:
        raise TransientRenderError("pdftoppm not installed (apt-get install poppler-utils)") from exc
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise TransientRenderError(f"pdftoppm failed: {exc}") from exc
    if not result.stdout.startswith(b"\x89PNG"):
        raise TransientRenderError("pdftoppm produced no PNG")
    return result.stdout
