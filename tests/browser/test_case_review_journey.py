"""案卷评查 in a browser: from a file-review case to a finalised scoring sheet (phone for the scoring)."""

import re

from playwright.sync_api import expect

from case_reviews.demo import seed_default_template
from organizations.models import Organization


def _case(world):
    from supervision.services import open_case

    seed_default_template()
    return open_case(
        handling_org=world.org("越城区司法局"), method="file_review", focus_area="food_drug", source="plan",
        supervised_units=[Organization.objects.get(name="越城区市场监督管理局")],
        summary="2026年度食品安全行政处罚案卷评查。", acting_user=world.user("yuecheng.clerk"),
    )


def test_a_clerk_scores_a_file_on_a_phone_and_the_reviewer_finalises_it(phone_page, page, login_as,
                                                                         transactional_world):
    case = _case(transactional_world)

    login_as(phone_page, "yuecheng.clerk")
    phone_page.goto(case.get_absolute_url())
    phone_page.get_by_test_id("review-sheets-link").click()
    expect(phone_page).to_have_url(re.compile(rf"/case-reviews/cases/{case.pk}/$"))
    phone_page.get_by_test_id("new-sheet").click()

    form = phone_page.get_by_test_id("sheet-form")
    form.get_by_label("案卷类型").select_option(label="行政处罚")
    form.get_by_label("案卷编号（文号）").fill("越市监罚决〔2026〕21号")
    form.get_by_label("案卷名称").fill("某餐饮店使用过期原料案")
    item = phone_page.locator("[data-item='13']")
    item.get_by_label("扣分", exact=True).fill("3")
    item.get_by_label("扣分理由").fill("未书面告知听证权利")
    # A deduction on item 1 without a reason: refused with the Chinese message, nothing saved.
    phone_page.locator("[data-item='1']").get_by_label("扣分", exact=True).fill("1")
    phone_page.get_by_test_id("save-sheet").click()
    expect(phone_page.get_by_test_id("form-errors")).to_contain_text("第1项")
    expect(phone_page.get_by_test_id("form-errors")).to_contain_text("扣分须写明理由")
    phone_page.locator("[data-item='1']").get_by_label("扣分", exact=True).fill("")
    phone_page.get_by_test_id("save-sheet").click()

    expect(phone_page.get_by_test_id("state")).to_have_text("草稿")
    expect(phone_page.get_by_test_id("total")).to_have_text("97")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    sheet_url = phone_page.url

    login_as(page, "yuecheng.reviewer")
    page.goto(sheet_url)
    page.locator("[data-action='finalise']").click()
    expect(page.get_by_text("定稿后得分为")).to_be_visible()
    page.get_by_test_id("confirm").click()

    expect(page.get_by_test_id("state")).to_have_text("已定稿")
    expect(page.get_by_test_id("grade")).to_have_text("优秀")
    expect(page.get_by_test_id("edit-sheet")).to_have_count(0)

    page.goto("/case-reviews/statistics/")
    expect(page.get_by_test_id("statistics")).to_contain_text("越城区市场监督管理局")
    expect(page.get_by_test_id("statistics")).to_contain_text("97.0")
