"""The English user interface (Django i18n): Chinese by default, English on request, a complete catalogue.

The msgids are the Simplified Chinese UI texts; locale/en/LC_MESSAGES/django.po translates them. The
catalogue tests read the .po with a small parser of their own (polib is not a project dependency) and
fail, naming the msgids, when a text has no translation or a translation is fuzzy (compilemessages
drops fuzzy entries, so English users would see Chinese).
"""

import ast
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What `makemessages` must not scan (the same as in the brief of the catalogue's README/Makefile use).
MAKEMESSAGES_IGNORE = [".venv", "node_modules", "var", "tests", "benchmarks", "test-artifacts", "media", "staticfiles"]


# --- A small .po reader --------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line)  # a .po string is a C string literal, which Python reads the same way


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.groups()
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = _unquote(value)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(value)
        elif line.startswith('"') and field is not None:
            name, index = field
            if name == "msgstr":
                entry["msgstr"][index] += _unquote(line)
            else:
                entry[name] += _unquote(line)
        else:
            raise AssertionError(f"{path}: cannot read line {raw!r}")
    return entries


def catalogue_entries() -> list[dict]:
    return [e for e in read_po(CATALOGUE) if not e["obsolete"] and e["msgid"] != ""]


def header_entry() -> dict:
    return next(e for e in read_po(CATALOGUE) if e["msgid"] == "" and not e.get("msgctxt"))


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{\w*\}|</?[a-z][a-z0-9]*\b[^>]*>")


# --- The catalogue ---------------------------------------------------------------------------------


def test_the_catalogue_has_a_non_fuzzy_english_header():
    header = header_entry()
    assert "fuzzy" not in header["flags"], "the .po header is fuzzy: msgfmt would ignore its charset"
    assert "Language: en\n" in header["msgstr"][0]
    assert "charset=UTF-8" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]


def test_every_msgid_is_translated_and_none_is_fuzzy():
    entries = catalogue_entries()
    assert len(entries) > 1000, "the catalogue looks truncated"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [
        e["msgid"]
        for e in entries
        if not e["msgstr"] or any(not text.strip() for text in e["msgstr"].values())
        or ("msgid_plural" in e and len(e["msgstr"]) < 2)
    ]
    assert not fuzzy, "fuzzy entries (review the translation, then remove '#, fuzzy'):\n" + "\n".join(fuzzy)
    assert not untranslated, "entries without an English translation:\n" + "\n".join(untranslated)


def test_translations_keep_every_placeholder_and_tag():
    wrong = []
    for e in catalogue_entries():
        expected = sorted(PLACEHOLDER.findall(e["msgid"]))
        for text in e["msgstr"].values():
            if sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{e['msgid']} → {text}")
    assert not wrong, "translations that lost or changed a placeholder or HTML tag:\n" + "\n".join(wrong)


def test_no_translation_is_a_copy_of_the_chinese():
    # A few help texts quote Chinese examples (document numbers, a keyword the parser reads), so
    # Chinese characters are allowed; a Chinese text copied as is, or with no Latin letter, is not.
    han = re.compile(r"[\u4e00-\u9fff]")
    left = [
        e["msgid"]
        for e in catalogue_entries()
        for text in e["msgstr"].values()
        if han.search(e["msgid"]) and (text == e["msgid"] or not re.search(r"[A-Za-z]", text))
    ]
    assert not left, "translations that are still Chinese:\n" + "\n".join(left)


def source_tree(root: Path) -> Path:
    """A scratch copy (symlinks) of the project's sources, so makemessages cannot touch the real catalogue.

    makemessages writes each file's msgids to the LOCALE_PATHS entry whose parent folder contains the
    file; run in the checkout it would merge into locale/ itself.
    """
    for item in ROOT.iterdir():
        if item.name.startswith(".") or item.name in MAKEMESSAGES_IGNORE or item.name == "locale":
            continue
        (root / item.name).symlink_to(item, target_is_directory=item.is_dir())
    (root / "locale").mkdir()
    return root


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_text_marked_for_translation_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """A new UI text (gettext, {% translate %}) must be added to the catalogue and translated."""
    root = source_tree(tmp_path)
    settings.LOCALE_PATHS = [root / "locale"]
    monkeypatch.chdir(root)
    before = CATALOGUE.read_bytes()
    call_command("makemessages", locale=["en"], ignore_patterns=MAKEMESSAGES_IGNORE, symlinks=True, verbosity=0)
    assert CATALOGUE.read_bytes() == before, "makemessages must not have written to the real catalogue"
    fresh = {(e.get("msgctxt"), e["msgid"]) for e in read_po(root / "locale" / "en" / "LC_MESSAGES" / "django.po")
             if e["msgid"] and not e["obsolete"]}
    assert len(fresh) > 1000
    known = {(e.get("msgctxt"), e["msgid"]) for e in catalogue_entries()}
    missing = sorted(msgid for _, msgid in fresh - known)
    assert not missing, (
        "texts marked for translation but missing from locale/en/LC_MESSAGES/django.po — run "
        "`manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests "
        "--ignore=benchmarks` and translate them:\n" + "\n".join(missing)
    )


# --- The pages -------------------------------------------------------------------------------------


def switch_language(client, code: str, next_url: str = "/"):
    response = client.post(reverse("set_language"), {"language": code, "next": next_url})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code
    return response


@pytest.mark.django_db
def test_the_login_page_is_chinese_by_default(client):
    html = client.get(reverse("login")).content.decode()

    assert '<html lang="zh-CN">' in html
    assert "登录" in html and "用户名" in html and "密码" in html
    assert "Log in" not in html and "Username" not in html


