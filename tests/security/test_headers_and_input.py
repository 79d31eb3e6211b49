"""Hardening a probe would notice: headers, NUL bytes, inline scripts (issue 15)."""

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_csp_without_inline_scripts_and_refuse_framing(client_for):
    response = client_for("yuecheng.clerk").get("/")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_a_signed_in_page_and_every_json_answer_are_not_stored(client_for, client):
    assert "no-store" in client_for("yuecheng.clerk").get("/")["Cache-Control"]
    client.logout()
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>", text):
            attrs = match.group("attrs")
            if "src=" not in attrs and "application/json" not in attrs and "application/ld+json" not in attrs:
                offenders.append(f"{template.relative_to(ROOT)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template.relative_to(ROOT)}: on…= handler")
    assert offenders == []


@pytest.mark.parametrize("url", [
    "/api/v1/clues/?state=received%00",
    "/api/v1/supervision/cases/?q=%00",
    "/disputes/?q=a%00b",
])
def test_a_nul_byte_in_a_query_string_is_refused_with_400(api_for, url):
    response = api_for("yuecheng.clerk").get(url)

    assert response.status_code == 400
    assert "errors" in response.json()


def test_a_nul_byte_in_a_json_body_is_refused_with_400_and_changes_nothing(api_for):
    from clues.models import Clue

    before = Clue.objects.count()
    body = json.dumps({"description": "a\u0000b", "occurred_on": "2026-10-01"})
    response = api_for("yuecheng.clerk").post("/api/v1/clues/", body, content_type="application/json")

    assert response.status_code == 400
    assert Clue.objects.count() == before


def test_a_nul_byte_in_a_form_field_is_refused(client):
    response = client.post("/accounts/login/", {"username": "yuecheng\x00clerk", "password": "x"})
    assert response.status_code == 400
