"""Art. 8 in a real browser: a bureau proposes a joint action, both departments accept on their
workbench, the action is started, its results reported, and the proposal completed and closed."""

import re

from playwright.sync_api import expect


def _switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def _act(page, action):
    page.get_by_test_id(f"action-{action}").click()
    page.get_by_test_id(f"submit-{action}").click()


def test_joint_action_from_proposal_to_completion(page, login_as, settings, tmp_path):
    # The 建议书 PDF is rendered in-process here; its own media directory keeps this run's
    # files apart from those other runs left under var/media (document ids restart at 1).
    settings.MEDIA_ROOT = tmp_path
    login_as(page, "yuecheng.reviewer")
    page.get_by_role("link", name="联合执法", exact=True).first.click()
    page.get_by_test_id("new-proposal").click()

    page.get_by_label("行动名称").fill("越城区校园周边食品安全联合执法行动")
    page.get_by_label("（二）需要对社会关注的热点事件、重大突发事件开展联合执法").check()
    page.locator("#id_initiating_department").select_option(label="越城区市场监督管理局")
    page.get_by_label("发起部门职责分工").fill("牵头组织，负责食品经营许可和食品安全检查")
    page.locator("#id_participants-0-organization").select_option(label="越城区综合行政执法局")
    page.locator("#id_participants-0-duties").fill("负责校园周边流动摊贩、占道经营的查处")
    page.get_by_label("执法对象和范围").fill("越城区中小学、幼儿园周边200米范围内的食品经营户")
    page.get_by_label("行动开始日期").fill("2026-12-01")
    page.get_by_label("行动结束日期").fill("2026-12-31")
    page.get_by_label("其他重要事项").fill("每周五报送进展；发现违法线索当日移交。")
    page.get_by_test_id("save-proposal").click()

    expect(page.get_by_test_id("state")).to_have_text("草稿")
    detail_url = page.url
    _act(page, "propose")
    expect(page.get_by_test_id("state")).to_have_text("已提出建议")
    expect(page.get_by_test_id("proposal-number")).to_have_text(re.compile(r"越司联建〔\d{4}〕\d+号"))
    expect(page.get_by_test_id("action-start")).to_have_count(0)

    for username in ("agency.market", "agency.enforcement"):
        _switch_user(page, login_as, username)
        tasks = page.get_by_test_id("my-tasks")
        expect(tasks).to_contain_text("联合执法建议待答复：越城区校园周边食品安全联合执法行动")
        tasks.get_by_role("link", name=re.compile("越城区校园周边食品安全联合执法行动")).click()
        _act(page, "accept")
        expect(page.get_by_role("alert").first).to_contain_text("已答复同意")

    expect(page.get_by_test_id("state")).to_have_text("各方已同意")
    _switch_user(page, login_as, "yuecheng.reviewer")
    expect(page.get_by_test_id("my-tasks")).to_contain_text("联合执法各方已同意，待开始")
    page.goto(detail_url)
    _act(page, "start")
    expect(page.get_by_test_id("state")).to_have_text("执行中")

    page.get_by_test_id("action-complete").click()
    page.get_by_test_id("submit-complete").click()  # nothing filled in: refused, nothing changes
    # Refused either by the browser (required fields) or by the server (请填写此项): still on the form.
    expect(page.get_by_test_id("submit-complete")).to_be_visible()
    page.get_by_label("检查次数（户次）").fill("126")
    page.get_by_label("立案查处数").fill("7")
    page.get_by_label("发现问题数").fill("19")
    page.get_by_label("发现的主要问题").fill("无证经营3户，过期食品5户，占道经营11处。")
    page.get_by_label("后续工作").fill("7件案件依法查处，每月回头看。")
    page.get_by_test_id("submit-complete").click()
    expect(page.get_by_test_id("state")).to_have_text("已完成")
    expect(page.get_by_test_id("results")).to_contain_text("126")

    _act(page, "close")
    expect(page.get_by_test_id("state")).to_have_text("已办结")
    timeline = page.get_by_test_id("timeline")
    for label in ("提出建议", "同意", "开始行动", "报告结果并完成", "办结"):
        expect(timeline).to_contain_text(label)
