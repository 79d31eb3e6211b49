"""Every list and every detail, page and API, runs the same number of queries whether it shows one row or
fifty (issue 18): nothing is read per row.

The routes come from the URL conf, so a new list or detail cannot be forgotten: each must be counted here
or sit on the reviewed EXCLUDED list with its reason.

- A list is a view that pages (it calls `paginate`, or a DRF `list` action). It is read twice over the
  same records, once one row a page and once fifty a page; the two counts must be equal.
- A detail (a route taking the record's number, page or API) is read for the record of its model with the
  most rows of its own (children through every relation); no statement may run more than REPEAT_LIMIT times
  with other values, the mark of one query per row (tests/performance/test_query_counts.py also compares the
  case and dispute details before and after fifty times the records).

The records are the demo's (`seed_demo`: every register has rows, made through the services), the
volume generator's cases, disputes, documents, deadlines and notifications, and fifty more of each
smaller register made as a bureau's staff make them (`_fifty_more`).
"""

import inspect
import re
from contextlib import suppress
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from shaoxing_supervision.pagination import CappedPaginator

pytestmark = pytest.mark.django_db

ROWS = 50

# Routes not counted here, each for a reason a reviewer agreed to.
EXCLUDED_PREFIXES = {
    "admin/": "Django's admin: a maintenance tool for administrators, not a page of the application",
    "static/": "files",
}
EXCLUDED = {
    "healthz": "no records",
    "login": "no records", "logout": "no records", "password_change": "no records", "set_language": "no records",
    "workbench:home": "counted with its task limit in tests/performance/test_query_counts.py (the workbench's owner)",
    "api:auth-token": "POST only", "api:me": "the requesting user only",
    "api:document-verify": "POST only (an uploaded PDF)", "api:notification-read-all": "POST only",
    "api:calendar-deadline": "a date computation, no records",
    "api:dispute-routing": "one routing answer for the parties given, not a list",
    "api:supervision-case-finding-statistics": "aggregates (one GROUP BY), no rows read",
    "api:review-statistics": "aggregates (one GROUP BY), no rows read",
    "api:statistics": "aggregates of one kind named in the URL, no rows read",
    "api:statistics-assessment": "aggregates per county", "api:statistics-assessment-weights": "settings",
    "api:enforcement-record-import-file": "POST only", "api:enforcement-record-template": "a spreadsheet template",
    "api:document-draft-detail": "one draft being edited by its author (as documents:draft)",
    "api:document-pdf": "a file", "api:document-draft-preview": "a rendered PDF",
    "api:schema": "the OpenAPI schema", "api:docs": "static documentation", "api:redoc": "static documentation",
    "organizations:certificate-verify": "public check of one certificate (tests/organizations)",
    "organizations:certificate-qr": "an image",
    "documents:card": "fragment of the detail, read with it", "documents:pdf": "a file",
    "documents:preview": "an image", "documents:void": "POST action", "documents:reissue": "POST action",
    "documents:retry": "POST action", "documents:draft-start": "starts a draft (POST)",
    "documents:draft": "one draft being edited by its author",
    "documents:draft-preview": "a rendered PDF", "documents:draft-action": "POST action",
    "documents-verify": "public check of one document's hash",
    "deadlines:calculator": "a date computation, no records",
    "deadlines:calendar": "the calendar of holidays, no records",
    "deadlines:request-extension": "a form for one deadline", "deadlines:approve-extension": "POST action",
    "deadlines:reject-extension": "POST action",
    "notifications:bell": "the unread count: one COUNT", "notifications:read-all": "POST action",
    "notifications:open": "a redirect to the notified record", "notifications:read": "POST action",
    "disputes:create": "an empty form", "disputes:coordinator-preview": "one routing answer for a form",
    "disputes:step": "a form for one dispute", "disputes:action": "POST action", "disputes:attachment": "a file",
    "joint_actions:create": "an empty form", "joint_actions:edit": "a form for one proposal",
    "joint_actions:attachment-upload": "POST action", "joint_actions:action": "POST action",
    "joint_actions:attachment": "a file",
    "joint_actions:matter-create": "an empty form", "joint_actions:liaison-create": "an empty form",
    "supervision:case-create": "an empty form", "supervision:campaign-create": "an empty form",
    "supervision:campaign-action": "POST action", "supervision:intake-create": "an empty form",
    "supervision:case-action": "POST action", "supervision:information-request-answer": "a form",
    "supervision:case-record": "a form for one case", "supervision:accountability-complete": "a form",
    "supervision:evidence-viewer": "one file's viewer", "supervision:evidence-file": "a file",
    "supervision:report-file": "a file", "supervision:receipt-file": "a file",
    "case_reviews:sheet-create": "an empty form", "case_reviews:sheet-edit": "a form for one sheet",
    "case_reviews:sheet-action": "POST action", "case_reviews:template-create": "an empty form",
    "case_reviews:template-edit": "a form for one template",
    "case_reviews:statistics-csv": "a file of the statistics page's figures",
    "clues:new": "the citizens' empty form", "clues:track-lookup": "the citizens' form",
    "clues:track": "one clue by its tracking code (public)", "clues:attachment": "a file",
    "clues:action": "POST action",
    "cockpit:briefing-action": "POST action", "cockpit:commendation-action": "POST action",
    "cockpit:assessment-weights": "settings form",
    "enforcement_records:import": "an upload form", "enforcement_records:template": "a spreadsheet template",
    "enforcement_records:batch-file": "a file", "enforcement_records:sample-new": "an empty form",
    "leads:action": "POST action",
}

