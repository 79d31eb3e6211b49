"""Signing in and out, changing passwords, and the lockout after repeated failures (django-axes)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_login_page_is_in_chinese(client, world):
    page = client.get("/accounts/login/").content.decode()

    assert "绍兴市行政执法协调监督系统" in page and "用户名" in page and 'lang="zh-CN"' in page


def test_signing_in_leads_to_the_workbench_and_signing_out_ends_the_session(client, world):
    response = login(client, "yuecheng.clerk", settings.DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "王晓燕" in client.get("/").content.decode()

    client.post("/accounts/logout/")

    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "yuecheng.clerk", "wrong-password")

    response = login(client, "yuecheng.clerk", settings.DEMO_PASSWORD)

    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert client.get("/").status_code == 302  # still not signed in


def test_the_lockout_is_per_account_not_the_whole_office(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "yuecheng.clerk", "wrong-password")

    assert login(client, "yuecheng.reviewer", settings.DEMO_PASSWORD).status_code == 302


def test_the_token_endpoint_is_locked_too(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "yuecheng.clerk", "password": "nope"}, content_type="application/json")

    response = client.post("/api/v1/auth/token/", {"username": "yuecheng.clerk", "password": settings.DEMO_PASSWORD},
                           content_type="application/json")

    assert response.status_code in (403, 429)


def test_changing_the_password_requires_the_old_one(client_for, world):
    client = client_for("yuecheng.clerk")

    bad = client.post("/accounts/password/", {"old_password": "wrong", "new_password1": "Shaoxing#Supervise2027",
                                              "new_password2": "Shaoxing#Supervise2027"})
    assert bad.status_code == 200 and "旧密码" in bad.content.decode()

    good = client.post("/accounts/password/", {"old_password": settings.DEMO_PASSWORD,
                                               "new_password1": "Shaoxing#Supervise2027",
                                               "new_password2": "Shaoxing#Supervise2027"})
    assert good.status_code == 302
    assert world.user("yuecheng.clerk").check_password("Shaoxing#Supervise2027")
