"""API tokens: one answer for every wrong credential, an expiry, revocation (issue 15)."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from authentication.models import ApiToken

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


def obtain(username, password):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_a_demo_user_gets_an_expiring_token_that_works(world, settings):
    response = obtain("yuecheng.reviewer", settings.DEMO_PASSWORD)

    assert response.status_code == 200
    key = response.json()["token"]
    token = ApiToken.objects.get(prefix=key[:8])
    assert token.expires_at - timezone.now() == pytest.approx(timedelta(hours=12), abs=timedelta(minutes=1))
    assert key not in token.key_digest  # only the digest is stored
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").json()["username"] == "yuecheng.reviewer"


@pytest.mark.parametrize("password", [["x"], {"a": 1}, None, True])
def test_a_non_string_password_gets_the_same_400_for_a_known_and_an_unknown_user(world, password):
    known = obtain("yuecheng.reviewer", password)
    unknown = obtain("nobody.at.all", password)

    assert known.status_code == unknown.status_code == 400
    assert known.json() == unknown.json()


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(world):
    known = obtain("yuecheng.reviewer", "wrong-password")
    unknown = obtain("nobody.at.all", "wrong-password")

    assert known.status_code == unknown.status_code == 400
    assert known.json() == unknown.json() == {"errors": {"non_field_errors": ["用户名或密码错误。"]}}


def test_a_locked_out_client_gets_json_429(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        obtain("yuecheng.leader", "wrong-password")

    response = obtain("yuecheng.leader", settings.DEMO_PASSWORD)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "locked_out"
    assert int(response["Retry-After"]) > 0


def test_an_expired_or_revoked_token_is_refused(world, api_for, settings):
    key = obtain("yuecheng.clerk", settings.DEMO_PASSWORD).json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    token = ApiToken.objects.get(prefix=key[:8])

    listed = api.get("/api/v1/auth/tokens/").json()["results"]
    assert [t["prefix"] for t in listed if t["is_current"]] == [key[:8]]

    revoke = api.post(f"/api/v1/auth/tokens/{token.pk}/revoke/", {"reason": "笔记本电脑遗失"}, format="json")
    assert revoke.status_code == 200
    assert api.get("/api/v1/me/").status_code in (401, 403)

    other = obtain("yuecheng.clerk", settings.DEMO_PASSWORD).json()["token"]
    ApiToken.objects.filter(prefix=other[:8]).update(expires_at=timezone.now() - timedelta(seconds=1))
    api.credentials(HTTP_AUTHORIZATION=f"Token {other}")
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_someone_else_cannot_see_or_revoke_my_token(world, api_for, settings):
    key = obtain("yuecheng.clerk", settings.DEMO_PASSWORD).json()["token"]
    token = ApiToken.objects.get(prefix=key[:8])

    assert api_for("zhuji.reviewer").post(f"/api/v1/auth/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_changing_the_password_revokes_every_token(world, settings):
    user = world.user("yuecheng.clerk")
    key = obtain("yuecheng.clerk", settings.DEMO_PASSWORD).json()["token"]

    user.set_password("Kx7#mq2!Lp9vWz")
    user.save()

    token = ApiToken.objects.get(prefix=key[:8])
    assert token.revoked_at is not None and token.revoke_reason == "密码已修改"


@pytest.mark.parametrize("password", ["shaoxing", "shaoxing2026", "Yuecheng.clerk1", "abcdefghijkl"])
def test_weak_passwords_are_refused(world, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=world.user("yuecheng.clerk"))


def test_a_strong_password_is_accepted(world):
    validate_password("Kx7#mq2!Lp9vWz", user=world.user("yuecheng.clerk"))


def test_outside_the_demo_a_demo_password_gets_no_token_and_only_the_password_page(world, settings, client):
    settings.FORCE_DEMO_PASSWORD_CHANGE = True

    refused = obtain("yuecheng.clerk", settings.DEMO_PASSWORD)
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"

    client.post("/accounts/login/", {"username": "yuecheng.clerk", "password": settings.DEMO_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"


def test_an_administrator_lists_everyones_tokens_and_revokes_one(world, settings):
    from django.contrib.auth import get_user_model

    key = obtain("yuecheng.clerk", settings.DEMO_PASSWORD).json()["token"]
    obtain("zhuji.reviewer", settings.DEMO_PASSWORD)
    admin = get_user_model().objects.create_superuser("token.admin", "admin@example.org", "Kx7#mq2!Lp9vWz")
    api = APIClient()
    api.force_authenticate(admin)

    everyone = {t["user"] for t in api.get("/api/v1/auth/tokens/").json()["results"]}
    assert {"yuecheng.clerk", "zhuji.reviewer"} <= everyone
    clerks = api.get("/api/v1/auth/tokens/", {"user": "yuecheng.clerk"}).json()["results"]
    assert [t["prefix"] for t in clerks] == [key[:8]]

    revoked = api.post(f"/api/v1/auth/tokens/{clerks[0]['id']}/revoke/", {"reason": "离职"}, format="json").json()
    assert (revoked["revoked_by"], revoked["revoke_reason"]) == ("token.admin", "离职")
    clerk = APIClient()
    clerk.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert clerk.get("/api/v1/me/").status_code in (401, 403)