# Measured and not yet constant (to fix, then remove from here):
KNOWN_GAPS = {
    "/api/v1/disputes/": "4 / 5: the drafts' coordinating bodies are read (once) only when the page holds a draft",
}
# Lists a person reads only of their own office: read as the bureau's clerk who drafted the rows.
CLERKS_OWN = {"api:document-draft-list"}
# Reference lists with fewer than fifty rows by nature (counted all the same, 1 row a page against all).
REFERENCE_LISTS = {
    "api:review-templates-list": "the scoring standards (one per bureau and version)",
    "api:review-template-list": "the scoring standards (one per bureau and version)",
    "api:warning-rule-list": "the published warning rules (fourteen)",
}

# Detail routes: the model whose record's number fills the route.
DETAILS = {
    "documents:detail": "documents.Document", "deadlines:detail": "deadlines.Deadline",
    "disputes:detail": "disputes.Dispute", "joint_actions:detail": "joint_actions.JointActionProposal",
    "joint_actions:matter-detail": "joint_actions.CoordinationMatter",
    "joint_actions:liaison-detail": "joint_actions.LiaisonRecord",
    "supervision:campaign-detail": "supervision.SpecialCampaign", "supervision:intake-detail": "supervision.IntakeAssessment",
    "supervision:case-detail": "supervision.SupervisionCase", "case_reviews:case-sheets": "supervision.SupervisionCase",
    "case_reviews:sheet-detail": "case_reviews.ReviewSheet", "case_reviews:template-detail": "case_reviews.ReviewTemplate",
    "clues:detail": "clues.Clue", "cockpit:briefing-detail": "cockpit.Briefing",
    "cockpit:commendation-detail": "cockpit.Commendation", "enforcement_records:batch": "enforcement_records.ImportBatch",
    "enforcement_records:sample": "enforcement_records.ReviewSample", "enforcement_records:detail": "enforcement_records.EnforcementRecord",
    "leads:detail": "leads.Lead",
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None, entry


def _pages_rows(callback) -> bool:
    view = getattr(callback, "view_class", None) or callback
    try:
        return "paginate(" in inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False


def classify():
    """(lists, details, plain pages, unreviewed) from the URL conf."""
    lists, details, plain, unreviewed = {}, {}, {}, []
    for route, name, pattern in _walk(get_resolver()):
        route = route.lstrip("^")
        if any(route.startswith(p) for p in EXCLUDED_PREFIXES) or name in EXCLUDED:
            continue
        actions = getattr(pattern.callback, "actions", None) or {}
        if re.search(r"\\\.|format", route):
            continue  # DRF's format-suffix twins of the routes below
        if actions:
            if "get" not in actions:
                continue  # a write (POST) action: nothing is listed
            if actions["get"] == "list":
                lists[name] = ("api", pattern.callback.cls)
            elif "(?P<pk>" in route:
                details[name] = ("api", pattern.callback.cls)  # a record, or a list of one record's rows
            else:
                unreviewed.append(name)
            continue
        takes_arguments = "<" in route or "(?P" in route
        if not takes_arguments and _pages_rows(pattern.callback):
            lists[name] = ("page", None)
        elif name in DETAILS:
            details[name] = ("page", DETAILS[name])
        elif not takes_arguments:
            plain[name] = ("page", None)
        else:
            unreviewed.append(name or route)
    return lists, details, plain, unreviewed


LISTS, DETAIL_ROUTES, PLAIN, UNREVIEWED = classify()


def test_every_route_is_counted_or_excluded_with_a_reason():
    assert not UNREVIEWED, f"routes neither counted nor on the reviewed EXCLUDED list: {UNREVIEWED}"
    assert not set(EXCLUDED) & (set(LISTS) | set(DETAIL_ROUTES) | set(PLAIN))


# --- the records -------------------------------------------------------------------------------


@pytest.fixture
def records(settings, tmp_path, world):
    from operations.volume import generate_volume

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", force=True, verbosity=0)
    generate_volume(cases=400, seed=3, out=lambda *_: None)
    _fifty_more(world, _reader(get_user_model()))
    return world


def _fifty_more(world, reader):
    """Fifty more of each smaller register, as the bureau's staff and the citizens make them; fifty sign-ins
    and API tokens of the reader."""
    from django.core.exceptions import ValidationError

    from authentication.services import issue_token
    from case_reviews.demo import seed_default_template
    from case_reviews.services import create_sheet
    from clues.services import submit_clue
    from cockpit.models import Audience, PeriodKind
    from cockpit.services import draft_briefing, propose_commendation
    from documents.drafting import start_draft
    from joint_actions.services import create_coordination_matter, create_liaison_record
    from supervision.models import Notice
    from supervision.models.intake import IntakeChannel, IntakeOutcome
    from supervision.services import notice_context, open_case, record_accountability
    from supervision.services.intake import assess_intake
    from supervision.services.methods import draft_campaign
    from tests.joint_actions.factories import draft as draft_proposal
    from tests.supervision.factories import NOTICE_FIELDS, open_market_case, to_violation

    clerk, reviewer = world.user("yuecheng.clerk"), world.user("yuecheng.reviewer")
    bureau, county = world.org("越城区司法局"), world.division("越城区")
    agencies = [world.org(name) for name in ("越城区市场监督管理局", "越城区综合行政执法局", "越城区教育局")]
    template = seed_default_template()
    item = template.items.order_by("order").first()
    review_case = open_case(handling_org=bureau, method="file_review", focus_area="food_drug", source="plan",
                            supervised_units=agencies[:2], summary="年度行政处罚案卷评查：随机抽取2026年已办结案卷。",
                            acting_user=clerk)
    month = date(2026, 10, 1)
    notice_case = to_violation(world, open_market_case(world), on=timezone.localdate())
    fields = {k: v for k, v in NOTICE_FIELDS.items() if k != "evidence_list"}
    notice = notice_context(notice_case, Notice(case=notice_case, rectification_due=date(2026, 12, 31),
                                                evidence_list=NOTICE_FIELDS["evidence_list"], **fields))
    for n in range(ROWS):
        agency = agencies[n % 2]
        day = date(2026, 11, 1) - timedelta(days=n)
        submit_clue(county=county, agency=agency, description=f"第{n}号反映：执法人员检查时未出示执法证件，也未告知陈述申辩权利。",
                    occurred_on=day, reporter_name="张先生", reporter_phone="13800000000")
        draft_proposal(world, title=f"越城区校园周边食品安全联合执法行动（第{n}批）")
        create_coordination_matter(acting_user=reviewer, recorded_by=bureau, title=f"夜市燃气安全监管职责衔接（{n}）",
                                   description="研究协调夜市瓶装燃气的检查分工。", matter_date=day, organizations=agencies[:2])
        create_liaison_record(acting_user=reviewer, recorded_by=bureau, counterpart_kind="public_security",
                              counterpart_name="绍兴市公安局越城区分局", exchange_type="case_transferred",
                              exchange_date=day, summary=f"移送涉嫌犯罪线索一件（{n}）。")
        create_sheet(case=review_case, agency=agency, file_number=f"越市监罚决〔2026〕{n + 100}号",
                     file_title=f"某食品店销售过期食品案{n}", file_type="penalty", reviewed_on=day, acting_user=clerk,
                     scores=[{"item": item.pk, "deduction": 1, "reason": "未附送达回证。"}])
        assess_intake(acting_user=clerk, handling_org=bureau, channel=IntakeChannel.LETTERS_VISITS,
                      matter=f"反映某餐馆油烟扰民，要求查处（{n}）。", received_on=day, outcome=IntakeOutcome.NOT_OPENED,
                      reason="属于具体执法事项，已转交越城区综合行政执法局依法处理。")
        draft_campaign(acting_user=clerk, organiser=bureau, title=f"越城区涉企行政检查专项监督（{n}）",
                       provincial_programme="浙江省涉企行政检查专项监督工作方案", responsible_departments=agencies[:2],
                       focus="重复检查、随意检查", schedule="12月底前完成自查和抽查", requirements="如实报送检查台账",
                       starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31))
        record_accountability(review_case, acting_user=clerk, agency=agency, ground="other", facts=f"隐匿执法案卷（{n}）。",
                              legal_basis="《浙江省行政执法监督办法》第三十条")
        for audience in Audience.values:
            with suppress(ValidationError):  # drafted by the demo already
                draft_briefing(bureau=bureau, period_kind=PeriodKind.MONTH, period_start=month, audience=audience,
                               acting_user=clerk)
        month = (month - timedelta(days=1)).replace(day=1)
        propose_commendation(proposer=bureau, organization=agencies[n % 3], year=2000 + n % 27, acting_user=clerk,
                             deeds="全年办理食品安全案件规范，行政执法监督通知书均按期整改。")
        start_draft(kind="supervision_notice", issuer=bureau, subject=notice_case, context=notice,
                    recipients=list(notice_case.supervised_units.all()), acting_user=clerk)
        issue_token(reader, name=f"市局数据接口{n}")
        Client().post("/accounts/login/", {"username": "counter", "password": PASSWORD})  # a row in the audit log
    _review_sample(county, clerk)


