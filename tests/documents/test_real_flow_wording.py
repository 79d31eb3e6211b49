"""What the documents produced by the real flows say, read back from the PDF text layer.

Every document here is issued by the workflow services a clerk uses (supervision notice → service →
overdue → 请示 → the government's decision; a dispute's opinion and escalation; a joint-action
proposal) and rendered by the worker's `render_document`: no factory wording.
"""

import re

import pytest

from documents.rendering import render_document

from .flows import real_documents
from .pdfmeasure import AREA_LEFT, lines
from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(world):
    def make(long=False):
        documents = real_documents(world, long=long)
        return {label: (doc, render_document(doc)) for label, doc in documents.items()}

    return make


def test_the_notice_says_once_how_the_bureau_supervised_and_nothing_internal(rendered, world):
    docs = rendered()
    notice, pdf = docs["supervision:supervision_notice"]
    text = pdf_text(pdf)
    assert "本机关于2026年3月2日对你单位开展了个案监督。现将有关情况通知如下：" in text
    assert "本机关本机关" not in text and text.count("开展了个案监督") == 1
    # Art. 4: the unit must not learn who reported it; the case number is the bureau's internal reference.
    case = notice.subject
    assert "来源" not in text and "群众" not in text
    assert case.number not in text
    # The user's clauses end as sentences; the provisions run into the template's sentence.
    assert "上述行为不符合《中华人民共和国行政处罚法》第四十四条、第四十五条的规定。" in text
    assert "请你单位于2026年3月20日前按照下列要求改正：依法重新履行告知程序，并对相关执法人员开展培训。" in text


def test_the_decision_states_the_30_day_report_once_and_names_its_instruments(rendered):
    decision, pdf = rendered()["supervision:supervision_decision"]
    text = pdf_text(pdf)
    assert text.count("三十日内书面报告") == 1
    assert text.count("未在规定期限内改正") == 1 and "未改正" not in text.replace("未在规定期限内改正", "")
    assert "（第十五条）" not in text
    assert "依照《绍兴市行政执法协调监督工作办法》第十五条的规定，作出如下决定：" in text
    assert "三、处理决定。撤销行政行为。撤销（越）市监罚〔2026〕88号行政处罚决定。" in text


def test_the_request_to_the_government_is_a_qingshi_told_in_the_third_person(rendered):
    request, pdf = rendered()["supervision:decision_request"]
    text = pdf_text(pdf)
    assert request.title == "关于提请制发行政执法监督决定书的请示"
    assert "关于提请制发行政执法监督决定书的请示" in text and "的报告" not in text
    assert "越城区人民政府：" in text
    assert re.search(r"越司请〔2026〕\d+号签发人：李国华", text)
    # The government is told about the unit; the notice's "你单位" is not copied into it.
    assert "你单位" not in text
    assert "经查：作出处罚决定前未告知当事人陈述、申辩的权利。" in text
    assert "妥否，请批示。" in text
    assert "（联系人：王晓燕；联系电话：0575-85123456）" in text


def test_the_dispute_request_is_a_qingshi_too(rendered):
    request, pdf = rendered()["escalated:decision_request"]
    text = pdf_text(pdf)
    assert request.title.startswith("关于") and request.title.endswith("的请示")
    assert "。的请示" not in request.title
    assert "妥否，请批示。" in text and "（联系人：" in text
    assert "你单位" not in text


def test_paragraphs_typed_by_the_clerk_stay_paragraphs_without_stray_spaces(rendered):
    notice, pdf = rendered(long=True)["supervision:supervision_notice"]
    text = pdf_text(pdf)
    # "…陈述、申辩的权利 ，亦未告知其要求听证的权利" typed with a stray space and no full stop.
    assert "申辩的权利，亦未告知其要求听证的权利。" in text
    # Each typed line starts its own paragraph, indented 2 字 (GB/T 9704-2012 7.3.3).
    printed = lines(pdf)
    for opening in ("该案处罚决定书送达", "经调阅案卷，处罚决", "一是依法重新履行告", "二是对相关执法人员", "三是完善法制审核制"):
        line = next(line for line in printed if line.text.startswith(opening))
        assert abs(line.x0 - (AREA_LEFT + 2 * 5.57)) < 1.5, (opening, line.x0)
    assert "二是对相关执法人员开展培训。" in text


def test_outgoing_documents_carry_no_internal_number_or_source(rendered):
    for label, (document, pdf) in rendered().items():
        if document.kind_spec.internal:
            continue
        text = pdf_text(pdf)
        assert "来源：" not in text, label
        number = getattr(document.subject, "number", "")
        if number and number != document.number and not number.endswith("号"):
            assert number not in text, label
