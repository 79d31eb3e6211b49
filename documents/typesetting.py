"""Text as a clerk would set it in a 公文 (GB/T 9704-2012): paragraphs, closing punctuation, numbers, titles.

The workflow apps pass what users typed (facts, problems, corrections ...) into the document's
context unchanged; these helpers, used by the PDF templates through `gbt9704_tags`, decide how it
is printed:

- `paragraphs`: a user's line breaks are paragraphs (each indented 2 字, §7.3.3); the spaces a
  textarea or a paste leaves between Chinese characters are removed, those between Latin words kept.
- `sentence` / `clause`: a paragraph ends with 。 (a user clause typed without it gets one); a
  phrase inserted into the template's own sentence loses its final punctuation.
- `keep_numbers`: 发文字号 such as 越司执监通〔2026〕3号 never break across lines (a line ending
  in "〔2026〕3" with "号" on the next is not how a clerk writes a number).
- `balanced_title`: a title of more than one line is broken between words into lines of even
  length, the upper ones not longer than the lower ones (§7.3.1: 梯形或菱形, 词意完整).
"""

from __future__ import annotations

import functools
import logging
import re

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{CJK}])")
_RUNS_OF_SPACE = re.compile(r"[ \t\u00a0]+")
# What may end a paragraph as it stands; anything else gets a 。.
TERMINAL = "。！？…"
CLOSERS = "”’』」）)"
# Punctuation a clause loses before the template continues the sentence.
TRAILING = "。；;，,、：:.！!？? \t"
DOC_NUMBER = re.compile(r"(?:（[^（）\s]{1,4}）)?[^\s，。；：、（）()《》“”]{0,20}〔\d{4}〕\d+号")


def clean_paragraph(text: str) -> str:
    text = _SPACE_BETWEEN_CJK.sub("", text.strip())
    return _RUNS_OF_SPACE.sub(" ", text)


def paragraphs(text) -> list[str]:
    """The user's paragraphs: one per non-empty line, cleaned of stray spaces."""
    if text is None:
        return []
    lines = [str(item) for item in text] if isinstance(text, list | tuple) else str(text).splitlines()
    return [p for p in (clean_paragraph(line) for line in lines) if p]


def sentence(text) -> str:
    """A paragraph that ends as a sentence ends: with 。 unless it already ends with 。！？ (maybe quoted)."""
    text = clean_paragraph(str(text or ""))
    if not text:
        return ""
    core = text.rstrip(CLOSERS)
    if core and core[-1] in TERMINAL:
        return text
    if text[-1] in CLOSERS:
        return text + "。"
    return text.rstrip(TRAILING) + "。"


def clause(text) -> str:
    """A phrase the template continues (…不符合{provisions}的规定): no punctuation of its own at the end."""
    return clean_paragraph(str(text or "")).rstrip(TRAILING)


def keep_numbers(text) -> str:
    """Escape `text` and keep each document number on one line (nowrap span)."""
    escaped = str(conditional_escape(text))
    return mark_safe(DOC_NUMBER.sub(lambda m: f'<span class="nobreak">{m.group(0)}</span>', escaped))


# --- Titles ------------------------------------------------------------------------------------------

# A 2号 (22 pt) title on the 156 mm type area: 20 characters a line.
TITLE_LINE_CHARS = 20
# Words a break must not split, and the places a title breaks naturally.
_UNBREAKABLE = re.compile(r"《[^》]*》|〔\d{4}〕\d+号|[A-Za-z0-9]+|“[^”]*”|（[^）]*）")
_BREAK_AFTER = ("关于", "、", "，", "》", "对", "向", "和", "与", "及")
_BREAK_BEFORE = ("的", "《", "关于")
_SUFFIX_WORDS = ("建议书", "通知书", "决定书", "意见书", "请示", "报告", "回证")


def _protected_spans(title: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _UNBREAKABLE.finditer(title)]
    for word in _SUFFIX_WORDS:
        start = title.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = title.find(word, start + 1)
    return spans


# Domain words jieba's general dictionary splits.
_DOMAIN_WORDS = ("占道经营", "联合执法", "行政执法", "执法监督", "监督通知书", "监督决定书", "协调意见书", "送达回证",
                 "职责争议", "无证经营", "个案监督", "限期改正")


@functools.cache
def _segmenter():
    """jieba (MIT), loaded once per process: titles break between its words (词意完整, §7.3.1)."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - a declared dependency; without it titles break by the rules below
        return None
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for word in _DOMAIN_WORDS:
        jieba.add_word(word)
    return jieba


def word_boundaries(text: str) -> set[int] | None:
    segmenter = _segmenter()
    if segmenter is None:
        return None
    positions, at = set(), 0
    for word in segmenter.cut(text, HMM=False):
        at += len(word)
        positions.add(at)
    return positions


def _breaks(title: str) -> list[tuple[int, int]]:
    """(position, penalty) of the places a title may break; lower penalty = more natural."""
    protected = _protected_spans(title)
    boundaries = word_boundaries(title)
    out = []
    for i in range(1, len(title)):
        if any(a < i < b for a, b in protected):
            continue
        if boundaries is not None and i not in boundaries:
            continue
        if title[i] in "，。、》）”" or title[i - 1] in "《（“":
            continue  # never start a line with closing punctuation or end one with an opener
        penalty = 2
        if any(title[:i].endswith(w) for w in _BREAK_AFTER):
            penalty = 0
        elif any(title[i:].startswith(w) for w in _BREAK_BEFORE):
            penalty = 1
        out.append((i, penalty))
    return out


def title_lines(title: str, *, width: int = TITLE_LINE_CHARS) -> list[str]:
    """Split a title into balanced lines, between words, upper lines not longer than lower ones."""
    title = clean_paragraph(title)
    if len(title) <= width:
        return [title]
    count = -(-len(title) // width)
    breaks = _breaks(title)

    def best(text: str, offset_breaks: list[tuple[int, int]], lines: int) -> list[str] | None:
        if lines == 1:
            return [text] if len(text) <= width else None
        target = len(text) / lines
        candidates = []
        for pos, penalty in offset_breaks:
            head = text[:pos]
            if len(head) > width or len(head) > target + 2:
                continue
            rest_breaks = [(p - pos, pen) for p, pen in offset_breaks if p > pos]
            rest = best(text[pos:], rest_breaks, lines - 1)
            if rest is None:
                continue
            # 梯形/菱形: the first line not longer than the next; prefer even lengths, natural breaks.
            shape = 0 if len(head) <= len(rest[0]) else 4
            candidates.append((abs(len(head) - target) + 2 * penalty + shape, [head, *rest]))
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    for lines in range(count, count + 2):
        found = best(title, breaks, lines)
        if found:
            return found
    return [title]


def balanced_title(title: str) -> str:
    """The title as HTML, lines separated by <br> (each line itself unbreakable)."""
    return mark_safe("<br>".join(f'<span class="nobreak">{conditional_escape(line)}</span>'
                                 for line in title_lines(str(title))))


# --- Headings --------------------------------------------------------------------------------------

_NUMERALS = "零一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 一、 and （一） headings)."""
    n = int(n)
    if n <= 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _NUMERALS[tens]}十{_NUMERALS[ones] if ones else ''}"
