"""Official documents are Chinese even when the person issuing them uses the English UI."""

import re
from datetime import date

import pytest
import time_machine
from django.utils import translation

from documents.models import Document

from .factories import issue, open_market_case, to_violation

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_notice_issued_from_the_english_ui_is_worded_in_chinese(world, django_capture_on_commit_callbacks):
    with (time_machine.travel("2026-11-25 10:00 +0800", tick=False), translation.override("en"),
          django_capture_on_commit_callbacks(execute=True)):
        case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
        issue(world, case, rectification_days=20)

    notice = Document.objects.get(kind="supervision_notice", subject_id=case.pk)
    assert notice.title == "行政执法监督通知书"
    assert CJK.search(notice.context["supervision_method"]), notice.context["supervision_method"]
    receipt = Document.objects.filter(kind="proof_of_service", subject_id=case.pk).first()
    assert receipt.title == "送达回证"
