"""The first journey: open the site, sign in, see the workbench, sign out."""

import re

from playwright.sync_api import expect


def test_a_bureau_clerk_signs_in_sees_the_workbench_and_signs_out(page, login_as):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="绍兴市行政执法协调监督系统")).to_be_visible()

    login_as(page, "yuecheng.clerk")

    expect(page).to_have_url(re.compile(r"/$"))
    whoami = page.get_by_test_id("whoami")
    expect(whoami).to_contain_text("王晓燕")
    expect(whoami).to_contain_text("越城区司法局")
    expect(whoami).to_contain_text("经办人")
    expect(page.get_by_test_id("my-tasks")).to_contain_text("我的待办")

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_a_wrong_password_is_refused_with_a_chinese_message(page):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("yuecheng.clerk")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_workbench_is_usable_on_a_phone(phone_page, login_as):
    login_as(phone_page, "township.office")

    expect(phone_page.get_by_test_id("whoami")).to_contain_text("塔山街道司法所")
    # The navigation collapses behind the menu button on a narrow screen.
    expect(phone_page.get_by_role("button", name="菜单")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px wide)"