def _review_sample(county, clerk):
    """案卷评查抽样: up to fifty of the demo's records of the county's busiest agency, as the clerk draws them."""
    from enforcement_records.models import EnforcementRecord
    from enforcement_records.sampling import draw_sample
    from organizations.models import Organization

    busiest = (EnforcementRecord.objects.filter(agency__division__code__startswith=county.code, decided_on__isnull=False)
               .values("agency").annotate(n=Count("pk")).order_by("-n").first())
    draw_sample(agency=Organization.objects.get(pk=busiest["agency"]), decided_from=date(2015, 1, 1),
                decided_to=date(2026, 12, 31), size=min(ROWS, busiest["n"]), acting_user=clerk, seed="查询计数")


# --- counting -----------------------------------------------------------------------------------


def _count(client, path, **params) -> tuple[int, object]:
    client.get(path, params)  # warm per-process caches (content types, translations, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured), response


PASSWORD = "Count-every-query-2026"


def _reader(django_user_model):
    """An administrator: reads every list and every record."""
    return django_user_model.objects.filter(username="counter").first() or django_user_model.objects.create_superuser(
        "counter", "counter@example.gov.cn", PASSWORD)


def _busiest_recipient(django_user_model):
    from notifications.models import Notification

    busiest = Notification.objects.values("recipient").annotate(n=Count("pk")).order_by("-n").first()
    return django_user_model.objects.get(pk=busiest["recipient"])


