"""The first day of the three kinds of user (issue 14), in Chromium at 1366 px and on a 390 px phone:
a 司法所 clerk, a county bureau, and the city reviewer with the city government.

On every main page they open, axe-core (vendored from npm: static/vendor/axe-core, no CDN) finds no
serious or critical violation, and the page does not scroll sideways — in Chinese and in English.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import close_and_settle

AXE = "/static/vendor/axe-core/axe.min.js"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
BLOCKING = {"serious", "critical"}

# Who, and the main pages of their first day (besides the pages the journey itself walks).
PEOPLE = {
    "township.office": ["/", "/disputes/", "/disputes/new/", "/supervision/", "/documents/", "/deadlines/",
                        "/notifications/"],
    "yuecheng.clerk": ["/", "/supervision/", "/supervision/new/", "/disputes/", "/documents/", "/deadlines/",
                       "/deadlines/calendar/", "/clues/", "/records/"],
    "city.reviewer": ["/", "/supervision/", "/disputes/", "/statistics/", "/case-reviews/", "/leads/",
                      "/joint-actions/"],
    "city.gov": ["/", "/disputes/", "/supervision/", "/statistics/"],
    "agency.market": ["/", "/supervision/notices/"],
}
PUBLIC = ["/accounts/login/", "/clues/new/", "/clues/track/"]


@pytest.fixture(autouse=True)
def _demo(settings, tmp_path, transactional_world):
    settings.MEDIA_ROOT = tmp_path
    from disputes.demo import seed_demo_disputes
    from supervision.demo import seed_supervision_demo

    seed_supervision_demo()
    seed_demo_disputes()


def audit(page, url: str, width: int) -> list[str]:
    """What is wrong with `url` as shown: axe's serious and critical violations, and sideways scrolling."""
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: HTTP {response and response.status}"
    page.add_script_tag(url=AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    problems = [f"{url} [{v['impact']}] {v['id']}: {v['help']} at {v['nodes']}" for v in result
                if v["impact"] in BLOCKING]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width + 1:
        problems.append(f"{url}: {scroll}px wide in a {width}px window (scrolls sideways)")
    return problems


def english(page) -> None:
    from django.conf import settings

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.url}])


def new_page(browser, live_server, size):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=size,
                                  is_mobile=size["width"] < 500, has_touch=size["width"] < 500)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.mark.parametrize("size", WIDTHS, ids=list(WIDTHS))
def test_the_main_pages_pass_axe_and_fit_the_window_in_chinese_and_english(browser, live_server, login_as, size):
    viewport = WIDTHS[size]
    page = new_page(browser, live_server, viewport)
    problems = []
    for url in PUBLIC:
        problems += audit(page, url, viewport["width"])
    for username, urls in PEOPLE.items():
        login_as(page, username)
        for url in urls:
            problems += audit(page, url, viewport["width"])
        english(page)
        for url in urls[:3]:
            problems += [f"(en) {p}" for p in audit(page, url, viewport["width"])]
        page.context.clear_cookies()
    close_and_settle(page.context)
    assert not problems, "\n".join(problems)


def test_a_township_clerk_finds_a_unit_among_many_by_typing(browser, live_server, login_as):
    """司法所 clerk, first day: opens a dispute and picks the applicant from the long list by typing."""
    page = new_page(browser, live_server, WIDTHS["phone"])
    login_as(page, "township.office")
    page.goto("/disputes/new/")
    select = page.get_by_label("申请单位")
    options = select.locator("option").count()
    if options >= 15:
        page.locator("#id_applicant").locator("xpath=preceding-sibling::input[1]").fill("市场监督")
        visible = select.evaluate("s => Array.from(s.options).filter(o => !o.hidden && o.value).map(o => o.text)")
        assert visible and all("市场监督" in text for text in visible)
    select.select_option(label="越城区市场监督管理局")
    expect(select).to_have_value(page.evaluate(
        "Array.from(document.querySelectorAll('option')).find(o => o.text === '越城区市场监督管理局').value"))
    close_and_settle(page.context)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(browser, live_server, login_as):
    page = new_page(browser, live_server, WIDTHS["desktop"])
    login_as(page, "yuecheng.clerk")
    page.goto("/supervision/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    skip.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    close_and_settle(page.context)


def test_a_bureau_clerk_ticks_a_unit_instead_of_ctrl_clicking(browser, live_server, login_as):
    page = new_page(browser, live_server, WIDTHS["desktop"])
    login_as(page, "yuecheng.clerk")
    page.goto("/supervision/new/")
    units = page.locator('fieldset[data-field="supervised_units"]')
    expect(units.locator('input[type="checkbox"]').first).to_be_visible()
    if units.get_by_role("searchbox").count():
        units.get_by_role("searchbox").fill("教育")
        expect(units.get_by_label("越城区市场监督管理局", exact=True)).to_be_hidden()
        units.get_by_role("searchbox").fill("")
    units.get_by_label("越城区市场监督管理局", exact=True).check()
    units.get_by_label("越城区综合行政执法局", exact=True).check()
    expect(units.locator("input:checked")).to_have_count(2)
    close_and_settle(page.context)
