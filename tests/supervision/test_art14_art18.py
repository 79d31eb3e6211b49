"""Art. 14 (two certified supervisors on site) and Art. 18 (a 司法所 refers, the county bureau issues)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from organizations.models import SupervisorCertificate
from supervision import services
from supervision.models import Activity, CaseState
from supervision.transitions import SUPERVISION_WORKFLOW
from workflow.errors import ActionNotPermitted

from .factories import NOTICE_FIELDS, open_market_case, record_onsite

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_a_working_day():
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def test_onsite_activity_with_two_certified_supervisors_records_their_certificates(world):
    case = open_market_case(world)
    activity = record_onsite(world, case, on=date(2026, 11, 25))
    rows = list(activity.participants.order_by("certificate_number").values_list("certificate_number", "certificate_shown"))
    assert rows == [("绍执监2025011", True), ("绍执监2025012", True)]


def test_onsite_activity_is_refused_naming_the_supervisor_without_a_certificate(world):
    case = open_market_case(world, by="township.office", org="塔山街道司法所", unit="越城区综合行政执法局")
    with pytest.raises(ValidationError) as exc:
        record_onsite(world, case, on=date(2026, 11, 25), by="township.office",
                      supervisors=("township.office", "yuecheng.clerk"))
    assert exc.value.message_dict["supervisors"] == ["赵丽娟 在2026年11月25日没有有效的行政执法监督证"]
    assert not Activity.objects.filter(case=case).exists()


def test_onsite_activity_needs_two_supervisors(world):
    case = open_market_case(world)
    with pytest.raises(ValidationError) as exc:
        record_onsite(world, case, on=date(2026, 11, 25), supervisors=("yuecheng.clerk",))
    assert "现场监督的行政执法监督人员不得少于两人（第十四条）" in exc.value.message_dict["supervisors"]


def test_onsite_activity_needs_the_showing_of_each_certificate_recorded(world):
    case = open_market_case(world)
    with pytest.raises(ValidationError) as exc:
        record_onsite(world, case, on=date(2026, 11, 25), shown=("yuecheng.clerk",))
    assert exc.value.message_dict["supervisors"] == ["陈立明 出示执法监督证的情况未记录"]


def test_a_suspended_or_expired_certificate_is_not_valid_on_the_day(world):
    case = open_market_case(world)
    SupervisorCertificate.objects.filter(number="绍执监2025012").update(status="suspended")
    with pytest.raises(ValidationError) as exc:
        record_onsite(world, case, on=date(2026, 11, 25))
    assert exc.value.message_dict["supervisors"] == ["陈立明 在2026年11月25日没有有效的行政执法监督证"]
    SupervisorCertificate.objects.filter(number="绍执监2025012").update(status="valid")
    with time_machine.travel("2029-01-05 09:00 +0800", tick=False):
        later = open_market_case(world)
        with pytest.raises(ValidationError) as exc:
            record_onsite(world, later, on=date(2029, 1, 5))
    assert len(exc.value.message_dict["supervisors"]) == 2  # both certificates ran out on 2028-12-31


def test_an_interview_needs_no_certificates(world):
    case = open_market_case(world)
    activity = services.record_activity(case, acting_user=world.user("yuecheng.clerk"), kind="interview",
                                        occurred_on=date(2026, 11, 25), record="询问执法人员。",
                                        supervisors=[(world.user("yuecheng.clerk"), False)])
    assert activity.participants.get().certificate_number == ""


def _office_case_with_violation(world):
    case = open_market_case(world, by="township.office", org="塔山街道司法所", unit="越城区综合行政执法局",
                            source="office_finding", method="daily_inspection", focus_area="urban_rural_construction")
    services.start_investigation(case, acting_user=world.user("township.office"))
    return services.find_violation(case, acting_user=world.user("township.office"),
                                   finding="派驻中队对占道经营的处罚未经法制审核。")


def test_township_office_cannot_issue_a_notice_it_must_refer(world):
    case = _office_case_with_violation(world)
    with pytest.raises(ActionNotPermitted) as exc:
        services.issue_notice(case, acting_user=world.user("township.office"), rectification_days=15, **NOTICE_FIELDS)
    assert "第十八条" in exc.value.message and "司法所" in exc.value.message
    assert SUPERVISION_WORKFLOW.allowed_actions(case, world.user("township.office")) == ["refer"]


def test_county_bureau_accepts_a_referral_and_issues_the_notice(world):
    case = _office_case_with_violation(world)
    case = services.refer(case, acting_user=world.user("township.office"), reason="需出具《行政执法监督通知书》。")
    assert case.state == CaseState.REFERRED
    with pytest.raises(ActionNotPermitted):
        services.accept_referral(case, acting_user=world.user("zhuji.reviewer"))
    case = services.accept_referral(case, acting_user=world.user("yuecheng.reviewer"))
    assert case.state == CaseState.VIOLATION_FOUND
    assert case.handling_org == world.org("越城区司法局")
    assert case.referred_by == world.org("塔山街道司法所")
    case = services.issue_notice(case, acting_user=world.user("yuecheng.leader"), rectification_days=15, **NOTICE_FIELDS)
    assert case.state == CaseState.NOTICE_ISSUED
    # The office keeps following the case it started.
    from supervision.selectors import case_list

    assert case_list(world.user("township.office")).filter(pk=case.pk).exists()
