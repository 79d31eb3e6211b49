"""The statistics page in a real browser: the charts are drawn, and a click on a bar opens the cases behind it."""

import re

from playwright.sync_api import expect

from tests.supervision.factories import open_market_case


def test_a_reviewer_clicks_a_bar_and_lands_on_the_filtered_case_list(page, login_as, transactional_world):
    food = open_market_case(transactional_world, title="某餐饮店食品安全处罚个案监督")
    ecology = open_market_case(transactional_world, title="某企业排污处罚日常监督", method="daily_inspection",
                               focus_area="ecology")

    login_as(page, "yuecheng.reviewer")
    page.goto("/statistics/")
    chart = page.locator("#chart-cases_by_focus_area")
    expect(chart).to_have_attribute("data-ready", "1")
    # ECharts drew on a canvas that is not blank, and the chart is labelled for screen readers.
    assert page.evaluate("""() => {
        const canvas = document.querySelector('#chart-cases_by_focus_area canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
        return false;
    }""")
    expect(chart).to_have_attribute("aria-label", re.compile("生态环境保护1件"))
    expect(page.get_by_test_id("figure-cases_by_focus_area").get_by_role("table")).to_contain_text("生态环境保护")

    # Where the 生态环境保护 bar is drawn (category 1, half its height), then a real mouse click there.
    chart.scroll_into_view_if_needed()
    x, y = page.evaluate("""() => {
        const el = document.getElementById('chart-cases_by_focus_area');
        return echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, [1, 0.5]);
    }""")
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)

    expect(page).to_have_url(re.compile(r"/supervision/\?.*focus_area=ecology"))
    table = page.get_by_test_id("case-table")
    expect(table).to_contain_text(ecology.number)
    expect(table).not_to_contain_text(food.number)
