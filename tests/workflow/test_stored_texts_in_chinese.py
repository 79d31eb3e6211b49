"""A clerk using the English UI still writes Chinese records (issue 14).

Notifications, timeline notes and deadline titles are read by colleagues and printed: they are
built in the official language whatever the actor's language. Refusals stay in the actor's language.
"""

import pytest
from django.conf import settings

from deadlines.models import Deadline
from notifications.models import Notification
from tests.disputes.factories import submitted

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_acceptance_from_the_english_ui_notifies_in_chinese(client_for, world):
    dispute = submitted(world)
    client = english(client_for("yuecheng.reviewer"))
    page = client.get(f"/disputes/{dispute.pk}/act/accept/").content.decode()
    assert "Accept" in page  # the page itself is English
    before = Notification.objects.count()
    response = client.post(f"/disputes/{dispute.pk}/act/accept/", {"note": ""})
    assert response.status_code == 302
    titles = list(Notification.objects.order_by("pk")[before:].values_list("title", flat=True))
    assert titles and all(t.startswith("职责争议已受理") for t in titles), titles
    note = dispute.transitions.get(action="accept")
    assert note.note == "" or not note.note.isascii()
    for deadline in Deadline.objects.filter(subject_id=dispute.pk):
        assert deadline.explanation and not any(c.isascii() and c.isalpha() for c in deadline.explanation), \
            deadline.explanation


def test_a_refusal_from_the_service_comes_back_in_english(api_for, world):
    dispute = submitted(world)
    api = api_for("yuecheng.reviewer")
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = api.post(f"/api/v1/disputes/{dispute.pk}/reject/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["reason"] == ["Please state the reason for rejection."]


def test_nobody_is_notified_of_their_own_action(client_for, world):
    from tests.disputes.factories import draft

    dispute = draft(world)
    clerk = world.user("township.office")
    before = Notification.objects.count()
    response = client_for("township.office").post(f"/disputes/{dispute.pk}/act/submit/", {"note": ""})
    assert response.status_code == 302
    new = Notification.objects.order_by("pk")[before:]
    assert new.exists()  # the coordinating bureau and the other party are told
    assert not new.filter(recipient=clerk).exists()
