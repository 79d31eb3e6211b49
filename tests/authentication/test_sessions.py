"""A signed-in session ends with the browser and after 30 idle minutes; working keeps it alive (docs/security.md).
The session row is written at most once a minute to keep it alive, not on every page (issue 18)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_ends_with_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True and settings.SESSION_COOKIE_AGE == 30 * 60


def test_working_keeps_the_session_alive_and_thirty_idle_minutes_end_it(world, client, settings):
    with time_machine.travel(START, tick=False) as clock:
        client.post("/accounts/login/", {"username": "yuecheng.clerk", "password": settings.DEMO_PASSWORD})
        assert client.get("/").status_code == 200
        signed_in_until = expiry(client)
        assert signed_in_until == START + timedelta(minutes=30)

        clock.shift(timedelta(seconds=20))  # another page within the minute: no write
        assert client.get("/supervision/").status_code == 200
        assert expiry(client) == signed_in_until

        clock.shift(timedelta(minutes=25))  # working on: the idle timeout starts again
        assert client.get("/").status_code == 200
        assert expiry(client) == START + timedelta(minutes=25, seconds=20) + timedelta(minutes=30)

        clock.shift(timedelta(minutes=31))  # away for more than thirty minutes
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
