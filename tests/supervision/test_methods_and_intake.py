"""条例 Art. 14–21 (methods), Art. 20 ¶2 / 33 ¶3 (研判 at intake), Art. 22 (5) 约谈, Art. 23 outside participants
and the 办法 Art. 25 grounds the bureau records, through the services.

Dates on both sides of 2026-02-01: before it, the 条例's methods and measures do not exist yet.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from supervision import selectors, services
from supervision.models import (
    AccountabilityEntry,
    CaseState,
    CaseTakeover,
    IntakeAssessment,
    OutsideParticipant,
    SpecialCampaign,
    SupervisionCase,
)
from supervision.transitions import SUPERVISION_WORKFLOW as W
from workflow.errors import ActionNotPermitted, InvalidState

from .factories import open_market_case, to_violation

pytestmark = pytest.mark.django_db

AFTER = "2026-03-02 10:00 +0800"
BEFORE = "2026-01-20 10:00 +0800"


def _campaign(world, **extra):
    fields = {
        "organiser": world.org("越城区司法局"), "title": "涉企行政检查专项监督（越城区）",
        "provincial_programme": "浙江省涉企行政检查专项监督工作方案（浙司〔2026〕5号）",
        "responsible_departments": [world.org("越城区市场监督管理局"), world.org("越城区综合行政执法局")],
        "focus": "多头检查、重复检查、随意检查", "schedule": "3月动员部署，4—6月自查自纠和重点检查，7月总结",
        "requirements": "各责任部门于每月5日前报送进展", "starts_on": date(2026, 3, 1), "ends_on": date(2026, 7, 31)}
    fields.update(extra)
    return services.draft_campaign(acting_user=world.user("yuecheng.clerk"), **fields)


# --- Methods (Art. 14–21) -----------------------------------------------------------------------------


def test_the_measures_names_map_to_the_regulations_modes(world):
    with time_machine.travel(AFTER, tick=False):
        review = open_market_case(world, method="file_review")
        individual = open_market_case(world)
    assert (review.mode, review.daily_means) == ("daily", "file_review")
    assert review.get_method_display() == "案卷评查"  # the 办法's label stays
    assert individual.mode == ""  # not classified until the bureau says which


def test_an_assessment_names_its_means(world):
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(ValidationError) as exc:
            open_market_case(world, method="daily_inspection", mode="daily", daily_means="assessment")
        assert "assessment_means" in exc.value.message_dict
        case = open_market_case(world, method="daily_inspection", mode="daily", daily_means="assessment",
                                assessment_means=["questionnaire", "field_research"])
    assert case.assessment_means == ["questionnaire", "field_research"]


def test_a_special_campaign_runs_only_on_a_plan_the_government_approved(world):
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(ValidationError) as exc:
            _campaign(world, provincial_programme="")
        assert "第二十一条" in exc.value.message_dict["provincial_programme"][0]
        campaign = _campaign(world)
        with pytest.raises(ValidationError) as exc:
            open_market_case(world, method="special", campaign=campaign)
        assert "批准" in exc.value.message_dict["campaign"][0]
        services.submit_campaign(campaign, acting_user=world.user("yuecheng.leader"))
        with pytest.raises(ActionNotPermitted):  # the bureau does not approve its own plan
            services.approve_campaign(campaign, acting_user=world.user("yuecheng.leader"))
        with pytest.raises(ActionNotPermitted):  # nor does another level's government
            services.approve_campaign(campaign, acting_user=world.user("city.gov"))
        campaign = services.approve_campaign(campaign, acting_user=world.user("yuecheng.gov"),
                                             approval_reference="越政办复〔2026〕12号")
        case = open_market_case(world, method="special", campaign=campaign)
    assert campaign.state == "approved" and campaign.approving_government.name == "越城区人民政府"
    assert (case.mode, case.campaign_id) == ("special", campaign.pk)


def test_no_campaign_before_the_regulation(world):
    with time_machine.travel(BEFORE, tick=False), pytest.raises(InvalidState):
        _campaign(world, starts_on=date(2026, 1, 20))
    assert not SpecialCampaign.objects.exists()


def test_the_city_bureau_lists_a_county_case_for_key_supervision(world):
    with time_machine.travel(AFTER, tick=False):
        case = open_market_case(world)
        with pytest.raises(ActionNotPermitted):
            services.list_for_supervision(case, acting_user=world.user("zhuji.leader"), reason="群众反映强烈")
        case = services.list_for_supervision(case, acting_user=world.user("city.leader"), reason="群众反映强烈，媒体关注",
                                             due_on=date(2026, 4, 30))
        with pytest.raises(InvalidState):
            services.list_for_supervision(case, acting_user=world.user("yuecheng.leader"), reason="再次")
    assert (case.mode, case.listed_by.name, case.listed_due) == ("key", "绍兴市司法局", date(2026, 4, 30))
    assert case.transitions.filter(action="list_for_supervision").exists()


def test_the_higher_bureau_takes_the_case_over_with_its_history(world):
    with time_machine.travel(AFTER, tick=False):
        case = to_violation(world, open_market_case(world), on=date(2026, 3, 2))
        history = case.transitions.count()
        with pytest.raises(ActionNotPermitted):  # the county bureau cannot raise its own case
            services.take_over(case, acting_user=world.user("yuecheng.leader"), reason="案情重大")
        with pytest.raises(ValidationError):
            services.take_over(case, acting_user=world.user("city.leader"), reason=" ")
        case = services.take_over(case, acting_user=world.user("city.leader"), reason="跨部门、社会影响重大")
        assert case.handling_org.name == "绍兴市司法局" and case.escalated_from.name == "越城区司法局"
        assert case.mode == "key" and case.state == CaseState.VIOLATION_FOUND
        assert case.transitions.count() == history + 1 and case.activities.count() == 1
        assert CaseTakeover.objects.get(case=case).to_org.name == "绍兴市司法局"
        # The former bureau still reads it, but no longer acts on it; another county never sees it.
        assert selectors.get_case_for_user(world.user("yuecheng.clerk"), case.pk)
        assert "issue_opinion" not in W.allowed_actions(case, world.user("yuecheng.leader"))
        assert "issue_opinion" in W.allowed_actions(case, world.user("city.leader"))
        with pytest.raises(Http404):
            selectors.get_case_for_user(world.user("zhuji.reviewer"), case.pk)


def test_no_takeover_before_the_regulation(world):
    with time_machine.travel(BEFORE, tick=False):
        case = open_market_case(world)
        with pytest.raises(InvalidState):
            services.take_over(case, acting_user=world.user("city.leader"), reason="案情重大")
    assert SupervisionCase.objects.get(pk=case.pk).handling_org.name == "越城区司法局"


# --- 研判 at intake (Art. 20 ¶2, 33 ¶3) -----------------------------------------------------------------


def _assess(world, **extra):
    fields = {"handling_org": world.org("越城区司法局"), "channel": "hotline_12345", "reference": "GD20260302001",
                  "received_on": date(2026, 3, 1), "agency": world.org("越城区市场监督管理局"),
                  "matter": "多名商户反映同一周内被重复检查三次。", "outcome": "key",
                  "reason": "反映强烈、涉及多家企业，属于典型性问题。"}
    fields.update(extra)
    return services.assess_intake(acting_user=world.user("yuecheng.clerk"), **fields)


def test_a_12345_lead_needs_its_work_order_number(world):
    with time_machine.travel(AFTER, tick=False), pytest.raises(ValidationError) as exc:
        _assess(world, reference="")
    assert "工单号" in exc.value.message_dict["reference"][0]
    assert not IntakeAssessment.objects.exists()


def test_a_lead_assessed_as_key_supervision_opens_a_key_case(world):
    with time_machine.travel(AFTER, tick=False):
        assessment = _assess(world)
    case = assessment.case
    assert (case.mode, case.source) == ("key", "hotline")
    assert "GD20260302001" in case.source_detail
    assert list(case.supervised_units.values_list("name", flat=True)) == ["越城区市场监督管理局"]


def test_a_matter_in_review_or_litigation_is_not_supervised_again(world):
    cases_before = SupervisionCase.objects.count()
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(ValidationError) as exc:
            _assess(world, channel="citizen_clue", reference="", pending_remedy="review", outcome="daily")
        assert "不重复监督" in exc.value.message_dict["outcome"][0]
        assessment = _assess(world, channel="letters_visits", reference="", pending_remedy="litigation",
                             outcome="not_opened", reason="")
    assert SupervisionCase.objects.count() == cases_before
    assert assessment.case is None and "第三十三条第三款" in assessment.reason
    assert "行政诉讼" in assessment.reply


def test_a_matter_that_qualifies_for_review_gets_a_reply_guiding_the_person_there(world):
    with time_machine.travel(AFTER, tick=False):
        assessment = _assess(world, channel="citizen_clue", reference="", outcome="not_opened", qualifies_for_remedy=True,
                             reason="属于具体行政行为争议，当事人可以申请行政复议。", reply="您好，已收到您反映的情况。")
    assert assessment.reply.startswith("您好") and "可以依法申请行政复议或者提起行政诉讼" in assessment.reply


def test_suggestions_and_warnings_are_assessed_into_daily_supervision(world):
    with time_machine.travel(AFTER, tick=False):
        assessment = _assess(world, channel="procuratorial_suggestion", reference="越检行建〔2026〕3号",
                             outcome="daily", reason="纳入年度案卷评查。")
        with pytest.raises(ActionNotPermitted):
            services.assess_intake(acting_user=world.user("agency.market"), handling_org=world.org("越城区司法局"),
                                   channel="system_warning", received_on=date(2026, 3, 1), matter="x",
                                   outcome="not_opened", reason="y")
        with pytest.raises(ValidationError):  # another county's agency is outside the bureau's reach
            _assess(world, agency=world.org("诸暨市市场监督管理局"))
    assert (assessment.case.mode, assessment.case.source) == ("daily", "suggestion")


# --- 约谈 and outside participants (Art. 22 (5), 23), Art. 14 staffing ----------------------------------


def _talk(world, case, on, **extra):
    fields = {"kind": "talk", "occurred_on": on, "record": "约谈记录：局长表示立即组织整改。", "place": "越城区司法局会议室",
                  "supervisors": [(world.user("yuecheng.clerk"), True), (world.user("yuecheng.reviewer"), True)],
                  "talk_unit": world.org("越城区市场监督管理局"), "talk_target": "head", "talk_person": "某某，局长"}
    fields.update(extra)
    return services.record_activity(case, acting_user=world.user("yuecheng.clerk"), **fields)


def test_a_talk_with_the_head_is_recorded_with_the_invited_deputy(world):
    with time_machine.travel(AFTER, tick=False):
        case = open_market_case(world)
        with pytest.raises(ValidationError) as exc:
            _talk(world, case, date(2026, 3, 2), talk_target="", talk_person="")
        assert {"talk_target", "talk_person"} <= set(exc.value.message_dict)
        activity = _talk(world, case, date(2026, 3, 2), outside_participants=[
            {"category": "npc_deputy", "name": "钱红", "affiliation": "区人大代表"},
            {"category": "expert", "name": "沈教授", "affiliation": "绍兴文理学院"}])
    assert activity.get_kind_display().startswith("约谈") and activity.get_talk_target_display() == "行政执法机关负责人"
    assert [p.get_category_display() for p in activity.outside_participants.all()] == ["人大代表", "专家学者"]
    assert activity.participants.count() == 2  # the invited are never supervisors


def test_an_inspection_needs_two_certified_supervisors_whoever_else_comes(world):
    with time_machine.travel(AFTER, tick=False):
        case = open_market_case(world)
        with pytest.raises(ValidationError) as exc:
            services.record_activity(
                case, acting_user=world.user("yuecheng.clerk"), kind="inspection", occurred_on=date(2026, 3, 2),
                record="检查执法台账。", supervisors=[(world.user("yuecheng.clerk"), True)],
                outside_participants=[{"category": "journalist", "name": "记者甲"}])
    assert "不得少于两人" in exc.value.message_dict["supervisors"][0]
    assert not OutsideParticipant.objects.exists()


def test_the_regulations_measures_are_not_dated_before_it(world):
    with time_machine.travel(AFTER, tick=False):
        case = open_market_case(world, opened_on=date(2026, 1, 10))
        with pytest.raises(ValidationError) as exc:
            _talk(world, case, date(2026, 1, 20))
    assert "2026年2月1日" in exc.value.message_dict["kind"][0]


# --- 办法 Art. 25 grounds recorded by the bureau --------------------------------------------------------


def test_other_grounds_need_their_legal_basis_and_obstruction_goes_to_art_41(world):
    with time_machine.travel(AFTER, tick=False):
        case = open_market_case(world)
        unit, clerk = world.org("越城区市场监督管理局"), world.user("yuecheng.clerk")
        with pytest.raises(ValidationError) as exc:
            services.record_accountability(case, acting_user=clerk, agency=unit, ground="other", facts="隐匿执法案卷。")
        assert "legal_basis" in exc.value.message_dict
        other = services.record_accountability(case, acting_user=clerk, agency=unit, ground="other", facts="隐匿执法案卷。",
                                               legal_basis="《浙江省行政执法监督办法》第三十条")
        obstruction = services.record_accountability(case, acting_user=clerk, agency=unit, ground="obstruction",
                                                     facts="检查时拒绝提供执法台账。")
        with pytest.raises(ActionNotPermitted):
            services.record_accountability(case, acting_user=world.user("zhuji.reviewer"), agency=unit,
                                           ground="obstruction", facts="x")
    assert other.legal_basis and other.status == AccountabilityEntry.Status.PROPOSED
    assert "第四十一条" in obstruction.discipline_referred_to
    assert case.transitions.filter(action="record_obstruction").count() == 1


def test_a_citizens_clue_is_assessed_and_becomes_the_cases_origin(world):
    from clues import services as clue_services
    from organizations.models import Division

    with time_machine.travel(AFTER, tick=False):
        clue = clue_services.submit_clue(
            county=Division.objects.get(name="越城区"), township=world.division("塔山街道"),
            agency=world.org("越城区市场监督管理局"), description="同一周内被重复检查三次。",
            occurred_on=date(2026, 2, 27), reporter_name="张三丰", reporter_phone="13812345678")
        assessment = _assess(world, channel="citizen_clue", reference="", clue=clue, matter="", agency=None,
                             outcome="daily", reason="纳入日常监督。")
        with pytest.raises(ValidationError) as exc:  # another county's body cannot assess it
            services.assess_intake(acting_user=world.user("zhuji.clerk"), handling_org=world.org("诸暨市司法局"),
                                   channel="citizen_clue", received_on=date(2026, 3, 1), clue=clue, matter="",
                                   outcome="not_opened", reason="x")
    assert "clue" in exc.value.message_dict
    case = assessment.case
    assert assessment.matter == "同一周内被重复检查三次。" and assessment.agency.name == "越城区市场监督管理局"
    assert (case.source, case.origin) == ("clue", clue)
    assert "张三丰" not in case.summary  # the reporter's data is never copied into the case
