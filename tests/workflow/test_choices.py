"""State and kind labels (`get_<field>_display()`) read from a map built once per field (workflow.choices):
Django's own lookup translated every label of the field on each call, 180 µs a label (issue 18). What users
read must stay what it was, in their language."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from tests.supervision.factories import open_market_case
from workflow.choices import ChoiceLabelsMixin

pytestmark = pytest.mark.django_db


def project_apps() -> set[str]:
    """The apps of this repository (a new app is checked without being listed here)."""
    root = Path(settings.BASE_DIR)
    return {config.label for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(root) and ".venv" not in Path(config.path).parts}


def test_every_model_with_choices_reads_its_labels_from_the_shared_map():
    slow = [model.__name__ for model in apps.get_models()
            if model._meta.app_label in project_apps() and not model.__name__.startswith("Historical")
            and any(field.choices for field in model._meta.concrete_fields)
            and not issubclass(model, ChoiceLabelsMixin)]
    assert {"supervision", "disputes", "workflow"} <= project_apps()
    assert slow == []


def test_a_new_case_reads_as_opened_in_chinese_and_in_english(world, api_for):
    case = open_market_case(world)
    assert case.get_state_display() == "已立案"
    assert case.get_focus_area_display() == "食品药品安全"
    with translation.override("en"):
        assert case.get_state_display() == "Opened"  # the same map, answered in the reader's language
    assert case.get_state_display() == "已立案"

    api = api_for("yuecheng.reviewer")
    rows = api.get("/api/v1/supervision-cases/").json()["results"]
    assert [row["state_display"] for row in rows if row["id"] == case.pk] == ["已立案"]
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language the person chose
    rows = api.get("/api/v1/supervision-cases/").json()["results"]
    assert [row["state_display"] for row in rows if row["id"] == case.pk] == ["Opened"]


def test_a_value_outside_the_choices_is_shown_as_stored(world):
    case = open_market_case(world)
    case.state = "archived_by_hand"  # e.g. a row written by an older release, never saved here
    assert case.get_state_display() == "archived_by_hand"
