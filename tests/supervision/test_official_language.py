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


def test_a_request_sent_through_the_api_from_an_english_client_reaches_the_unit_in_chinese(
        world, api_for, django_capture_on_commit_callbacks):
    from django.conf import settings

    from notifications.models import Notification
    from supervision import services

    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = services.open_case(
            handling_org=world.org("越城区司法局"), method="individual", focus_area="food_drug", source="plan",
            summary="处罚程序问题。", acting_user=world.user("yuecheng.clerk"),
            supervised_units=[world.org("越城区市场监督管理局")])
        services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
        clerk = api_for("yuecheng.clerk")
        clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        with django_capture_on_commit_callbacks(execute=True):
            response = clerk.post(f"/api/v1/supervision-cases/{case.pk}/information-requests/",
                                  {"unit": world.org("越城区市场监督管理局").pk, "kind": "explain",
                                   "matter": "说明处罚依据。", "reply_due": "2026-03-09"}, format="json")
    assert response.status_code == 201
    note = case.transitions.get(action="request_information").note
    assert note.startswith("越城区市场监督管理局：") and "2026年3月9日前答复" in note
    told = Notification.objects.get(recipient=world.user("agency.market"))
    assert told.title.endswith(f"：{case.number}") and told.body.startswith("请于2026年3月9日前答复")
    assert not Notification.objects.filter(recipient=world.user("yuecheng.clerk")).exists()
