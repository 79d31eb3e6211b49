"""条例 journeys in real Chromium: a county bureau issues an 意见书 (Art. 28) that the unit answers, and a
重大问题 goes to the government of the bureau's level (Art. 29), which decides to correct."""

import pytest
from playwright.sync_api import expect

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _violation_case():
    """A case of 越城区司法局 on 越城区市场监督管理局 with the violation found (the steps the other journey walks)."""
    from django.contrib.auth import get_user_model

    from organizations.models import Organization
    from supervision import services

    user = get_user_model().objects.get
    case = services.open_case(
        handling_org=Organization.objects.get(name="越城区司法局"), method="individual", focus_area="food_drug",
        source="plan", summary="对初次轻微违法的餐饮店处以顶格罚款。", acting_user=user(username="yuecheng.clerk"),
        supervised_units=[Organization.objects.get(name="越城区市场监督管理局")])
    services.start_investigation(case, acting_user=user(username="yuecheng.clerk"))
    return services.find_violation(case, acting_user=user(username="yuecheng.reviewer"),
                                   finding="罚款数额明显不当，未说明不适用裁量基准的理由。")


def _switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def _action(page, label):
    page.get_by_test_id("case-actions").get_by_role("link", name=label, exact=True).click()


def test_county_bureau_issues_an_opinion_the_unit_receives_and_reports_on(page, login_as):
    case = _violation_case()
    login_as(page, "yuecheng.leader")
    page.goto(case.get_absolute_url())
    _action(page, "制发监督意见书")
    form = page.get_by_test_id("action-form")
    form.get_by_label("监督事项（行政执法行为或应当履行的职责）").fill("（越）市监罚〔2026〕120号行政处罚决定")
    form.get_by_label("查明的事实").fill("对初次轻微违法的餐饮店处以顶格罚款，未说明理由。")
    form.get_by_label("证据（每行一项）").fill("行政处罚案卷\n裁量基准文件")
    form.get_by_label("存在的问题").fill("罚款数额明显不当。")
    form.get_by_label("依据的规定").fill("《中华人民共和国行政处罚法》第五条")
    form.get_by_label("纠正（履职）要求").fill("依法重新作出处罚决定。")
    form.get_by_label("执法决定违法或者明显不当（第三项）").check()
    form.get_by_label("联系人").fill("王晓燕")
    form.get_by_label("联系电话").fill("0575-85123456")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已制发意见书或督办函")
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("行政执法监督意见书（《条例》第二十八条）")
    expect(notice.get_by_test_id("limit-basis")).to_contain_text("默认（法定）时限")
    expect(page.get_by_test_id("unit-clocks")).to_contain_text("待送达")
    card = page.get_by_test_id("document-card").filter(has_text="行政执法监督意见书")
    expect(card.get_by_test_id("document-number")).to_contain_text("越司执监意〔")

    _switch_user(page, login_as, "yuecheng.clerk")
    page.goto(case.get_absolute_url())
    _action(page, "登记送达")
    form = page.get_by_test_id("action-form")
    form.get_by_label("送达方式").select_option("direct")
    from django.utils import timezone

    form.get_by_label("签收日期").fill(timezone.localdate().isoformat())
    form.get_by_label("送达回证扫描件").set_input_files([{"name": "回证.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("unit-clocks")).to_contain_text("期限内，待报告")

    _switch_user(page, login_as, "agency.market")
    page.get_by_role("link", name="我单位收到的通知书").click()
    section = page.locator("section", has=page.get_by_test_id("report-form"))
    expect(section).to_contain_text("行政执法监督意见书")
    report = section.get_by_test_id("report-form")
    report.get_by_label("落实情况").fill("已撤销原处罚决定并重新作出。")
    report.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已报告落实情况")
    expect(page.get_by_test_id("activities")).to_have_count(0)

    _switch_user(page, login_as, "yuecheng.reviewer")
    page.goto(case.get_absolute_url())
    _action(page, "认可整改")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已整改办结")
    expect(page.get_by_test_id("clock-status")).to_have_text("已按期纠正")


def test_a_major_issue_goes_to_the_government_which_decides_to_correct(page, login_as):
    case = _violation_case()
    login_as(page, "yuecheng.leader")
    page.goto(case.get_absolute_url())
    _action(page, "提出处理建议报请政府决定")
    form = page.get_by_test_id("action-form")
    form.get_by_label("报请情形（《条例》第二十九条）").select_option("major_issue")
    form.get_by_label("建议的处理决定").select_option("modify")
    page.get_by_test_id("confirm").click()
    # No reason given: refused with the reason asked for, nothing changed.
    expect(page.get_by_test_id("action-form")).to_contain_text("该字段是必填项")
    form.get_by_label("理由").fill("全区餐饮行业普遍存在顶格处罚，社会影响重大。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已报请政府决定")
    expect(page.get_by_test_id("decision-request")).to_contain_text("涉及重大问题")

    _switch_user(page, login_as, "yuecheng.gov")
    page.goto(case.get_absolute_url())
    expect(page.get_by_test_id("case-actions").get_by_role("link", name="决定不予纠正")).to_be_visible()
    _action(page, "制发监督决定书")
    form = page.get_by_test_id("action-form")
    form.get_by_label("处理决定").select_option("modify")
    form.get_by_label("决定内容").fill("变更罚款数额为二千元。")
    form.get_by_label("理由").fill("罚款明显不当。")
    form.get_by_label("依据").fill("《行政执法监督条例》第二十九条")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已制发决定书")
    card = page.get_by_test_id("document-card").filter(has_text="行政执法监督决定书")
    expect(card.get_by_test_id("document-number")).to_contain_text("越政执监决〔")
    expect(page.get_by_test_id("unit-clocks")).to_contain_text("监督决定书")
