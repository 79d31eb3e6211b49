"""拟稿 → 核稿（退回）→ 签发 of an 意见书 in real Chromium: the clerk drafts from the case page (prefilled
from the case), the reviewer returns it with a comment, the clerk revises it (the diff is shown), the
reviewer passes it, and the leader's 签发 numbers it and moves the case."""

import pytest
from playwright.sync_api import expect

from .test_regulation_journey import _switch_user, _violation_case


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _draft_action(page, label):
    page.get_by_test_id("draft-actions").get_by_role("link", name=label, exact=True).click()


def test_clerk_drafts_reviewer_returns_then_passes_leader_signs_an_opinion(page, login_as):
    case = _violation_case()
    login_as(page, "yuecheng.clerk")
    page.goto(case.get_absolute_url())
    page.get_by_test_id("draft-start").get_by_role("link", name="拟稿：行政执法监督意见书").click()
    form = page.get_by_test_id("action-form")
    # Prefilled from the case: the investigation's conclusion and the clerk as the contact.
    expect(form.get_by_label("存在的问题")).to_have_value("罚款数额明显不当，未说明不适用裁量基准的理由。")
    expect(form.get_by_label("查明的事实")).to_have_value("对初次轻微违法的餐饮店处以顶格罚款。")
    form.get_by_label("监督事项（行政执法行为或应当履行的职责）").fill("（越）市监罚〔2026〕120号行政处罚决定")
    form.get_by_label("证据（每行一项）").fill("行政处罚案卷\n裁量基准文件")
    form.get_by_label("依据的规定").fill("《中华人民共和国行政处罚法》第五条")
    form.get_by_label("纠正（履职）要求").fill("依法重新作出处罚决定。")
    form.get_by_label("执法决定违法或者明显不当（第三项）").check()
    form.get_by_label("联系电话").fill("0575-85123456")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("draft-state")).to_have_text("拟稿中")
    expect(page.get_by_test_id("draft-preview")).to_have_count(1)
    _draft_action(page, "送核")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("draft-state")).to_have_text("待核稿")
    draft_url = page.url

    _switch_user(page, login_as, "yuecheng.reviewer")
    page.goto(draft_url)
    _draft_action(page, "退回修改")
    page.get_by_test_id("action-form").get_by_label("核稿意见").fill("纠正要求应写明重新作出决定的期限。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("draft-state")).to_have_text("退回修改")
    expect(page.get_by_test_id("review-comment")).to_contain_text("纠正要求应写明重新作出决定的期限。")

    _switch_user(page, login_as, "yuecheng.clerk")
    page.goto(draft_url)
    _draft_action(page, "修改稿件")
    page.get_by_test_id("action-form").get_by_label("纠正（履职）要求").fill("自收到本意见书之日起十五日内依法重新作出处罚决定。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("draft-version")).to_have_count(2)
    expect(page.get_by_test_id("draft-diff").first).to_contain_text("+corrections: 自收到本意见书之日起十五日内依法重新作出处罚决定。")
    _draft_action(page, "送核")
    page.get_by_test_id("confirm").click()

    _switch_user(page, login_as, "yuecheng.reviewer")
    page.goto(draft_url)
    _draft_action(page, "核稿通过")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("draft-state")).to_have_text("待签发")

    _switch_user(page, login_as, "yuecheng.leader")
    page.goto(draft_url)
    _draft_action(page, "签发")
    page.get_by_test_id("confirm").click()
    # Back on the case: it moved on, and the 意见书 is numbered now.
    expect(page.get_by_test_id("case-state")).to_have_text("已制发意见书或督办函")
    card = page.get_by_test_id("document-card").filter(has_text="行政执法监督意见书")
    expect(card.get_by_test_id("document-number")).to_contain_text("越司执监意〔")
    page.goto(draft_url)
    expect(page.get_by_test_id("draft-state")).to_have_text("已签发")
    expect(page.get_by_test_id("draft-signed")).to_be_visible()
    expect(page.get_by_test_id("draft-document")).to_contain_text("越司执监意〔")
