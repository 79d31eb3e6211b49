"""Opening a case (Art. 11, 12, 18): who may, and how it is numbered."""

import pytest
from django.core.exceptions import ValidationError

from supervision.models import CaseState
from supervision.services import open_case
from workflow.errors import ActionNotPermitted

pytestmark = pytest.mark.django_db


def _open(world, username, org, units, **extra):
    fields = {"method": "individual", "focus_area": "food_drug", "source": "plan",
              "summary": "某餐饮店食品安全行政处罚案程序问题", **extra}
    return open_case(handling_org=world.org(org), supervised_units=[world.org(u) for u in units],
                     acting_user=world.user(username), **fields)


def test_bureau_clerk_opens_a_case_numbered_under_the_bureau_prefix(world):
    case = _open(world, "yuecheng.clerk", "越城区司法局", ["越城区市场监督管理局"])
    assert case.state == CaseState.OPEN
    assert case.number.startswith("越司执监案〔")
    assert case.title == "对越城区市场监督管理局的个案监督"
    second = _open(world, "yuecheng.reviewer", "越城区司法局", ["越城区市场监督管理局"])
    assert int(second.number.split("〕")[1].rstrip("号")) == int(case.number.split("〕")[1].rstrip("号")) + 1
    assert [t.action for t in case.transitions.all()] == ["open"]


def test_township_office_case_is_numbered_in_the_county_bureau_office_series(world):
    case = _open(world, "township.office", "塔山街道司法所", ["越城区综合行政执法局"], source="office_finding")
    assert case.number.startswith("越司所监〔")


def test_leader_or_agency_cannot_open_a_case(world):
    with pytest.raises(ActionNotPermitted):
        _open(world, "agency.market", "越城区司法局", ["越城区市场监督管理局"])
    with pytest.raises(ActionNotPermitted):
        _open(world, "zhuji.reviewer", "越城区司法局", ["越城区市场监督管理局"])


def test_a_county_bureau_cannot_supervise_another_countys_agency(world):
    with pytest.raises(ValidationError) as exc:
        _open(world, "yuecheng.clerk", "越城区司法局", ["诸暨市市场监督管理局"])
    assert "不在越城区司法局的监督范围内" in str(exc.value.message_dict["supervised_units"])


def test_a_case_needs_a_summary_and_a_unit(world):
    with pytest.raises(ValidationError) as exc:
        open_case(handling_org=world.org("越城区司法局"), method="individual", focus_area="food_drug", source="plan",
                  supervised_units=[], summary=" ", acting_user=world.user("yuecheng.clerk"))
    assert exc.value.message_dict == {"summary": ["请填写案情摘要。"]}
    with pytest.raises(ValidationError) as exc:
        open_case(handling_org=world.org("越城区司法局"), method="individual", focus_area="food_drug", source="plan",
                  supervised_units=[], summary="摘要", acting_user=world.user("yuecheng.clerk"))
    assert exc.value.message_dict == {"supervised_units": ["请至少选择一个被监督单位。"]}
