"""What the rendered PDFs say and how they are set (GB/T 9704-2012), read back with pypdf."""

import io
import re

import pytest
from pypdf import PdfReader

from documents.rendering import embedded_fonts, render_document

from .factories import issue

# The faces a document may embed: the GB 2312 cuts of Noto Serif CJK SC (宋: body, title; Regular and
# Bold), Noto Sans CJK SC (黑: level-1 headings) and LXGW WenKai (楷: level-2 headings, 签发人), or the
# full faces (a rare character). Anything else (WenQuanYi, DejaVu) is a fallback.
INTENDED_FACE = re.compile(r"^(Noto-Serif-CJK-SC(-GB|-Rare)?(-Bold)?|Noto-Sans-CJK-SC(-GB)?|LXGW-?WenKai(-GB)?)$")


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Lines wrap anywhere in Chinese text: compare without the line breaks and spaces.
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def rendered(world):
    def make(kind, **kwargs):
        document = issue(world, kind, **kwargs)
        pdf = render_document(document)
        return document, pdf, pdf_text(pdf)

    return make


def test_supervision_notice_carries_number_title_unit_deadline_and_the_30_day_clause(rendered):
    document, pdf, text = rendered("supervision_notice")
    assert document.number in text
    assert "行政执法监督通知书" in text
    assert "越城区市场监督管理局：" in text
    assert "越城区司法局" in text
    assert "请你单位于2026年12月25日前按照下列要求改正" in text
    assert "自收到本通知书之日起三十日内书面报告落实情况" in text
    # Art. 15 and 25 (三): what happens if the unit does not correct in time.
    assert "报请本级人民政府制发《行政执法监督决定书》" in text
    assert "通报批评" in text and "处分" in text
    # Every field of the notice reaches the page.
    for fragment in ("行政执法案卷评查", "越市监罚〔2026〕58号", "未依法告知当事人陈述", "当事人陈述笔录",
                     "《中华人民共和国行政处罚法》", "完善案件告知程序", "王晓燕", "0575-85123456"):
        assert fragment in text
    # 版记: 抄送 with the given organisation, ending with 。
    assert "抄送：绍兴市市场监督管理局。" in text
    # Issue date in Arabic numerals (GB/T 9704-2012 7.3.5): 2026年11月25日, no zero padding.
    assert f"{document.issue_date.year}年{document.issue_date.month}月{document.issue_date.day}日" in text


def test_supervision_decision_names_the_notice_the_decision_and_the_30_day_clause(rendered):
    document, _pdf, text = rendered("supervision_decision")
    for fragment in (document.number, "行政执法监督决定书", "越城区人民政府", "越城区市场监督管理局：",
                     "越司执监通〔2026〕3号", "2026年10月20日", "撤销行政行为", "撤销越市监罚〔2026〕58号行政处罚决定",
                     "自收到本决定书之日起三十日内书面报告落实情况"):
        assert fragment in text


def test_coordination_opinion_names_the_responsible_agency_and_every_party(rendered):
    document, _pdf, text = rendered("coordination_opinion")
    for fragment in (document.number, "行政执法争议协调意见书", "越城区市场监督管理局、越城区综合行政执法局：",
                     "由越城区综合行政执法局负责", "越城区市场监督管理局予以配合", "2026年9月20日"):
        assert fragment in text
    # The parties are told the matter, not the bureau's internal dispute number.
    assert "越司争〔2026〕5号" not in text
    # The agreed view itself and the duty at issue are printed, not only who is responsible.
    assert "由综合执法部门统一立案查处，市场监管部门提供食品检验支持。" in text
    assert "争议的行政执法职责：对城南夜市占道销售无证食品摊贩的查处" in text


def test_a_context_key_the_template_would_not_print_is_refused(world):
    from .factories import opinion_context

    with pytest.raises(ValueError, match="does not print: agreed_view"):
        issue(world, "coordination_opinion", context=opinion_context(agreed_view="…"))


