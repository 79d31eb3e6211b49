"""办法 Art. 3 ¶2 and 7 in a real browser: a 司法所 files a dispute with the 综合行政执法局 as a party,
in steps; the page names the district's 综合行政执法指导办公室 and the rule that chose it before
submitting; the office's reviewer accepts and coordinates (a meeting is recorded), its leader issues
the numbered 协调意见书, and the PDF can be downloaded."""

import datetime as dt
import io
import re

from django.utils import timezone
from playwright.sync_api import expect

MARKET = "越城区市场监督管理局"
ENFORCEMENT = "越城区综合行政执法局"
GUIDANCE = "越城区综合行政执法指导办公室"
TITLE = "解放路夜市无证食品摊贩占道经营的查处职责"


def _switch_user(page, login_as, username):
    page.context.clear_cookies()
    login_as(page, username)


def _act(page, action):
    page.get_by_test_id("actions").locator(f'[data-action="{action}"]').click()


def test_township_office_files_guidance_office_coordinates_leader_issues_opinion(page, login_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # this run's PDFs and attachments apart from other runs'
    login_as(page, "township.office")
    page.get_by_role("link", name="职责争议", exact=True).first.click()
    page.get_by_test_id("new-dispute").click()

    # Step 1: the parties; the coordinating body and the rule are shown before anything is submitted.
    page.get_by_label("申请单位").select_option(label=MARKET)
    page.get_by_label("其他争议单位 1").select_option(label=ENFORCEMENT)
    preview = page.get_by_test_id("coordinator-preview")
    expect(preview).to_contain_text(GUIDANCE)
    expect(preview).to_contain_text("《办法》第三条第二款")
    page.get_by_role("button", name="保存并下一步").click()

    # Step 2: the matter and each party's position (saved as a draft).
    page.get_by_label("争议事项", exact=True).fill(TITLE)
    page.get_by_label("争议事项详情").fill("解放路沿线夜间有无证食品摊贩占道经营，群众多次投诉。")
    page.get_by_label("争议的执法职责").fill("对无证食品摊贩占道经营行为的查处")
    page.get_by_label(f"{MARKET}的意见").fill("占道经营属综合执法事项，应由区综合执法局查处。")
    page.get_by_label(f"{MARKET}援引的依据").fill("《浙江省综合行政执法条例》第十条")
    page.get_by_label(f"{ENFORCEMENT}的意见").fill("无证经营食品属市场监管职责，应由区市场监管局查处。")
    # 条例 Art. 33 ¶3: the applicant states the matter is in neither 行政复议 nor 行政诉讼.
    page.get_by_label("未申请行政复议，也未提起行政诉讼").check()
    page.get_by_role("button", name="保存并下一步").click()

    # Step 3: the negotiation already held (Art. 7); then "保存并下一步" with the "add another" form left empty.
    page.get_by_label("协商日期").fill((timezone.localdate() - dt.timedelta(days=5)).isoformat())
    page.get_by_label("协商地点或方式").fill("区市场监管局三楼会议室")
    page.get_by_label("参加单位及人员").fill("区市场监管局执法科、区综合执法局执法大队")
    page.get_by_label("协商经过及未达成一致的原因").fill("双方各执一词，未能达成一致。")
    page.get_by_role("button", name="保存协商记录").click()
    expect(page.get_by_test_id("negotiations")).to_contain_text("区市场监管局三楼会议室")
    page.get_by_role("button", name="保存并下一步").click()

    # Step 4: an attachment, then on with the file field empty; step 5: review and submit.
    page.get_by_label("文件").set_input_files(files=[{"name": "协商纪要.pdf", "mimeType": "application/pdf",
                                                   "buffer": b"%PDF-1.4\n%%EOF\n"}])
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("attachments")).to_contain_text("协商纪要.pdf")
    page.get_by_role("button", name="下一步：核对").click()
    expect(page.get_by_test_id("coordinator-preview")).to_contain_text(GUIDANCE)
    page.get_by_test_id("submit-dispute").click()
    expect(page.get_by_test_id("state")).to_have_text("已提交申请")
    detail_url = page.url

    expect(page.get_by_test_id("coordinator")).to_contain_text(GUIDANCE)

    # The guidance office's reviewer finds it on the workbench, accepts and coordinates.
    _switch_user(page, login_as, "guidance.yuecheng")
    tasks = page.get_by_test_id("my-tasks")
    expect(tasks).to_contain_text(TITLE)
    tasks.get_by_role("link", name=re.compile(TITLE)).first.click()
    _act(page, "accept")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("state")).to_have_text("已受理")
    expect(page.get_by_test_id("dispute-number")).to_have_text(re.compile(r"越执指争〔\d{4}〕\d+号"))
    number = page.get_by_test_id("dispute-number").inner_text()
    _act(page, "start_coordination")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("state")).to_have_text("协调中")

    page.get_by_test_id("records").locator('[data-action="record_meeting"]').click()
    page.get_by_test_id("confirm").click()  # nothing filled in: refused with the reason, nothing recorded
    expect(page.get_by_text("请填写会议地点。")).to_be_visible()
    page.get_by_label("会议日期").fill(timezone.localdate().isoformat())
    page.get_by_label("会议地点").fill("越城区综合行政执法指导办公室协调室")
    page.get_by_label("参会单位及人员").fill("区市场监管局王科长、区综合执法局李队长")
    page.get_by_label("会议纪要").fill("双方同意按照综合行政执法事项目录划分：占道经营由综合执法局查处。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("meetings")).to_contain_text("越城区综合行政执法指导办公室协调室")
    expect(page.get_by_test_id("actions").locator('[data-action="issue_opinion"]')).to_have_count(0)

    # The office's leader signs the opinion.
    _switch_user(page, login_as, "guidance.yuecheng.leader")
    page.goto(detail_url)
    _act(page, "issue_opinion")
    page.get_by_label("承担职责的单位").select_option(label=ENFORCEMENT)
    page.get_by_label(MARKET).check()
    page.get_by_label("协调意见（各方达成的一致意见）").fill("占道经营的无证食品摊贩由区综合执法局查处，区市场监管局配合。")
    page.get_by_label("依据", exact=True).fill("《浙江省综合行政执法条例》第十条；越城区综合行政执法事项目录")
    page.get_by_label("履行要求").fill("自本意见送达之日起五个工作日内承接，区市场监管局移交已受理的投诉。")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("state")).to_have_text("已出具协调意见")
    timeline = page.get_by_test_id("timeline")
    for label in ("提交申请", "受理", "开始协调", "记录协调会议", "出具协调意见书"):
        expect(timeline).to_contain_text(label)

    # The document panel shows the numbered opinion ready; its PDF downloads.
    # (Its 送达回证 is listed beside it, issued in the same second: pick the opinion by its number.)
    card = page.get_by_test_id("document-card").filter(has_text=re.compile(r"越执指协〔\d{4}〕\d+号"))
    expect(card).to_have_count(1)
    download = card.get_by_test_id("document-download")
    expect(download).to_be_visible(timeout=60_000)
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200
    body = response.body()
    assert body.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert ENFORCEMENT in text
    flat = re.sub(r"\s+", "", text)
    # The opinion carries its own number in the guidance office's series (the dispute's 越执指争 number
    # is the office's internal file number and is not printed, docs/documents.md).
    assert re.search(r"越执指协〔\d{4}〕\d+号", flat) and GUIDANCE in flat
    assert number.startswith("越执指争〔")
