"""Every list pages through all its rows (issue 18): none stops silently at 100, 200 or 500 rows,
each shows the shared page links, and page 2 shows rows page 1 did not.

More rows than a page are made by copying one row of each register made through the app's
services, so every copy carries the same jurisdiction as a real one.
"""

import re

import pytest
from django.db import models

from case_reviews.models import ReviewSheet
from clues.models import Clue
from deadlines.models import Deadline
from disputes.models import Dispute
from documents.models import Document
from joint_actions.models import CoordinationMatter, JointActionProposal, LiaisonRecord
from notifications.models import Notification
from shaoxing_supervision.pagination import PAGE_SIZE
from supervision.models import SupervisionCase
from tests.documents.factories import issue
from tests.supervision.factories import open_market_case

pytestmark = pytest.mark.django_db

ROWS = PAGE_SIZE + 5


def copies(model, template, n=ROWS):
    """n copies of `template` (unique texts made unique), written in one bulk insert."""
    rows = []
    for i in range(n):
        row = model.objects.get(pk=template.pk)
        row.pk = None
        row.id = None
        unique = {f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key}
        unique |= {c.fields[0] for c in model._meta.constraints if getattr(c, "fields", None) and len(c.fields) == 1}
        for field in model._meta.concrete_fields:
            value = getattr(row, field.attname)
            if field.name in unique and isinstance(field, models.CharField) and value:
                setattr(row, field.attname, f"{value[:-4]}{i:04d}")  # same length, another value
        if isinstance(row, Document):
            row.sequence = 10_000 + i
            row.previous = None
        rows.append(row)
    return model.objects.bulk_create(rows)


LISTS = [
    ("/disputes/", Dispute), ("/supervision/", SupervisionCase), ("/joint-actions/", JointActionProposal),
    ("/joint-actions/registers/matters/", CoordinationMatter), ("/joint-actions/registers/liaison/", LiaisonRecord),
    ("/clues/", Clue), ("/case-reviews/", ReviewSheet), ("/deadlines/", Deadline), ("/documents/", Document),
    ("/notifications/", Notification),
]


def template_row(world, model):
    """One row of `model` the reviewer sees, made through the app's own services."""
    from datetime import date

    if model is Dispute:
        from tests.disputes.factories import submitted

        return submitted(world)
    if model is SupervisionCase:
        return open_market_case(world)
    if model is JointActionProposal:
        from tests.joint_actions.factories import proposed

        return proposed(world)
    if model is CoordinationMatter:
        from joint_actions import services

        return services.create_coordination_matter(
            acting_user=world.user("yuecheng.reviewer"), recorded_by=world.org("越城区司法局"),
            title="校外培训机构监管职责衔接问题", description="教育、市场监管对无证校外培训机构的查处分工不明。",
            matter_date=date(2026, 11, 20), organizations=[world.org("越城区市场监督管理局")])
    if model is LiaisonRecord:
        from joint_actions import services

        return services.create_liaison_record(
            acting_user=world.user("yuecheng.reviewer"), recorded_by=world.org("越城区司法局"),
            counterpart_kind="procuratorate", counterpart_name="绍兴市越城区人民检察院", exchange_type="case_transferred",
            exchange_date=date(2026, 11, 18), summary="移送某餐饮店涉嫌生产销售有毒有害食品案线索。", direction="out")
    if model is Clue:
        from tests.clues.factories import ClueFactory

        return ClueFactory()
    if model is ReviewSheet:
        from tests.case_reviews.factories import file_review_case, sheet

        return sheet(world, file_review_case(world), agency="越城区市场监督管理局")
    if model is Document:
        return issue(world, "supervision_notice", subject=open_market_case(world))
    if model is Notification:
        return _notification(world)
    if model is Deadline:
        from tests.deadlines.factories import DeadlineFactory

        return DeadlineFactory(supervisor=world.org("越城区司法局"))
    raise AssertionError(model)


def _notification(world):
    from notifications.services import notify

    notify(recipients=[world.user("yuecheng.reviewer")], title="测试通知", email=False)
    return Notification.objects.filter(recipient=world.user("yuecheng.reviewer")).order_by("pk").first()


def row_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[a-z-]+/(?:[a-z-]+/)*\d+/)"', html))


@pytest.mark.parametrize(("url", "model"), LISTS, ids=[u for u, _ in LISTS])
def test_every_list_pages_through_more_rows_than_fit_on_a_page(world, client_for, url, model):
    copies(model, template_row(world, model))
    client = client_for("yuecheng.reviewer")

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert first.status_code == 200 and second.status_code == 200
    html = first.content.decode()
    assert "page=2" in html, "no link to the next page"
    assert second.context["page"].number == 2
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert {o.pk for o in second.context["page"].object_list}.isdisjoint(o.pk for o in first.context["page"].object_list)