def _clients(user):
    page, api = Client(), APIClient()
    page.force_login(user)
    api.force_authenticate(user)
    return page, api


def test_a_page_of_fifty_rows_costs_the_queries_of_a_page_of_one(records, django_user_model, monkeypatch):
    world, reader, notified = records, _reader(django_user_model), _busiest_recipient(django_user_model)
    per_page = {"n": 1}
    original = CappedPaginator.__init__

    def sized(self, object_list, _per_page, *args, **kwargs):
        original(self, object_list, per_page["n"], *args, **kwargs)

    monkeypatch.setattr(CappedPaginator, "__init__", sized)
    report, grown, short = [], {}, {}
    for name, (kind, _cls) in sorted(LISTS.items()):
        user = notified if "notification" in name else world.user("yuecheng.clerk") if name in CLERKS_OWN else reader
        page, api = _clients(user)
        path = reverse(name)
        counts = {}
        for n in (1, ROWS):
            per_page["n"] = n
            if kind == "api":
                counts[n], response = _count(api, path, page_size=n)
                body = response.json()
                shown = len(body["results"] if isinstance(body, dict) and "results" in body else body)
            else:
                counts[n], response = _count(page, path)
                shown = len(response.context["page"].object_list)
            if n == ROWS and shown < ROWS and name not in REFERENCE_LISTS:
                short[path] = shown
        report.append(f"{path}: {counts[1]} / {counts[ROWS]} queries")
        if counts[ROWS] > counts[1]:
            grown[path] = (counts[1], counts[ROWS])
    print("\n".join(report), short)
    grown = {path: counts for path, counts in grown.items() if path not in KNOWN_GAPS}
    assert not grown, f"queries grew with the rows on the page: {grown}"
    assert not short, f"fewer than {ROWS} rows to show: {short}"



