"""Art. 3 and 18: every user sees only their own jurisdiction; the rest does not exist for them."""

import pytest
from django.http import Http404
from guardian.shortcuts import assign_perm

from organizations.models import Organization
from organizations.scoping import get_object_for_user, has_role, visible_to

pytestmark = pytest.mark.django_db


def names_visible_to(user, **filters):
    return set(visible_to(user, Organization.objects.filter(**filters)).values_list("name", flat=True))


def test_a_yuecheng_township_office_cannot_see_a_zhuji_organisation(world):
    office = world.user("township.office")

    with pytest.raises(Http404):
        get_object_for_user(office, Organization.objects.all(), name="诸暨市市场监督管理局")


def test_a_township_office_oversees_its_own_township_only(world):
    visible = names_visible_to(world.user("township.office"))

    assert {"塔山街道司法所", "塔山街道办事处"} <= visible
    assert "府山街道办事处" not in visible  # another township of the same county
    assert "越城区市场监督管理局" not in visible  # county-level agency, above the township


def test_the_county_bureau_sees_its_townships_and_agencies_but_not_another_county(world):
    visible = names_visible_to(world.user("yuecheng.reviewer"))

    assert {"越城区司法局", "塔山街道司法所", "富盛镇人民政府", "越城区市场监督管理局"} <= visible
    assert not any(name.startswith("诸暨市") or name.startswith("暨阳") for name in visible)
    assert "绍兴市司法局" not in visible


def test_the_city_bureau_sees_every_county(world):
    visible = names_visible_to(world.user("city.reviewer"))

    assert Organization.objects.count() == len(visible)


def test_an_enforcement_agency_sees_only_what_it_is_a_party_to(world):
    # An agency is not a supervisor of its area: it sees itself, not its neighbours.
    assert names_visible_to(world.user("agency.market")) == {"越城区市场监督管理局"}


def test_an_explicit_object_grant_opens_one_object_to_an_outsider(world):
    outsider = world.user("zhuji.reviewer")
    market = world.org("越城区市场监督管理局")
    assert market.name not in names_visible_to(outsider)

    assign_perm("organizations.view_organization", outsider, market)
    del outsider._active_memberships  # a new request

    visible = names_visible_to(outsider)
    assert market.name in visible
    assert "越城区综合行政执法局" not in visible


def test_an_inactive_membership_gives_no_access(world):
    reviewer = world.user("yuecheng.reviewer")
    reviewer.memberships.update(is_active=False)

    assert names_visible_to(reviewer) == set()


def test_anonymous_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_to(AnonymousUser(), Organization.objects.all()).exists()


def test_roles_are_checked_per_organisation(world):
    leader = world.user("yuecheng.leader")

    assert has_role(leader, ["leader"], organizations=[world.org("越城区司法局")])
    assert not has_role(leader, ["leader"], organizations=[world.org("绍兴市司法局")])
    assert not has_role(leader, ["reviewer"])
    assert has_role(leader, ["leader"], kinds=["justice_bureau"])
