"""Demo records for `seed_demo`: each demo agency's penalties, permits and inspections of the last
year, sent through the real import service, with a known share of planted problems (about one record
in five breaks one rule), so the leads page is alive from the first run. Idempotent (same seed, same
case numbers: a second run changes nothing)."""

import json
import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from organizations.models import Membership, Organization, OrganizationKind, Role

from . import services
from .models import OfficerCertificate
from .parties import id_check_digit, uscc_check_char

SEED = 20260101
RECORDS_PER_AGENCY = 60
PLANTED_SHARE = 0.2
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
PROVISIONS = [
    ("《食品安全法》第三十四条", "《食品安全法》第一百二十四条", "销售超过保质期的食品", 5000, 50000),
    ("《广告法》第二十八条", "《广告法》第五十五条", "发布虚假广告", 20000, 200000),
    ("《城市市容和环境卫生管理条例》第十四条", "《浙江省市容和环境卫生管理条例》第四十一条", "占道经营", 200, 2000),
    ("《安全生产法》第四十一条", "《安全生产法》第一百零一条", "未建立事故隐患排查制度", 10000, 100000),
]
PROBLEMS = ["late_decision", "no_hearing", "no_review", "no_notice", "early_decision", "one_officer",
            "expired_certificate", "late_service", "double"]


def _person_id(rng) -> str:
    first = f"330602{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return first + id_check_digit(first)


def _uscc(serial: int) -> str:
    first = f"91330602MA2C{serial % 100000:05d}"  # five digits whatever the serial (the benchmark goes past it)
    return first + uscc_check_char(first)


def _d(day: date | None) -> str:
    return day.isoformat() if day else ""


def _officers(agency: Organization, index: int) -> list[dict]:
    return [{"name": f"{agency.short_name or agency.name[:4]}执法员{n}", "certificate_number": f"ZJ{agency.pk:04d}{n:03d}"}
            for n in (index % 5 + 1, (index + 1) % 5 + 1)]


def _ensure_certificates(agency: Organization, today: date) -> None:
    for n in range(1, 6):
        number = f"ZJ{agency.pk:04d}{n:03d}"
        # Officer 5's certificate ran out 30 days ago (planted: acting without a valid certificate).
        valid_to = today - timedelta(days=30) if n == 5 else date(today.year + 3, 12, 31)
        OfficerCertificate.objects.get_or_create(number=number, defaults={
            "holder_name": f"{agency.short_name or agency.name[:4]}执法员{n}", "agency": agency,
            "valid_from": date(2020, 1, 1), "valid_to": valid_to})


def _record(agency: Organization, index: int, rng: random.Random, today: date, division_code: str) -> dict:
    provision, basis, title, low, high = PROVISIONS[index % len(PROVISIONS)]
    kind = "penalty" if index % 4 != 3 else rng.choice(["permit", "inspection"])
    filed = today - timedelta(days=rng.randint(60, 330))
    decided = filed + timedelta(days=rng.randint(20, 60))
    person = rng.random() < 0.4
    party = ({"kind": "person", "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
              "id_number": _person_id(rng)} if person else
             {"kind": "organization", "name": f"绍兴市某某{title[:2]}有限公司{index}", "id_number": _uscc(agency.pk * 1000 + index)})
    fine = rng.randint(low // 100, high // 1000) * 100 if kind == "penalty" else None
    row = {
        "case_number": f"{agency.doc_prefix or agency.short_name or 'ZF'}{'罚' if kind == 'penalty' else '许' if kind == 'permit' else '检'}〔{filed.year}〕{index + 1}号",
        "kind": kind, "title": title if kind == "penalty" else ("食品经营许可" if kind == "permit" else "日常检查"),
        "division": division_code, "parties": [party], "officers": _officers(agency, index),
        "act_on": _d(filed - timedelta(days=3)), "violated_provision": provision if kind == "penalty" else "",
        "legal_basis": basis, "decision": f"罚款{fine}元" if fine else "", "fine_amount": str(fine) if fine else "",
        "filed_on": _d(filed), "investigation_ended_on": _d(decided - timedelta(days=10)),
        "notified_on": _d(decided - timedelta(days=7)) if kind == "penalty" else "",
        "decided_on": _d(decided), "served_on": _d(decided + timedelta(days=2)),
        "closed_on": _d(decided + timedelta(days=20)),
    }
    if kind == "penalty" and fine and fine >= (10000 if person else 100000):
        row["hearing_notice_on"] = _d(decided - timedelta(days=8))
    if kind == "permit":
        row["decided_on"] = _d(filed + timedelta(days=12))
        row["served_on"] = _d(filed + timedelta(days=13))
    if kind == "penalty" and rng.random() < PLANTED_SHARE:
        problem = PROBLEMS[index % len(PROBLEMS)]
        if problem == "late_decision":
            row["decided_on"] = _d(filed + timedelta(days=97))
            row["served_on"] = _d(filed + timedelta(days=99))
            row["notified_on"] = _d(filed + timedelta(days=90))
        elif problem == "no_hearing":
            row.update(fine_amount="150000", decision="罚款150000元", hearing_notice_on="")
            row["parties"] = [{"kind": "organization", "name": party["name"] if not person else "绍兴某某公司",
                               "id_number": _uscc(agency.pk * 1000 + index)}]
        elif problem == "no_review":
            row["is_major"] = True
            row["collective_discussion_on"] = _d(decided - timedelta(days=2))
        elif problem == "no_notice":
            row["notified_on"] = ""
        elif problem == "early_decision":
            row["notified_on"] = _d(decided - timedelta(days=1))
        elif problem == "one_officer":
            row["officers"] = row["officers"][:1]
        elif problem == "expired_certificate":
            row["officers"][1] = {"name": f"{agency.short_name or agency.name[:4]}执法员5",
                                  "certificate_number": f"ZJ{agency.pk:04d}005"}
        elif problem == "late_service":
            row["served_on"] = _d(decided + timedelta(days=15))
    return row


def seed_records_demo() -> str:
    from leads.engine import run_rules

    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    today = timezone.localdate()
    agencies = Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True,
                                           division__code__in=("330602", "330681")).select_related("division")
    rng = random.Random(SEED)
    created = 0
    for agency in agencies.order_by("pk")[:8]:
        contact = Membership.objects.filter(organization=agency, role=Role.AGENCY_CONTACT, is_active=True).first()
        sender = contact.user if contact else admin
        _ensure_certificates(agency, today)
        townships = list(agency.division.children.values_list("code", flat=True)) or [agency.division.code]
        rows = [_record(agency, i, rng, today, townships[i % len(townships)]) for i in range(RECORDS_PER_AGENCY)]
        raw = json.dumps({"records": rows}, ensure_ascii=False).encode()
        result = services.import_json(agency=agency, records=rows, raw=raw, acting_user=sender)
        created += result.created
    result = run_rules(full=True)
    return f"{created} records created, {result.created} new leads"
