"""Art. 4 in a browser: a citizen reports on a phone without an account; the bureau answers."""

import re

from django.core.cache import cache
from playwright.sync_api import expect


def _solve(page) -> str:
    a, b = map(int, re.findall(r"\d+", page.get_by_test_id("challenge-question").inner_text()))
    return str(a + b)


def test_a_citizen_reports_on_a_phone_and_reads_the_bureaus_reply(phone_page, page, login_as, transactional_world):
    cache.clear()
    citizen = phone_page
    citizen.goto("/clues/new/")
    citizen.get_by_label("县（市、区）").select_option(label="越城区")
    # htmx narrows the townships to the chosen county.
    expect(citizen.get_by_label("乡镇（街道）").locator("option", has_text="暨阳街道")).to_have_count(0)
    citizen.get_by_label("乡镇（街道）").select_option(label="塔山街道")
    citizen.get_by_label("发生日期").fill("2026-11-20")
    citizen.get_by_label("发生了什么").fill("城管队员在解放北路暂扣我的三轮车，没有给任何清单。")
    citizen.get_by_label("验证问题").fill("0")
    citizen.get_by_test_id("submit-clue").click()
    expect(citizen.get_by_text("计算结果不正确")).to_be_visible()

    citizen.get_by_label("验证问题").fill(_solve(citizen))
    citizen.get_by_test_id("submit-clue").click()
    expect(citizen.get_by_test_id("submitted")).to_be_visible()
    code = citizen.get_by_test_id("tracking-code").inner_text()
    expect(citizen.get_by_test_id("state")).to_have_text("已接收，待分办")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    login_as(page, "yuecheng.reviewer")
    page.get_by_role("link", name="群众线索").first.click()
    page.get_by_test_id("clue-list").get_by_role("link").first.click()
    expect(page.get_by_test_id("clue")).to_contain_text("解放北路")
    page.locator("[data-action='dismiss']").click()
    page.get_by_label("不予立案理由（内部记录）").fill("调阅案卷：暂扣清单已当场送达并签收。")
    page.get_by_label("给反映人的公开答复").fill("经核查，执法人员已当场出具暂扣清单，请凭清单到解放北路中队领取物品。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("state")).to_have_text("不予立案")

    citizen.goto("/clues/track/")
    citizen.get_by_label("查询码").fill(code.lower())
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.get_by_test_id("public-reply")).to_contain_text("请凭清单到解放北路中队领取物品")
    expect(citizen.get_by_test_id("track")).not_to_contain_text("签收")
