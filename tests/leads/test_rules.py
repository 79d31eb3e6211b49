"""Each warning model on records built to trigger it and not to (行政处罚法 2021, 行政许可法; 条例 Art. 5).

Records are sent through the agency push service, as an agency's system would; the rules then run
as they do after every import (incrementally, set-based in the database).
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from enforcement_records.models import EnforcementRecord
from leads.engine import run_rules
from leads.models import Lead
from tests.enforcement_records.helpers import certify, certify_all, clean_penalty, credit_code, person_id, push


def codes(number):
    record = EnforcementRecord.objects.get(case_number=number)
    return sorted(Lead.objects.filter(record=record).values_list("rule__code", flat=True))


def lead(number, code):
    return Lead.objects.get(record__case_number=number, rule__code=code)


@pytest.fixture
def certified(world):
    certify_all(world)
    return world


def test_a_clean_penalty_raises_no_lead(certified):
    push(certified, [clean_penalty("A")])
    assert codes("A") == []


class TestDecisionWithin90Days:  # 行政处罚法 Art. 60
    def test_decided_on_the_90th_day_is_in_time(self, certified):
        # Filed 6 January; day 90 is 6 April (the filing day itself is not counted).
        push(certified, [clean_penalty("A", notified_on="2026-04-01", decided_on="2026-04-06", served_on="2026-04-07")])
        assert codes("A") == []

    def test_decided_on_the_91st_day_is_late_and_names_the_dates(self, certified):
        push(certified, [clean_penalty("A", notified_on="2026-04-01", decided_on="2026-04-07", served_on="2026-04-08")])
        assert codes("A") == ["CF60-QX"]
        found = lead("A", "CF60-QX")
        assert found.triggers["filed_on"] == "2026-01-06"
        assert found.triggers["decided_on"] == "2026-04-07"
        assert found.triggers["limit_days"] == 90
        assert found.basis == "《行政处罚法》第六十条"

    def test_a_recorded_extension_answers_it(self, certified):
        push(certified, [clean_penalty("A", notified_on="2026-04-01", decided_on="2026-04-20", served_on="2026-04-21",
                                       extension_approved_on="2026-03-30")])
        assert codes("A") == []

    def test_a_case_still_undecided_after_90_days_is_found_by_the_nightly_run(self, certified):
        filed = timezone.localdate() - timedelta(days=30)
        push(certified, [clean_penalty("A", filed_on=filed.isoformat(), notified_on="", decided_on="", served_on="",
                                       executed_on="", closed_on="", act_on="")])
        assert codes("A") == []
        run_rules(full=True, today=filed + timedelta(days=90))
        assert codes("A") == []
        run_rules(full=True, today=filed + timedelta(days=91))
        assert codes("A") == ["CF60-QX"]


class TestHearingNotice:  # Art. 63, 64
    def test_a_large_fine_on_a_company_without_hearing_notice(self, certified):
        push(certified, [clean_penalty("A", fine_amount="150000")])
        assert codes("A") == ["CF63-TZ"]
        assert lead("A", "CF63-TZ").triggers["hearing_notice_on"] is None

    def test_with_hearing_notice_and_its_five_days_respected(self, certified):
        push(certified, [clean_penalty("A", fine_amount="150000", hearing_notice_on="2026-02-03")])
        assert codes("A") == []

    def test_a_person_fined_10000_needs_the_notice_too(self, certified):
        party = [{"kind": "person", "name": "王小明", "id_number": person_id(1)}]
        push(certified, [clean_penalty("A", fine_amount="10000", parties=party),
                         clean_penalty("B", fine_amount="9999", parties=party, act_on="2026-01-04")])
        assert codes("A") == ["CF63-TZ"]
        assert codes("B") == []

    def test_decided_within_the_five_days_to_ask_for_a_hearing(self, certified):
        push(certified, [clean_penalty("A", fine_amount="150000", hearing_notice_on="2026-02-05")])
        assert codes("A") == ["CF64-TQ"]

    def test_the_bureau_raises_the_threshold_and_the_rule_gets_a_new_version(self, certified):
        from leads.models import WarningRule
        from leads.rules_admin import update_rule

        run_rules(full=True)
        rule = WarningRule.objects.get(code="CF63-TZ")
        update_rule(rule, acting_user=certified.user("yuecheng.reviewer"), thresholds={"organization_amount": 200000})
        rule.refresh_from_db()
        assert rule.version == 2 and "200000" in rule.description
        push(certified, [clean_penalty("A", fine_amount="150000")])
        assert codes("A") == []


class TestMajorDecisions:  # Art. 57, 58
    def test_major_without_legal_review(self, certified):
        push(certified, [clean_penalty("A", is_major=True, collective_discussion_on="2026-02-08")])
        assert codes("A") == ["CF58-FZ"]

    def test_legal_review_after_the_decision_is_no_review(self, certified):
        push(certified, [clean_penalty("A", is_major=True, collective_discussion_on="2026-02-08",
                                       legal_review_on="2026-02-11")])
        assert codes("A") == ["CF58-FZ"]

    def test_major_with_review_and_discussion(self, certified):
        push(certified, [clean_penalty("A", is_major=True, collective_discussion_on="2026-02-08",
                                       legal_review_on="2026-02-07")])
        assert codes("A") == []

    def test_major_without_collective_discussion(self, certified):
        push(certified, [clean_penalty("A", is_major=True, legal_review_on="2026-02-07")])
        assert codes("A") == ["CF57-JT"]


class TestNoticeAndStatement:  # Art. 44, 45
    def test_decision_without_prior_notice(self, certified):
        push(certified, [clean_penalty("A", notified_on="")])
        assert codes("A") == ["CF44-GZ"]

    def test_decided_on_the_last_day_of_the_statement_period(self, certified):
        push(certified, [clean_penalty("A", notified_on="2026-02-07", decided_on="2026-02-10")])
        assert codes("A") == ["CF45-SB"]
        assert lead("A", "CF45-SB").triggers == {"notified_on": "2026-02-07", "decided_on": "2026-02-10",
                                                 "period_days": 3}

    def test_decided_the_day_after_the_period_ended(self, certified):
        push(certified, [clean_penalty("A", notified_on="2026-02-06", decided_on="2026-02-10")])
        assert codes("A") == []


class TestOfficers:  # Art. 42
    def test_one_officer_is_not_enough(self, certified):
        push(certified, [clean_penalty("A", officers=[{"name": "张明", "certificate_number": "ZJ33060001"}])])
        assert codes("A") == ["CF42-RS"]
        assert lead("A", "CF42-RS").triggers == {"officer_count": 1, "minimum": 2}

    def test_an_inspection_needs_two_too(self, certified):
        push(certified, [clean_penalty("A", kind="inspection", officers=[])])
        assert "CF42-RS" in codes("A")

    def test_certificate_that_expired_the_day_before_the_decision(self, world):
        certify(world, number="ZJ33060001", name="张明")
        certify(world, number="ZJ33060002", name="李华", valid_to=date(2026, 2, 9))
        push(world, [clean_penalty("A")])
        assert codes("A") == ["CF42-ZJ"]
        assert lead("A", "CF42-ZJ").triggers == {"act_day": "2026-02-10", "officer": "李华",
                                                 "certificate_number": "ZJ33060002"}

    def test_certificate_valid_to_the_day_of_the_decision(self, world):
        certify(world, number="ZJ33060001", name="张明")
        certify(world, number="ZJ33060002", name="李华", valid_to=date(2026, 2, 10))
        push(world, [clean_penalty("A")])
        assert codes("A") == []

    def test_a_number_not_in_the_register(self, certified):
        push(certified, [clean_penalty("A", officers=[{"name": "张明", "certificate_number": "ZJ33060001"},
                                                      {"name": "某某", "certificate_number": "ZJ99999999"}])])
        assert codes("A") == ["CF42-ZJ"]


class TestService:  # Art. 61
    def test_served_on_the_seventh_day(self, certified):
        push(certified, [clean_penalty("A", served_on="2026-02-17")])
        assert codes("A") == []

    def test_served_on_the_eighth_day(self, certified):
        push(certified, [clean_penalty("A", served_on="2026-02-18")])
        assert codes("A") == ["CF61-SD"]


class TestDoublePenalty:  # Art. 29
    def test_the_same_party_fined_twice_for_the_same_act_by_two_agencies(self, certified):
        push(certified, [clean_penalty("A")])
        push(certified, [clean_penalty("B", decided_on="2026-02-15", served_on="2026-02-16")],
             username="agency.enforcement", agency="越城区综合行政执法局")
        assert codes("A") == []
        assert codes("B") == ["CF29-CF"]
        triggers = lead("B", "CF29-CF").triggers
        assert triggers["earlier_case_number"] == "A"
        assert triggers["earlier_agency"] == "越城区市场监督管理局"

    def test_the_later_decision_is_found_even_when_it_was_imported_first(self, certified):
        # B (decided 15 February) arrives first; A (decided 10 February) a week later: the run after A's
        # import looks at B again, and B is the second penalty.
        push(certified, [clean_penalty("B", decided_on="2026-02-15", served_on="2026-02-16")],
             username="agency.enforcement", agency="越城区综合行政执法局")
        assert codes("B") == []
        push(certified, [clean_penalty("A")])
        assert codes("A") == []
        assert codes("B") == ["CF29-CF"]
        assert lead("B", "CF29-CF").triggers["earlier_case_number"] == "A"

    def test_a_different_act_day_is_a_different_act(self, certified):
        push(certified, [clean_penalty("A"), clean_penalty("B", act_on="2026-01-04")])
        assert codes("B") == []

    def test_a_different_party_is_no_double_penalty(self, certified):
        other = [{"kind": "organization", "name": "另一家公司", "id_number": credit_code(2)}]
        push(certified, [clean_penalty("A"), clean_penalty("B", parties=other)])
        assert codes("B") == []


class TestPermitWorkingDays:  # 行政许可法 Art. 42, 82
    def permit(self, number, decided, **extra):
        return clean_penalty(number, kind="permit", title="食品经营许可", fine_amount="", violated_provision="",
                             notified_on="", filed_on="2026-02-06", decided_on=decided, served_on=decided, **extra)

    def test_the_20th_working_day_counts_the_spring_festival_and_its_working_saturdays(self, certified):
        # Accepted Fri 6 Feb 2026. The 2026 schedule: 15–23 Feb rest, Sat 14 and Sat 28 Feb working days.
        # The 20th working day is Thu 12 March (a plain Mon–Fri count would end on 6 March).
        push(certified, [self.permit("A", "2026-03-12"), self.permit("B", "2026-03-10")])
        assert codes("A") == []
        assert codes("B") == []

    def test_the_21st_working_day_is_late(self, certified):
        push(certified, [self.permit("A", "2026-03-13")])
        assert codes("A") == ["XK42-CS"]
        assert lead("A", "XK42-CS").triggers["working_days"] == 21

    def test_an_approved_extension_gives_ten_more(self, certified):
        push(certified, [self.permit("A", "2026-03-13", extension_approved_on="2026-03-05")])
        assert codes("A") == []


class TestStatistics:
    def test_an_agency_fining_far_above_its_peers(self, certified):
        today = date(2026, 6, 30)
        market = [clean_penalty(f"M{i}", fine_amount="50000", act_on=f"2026-01-0{i}") for i in range(1, 4)]
        push(certified, market)
        others = [clean_penalty(f"E{i}", fine_amount="5000", act_on=f"2026-01-1{i}",
                                parties=[{"kind": "organization", "name": "乙公司", "id_number": credit_code(3)}])
                  for i in range(1, 4)]
        push(certified, others, username="agency.enforcement", agency="越城区综合行政执法局")
        run_rules(full=True, today=today)
        found = Lead.objects.filter(rule__code="TJ-CFPL")
        assert {f.agency.name for f in found} == {"越城区市场监督管理局", "越城区综合行政执法局"}
        high = found.get(agency__name="越城区市场监督管理局")
        assert high.triggers["mean_fine"] == "50000.00" and high.triggers["peer_mean_fine"] == "5000.00"
        assert high.record is None

    def test_fines_within_the_factor_raise_nothing(self, certified):
        push(certified, [clean_penalty(f"M{i}", fine_amount="8000", act_on=f"2026-01-0{i}") for i in range(1, 4)])
        push(certified, [clean_penalty(f"E{i}", fine_amount="5000", act_on=f"2026-01-1{i}") for i in range(1, 4)],
             username="agency.enforcement", agency="越城区综合行政执法局")
        run_rules(full=True, today=date(2026, 6, 30))
        assert not Lead.objects.filter(rule__code="TJ-CFPL").exists()

    def test_an_agency_with_no_enforcement_in_two_quarters(self, certified):
        push(certified, [clean_penalty("A")])
        run_rules(full=True, today=date(2026, 7, 15))  # the last two complete quarters: January to June
        silent = set(Lead.objects.filter(rule__code="TJ-LZ").values_list("agency__name", flat=True))
        assert "越城区市场监督管理局" not in silent
        assert "越城区综合行政执法局" in silent


def test_the_same_lead_is_never_raised_twice_for_a_record_and_rule_version(certified):
    push(certified, [clean_penalty("A", notified_on="")])
    run_rules(full=True)
    run_rules(full=True)
    push(certified, [clean_penalty("A", notified_on="", title="销售过期食品案（更正）")])
    assert codes("A") == ["CF44-GZ"]


def test_a_switched_off_rule_raises_nothing(certified):
    from leads.models import WarningRule
    from leads.rules_admin import update_rule

    run_rules(full=True)
    update_rule(WarningRule.objects.get(code="CF44-GZ"), acting_user=certified.user("yuecheng.reviewer"),
                is_enabled=False)
    push(certified, [clean_penalty("A", notified_on="")])
    assert codes("A") == []


class Arrival:
    """How the records meet the rule: checked by the run after their import (record by record, through
    an index), or only by the nightly run over every record (the certificate rule reads the register's
    side, the double-penalty rule one pass over its index). Both must raise exactly the same leads; for
    the nightly case the two rules are switched off while the records arrive and on again before night."""

    RULES = ("CF42-ZJ", "CF29-CF")

    def __init__(self, world, nightly):
        from leads.engine import sync_rules

        self.world, self.nightly = world, nightly
        sync_rules()
        if nightly:
            self.switch(False)

    def switch(self, on):
        from leads.models import WarningRule
        from leads.rules_admin import update_rule

        for rule in WarningRule.objects.filter(code__in=self.RULES):
            update_rule(rule, acting_user=self.world.user("yuecheng.reviewer"), is_enabled=on)

    def push(self, records, **kwargs):
        push(self.world, records, **kwargs)

    def night(self):
        if self.nightly:
            self.switch(True)
            run_rules(full=True)


@pytest.fixture(params=["after import", "nightly"])
def arrival(request, world):
    return Arrival(world, request.param == "nightly")


class TestCertificateEitherWay:  # Art. 42
    def test_expired_the_day_before_the_decision(self, arrival, world):
        certify(world, number="ZJ33060001", name="张明")
        certify(world, number="ZJ33060002", name="李华", valid_to=date(2026, 2, 9))
        arrival.push([clean_penalty("A"),
                      clean_penalty("B", act_on="2026-01-04", decided_on="2026-02-09", served_on="2026-02-10")])
        arrival.night()
        assert codes("A") == ["CF42-ZJ"]
        assert lead("A", "CF42-ZJ").triggers == {"act_day": "2026-02-10", "officer": "李华",
                                                 "certificate_number": "ZJ33060002"}
        assert "CF42-ZJ" not in codes("B")  # decided on the certificate's last day

    def test_valid_only_from_the_day_after_the_decision(self, arrival, world):
        certify(world, number="ZJ33060001", name="张明", valid_from=date(2026, 2, 11))
        certify(world, number="ZJ33060002", name="李华")
        arrival.push([clean_penalty("A"), clean_penalty("B", decided_on="2026-02-11", served_on="2026-02-12")])
        arrival.night()
        assert lead("A", "CF42-ZJ").triggers["officer"] == "张明"
        assert "CF42-ZJ" not in codes("B")

    def test_unknown_and_suspended_certificates_whatever_the_day(self, arrival, world):
        from enforcement_records.models import OfficerCertificate

        certify_all(world)
        certify(world, number="ZJ33060003", name="王强").__class__.objects.filter(number="ZJ33060003").update(
            status=OfficerCertificate.Status.SUSPENDED)
        suspended = [{"name": "张明", "certificate_number": "ZJ33060001"},
                     {"name": "王强", "certificate_number": "ZJ33060003"}]
        unknown = [{"name": "某某", "certificate_number": "ZJ99999999"},
                   {"name": "李华", "certificate_number": "ZJ33060002"}]
        arrival.push([clean_penalty("A", officers=suspended), clean_penalty("B", officers=unknown)])
        arrival.night()
        assert lead("A", "CF42-ZJ").triggers["certificate_number"] == "ZJ33060003"
        assert lead("B", "CF42-ZJ").triggers == {"act_day": "2026-02-10", "officer": "某某",
                                                 "certificate_number": "ZJ99999999"}

    def test_both_officers_out_of_date_make_one_lead_naming_the_first(self, arrival, world):
        certify(world, number="ZJ33060001", name="张明", valid_to=date(2025, 12, 31))
        certify(world, number="ZJ33060002", name="李华", valid_to=date(2025, 12, 31))
        arrival.push([clean_penalty("A")])
        arrival.night()
        assert codes("A") == ["CF42-ZJ"]
        assert lead("A", "CF42-ZJ").triggers["officer"] == "张明"

    def test_an_inspection_without_decision_counts_its_filing_day_and_a_permit_is_not_checked(self, arrival, world):
        certify(world, number="ZJ33060001", name="张明", valid_from=date(2026, 1, 7))
        certify(world, number="ZJ33060002", name="李华")
        undecided = {"kind": "inspection", "title": "日常检查", "fine_amount": "", "violated_provision": "",
                     "notified_on": "", "decided_on": "", "served_on": "", "executed_on": "", "closed_on": ""}
        arrival.push([clean_penalty("A", **undecided), clean_penalty("B", **undecided, filed_on="2026-01-07"),
                      clean_penalty("C", kind="permit", title="食品经营许可", fine_amount="", violated_provision="",
                                    notified_on="", filed_on="2026-01-05", decided_on="2026-01-06",
                                    served_on="2026-01-06")])
        arrival.night()
        assert lead("A", "CF42-ZJ").triggers == {"act_day": "2026-01-06", "officer": "张明",
                                                 "certificate_number": "ZJ33060001"}
        assert "CF42-ZJ" not in codes("B")
        assert "CF42-ZJ" not in codes("C")


class TestDoublePenaltyEitherWay:  # Art. 29
    def test_the_later_decision_whichever_arrived_first(self, arrival, certified):
        arrival.push([clean_penalty("B", decided_on="2026-02-15", served_on="2026-02-16")],
                     username="agency.enforcement", agency="越城区综合行政执法局")
        arrival.push([clean_penalty("A")])
        arrival.night()
        assert codes("A") == []
        assert codes("B") == ["CF29-CF"]
        assert lead("B", "CF29-CF").triggers == {
            "party": "绍兴某某超市有限公司", "violated_provision": "《食品安全法》第三十四条", "act_on": "2026-01-05",
            "fine_amount": 5000, "earlier_case_number": "A", "earlier_agency": "越城区市场监督管理局"}

    def test_decided_the_same_day_the_one_stored_second(self, arrival, certified):
        arrival.push([clean_penalty("A")])
        arrival.push([clean_penalty("B")], username="agency.enforcement", agency="越城区综合行政执法局")
        arrival.night()
        assert codes("A") == []
        assert codes("B") == ["CF29-CF"]

    def test_a_third_penalty_names_the_first(self, arrival, certified):
        arrival.push([clean_penalty("A"), clean_penalty("B", decided_on="2026-02-12", served_on="2026-02-13"),
                      clean_penalty("C", decided_on="2026-02-14", served_on="2026-02-15")])
        arrival.night()
        assert codes("A") == []
        assert [lead(n, "CF29-CF").triggers["earlier_case_number"] for n in ("B", "C")] == ["A", "A"]

    def test_no_fine_another_act_day_or_another_provision_is_not_the_same_penalty(self, arrival, certified):
        arrival.push([clean_penalty("A"),
                      clean_penalty("B", fine_amount="", decision="警告", decided_on="2026-02-12",
                                    served_on="2026-02-13"),
                      clean_penalty("C", act_on="2026-01-04", decided_on="2026-02-12", served_on="2026-02-13"),
                      clean_penalty("D", violated_provision="《广告法》第二十八条", decided_on="2026-02-12",
                                    served_on="2026-02-13")])
        arrival.night()
        assert [codes(n) for n in "ABCD"] == [[], [], [], []]
