"""The demo world of `manage.py seed_demo`: Shaoxing's real areas, their organisations, demo accounts.

Idempotent: every row is found by a natural key (division code, organisation name, username,
certificate number) and created only when missing, so running it twice changes nothing.
"""

import csv
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Division, Membership, Organization, OrganizationKind, Role, SupervisorCertificate

# 机关代字 of each county-level area, as used in document numbers (越司执监通〔2026〕3号).
COUNTY_ABBREVIATIONS = {
    "3306": "绍",
    "330602": "越",
    "330603": "柯",
    "330604": "虞",
    "330624": "新",
    "330681": "暨",
    "330683": "嵊",
}
# Short forms used in the names of city-bureau branches (绍兴市生态环境局越城分局).
BRANCH_NAMES = {"330602": "越城", "330603": "柯桥", "330604": "上虞", "330624": "新昌", "330681": "诸暨", "330683": "嵊州"}
# The counties given a full set of enforcement agencies in the demo (issue 3).
AGENCY_COUNTIES = ("330602", "330681")
DISTRICT_CODES = {"330602", "330603", "330604"}  # 区: police are city-bureau branches there

CITY_GOVERNMENT = "绍兴市人民政府"
CITY_BUREAU = "绍兴市司法局"
CITY_GUIDANCE = "绍兴市综合行政执法指导办公室"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    organization: str
    role: str
    certificate: str = ""  # certificate number, if the person holds one


YUECHENG_GUIDANCE = "越城区综合行政执法指导办公室"
ZHUJI_GUIDANCE = "诸暨市综合行政执法指导办公室"

