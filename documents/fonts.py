"""The free stand-in faces, prepared once per machine: Noto Serif CJK SC cut down to GB 2312.

Why: WeasyPrint subsets embedded fonts but keeps every glyph id below the highest one used
(HarfBuzz RETAIN_GIDS), as empty glyphs. In the 65,535-glyph Noto CJK that costs ≈80 KB per face
in every PDF, whatever the text. A copy of the face holding only the GB 2312 repertoire (the
7,445 characters of 仿宋_GB2312 itself, plus ASCII and CJK punctuation) has ids below ≈7,600, so a
one-page notice shrinks from ≈270 KB to ≈110 KB and renders faster (smaller fonts to load/subset).

The copies are derived from Debian's fonts-noto-cjk (SIL OFL 1.1, which allows modified
versions) under their own family name, and cached in VAR_DIR keyed by the source file, so a
package upgrade regenerates them. A character outside GB 2312 (a rare name) falls through to
the full Noto Serif CJK SC, the next name in the stack: same design, never a tofu box.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SUBSET_FAMILY = "Noto Serif CJK SC GB"
SOURCE_FAMILY = "Noto Serif CJK SC"
NOTO_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk"))
WENKAI_DIRS = (Path("/usr/share/fonts/truetype/lxgw-wenkai"),)
WEIGHTS = {"Regular": 400, "Bold": 700}

# The roles of GB/T 9704 (documents-and-deadlines.md §1) and their free stand-ins:
# 宋 body/title (Noto Serif CJK SC, Regular and Bold), 黑体-style level-1 headings (Noto Sans
# CJK SC, fonts-noto-cjk) and 楷体-style level-2 headings and 签发人 (LXGW WenKai, fonts-lxgw-wenkai).
SANS_FAMILY, SANS_SUBSET = "Noto Sans CJK SC", "Noto Sans CJK SC GB"
KAI_FAMILY, KAI_SUBSET = "LXGW WenKai", "LXGW WenKai GB"


@dataclass(frozen=True)
class FaceSource:
    role: str
    family: str  # the family name inside the source file (a collection holds several)
    subset_family: str
    weight_name: str
    weight: int
    directories: tuple[Path, ...]
    file_pattern: str

    def source(self) -> Path | None:
        for directory in self.directories:
            path = directory / self.file_pattern.format(weight=self.weight_name)
            if path.exists():
                return path
        return None


FACE_SOURCES = (
    FaceSource("serif", SOURCE_FAMILY, SUBSET_FAMILY, "Regular", 400, NOTO_DIRS, "NotoSerifCJK-{weight}.ttc"),
    FaceSource("serif", SOURCE_FAMILY, SUBSET_FAMILY, "Bold", 700, NOTO_DIRS, "NotoSerifCJK-{weight}.ttc"),
    FaceSource("sans", SANS_FAMILY, SANS_SUBSET, "Regular", 400, NOTO_DIRS, "NotoSansCJK-{weight}.ttc"),
    FaceSource("kai", KAI_FAMILY, KAI_SUBSET, "Regular", 400, WENKAI_DIRS, "LXGWWenKai-{weight}.ttf"),
)


@dataclass(frozen=True)
class PreparedFace:
    family: str
    weight: int
    path: Path
    role: str = "serif"


def _gb2312_characters() -> str:
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def _unicodes() -> list[int]:
    codes = {ord(c) for c in _gb2312_characters()}
    codes.update(range(0x20, 0x7F))  # ASCII: digits of dates and numbers
    codes.update(range(0x2000, 0x2070))  # general punctuation (— … “ ”)
    codes.update(range(0x3000, 0x3040))  # CJK punctuation, 〔〕 (U+3014/3015), U+3000
    codes.update(range(0xFF00, 0xFFF0))  # full-width forms (，：；（）)
    codes.update({0x00B7, 0x00D7, 0x2460, 0x2461, 0x2462, 0x2463, 0x2464})
    return sorted(codes)


def _cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "document-fonts"


_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t; typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
void hb_blob_destroy(hb_blob_t *blob);
void hb_face_destroy(hb_face_t *face);
void hb_set_add(hb_set_t *set, uint32_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
HB_SUBSET_SETS_DROP_TABLE_TAG = 3
HB_SUBSET_FLAGS_NO_HINTING = 0x1
HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40


def _collection_index(source: Path, family: str) -> int:
    from fontTools.ttLib import TTCollection

    if source.suffix.lower() not in {".ttc", ".otc"}:
        return 0
    collection = TTCollection(str(source), lazy=True)
    return next(i for i, f in enumerate(collection.fonts) if f["name"].getDebugName(1) == family)


def _build_with_harfbuzz(source: Path, index: int, codes: list[int] | None = None) -> bytes | None:
    """HarfBuzz-subset (the library WeasyPrint needs anyway) cuts the face in well under a second."""
    import ctypes.util

    from cffi import FFI

    hb_name = ctypes.util.find_library("harfbuzz-subset")
    if not hb_name:
        return None
    ffi = FFI()
    ffi.cdef(_HB_CDEF)
    lib = ffi.dlopen(hb_name)
    blob = lib.hb_blob_create_from_file_or_fail(str(source).encode())
    if blob == ffi.NULL:
        return None
    face = lib.hb_face_create(blob, index)
    subset_input = lib.hb_subset_input_create_or_fail()
    try:
        unicodes = lib.hb_subset_input_unicode_set(subset_input)
        for code in (codes if codes is not None else _unicodes()):
            lib.hb_set_add(unicodes, code)
        drop = lib.hb_subset_input_set(subset_input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in (b"DSIG", b"BASE", b"vhea", b"vmtx", b"VORG"):  # horizontal text only
            lib.hb_set_add(drop, int.from_bytes(tag, "big"))
        lib.hb_subset_input_set_flags(subset_input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE)
        result = lib.hb_subset_or_fail(face, subset_input)
        if result == ffi.NULL:
            return None
        out_blob = lib.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(lib.hb_blob_get_data(out_blob, length), length[0]))
        lib.hb_blob_destroy(out_blob)
        lib.hb_face_destroy(result)
        return data or None
    finally:
        lib.hb_subset_input_destroy(subset_input)
        lib.hb_face_destroy(face)
        lib.hb_blob_destroy(blob)


def _build(source: Path, spec: FaceSource, target: Path) -> None:
    data = _build_with_harfbuzz(source, _collection_index(source, spec.family))
    if data is None:
        logger.warning("HarfBuzz-subset unavailable: cutting %s with fontTools (minutes)", source.name)
        _build_with_fonttools(source, spec, target)
        return
    _write_atomically(target, lambda path: path.write_bytes(data))


def _write_atomically(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)  # another process may have built the same file: identical content
    finally:
        tmp.unlink(missing_ok=True)


def _build_with_fonttools(source: Path, spec: FaceSource, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    weight_name = spec.weight_name
    if source.suffix.lower() in {".ttc", ".otc"}:
        font = next(f for f in TTCollection(str(source)).fonts if f["name"].getDebugName(1) == spec.family)
    else:
        font = TTFont(str(source))
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG", "BASE", "vhea", "vmtx", "VORG"]  # horizontal text only
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_unicodes())
    subsetter.subset(font)
    postscript = f"{spec.subset_family.replace(' ', '')}-{weight_name}"
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = spec.subset_family
        elif record.nameID == 4:
            record.string = f"{spec.subset_family} {weight_name}"
        elif record.nameID == 6:
            record.string = postscript
        elif record.nameID == 3:
            record.string = f"{postscript};GB2312 subset"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
    _write_atomically(target, lambda path: font.save(str(path)))


@functools.cache
def _prepared(signature: tuple) -> tuple[PreparedFace, ...]:
    faces = []
    for spec in FACE_SOURCES:
        source = spec.source()
        if source is None:
            logger.warning("%s not installed: its role (%s) falls back to the next face in the stack",
                           spec.file_pattern.format(weight=spec.weight_name), spec.role)
            continue
        stat = source.stat()
        key = hashlib.sha256(f"{source}:{spec.family}:{stat.st_size}:{stat.st_mtime_ns}:v2".encode()).hexdigest()[:12]
        target = _cache_dir() / f"{spec.subset_family.replace(' ', '')}-{spec.weight_name}-{key}.otf"
        if not target.exists():
            logger.info("preparing %s from %s (once per machine)", target.name, source)
            _build(source, spec, target)
        faces.append(PreparedFace(spec.subset_family, spec.weight, target, spec.role))
    return tuple(faces)


def prepared_faces() -> tuple[PreparedFace, ...]:
    """The GB 2312 cuts of the stand-in faces (宋 Regular/Bold, 黑 Regular, 楷 Regular), built on first use."""
    return _prepared((str(settings.VAR_DIR),))


def prepared_family(role: str) -> str | None:
    return next((f.family for f in prepared_faces() if f.role == role), None)


# --- Rare characters (a name outside GB 2312) -------------------------------------------------------
#
# Falling through to the full Noto Serif CJK SC cost ≈110 KB per document (RETAIN_GIDS keeps every glyph
# id below the rare one's, see above): a one-page notice naming 王䶮 weighed 265 KB. Instead the
# document's own rare characters are cut from the full face into a face of a few glyphs (ids 1..n),
# named RARE_FAMILY and placed in the stacks before the full face. Cached by character set: the next
# document naming the same person reuses it.

RARE_FAMILY = "Noto Serif CJK SC Rare"


@functools.cache
def _covered() -> frozenset[int]:
    return frozenset(_unicodes())


def rare_characters(text: str) -> str:
    """The CJK characters of `text` the GB 2312 cuts lack (sorted, each once)."""
    covered = _covered()
    return "".join(sorted({c for c in text if ord(c) >= 0x2E80 and ord(c) not in covered}))


@functools.cache
def rare_face(characters: str) -> Path | None:
    """A face holding only `characters`, cut from the full 宋 stand-in (None: no source or no HarfBuzz)."""
    spec = next(f for f in FACE_SOURCES if f.role == "serif" and f.weight_name == "Regular")
    source = spec.source()
    if source is None or not characters:
        return None
    stat = source.stat()
    key = hashlib.sha256(f"{source}:{stat.st_size}:{stat.st_mtime_ns}:{characters}".encode()).hexdigest()[:16]
    target = _cache_dir() / "rare" / f"NotoSerifCJKSCRare-{key}.otf"
    if not target.exists():
        data = _build_with_harfbuzz(source, _collection_index(source, spec.family), [ord(c) for c in characters])
        if data is None:
            return None
        _write_atomically(target, lambda path: path.write_bytes(data))
    return target
