"""A notice naming people outside GB 2312 (王䶮、张堃、李喆、𠮷田): the names print in the 宋 design with a
correct text layer, and cost a few glyphs, not the whole face (it weighed 265 KB, issue 13)."""

from datetime import date

import pytest
import time_machine

from documents.rendering import embedded_fonts, render_document
from tests.supervision import factories as supervision

from .flows import RARE_FACTS
from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_rare_names_embed_only_their_own_glyphs(world):
    case = supervision.to_violation(world, supervision.open_market_case(world), on=date(2026, 3, 3))
    case = supervision.issue(world, case, rectification_due=date(2026, 3, 31), facts=RARE_FACTS)
    from documents.selectors import documents_for

    notice = documents_for(case).get(kind="supervision_notice")
    pdf = render_document(notice)
    assert "王䶮、张堃在办理李喆、𠮷田某某" in pdf_text(pdf)
    fonts = embedded_fonts(pdf)
    # The document's own face of rare characters, never the full 65,535-glyph face.
    assert "Noto-Serif-CJK-SC-Rare" in fonts and "Noto-Serif-CJK-SC" not in fonts
    # The same notice without rare names is ≈152 KB over its two pages; the four names add a few KB.
    assert len(pdf) < 160_000
