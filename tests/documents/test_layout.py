"""GB/T 9704-2012 layout, measured in the PDFs the real flows produce (short and long content, every kind).

Positions come from the PDF (pdfplumber: text lines, rules) and, for the page numbers' dashes, from a
300 dpi raster. mm are measured from the top-left corner of the A4 page; the type area (版心) is
28–184 mm across and 37–262 mm down.
"""

import re

import pytest

from documents.rendering import render_document
from documents.typesetting import word_boundaries

from . import pdfmeasure as m
from .flows import real_documents

pytestmark = pytest.mark.django_db

LINE_MM = 28.9 / m.MM  # one line of the 22-line grid


@pytest.fixture(params=[False, True], ids=["short", "long"])
def documents(request, world):
    found = real_documents(world, long=request.param)
    return [(label, doc, render_document(doc)) for label, doc in found.items()]


def _signature(doc, printed):
    """The 署名 line: the issuer's name right of the centre, below the body (the proof's is in its form)."""
    candidates = [line for line in printed if doc.issuer.name in line.text and line.x0 > 90 and line.page >= 1
                  and line.size <= 16 and line.top > 60]
    assert candidates, (doc.kind, [(line.text, round(line.x0), line.size, round(line.top)) for line in printed if doc.issuer.name in line.text])
    return candidates[-1]


def test_the_signature_never_stands_alone_on_a_page(documents):
    for label, doc, pdf in documents:
        if doc.kind == "proof_of_service":
            # A form of one page whose last row names the issuer and the date.
            assert m.page_count(pdf) == 1, label
            continue
        printed = m.lines(pdf)
        signature = _signature(doc, printed)
        above = [line for line in printed if line.page == signature.page and line.bottom <= signature.top]
        # GB/T 7.3.5: the page with the signature carries body text (at least the last two lines).
        assert len(above) >= 2, (label, signature.page, [line.text for line in above])
        # and it sits within the type area, never pushed into the bottom margin.
        assert signature.bottom <= m.AREA_BOTTOM, label


def test_issuer_mark_number_red_rule_and_title_keep_the_gb_t_gaps(documents):
    for label, doc, pdf in documents:
        if doc.kind == "proof_of_service":
            continue
        printed = m.lines(pdf)
        mark, number = printed[0], printed[1]
        assert mark.text == doc.issuer.name and doc.number in number.text, label
        # Two blank lines (2 × 28.9 pt) between the mark and the number (7.2.4).
        assert 2 * LINE_MM - 1 <= number.top - mark.bottom <= 2 * LINE_MM + 4, (label, number.top - mark.bottom)
        rule = m.horizontal_rules(pdf, 1)[0][0]
        # The red rule 4 mm below the number (7.2.6), the title two lines below the rule (7.3.1).
        assert 3.5 <= rule - number.bottom <= 6, (label, rule - number.bottom)
        title = next(line for line in printed if line.size == 22)
        assert 2 * LINE_MM - 1 <= title.top - rule <= 2 * LINE_MM + 4, (label, title.top - rule)


def test_the_qingshi_header_keeps_number_and_signer_on_one_line(documents):
    requests = [(label, doc, pdf) for label, doc, pdf in documents if doc.kind == "decision_request"]
    assert requests
    for label, doc, pdf in requests:
        header = m.lines(pdf)[1]
        assert header.text.startswith(doc.number) and re.search(r"签发人：\w+$", header.text), (label, header.text)
        # One 字 in from each side of the type area (上行文, 7.2.4).
        assert header.x0 < m.AREA_LEFT + 7 and header.x1 > m.AREA_RIGHT - 7, label


def test_page_numbers_sit_7_mm_below_the_type_area(documents):
    for label, _doc, pdf in documents:
        for page in range(1, m.page_count(pdf) + 1):
            dash = m.page_number_dash_top(pdf, page)
            assert dash is not None and abs(dash - m.AREA_BOTTOM - 7) <= 0.5, (label, page, dash)


def test_titles_are_balanced_and_break_between_words(documents):
    for label, doc, pdf in documents:
        title_lines = [line.text for line in m.lines(pdf) if line.size == 22]
        assert "".join(title_lines) == doc.title, label
        if len(title_lines) > 1:
            # 梯形/菱形: the first line is not longer than the last one.
            assert len(title_lines[0]) <= len(title_lines[-1]), (label, title_lines)
            boundaries = word_boundaries(doc.title)
            at = 0
            for line in title_lines[:-1]:
                at += len(line)
                assert at in boundaries, (label, title_lines)


def test_numbers_stay_with_hao_and_nothing_runs_into_the_right_margin(documents):
    for label, _doc, pdf in documents:
        printed = m.lines(pdf)
        for before, after in zip(printed, printed[1:], strict=False):
            assert not after.text.startswith("号"), (label, before.text, after.text)
            assert not re.search(r"〔\d{4}〕\d*$|〔\d{0,3}$", before.text), (label, before.text)
        widest = max(line.x1 for line in printed)
        assert widest <= m.AREA_RIGHT + 0.5, (label, widest)


def test_the_banji_closes_the_last_page_on_the_bottom_edge_of_the_type_area(documents):
    for label, doc, pdf in documents:
        if doc.kind == "proof_of_service":
            continue
        last = m.page_count(pdf)
        printed = [line for line in m.lines(pdf) if line.page == last]
        issued = next(line for line in printed if line.text.endswith("印发"))
        rules = [y for y, x0, x1 in m.horizontal_rules(pdf, last) if x1 - x0 > 150]
        # 7.4: the 版记's last rule is the bottom edge of the type area; the 印发 line just above it.
        assert abs(max(rules) - m.AREA_BOTTOM) <= 0.6, (label, rules)
        assert m.AREA_BOTTOM - 12 <= issued.bottom <= m.AREA_BOTTOM, (label, issued.bottom)


def test_no_seal_circle_is_printed_without_a_seal_image(documents):
    for label, _doc, pdf in documents:
        # A circle (the old dashed placeholder) would be a curve taller than a rule.
        assert m.tall_curves(pdf) == 0, label


def test_headings_use_the_hei_and_kai_stand_ins(documents):
    faces = {}
    for _label, _doc, pdf in documents:
        for line in m.lines(pdf):
            for prefix in ("一、", "（一）"):
                if line.text.lstrip().startswith(prefix):
                    faces.setdefault(prefix, set()).update(line.fonts)
    assert any("Sans" in f for f in faces["一、"])
    assert any("WenKai" in f for f in faces["（一）"])
