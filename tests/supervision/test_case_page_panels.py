"""The case page and the API's case read only the panels of the investigation file that hold records (one
query asks which of 提级监督, 提请决定, 当场纠正, 监督结果, 监督活动, 证据, 问责, 移送 and 移送监督 hold any):
they show the same records as when every panel is read."""

import re

import pytest
from django.core.management import call_command

from supervision import selectors
from supervision.models import SupervisionCase

pytestmark = pytest.mark.django_db


def page(client, pk) -> str:
    """The case page without its per-response CSRF tokens (masked afresh on every response)."""
    html = client.get(f"/supervision/{pk}/").content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


@pytest.fixture
def demo(world):
    call_command("seed_demo", "--force")  # cases with a takeover, decision requests, activities, accountability…
    return world


@pytest.mark.parametrize("username", ["yuecheng.reviewer", "city.reviewer"])
def test_every_case_page_shows_what_reading_every_panel_shows(demo, client_for, monkeypatch, username):
    client = client_for(username)
    cases = [pk for pk in SupervisionCase.objects.order_by("pk").values_list("pk", flat=True)
             if client.get(f"/supervision/{pk}/").status_code == 200]
    filled = set()
    pages = {}
    for pk in cases:
        filled |= selectors.filled_record_panels(SupervisionCase.objects.get(pk=pk))
        pages[pk] = page(client, pk)
    assert {"takeovers", "decision_requests", "activities", "accountability_entries"} <= filled

    monkeypatch.setattr(selectors, "filled_record_panels", lambda case: set(selectors.RECORD_PANELS))
    for pk in cases:
        assert page(client, pk) == pages[pk], pk


@pytest.mark.parametrize("username", ["yuecheng.reviewer", "agency.market"])
def test_the_api_answers_what_reading_every_panel_answers(demo, api_for, monkeypatch, username):
    api = api_for(username)
    answers = {pk: api.get(f"/api/v1/supervision-cases/{pk}/") for pk in SupervisionCase.objects.values_list("pk", flat=True)}
    answers = {pk: response.json() for pk, response in answers.items() if response.status_code == 200}
    assert answers
    if username == "yuecheng.reviewer":  # the bureau reads the file: the demo's takeover and 问责 entries are in it
        assert any(case["takeovers"] for case in answers.values())
        assert any(case["accountability_entries"] for case in answers.values())

    monkeypatch.setattr(selectors, "filled_record_panels", lambda case: set(selectors.RECORD_PANELS))
    for pk, answer in answers.items():
        assert api.get(f"/api/v1/supervision-cases/{pk}/").json() == answer, pk
