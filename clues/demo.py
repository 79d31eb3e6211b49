"""Demo citizens' clues (Art. 4) for `seed_demo`: one in every state, routed to 越城区司法局.

Idempotent: each clue is recognised by its description; submitted and handled through the services.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Division, Organization

from . import services
from .models import Clue

RECEIVED = "解放路夜市城管队员查扣摊贩物品时未出具任何清单，也未告知如何取回，摊主多次询问无人答复。"
ASSIGNED = "塔山街道执法队对沿街店铺门前堆放物品罚款，现场没有出示执法证件，也没有给罚款票据。"
CONVERTED = "区市场监管局对我家小吃店罚款两万元，处罚前没有告诉我可以陈述申辩，也没有听证告知。"
DISMISSED = "小区门口的快递柜太挤，希望有关部门管一管，增加快递柜数量。"


def _user(username):
    return get_user_model().objects.get(username=username)


def _submit(description, *, agency=None, township="塔山街道", days_ago=5):
    county = Division.objects.get(name="越城区", level=Division.Level.COUNTY)
    town = Division.objects.filter(name=township, parent=county).first()
    return services.submit_clue(
        county=county, township=town, agency=Organization.objects.get(name=agency) if agency else None,
        description=description, occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
        reporter_name="张先生", reporter_phone="13800000000")


def seed_clues_demo() -> int:
    """Create the demo clues that are missing; returns how many were created."""
    existing = set(Clue.objects.filter(description__in=[RECEIVED, ASSIGNED, CONVERTED, DISMISSED])
                   .values_list("description", flat=True))
    reviewer = _user("yuecheng.reviewer")
    created = 0
    with transaction.atomic():
        if RECEIVED not in existing:
            _submit(RECEIVED, agency="越城区综合行政执法局", days_ago=2)
            created += 1
        if ASSIGNED not in existing:
            clue = _submit(ASSIGNED, days_ago=6)
            services.assign_clue(clue, acting_user=reviewer, office=Organization.objects.get(name="塔山街道司法所"),
                                 note="请塔山街道司法所核实。")
            created += 1
        if CONVERTED not in existing:
            clue = _submit(CONVERTED, agency="越城区市场监督管理局", days_ago=20)
            services.convert_clue_to_case(
                clue, acting_user=reviewer, method="individual", focus_area="food_drug",
                summary="群众反映区市场监管局作出罚款前未告知陈述申辩权利，立案开展个案监督。",
                supervised_units=[Organization.objects.get(name="越城区市场监督管理局")],
                title="群众反映小吃店罚款未告知陈述申辩权利的个案监督")
            created += 1
        if DISMISSED not in existing:
            clue = _submit(DISMISSED, days_ago=9)
            services.dismiss_clue(clue, acting_user=reviewer, reason="反映的是公共服务设施建议，不涉及行政执法行为。",
                                  public_reply="您反映的事项不属于行政执法监督范围，已转请街道研究。感谢您的关注。")
            created += 1
    return created
