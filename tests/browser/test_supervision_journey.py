"""Supervision journey in real Chromium (Art. 13–15): open, inspect on site, notice, report, acceptance."""

import re

import pytest
from playwright.sync_api import expect

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def _action(page, label):
    page.get_by_test_id("case-actions").get_by_role("link", name=label, exact=True).click()


def test_clerk_opens_leader_notifies_agency_reports_reviewer_accepts(page, login_as):
    # 1. yuecheng.clerk opens the case.
    login_as(page, "yuecheng.clerk")
    page.get_by_role("link", name="执法监督").first.click()
    page.get_by_test_id("open-case").click()
    form = page.get_by_test_id("open-case-form")
    form.get_by_label("监督方式（第十一条）").select_option(label="个案监督")
    form.get_by_label("重点领域（第十二条）").select_option(label="食品药品安全")
    form.get_by_label("案件来源").select_option(label="群众线索（第四条）")
    # Units are ticked (no Ctrl-click); the long list has a filter box.
    units = form.locator('fieldset[data-field="supervised_units"]')
    if units.get_by_role("searchbox").count():
        units.get_by_role("searchbox").fill("市场监督")
    units.get_by_label("越城区市场监督管理局", exact=True).check()
    form.get_by_label("案情摘要").fill("某餐饮店食品安全行政处罚，当事人反映未被告知陈述申辩权利。")
    form.get_by_role("button", name="立案").click()
    expect(page.get_by_role("alert")).to_contain_text("已立案，案件编号 越司执监案〔")
    expect(page.get_by_test_id("case-state")).to_have_text("已立案")
    case_url = page.url

    _action(page, "开始调查")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("调查中")

    # 2. An on-site activity with two certified supervisors who showed their certificates (Art. 14).
    _action(page, "记录调查活动")
    form = page.get_by_test_id("action-form")
    form.get_by_label("监督措施（《办法》第十三条、《条例》第二十二条）").select_option("onsite")
    form.get_by_label("地点").fill("越城区市场监督管理局")
    who = form.locator("fieldset", has_text="参加的监督人员")
    shown = form.locator("fieldset", has_text="已出示行政执法监督证")
    for name in ("王晓燕", "陈立明"):
        who.get_by_label(name).check()
        shown.get_by_label(name).check()
    form.get_by_label("调查记录").fill("调阅处罚案卷，未见行政处罚事先告知书送达回证。")
    form.get_by_label("证据文件").set_input_files([{"name": "案卷照片.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_test_id("confirm").click()
    activity = page.get_by_test_id("activity")
    expect(activity).to_contain_text("绍执监2025011")
    expect(activity).to_contain_text("绍执监2025012")
    page.get_by_test_id("evidence-item").click()
    expect(page.get_by_test_id("hash-ok")).to_be_visible()
    expect(page.get_by_test_id("evidence-image")).to_be_visible()
    page.goto(case_url)

    _action(page, "认定违法或不当")
    page.get_by_label("调查结论").fill("处罚前未告知陈述、申辩权利，违反行政处罚法第四十四条。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("发现违法或不当")
    # The clerk may not issue the notice: no such button.
    expect(page.get_by_test_id("case-actions").get_by_role("link", name="制发监督通知书")).to_have_count(0)

    # 3. yuecheng.leader issues the notice with a 30-day rectification period.
    _switch_user(page, login_as, "yuecheng.leader")
    page.goto(case_url)
    _action(page, "制发监督通知书")
    form = page.get_by_test_id("action-form")
    expect(page.get_by_test_id("deadline-calculator")).to_be_visible()
    form.get_by_label("被监督的行政行为（名称、文号、日期）").fill("（越）市监罚〔2026〕88号行政处罚决定")
    form.get_by_label("查明的事实").fill("作出处罚决定前未告知当事人陈述、申辩权利。")
    form.get_by_label("证据（每行一项）").fill("行政处罚案卷\n现场监督记录")
    form.get_by_label("违法或不当之处").fill("违反《中华人民共和国行政处罚法》第四十四条。")
    form.get_by_label("依据的规定").fill("《中华人民共和国行政处罚法》第四十四条")
    form.get_by_label("改正要求").fill("依法重新履行告知程序。")
    form.get_by_label("或：自收到之日起的改正期限（日）").fill("30")
    form.get_by_label("联系人").fill("王晓燕")
    form.get_by_label("联系电话").fill("0575-85123456")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已制发通知书")
    # Thirty days from the day the unit receives it: the clock waits for service.
    expect(page.get_by_test_id("unit-clocks")).to_contain_text("待送达")
    notice_card = page.get_by_test_id("document-card").filter(has_text="行政执法监督通知书")
    expect(notice_card.get_by_test_id("document-number")).to_contain_text("越司执监通〔")
    # The PDF is rendered after commit; reload until it can be downloaded.
    for _ in range(20):
        if notice_card.get_by_test_id("document-download").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    href = notice_card.get_by_test_id("document-download").get_attribute("href")
    pdf = page.request.get(href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # 4. agency.market sees the notice addressed to it and files the written report with files.
    _switch_user(page, login_as, "agency.market")
    page.get_by_role("link", name="我单位收到的通知书").click()
    card = page.locator("section", has=page.get_by_test_id("report-form"))
    expect(card).to_contain_text("依法重新履行告知程序")
    report = card.get_by_test_id("report-form")
    report.get_by_label("落实情况").fill("已重新送达事先告知书并听取陈述申辩，组织执法人员培训。")
    report.get_by_label("附件（整改材料）").set_input_files([
        {"name": "告知书送达回证.png", "mimeType": "image/png", "buffer": PNG},
        {"name": "培训签到表.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"},
    ])
    report.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已报告落实情况")
    expect(page.get_by_test_id("reports")).to_contain_text("培训签到表.pdf")
    expect(page.get_by_test_id("activities")).to_have_count(0)

    # 5. yuecheng.reviewer accepts it: the case is closed as rectified.
    _switch_user(page, login_as, "yuecheng.reviewer")
    page.goto(case_url)
    _action(page, "认可整改")
    page.get_by_label("审核意见").fill("整改到位。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已整改办结")
    expect(page.get_by_test_id("timeline")).to_contain_text("认可整改")
    expect(page.get_by_test_id("reports")).to_contain_text("已认可")


def test_case_list_case_page_and_agency_notices_work_on_a_phone(phone_page, login_as):
    from supervision.demo import seed_supervision_demo

    seed_supervision_demo()
    login_as(phone_page, "yuecheng.reviewer")
    phone_page.goto("/supervision/")
    expect(phone_page.get_by_test_id("case-table")).to_contain_text("食品安全行政处罚个案监督")
    phone_page.get_by_label("状态").select_option(label="已制发通知书")
    phone_page.get_by_role("button", name="筛选").click()
    expect(phone_page.get_by_test_id("case-table").locator("tbody tr")).to_have_count(1)
    # On a phone the title is the link (the number column is hidden; the number is under the title).
    table = phone_page.get_by_test_id("case-table")
    expect(table).to_contain_text("越司执监案")
    table.get_by_role("link", name=re.compile("食品安全")).click()
    expect(phone_page.get_by_test_id("case-state")).to_have_text("已制发通知书")
    for url in ("/supervision/", phone_page.url):
        phone_page.goto(url)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} scrolls sideways on a phone ({width}px wide)"
    phone_page.context.clear_cookies()
    login_as(phone_page, "agency.market")
    phone_page.goto("/supervision/notices/")
    expect(phone_page.get_by_test_id("report-form")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
