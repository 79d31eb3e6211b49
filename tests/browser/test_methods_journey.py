"""条例 Art. 20 in real Chromium: a county bureau assesses a 12345 lead into 重点监督 (its 工单号 asked for first),
and the city bureau takes the case over (提级监督) with its history."""

from playwright.sync_api import expect


def _switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def test_a_12345_lead_becomes_a_key_case_the_city_bureau_takes_over(page, login_as):
    login_as(page, "yuecheng.clerk")
    page.goto("/supervision/")
    page.get_by_test_id("supervision-subnav").get_by_role("link", name="线索研判").click()
    page.get_by_test_id("assess-intake").click()
    form = page.get_by_test_id("methods-form")
    form.get_by_label("线索渠道").select_option("hotline_12345")
    form.get_by_label("涉及的行政执法机关").select_option(label="越城区市场监督管理局")
    form.get_by_label("反映的行政执法问题").fill("多名商户反映同一周内被重复检查三次。")
    form.get_by_label("研判结果").select_option("key")
    form.get_by_label("研判理由").fill("反映强烈、涉及多家企业，属于典型性问题。")
    form.get_by_role("button", name="提交").click()
    # No 工单号: refused on the field, nothing written.
    expect(page.get_by_test_id("methods-form")).to_contain_text("12345热线线索请填写工单号。")
    page.get_by_test_id("methods-form").get_by_label("工单号或文号（12345线索必填工单号）").fill("GD20260302001")
    page.get_by_test_id("methods-form").get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("intake-outcome")).to_have_text("列为重点监督事项")
    page.get_by_test_id("intake-detail").get_by_role("link", name="越司执监案").click()
    expect(page.get_by_test_id("case-mode")).to_contain_text("重点监督")
    case_url = page.url

    _switch_user(page, login_as, "city.leader")
    page.goto(case_url)
    page.locator('[data-record="take-over"]').first.click()
    form = page.get_by_test_id("action-form")
    form.get_by_label("提级监督理由").fill("涉及多个区县同类问题，由市局提级监督。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-takeover")).to_contain_text("越城区司法局 → 绍兴市司法局")
    expect(page.get_by_test_id("timeline")).to_contain_text("提级监督")