# The accounts of api.md first (their usernames are an interface), then the ones that make every
# path walkable (issue 12): a leader in every justice bureau, guidance office and government of the
# city, 越城区 and 诸暨市, and a contact for every agency and township that appears in demo records.
DEMO_ACCOUNTS = [
    DemoAccount("city.reviewer", "沈建国", CITY_BUREAU, Role.REVIEWER, "绍执监2025001"),
    DemoAccount("city.gov", "钱志远", CITY_GOVERNMENT, Role.LEADER),
    DemoAccount("yuecheng.clerk", "王晓燕", "越城区司法局", Role.CLERK, "绍执监2025011"),
    DemoAccount("yuecheng.reviewer", "陈立明", "越城区司法局", Role.REVIEWER, "绍执监2025012"),
    DemoAccount("yuecheng.leader", "李国华", "越城区司法局", Role.LEADER, "绍执监2025013"),
    DemoAccount("yuecheng.gov", "周文斌", "越城区人民政府", Role.LEADER),
    DemoAccount("township.office", "赵丽娟", "塔山街道司法所", Role.CLERK),
    DemoAccount("zhuji.reviewer", "何明杰", "诸暨市司法局", Role.REVIEWER, "绍执监2025051"),
    DemoAccount("zhuji.office", "孙海燕", "暨阳街道司法所", Role.CLERK),
    DemoAccount("agency.market", "吴秀英", "越城区市场监督管理局", Role.AGENCY_CONTACT),
    DemoAccount("agency.enforcement", "郑伟", "越城区综合行政执法局", Role.AGENCY_CONTACT),
    DemoAccount("agency.zhuji", "冯建平", "诸暨市市场监督管理局", Role.AGENCY_CONTACT),
    DemoAccount("guidance.city", "蒋文静", CITY_GUIDANCE, Role.REVIEWER),
    # Leaders: they sign opinions, escalate with the body's 处理意见 and decide for the government.
    DemoAccount("city.leader", "陶国平", CITY_BUREAU, Role.LEADER, "绍执监2025002"),
    DemoAccount("guidance.city.leader", "章伟民", CITY_GUIDANCE, Role.LEADER),
    DemoAccount("guidance.yuecheng", "俞佳", YUECHENG_GUIDANCE, Role.REVIEWER),
    DemoAccount("guidance.yuecheng.leader", "黄振华", YUECHENG_GUIDANCE, Role.LEADER),
    DemoAccount("zhuji.leader", "宣立新", "诸暨市司法局", Role.LEADER, "绍执监2025052"),
    DemoAccount("zhuji.clerk", "楼晓红", "诸暨市司法局", Role.CLERK, "绍执监2025053"),
    DemoAccount("zhuji.gov", "斯国强", "诸暨市人民政府", Role.LEADER),
    DemoAccount("guidance.zhuji", "寿丽萍", ZHUJI_GUIDANCE, Role.REVIEWER),
    DemoAccount("guidance.zhuji.leader", "边志刚", ZHUJI_GUIDANCE, Role.LEADER),
    # Contacts of the agencies and township governments named in demo records.
    DemoAccount("agency.housing", "马建军", "越城区住房和城乡建设局", Role.AGENCY_CONTACT),
    DemoAccount("agency.education", "徐美华", "越城区教育局", Role.AGENCY_CONTACT),
    DemoAccount("agency.health", "金晓东", "越城区卫生健康委员会", Role.AGENCY_CONTACT),
    DemoAccount("agency.zhuji.enforcement", "陈永康", "诸暨市综合行政执法局", Role.AGENCY_CONTACT),
    DemoAccount("township.tashan", "孔丽君", "塔山街道办事处", Role.AGENCY_CONTACT),
]
CERTIFICATE_VALIDITY = (date(2025, 1, 1), date(2028, 12, 31))


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def __str__(self) -> str:
        if not self.created:
            return "nothing to create: the demo world is complete"
        return ", ".join(f"{what}: {n}" for what, n in sorted(self.created.items()))


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(settings.REFERENCE_DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_divisions(report: SeedReport) -> dict[str, Division]:
    divisions = {d.code: d for d in Division.objects.all()}
    for row in _read_csv("shaoxing_divisions.csv"):  # sorted in tree order: parents first
        if row["code"] in divisions:
            continue
        parent = divisions.get(row["parent_code"]) if row["parent_code"] else None
        divisions[row["code"]] = Division.objects.create(
            code=row["code"], name=row["name"], level=row["level"], parent=parent
        )
        report.add("divisions")
    return divisions


def _township_government_name(township: Division) -> str:
    if township.name.endswith("街道"):
        return f"{township.name}办事处"
    return f"{township.name}人民政府"


def _agency_name(row: dict[str, str], division: Division) -> tuple[str, str]:
    """(full name, short name) of an agency of `row`'s type in a city or county area."""
    if division.level == Division.Level.CITY:
        return f"绍兴市{row['name']}", f"市{row['name'][:2]}"
    branch = BRANCH_NAMES[division.code]
    if row["short_code"] == "eeb":  # county ecology offices are branches of the city bureau
        return f"绍兴市生态环境局{branch}分局", f"生态环境{branch}分局"
    if row["short_code"] == "psb" and division.code in DISTRICT_CODES:
        return f"绍兴市公安局{division.name}分局", f"公安{branch}分局"
    return f"{division.name}{row['name']}", row["name"]


def seed_organizations(divisions: dict[str, Division], report: SeedReport) -> dict[str, Organization]:
    organizations = {o.name: o for o in Organization.objects.all()}

    def ensure(name: str, **fields) -> Organization:
        if name not in organizations:
            organizations[name] = Organization.objects.create(name=name, **fields)
            report.add("organizations")
        return organizations[name]

    city = next(d for d in divisions.values() if d.level == Division.Level.CITY)
    city_gov = ensure(CITY_GOVERNMENT, short_name="市政府", kind=OrganizationKind.GOVERNMENT, division=city, doc_prefix="绍政")
    city_bureau = ensure(
        CITY_BUREAU, short_name="市司法局", kind=OrganizationKind.JUSTICE_BUREAU, division=city, doc_prefix="绍司", parent=city_gov
    )
    ensure(
        CITY_GUIDANCE, short_name="市执法指导办", kind=OrganizationKind.ENFORCEMENT_GUIDANCE, division=city,
        doc_prefix="绍执指", parent=city_gov,
    )
    del city_bureau
    agency_rows = _read_csv("enforcement_agencies.csv")
    for row in agency_rows:
        name, short = _agency_name(row, city)
        ensure(name, short_name=short, kind=OrganizationKind.ENFORCEMENT_AGENCY, division=city, parent=city_gov,
               agency_type=row["short_code"], focus_area=row["focus_area"])

    for county in (d for d in divisions.values() if d.level == Division.Level.COUNTY):
        abbr = COUNTY_ABBREVIATIONS[county.code]
        gov = ensure(f"{county.name}人民政府", short_name=f"{county.name}政府", kind=OrganizationKind.GOVERNMENT,
                     division=county, doc_prefix=f"{abbr}政", parent=city_gov)
        bureau = ensure(f"{county.name}司法局", short_name=f"{county.name}司法局", kind=OrganizationKind.JUSTICE_BUREAU,
                        division=county, doc_prefix=f"{abbr}司", parent=gov)
        ensure(f"{county.name}综合行政执法指导办公室", short_name=f"{county.name}执法指导办",
               kind=OrganizationKind.ENFORCEMENT_GUIDANCE, division=county, doc_prefix=f"{abbr}执指", parent=gov)
        for township in (d for d in divisions.values() if d.parent_id == county.pk):
            ensure(f"{township.name}司法所", short_name=f"{township.name}司法所", kind=OrganizationKind.JUSTICE_OFFICE,
                   division=township, parent=bureau)
            ensure(_township_government_name(township), kind=OrganizationKind.GOVERNMENT, division=township, parent=gov)
        if county.code in AGENCY_COUNTIES:
            for row in agency_rows:
                name, short = _agency_name(row, county)
                ensure(name, short_name=short, kind=OrganizationKind.ENFORCEMENT_AGENCY, division=county, parent=gov,
                       agency_type=row["short_code"], focus_area=row["focus_area"])
    return organizations


def seed_county_agencies(county: Division) -> int:
    """The county's full set of enforcement agencies, as the demo gives AGENCY_COUNTIES (the volume
    generator, operations/volume.py, completes every county with it); returns how many were added."""
    organizations = {o.name: o for o in Organization.objects.filter(division=county)}
    gov = organizations.get(f"{county.name}人民政府")
    added = 0
    for row in _read_csv("enforcement_agencies.csv"):
        name, short = _agency_name(row, county)
        if name not in organizations and not Organization.objects.filter(name=name).exists():
            Organization.objects.create(name=name, short_name=short, kind=OrganizationKind.ENFORCEMENT_AGENCY,
                                        division=county, parent=gov, agency_type=row["short_code"],
                                        focus_area=row["focus_area"])
            added += 1
    return added


def seed_accounts(organizations: dict[str, Organization], report: SeedReport) -> None:
    User = get_user_model()
    password = settings.DEMO_PASSWORD
    issuer = organizations[CITY_BUREAU]
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, first_name=account.full_name, email=f"{account.username}@example.gov.cn")
            user.set_password(password)
            user.save()
            report.add("users")
        _, created = Membership.objects.get_or_create(
            user=user, organization=organizations[account.organization], role=account.role
        )
        if created:
            report.add("memberships")
        if account.certificate:
            _, created = SupervisorCertificate.objects.get_or_create(
                number=account.certificate,
                defaults={"holder": user, "issuer": issuer, "valid_from": CERTIFICATE_VALIDITY[0],
                          "valid_to": CERTIFICATE_VALIDITY[1]},
            )
            if created:
                report.add("certificates")
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.gov.cn", password, first_name="系统管理员")
        report.add("users")


@transaction.atomic
def seed_demo() -> SeedReport:
    report = SeedReport()
    divisions = seed_divisions(report)
    organizations = seed_organizations(divisions, report)
    seed_accounts(organizations, report)
    return report
