import datetime

import pytest
from django.core import signing
from django.core.cache import cache

from clues.forms import CHALLENGE_SALT


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Every test starts with an empty per-address counter (this run's own cache database)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def challenge(a=3, b=4) -> dict:
    """A solved anti-spam sum, as a person would answer it."""
    return {"challenge": signing.dumps({"a": a, "b": b}, salt=CHALLENGE_SALT), "answer": str(a + b)}


@pytest.fixture
def clue_form_data(world):
    def make(**overrides):
        data = {
            "county": "330602",  # 越城区
            "township": world.division("塔山街道").code,
            "agency": "",
            "description": "城管执法人员在府山街扣押我的三轮车，没有出具任何清单和文书。",
            "occurred_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
            "reporter_name": "",
            "reporter_phone": "",
            "website": "",
            **challenge(),
        }
        data.update(overrides)
        return data

    return make