# --- details: nothing read per row -----------------------------------------------------------------

# A detail (page or API) reads its record's rows (units, documents, clocks, scores, history…) in a fixed
# number of queries. The sign of the contrary is the same statement run again and again with another id:
# one query per row. Each detail is read for the record of its model with the most rows of its own.
REPEAT_LIMIT = 3
API_MODELS = {"JointActionViewSet": "joint_actions.JointActionProposal", "SupervisionCaseViewSet": "supervision.SupervisionCase"}
# Repeated statements a reviewer read and agreed to (to fix, then remove from here).
KNOWN_REPEATS: dict[str, str] = {}


def _shape(sql: str) -> str:
    """The statement with its values taken out: the same shape run for each row is a per-row read."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\(\s*\?(?:\s*,\s*\?)*\s*\)", "(?…)", sql)


def _detail_model(kind, target):
    from django.apps import apps

    if kind == "page":
        return apps.get_model(target)
    queryset = getattr(target, "queryset", None)
    if queryset is not None:
        return queryset.model
    if target.serializer_class is not None:
        return target.serializer_class.Meta.model
    return apps.get_model(API_MODELS[target.__name__])  # a serializer chosen per request


def _richest(model, among=None):
    """The record with the most rows of its own: children through each reverse foreign key and each
    many-to-many relation, counted in one GROUP BY per relation."""
    rows: dict = {}
    relations = [(rel.related_model, rel.field.attname) for rel in model._meta.related_objects
                 if rel.one_to_many and not rel.related_model._meta.auto_created]
    for field in model._meta.many_to_many:
        relations.append((field.remote_field.through, f"{field.m2m_field_name()}_id"))
    for rel in model._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            relations.append((through, f"{rel.field.m2m_reverse_field_name()}_id"))
    for related, column in relations:
        counted = related._base_manager.values(column).annotate(n=Count("pk")).order_by()
        if among is not None:
            counted = counted.filter(**{f"{column}__in": among})
        for row in counted:
            rows[row[column]] = rows.get(row[column], 0) + row["n"]
    candidates = model._base_manager.all() if among is None else model._base_manager.filter(pk__in=among)
    pks = list(candidates.values_list("pk", flat=True))
    assert pks, f"no {model._meta.label} to read"
    best = max(pks, key=lambda pk: (rows.get(pk, 0), pk))
    return best, rows.get(best, 0)


def test_no_detail_reads_its_rows_one_by_one(records, django_user_model):
    from notifications.models import Notification

    reader, notified = _reader(django_user_model), _busiest_recipient(django_user_model)
    report, repeated = [], {}
    for name, (kind, target) in sorted(DETAIL_ROUTES.items()):
        model = _detail_model(kind, target)
        user = notified if model is Notification else reader
        among = list(Notification.objects.filter(recipient=notified).values_list("pk", flat=True)) \
            if model is Notification else None
        pk, children = _richest(model, among)
        page, api = _clients(user)
        client = api if kind == "api" else page
        path = reverse(name, args=[pk])
        client.get(path)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        shapes: dict[str, int] = {}
        for query in captured.captured_queries:
            if not query["sql"].lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")):
                shape = _shape(query["sql"])
                shapes[shape] = shapes.get(shape, 0) + 1
        most = max(shapes.values(), default=0)
        report.append(f"{path}: {len(captured)} queries, {children} rows of its own, a statement at most {most}×")
        for shape, n in shapes.items():
            if n > REPEAT_LIMIT and not any(known in shape for known in KNOWN_REPEATS):
                repeated.setdefault(path, []).append(f"{n}× {shape[:300]}")
    print("\n".join(report))
    assert not repeated, f"details reading row by row: {repeated}"