def test_joint_enforcement_proposal_lists_the_departments_their_duties_and_the_period(rendered):
    document, _pdf, text = rendered("joint_enforcement_proposal")
    for fragment in (document.number, "联合执法建议书", "需要跨区域、跨层级开展联合执法", "第八条",
                     "（二）越城区市场监督管理局。负责食品经营资质检查。", "2026年12月1日至2026年12月31日"):
        assert fragment in text


def test_proof_of_service_is_a_blank_receipt_to_be_signed(rendered):
    document, _pdf, text = rendered("proof_of_service")
    for fragment in (document.number, "送达回证", "越司执监通〔2026〕3号", "受送达人签名或盖章", "直接送达",
                     "绍兴市越城区人民东路1号"):
        assert fragment in text


def test_decision_request_goes_up_to_the_government_with_its_signer_and_attachments(rendered):
    document, _pdf, text = rendered("decision_request")
    assert document.title == "关于提请制发行政执法监督决定书的请示"
    for fragment in (document.number, "签发人：李国华", "越城区人民政府：", "关于提请制发行政执法监督决定书的请示",
                     "妥否，请批示。",
                     "附件：1.行政执法监督通知书", "2.送达回证"):
        assert fragment in text


@pytest.mark.parametrize("kind", ["supervision_notice", "supervision_decision", "coordination_opinion",
                                  "joint_enforcement_proposal", "proof_of_service", "decision_request"])
def test_every_kind_is_a4_and_embeds_only_the_intended_faces(rendered, kind):
    _document, pdf, _text = rendered(kind)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        width_mm = float(page.mediabox.width) * 25.4 / 72
        height_mm = float(page.mediabox.height) * 25.4 / 72
        assert (round(width_mm), round(height_mm)) == (210, 297)
    fonts = embedded_fonts(pdf)
    assert fonts, "no font embedded"
    assert all(INTENDED_FACE.match(name) for name in fonts), fonts
    # 宋 Regular and Bold, 黑 and 楷: no other face.
    assert len(fonts) <= 4


def test_page_numbers_are_printed_between_em_dashes(rendered):
    _document, pdf, _text = rendered("supervision_notice")
    reader = PdfReader(io.BytesIO(pdf))
    assert "—1—" in re.sub(r"\s+", "", reader.pages[0].extract_text())


def test_missing_context_keys_are_named_and_nothing_is_numbered(world):
    from documents.models import Document, NumberSequence

    from .factories import notice_context

    context = notice_context()
    del context["rectification_deadline"], context["facts"]
    with pytest.raises(ValueError, match="rectification_deadline, facts|facts.*rectification_deadline"):
        issue(world, context=context)
    assert not Document.objects.exists()
    assert not NumberSequence.objects.filter(series="执监通", last_value__gt=0).exists()


def test_a_justice_office_cannot_issue_a_supervision_notice(world):
    """Art. 18: a 司法所 asks the county bureau to issue it."""
    from documents.services import issue_document

    with pytest.raises(ValueError, match="may not issue"):
        issue_document(kind="supervision_notice", issuer=world.org("塔山街道司法所"),
                       subject=world.org("越城区市场监督管理局"), recipients=[world.org("越城区市场监督管理局")],
                       context=__import__("tests.documents.factories", fromlist=["x"]).notice_context(),
                       issued_by=world.user("township.office"))


def test_the_renderer_loads_only_the_projects_fonts_and_inline_images(settings):
    """WeasyPrint's URL fetcher refuses the network and any other file on the server (issue 15)."""
    from documents.fetcher import is_allowed, restricted_url_fetcher

    assert is_allowed("data:image/png;base64,iVBORw0KGgo=")
    assert is_allowed((settings.BASE_DIR / "static" / "css" / "app.css").as_uri())
    assert not is_allowed("file:///etc/passwd")
    assert not is_allowed("file:///work/../etc/shadow")
    assert not is_allowed("http://169.254.169.254/latest/meta-data/")
    assert not is_allowed("https://example.com/logo.png")
    assert not is_allowed("ftp://intranet/secret")
    fetcher = restricted_url_fetcher()
    with pytest.raises(ValueError):
        fetcher("file:///etc/passwd")
    response = fetcher((settings.BASE_DIR / "static" / "css" / "app.css").as_uri())
    assert b"htmx-indicator" in response.read()
    response.close()
