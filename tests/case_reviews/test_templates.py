"""The bureau's scoring standard: a 100-point template, editable, versioned once in use."""

from decimal import Decimal

import pytest
from django.urls import reverse

from case_reviews import services
from case_reviews.demo import seed_default_template
from case_reviews.models import ReviewTemplate

from .factories import sheet

pytestmark = pytest.mark.django_db


def _items(template):
    return [{"category": i.category, "description": i.description, "max_points": i.max_points}
            for i in template.items.all()]


def test_the_default_template_totals_100_points_and_seeding_twice_changes_nothing(world):
    first = seed_default_template()
    second = seed_default_template()
    assert first.pk == second.pk
    assert first.total_points == Decimal("100")
    assert first.owner == world.org("绍兴市司法局")
    assert ReviewTemplate.objects.count() == 1


def test_editing_an_unused_template_changes_it_in_place(world, default_template):
    items = _items(default_template)
    items[0]["description"] = "执法主体适格"
    result = services.update_template(default_template, name=default_template.name, items=items,
                                      acting_user=world.user("city.reviewer"))
    assert result.pk == default_template.pk
    assert result.version == 1
    assert result.items.get(order=1).description == "执法主体适格"


def test_editing_a_template_in_use_creates_a_new_version_and_old_sheets_keep_theirs(world, case, default_template):
    old_sheet = sheet(world, case, agency="越城区市场监督管理局", deductions=[(1, 4, "超越职权")],
                      finalise_as="yuecheng.reviewer")
    items = _items(default_template)
    items[0]["max_points"] = Decimal("2")   # 4 → 2 points ...
    items[1]["max_points"] = Decimal("5")   # ... 3 → 5 points: still 100 in all
    new = services.update_template(default_template, name=default_template.name, items=items,
                                   acting_user=world.user("city.reviewer"))
    default_template.refresh_from_db()
    assert new.pk != default_template.pk
    assert (new.version, new.is_active, new.previous) == (2, True, default_template)
    assert default_template.is_active is False
    old_sheet.refresh_from_db()
    assert old_sheet.template == default_template
    assert old_sheet.scores.get(item__order=1).item.max_points == Decimal("4")
    assert old_sheet.total_score == Decimal("96")
    # New sheets score against the new version.
    assert services.default_template_for(case.handling_org) == new


def test_a_template_that_does_not_total_100_is_refused_in_the_browser(client_for, world, default_template):
    items = _items(default_template)
    data = {"name": "测试模板", "description": "", "items-TOTAL_FORMS": str(len(items)), "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000"}
    for n, item in enumerate(items):
        data[f"items-{n}-category"] = item["category"]
        data[f"items-{n}-description"] = item["description"]
        data[f"items-{n}-max_points"] = str(item["max_points"])
    data["items-0-max_points"] = "9"
    response = client_for("city.reviewer").post(reverse("case_reviews:template-edit", args=[default_template.pk]), data)
    assert response.status_code == 400
    assert "各评查项目分值合计须为100分，现为105分" in response.content.decode()
    assert default_template.items.get(order=1).max_points == Decimal("4")


def test_a_county_reviewer_may_not_edit_the_city_template_but_may_copy_it_for_the_county(client_for, world,
                                                                                       default_template):
    client = client_for("yuecheng.reviewer")
    assert client.get(reverse("case_reviews:template-edit", args=[default_template.pk])).status_code == 403
    own = services.create_template(owner=world.org("越城区司法局"), name="越城区行政处罚案卷评查标准",
                                   items=_items(default_template), acting_user=world.user("yuecheng.reviewer"))
    assert services.default_template_for(world.org("越城区司法局")) == own
    # Zhuji still uses the city's standard.
    assert services.default_template_for(world.org("诸暨市司法局")) == default_template


def test_a_clerk_may_not_create_a_template(world, default_template):
    from workflow.errors import ActionNotPermitted

    with pytest.raises(ActionNotPermitted):
        services.create_template(owner=world.org("越城区司法局"), name="x", items=_items(default_template),
                                 acting_user=world.user("yuecheng.clerk"))


def test_templates_are_listed_in_the_api_with_their_items(api_for, default_template):
    rows = api_for("zhuji.reviewer").get("/api/v1/review-templates/").json()["results"]
    assert rows[0]["name"] == "行政执法案卷评查标准（通用）"
    assert sum(Decimal(i["max_points"]) for i in rows[0]["items"]) == Decimal("100")


def test_the_template_pages_show_the_items_and_the_edit_button_only_to_the_owner(client_for, default_template):
    city = client_for("city.reviewer")
    page = city.get(reverse("case_reviews:template-detail", args=[default_template.pk])).content.decode()
    assert "依法应当回避的执法人员已回避" in page
    assert 'data-testid="edit-template"' in page
    assert "行政执法案卷评查标准（通用）" in city.get(reverse("case_reviews:template-list")).content.decode()
    other = client_for("zhuji.reviewer").get(reverse("case_reviews:template-detail", args=[default_template.pk]))
    assert 'data-testid="edit-template"' not in other.content.decode()
