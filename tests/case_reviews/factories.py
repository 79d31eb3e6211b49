"""File-review cases and scoring sheets, made through the real services."""

import datetime

from case_reviews import services
from case_reviews.demo import seed_default_template
from organizations.models import Organization
from supervision.services import open_case


def file_review_case(world, *, bureau="越城区司法局", clerk="yuecheng.clerk",
                     units=("越城区市场监督管理局", "越城区综合行政执法局")):
    return open_case(
        handling_org=world.org(bureau), method="file_review", focus_area="food_drug", source="plan",
        supervised_units=[Organization.objects.get(name=u) for u in units],
        summary="年度行政处罚案卷评查：随机抽取2026年已办结案卷。", acting_user=world.user(clerk),
    )


def sheet(world, case, *, agency, deductions=(), by="yuecheng.clerk", reviewed_on=None, finalise_as=None, n=1):
    """A sheet with `deductions` = [(item order, points, reason)], optionally finalised."""
    template = seed_default_template()
    items = {i.order: i for i in template.items.all()}
    created = services.create_sheet(
        case=case, agency=world.org(agency), file_number=f"越市监罚决〔2026〕{n}号", file_title=f"某食品店销售过期食品案{n}",
        file_type="penalty", reviewed_on=reviewed_on or datetime.date.today(), acting_user=world.user(by),
        scores=[{"item": items[o].pk, "deduction": p, "reason": r} for o, p, r in deductions],
    )
    if finalise_as:
        created = services.finalise_sheet(created, acting_user=world.user(finalise_as))
    return created
