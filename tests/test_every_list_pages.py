"""Every list page is paged with the shared partial (templates/_pagination.html), walked with more rows than a page.

The demo records (what `make run` loads) fill every list; the page size is cut to 1 row so each list
has several pages: page 1 links page 2, page 2 shows other rows and links back, and a filter in the
query string survives the page link.
"""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from shaoxing_supervision.pagination import CappedPaginator

pytestmark = pytest.mark.django_db

PER_PAGE = 1
# Every HTML list of the project (the URL names whose templates include _pagination.html).
LISTS = [
    "/supervision/", "/disputes/", "/documents/", "/deadlines/", "/notifications/", "/clues/", "/leads/",
    "/records/", "/case-reviews/", "/joint-actions/", "/joint-actions/registers/matters/", "/joint-actions/registers/liaison/",
    "/statistics/accountability/", "/audit/", "/statistics/briefings/", "/statistics/commendations/",
    "/supervision/campaigns/", "/supervision/intake/",
]


@pytest.fixture
def small_pages(monkeypatch):
    original = CappedPaginator.__init__

    def two_a_page(self, object_list, per_page, *args, **kwargs):
        original(self, object_list, PER_PAGE, *args, **kwargs)

    monkeypatch.setattr(CappedPaginator, "__init__", two_a_page)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", force=True, verbosity=0)


def rows_of(html: str) -> str:
    """The page without what every page repeats (navigation, token), to compare two pages' rows."""
    main = html[html.index("<main"):html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def test_the_lists_are_the_ones_that_use_the_shared_partial():
    """A new list page must be added to LISTS (and so be walked below)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    templates = {str(p.relative_to(root)) for p in root.glob("*/templates/**/*.html")
                 if ".venv" not in p.parts and '"_pagination.html"' in p.read_text(encoding="utf-8")}
    assert len(templates) == len(LISTS), sorted(templates)


def test_every_list_has_page_links_that_lead_to_other_rows(demo, small_pages, client, django_user_model):
    from datetime import date

    from joint_actions.services import create_coordination_matter, create_liaison_record
    from notifications.models import Notification
    from organizations.models import Organization

    # The demo keeps one entry in each 工作台账 register: a second, as a reviewer records it.
    reviewer, bureau = django_user_model.objects.get(username="yuecheng.reviewer"), Organization.objects.get(name="越城区司法局")
    create_coordination_matter(acting_user=reviewer, recorded_by=bureau, title="夜市燃气安全监管职责衔接",
                               description="研究协调夜市瓶装燃气的检查分工。", matter_date=date(2026, 11, 21))
    for summary in ("移送涉嫌犯罪线索一件。", "通报联合执法情况。"):
        create_liaison_record(acting_user=reviewer, recorded_by=bureau, counterpart_kind="public_security",
                              counterpart_name="绍兴市公安局越城区分局", exchange_type="case_transferred",
                              exchange_date=date(2026, 11, 22), summary=summary)

    _one_more_of_the_newer_registers(django_user_model, bureau)

    django_user_model.objects.create_superuser("walker", "walker@example.gov.cn", "Walk-the-lists-2026")
    for _ in range(2):  # two sign-ins: two rows in the audit log
        client.post("/accounts/login/", {"username": "walker", "password": "Walk-the-lists-2026"})
    # Notifications are a person's own: the list is walked as the demo user with the most.
    busiest = Notification.objects.values("recipient").annotate(n=Count("pk")).order_by("-n").first()
    notified = django_user_model.objects.get(pk=busiest["recipient"])
    problems = []
    for url in LISTS:
        reader = Client()
        reader.force_login(notified if url == "/notifications/" else django_user_model.objects.get(username="walker"))
        first = reader.get(url)
        if first.status_code != 200:
            problems.append(f"{url}: HTTP {first.status_code}")
            continue
        html = first.content.decode()
        page = first.context.get("page") if first.context else None
        if page is None or not isinstance(page.paginator, CappedPaginator):
            problems.append(f"{url}: not paged by shaoxing_supervision.pagination.paginate")
            continue
        if 'class="pagination' not in html or "page=2" not in html:
            problems.append(f"{url}: no page links with more than {PER_PAGE} rows")
            continue
        second = reader.get(url, {"page": 2})
        other = second.content.decode()
        if second.status_code != 200 or "page=1" not in other or rows_of(other) == rows_of(html):
            problems.append(f"{url}?page=2: not the next rows")
    assert not problems, "\n".join(problems)


def _one_more_of_the_newer_registers(django_user_model, bureau):
    """The demo keeps few 通报, 表彰, 工作方案 and 研判 rows: more of each, made as the bureau's staff make them."""
    from datetime import date

    from cockpit.models import Audience, Briefing, PeriodKind
    from cockpit.services import draft_briefing, propose_commendation
    from organizations.models import Organization
    from supervision.models.intake import IntakeChannel, IntakeOutcome
    from supervision.services.intake import assess_intake
    from supervision.services.methods import draft_campaign

    clerk = django_user_model.objects.get(username="yuecheng.clerk")
    market = Organization.objects.get(name="越城区市场监督管理局")
    drafted = Briefing.objects.filter(bureau=bureau, audience=Audience.BRIEFING, period_kind=PeriodKind.MONTH)
    for start in [date(2026, month, 1) for month in range(1, 11)][:2 + drafted.count()]:  # two months not drafted yet
        if not drafted.filter(period_start=start).exists():
            draft_briefing(bureau=bureau, period_kind=PeriodKind.MONTH, period_start=start, acting_user=clerk)
    for year in (2025, 2026):
        propose_commendation(proposer=bureau, organization=market, year=year, acting_user=clerk,
                             deeds="全年办理食品安全案件规范，行政执法监督通知书均按期整改。")
    draft_campaign(acting_user=clerk, organiser=bureau, title="越城区涉企行政检查专项监督",
                   provincial_programme="浙江省涉企行政检查专项监督工作方案", responsible_departments=[market],
                   focus="重复检查、随意检查", schedule="12月底前完成自查和抽查", requirements="如实报送检查台账",
                   starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31))
    assess_intake(acting_user=clerk, handling_org=bureau, channel=IntakeChannel.LETTERS_VISITS,
                  matter="反映某餐馆油烟扰民，要求查处。", received_on=date(2026, 11, 20),
                  outcome=IntakeOutcome.NOT_OPENED, reason="属于具体执法事项，已转交越城区综合行政执法局依法处理。")
