"""A clean record as an agency's system would send it, and the way it is sent (the real import service)."""

import json
from datetime import date

from enforcement_records import services
from enforcement_records.models import OfficerCertificate
from enforcement_records.parties import id_check_digit, uscc_check_char

MARKET = "越城区市场监督管理局"
OFFICERS = [("张明", "ZJ33060001"), ("李华", "ZJ33060002")]


def person_id(serial: int = 1) -> str:
    first = f"33060219900101{serial:03d}"
    return first + id_check_digit(first)


def credit_code(serial: int = 1) -> str:
    first = f"91330602MA2B{serial:05d}"
    return first + uscc_check_char(first)


def clean_penalty(number: str = "越市监罚〔2026〕1号", **overrides) -> dict:
    """A 行政处罚 that breaks no rule: two certified officers, notice, period respected, served in time."""
    row = {
        "case_number": number, "kind": "penalty", "title": "销售过期食品案", "division": "330602001",
        "parties": [{"kind": "organization", "name": "绍兴某某超市有限公司", "id_number": credit_code(1)}],
        "officers": [{"name": n, "certificate_number": c} for n, c in OFFICERS],
        "act_on": "2026-01-05", "violated_provision": "《食品安全法》第三十四条",
        "legal_basis": "《食品安全法》第一百二十四条", "decision": "罚款5000元", "fine_amount": "5000",
        "filed_on": "2026-01-06", "investigation_ended_on": "2026-02-01", "notified_on": "2026-02-03",
        "decided_on": "2026-02-10", "served_on": "2026-02-12", "executed_on": "2026-02-20", "closed_on": "2026-02-25",
    }
    row.update(overrides)
    return row


def certify(world, *, number="ZJ33060001", name="张明", valid_from=date(2025, 1, 1), valid_to=date(2028, 12, 31),
            agency=MARKET):
    return OfficerCertificate.objects.update_or_create(
        number=number, defaults={"holder_name": name, "agency": world.org(agency), "valid_from": valid_from,
                                 "valid_to": valid_to})[0]


def certify_all(world):
    for name, number in OFFICERS:
        certify(world, number=number, name=name)


def push(world, records, *, username="agency.market", agency=MARKET):
    return services.import_json(agency=world.org(agency), records=records,
                                raw=json.dumps({"records": records}, ensure_ascii=False).encode(),
                                acting_user=world.user(username))