@pytest.mark.django_db
def test_a_chinese_browser_gets_the_chinese_ui(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5").content.decode()

    assert '<html lang="zh-CN">' in html and "登录" in html


@pytest.mark.django_db
def test_an_english_browser_still_starts_in_chinese_until_the_user_chooses(client):
    # Bureau PCs may have English-language browsers: only the footer menu switches the UI.
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-CN">' in html and "登录" in html

    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="en">' in html and "登录" not in html


@pytest.mark.django_db
def test_every_page_offers_the_language_menu(client):
    html = client.get(reverse("login")).content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert '<option value="zh-hans" selected>简体中文</option>' in html
    assert '<option value="en">English</option>' in html


@pytest.mark.django_db
def test_after_choosing_english_the_login_page_is_english(client):
    switch_language(client, "en", next_url=reverse("login"))
    html = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in html
    assert "Shaoxing Administrative Enforcement Coordination and Supervision System" in html
    assert "Please log in with the account assigned by your organization" in html
    assert ">Username<" in html and ">Password<" in html and "Log in" in html
    assert '<option value="en" selected>English</option>' in html
    for chinese in ("登录", "用户名", "密码", "请使用本单位分配的账号登录"):
        assert chinese not in html, chinese


def test_after_choosing_english_the_workbench_is_english(client_for):
    client = client_for("yuecheng.clerk")
    html = client.get("/").content.decode()
    assert "我的待办" in html and "退出登录" in html  # Chinese first

    switch_language(client, "en")
    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "My tasks" in html and "Log out" in html and "Change password" in html
    assert "Workbench" in html and "Jurisdiction" in html and "Clerk" in html
    assert "Awaiting my action" in html and "Due soon" in html
    assert "Responsibility disputes" in html and "Enforcement supervision" in html
    assert "Under the Shaoxing Measures for the Coordination and Supervision of Administrative Law Enforcement" in html
    for chinese in ("我的待办", "退出登录", "修改密码", "工作台", "管辖范围", "待我处理", "即将到期", "经办人", "职责争议"):
        assert chinese not in html, chinese


def test_switching_back_to_chinese_restores_the_chinese_ui(client_for):
    client = client_for("yuecheng.clerk")
    switch_language(client, "en")
    switch_language(client, "zh-hans")
    html = client.get("/").content.decode()

    assert '<html lang="zh-CN">' in html and "我的待办" in html and "My tasks" not in html


def test_form_errors_and_computed_explanations_are_english_in_the_english_ui(client_for):
    client = client_for("yuecheng.clerk")
    switch_language(client, "en")
    url = reverse("deadlines:calculator")

    html = client.get(url, {"received": "not a date", "days": "x"}).content.decode()
    assert "Deadline calculator" in html and "期限计算器" not in html
    assert "Please enter a valid date, e.g. 2026-01-15." in html and "请输入有效日期" not in html
    assert "Please enter a whole number of days." in html

    html = client.get(url, {"received": "2026-11-25", "days": "30"}).content.decode()
    assert "Received on" in html and "due by 24:00 on" in html and "次日起算" not in html


# --- Dates -------------------------------------------------------------------------------------------


def test_a_date_reads_the_chinese_way_in_chinese():
    with translation.override("zh-hans"):
        assert formats.date_format(date(2026, 11, 25)) == "2026年11月25日"


@pytest.mark.django_db
def test_a_date_on_a_page_reads_the_chinese_way(client, world):
    from organizations.models import SupervisorCertificate

    certificate = SupervisorCertificate.objects.filter(holder=world.user("yuecheng.clerk")).first()
    assert certificate is not None
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        html = client.get(reverse("organizations:certificate-verify", args=[certificate.verification_key])).content.decode()

    assert "核验日期：2026年11月25日" in html


# --- Official documents -------------------------------------------------------------------------------


def test_official_documents_are_rendered_in_chinese_whatever_the_ui_language(world):
    from documents.rendering import build_html

    from .documents.factories import issue

    with translation.override("zh-hans"):
        document = issue(world, "supervision_notice")
    with translation.override("en"):
        html = build_html(document)

    assert "行政执法监督通知书" in html
    assert "Administrative Enforcement Supervision Notice" not in html


def test_a_document_issued_from_the_english_ui_is_still_chinese(world):
    from documents.rendering import build_html

    from .documents.factories import issue

    with translation.override("en"):
        document = issue(world, "supervision_notice")

    assert document.title == "行政执法监督通知书"
    assert "Administrative Enforcement Supervision Notice" not in build_html(document)



def test_a_joint_enforcement_proposal_put_forward_from_the_english_ui_is_still_chinese(world):
    # The workflow service builds the 建议书's wording; under an English UI it must still be Chinese.
    from documents.models import Document
    from documents.rendering import build_html
    from joint_actions.models import JointActionProposal
    from joint_actions.services.proposals import propose

    call_command("seed_demo", "--force")
    draft = JointActionProposal.objects.get(title="越城区城区夜市燃气安全联合检查")
    with translation.override("en"):
        propose(draft, acting_user=world.user("yuecheng.reviewer"))
    document = Document.objects.filter(kind="joint_enforcement_proposal").latest("pk")

    assert document.title == "关于开展越城区城区夜市燃气安全联合检查的联合执法建议书"
    html = build_html(document)
    assert "联合执法建议书" in html and "Joint Enforcement Proposal" not in html


@pytest.mark.django_db
def test_an_english_reader_gets_an_english_colon_after_a_label(client):
    # Full-width punctuation belongs to the Chinese UI (and to the official documents, always Chinese).
    switch_language(client, "en", next_url=reverse("clues:new"))
    html = client.get(reverse("clues:new")).content.decode()
    assert "Verification question: <strong" in html and "Verification question：" not in html
