"""The audit log: every sign-in and failed sign-in, every download, who/when/where/what; readable
by the bureau's 负责人, and impossible to change or delete (issue 15)."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def test_sign_in_and_failed_sign_in_are_recorded_with_the_address(client, world, settings):
    client.post("/accounts/login/", {"username": "yuecheng.clerk", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    client.post("/accounts/login/", {"username": "yuecheng.clerk", "password": settings.DEMO_PASSWORD},
                REMOTE_ADDR="198.51.100.7")

    failed = AuditEvent.objects.get(action="login_failed")
    assert (failed.username, failed.ip_address, failed.actor) == ("yuecheng.clerk", "198.51.100.7", None)
    login = AuditEvent.objects.get(action="login")
    assert login.actor == world.user("yuecheng.clerk") and login.ip_address == "198.51.100.7"
    assert world.org("越城区司法局") in login.organizations.all()


def test_the_forwarded_address_counts_only_from_the_trusted_proxy(client, world, settings):
    settings.TRUSTED_PROXIES = ["172.30.0.10"]
    client.post("/accounts/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="203.0.113.5",
                HTTP_X_FORWARDED_FOR="10.9.9.9")
    client.post("/accounts/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="172.30.0.10",
                HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.20")

    assert list(AuditEvent.objects.order_by("id").values_list("ip_address", flat=True)) == ["203.0.113.5", "198.51.100.20"]


def test_a_document_download_is_recorded(client_for, world, django_capture_on_commit_callbacks, settings, tmp_path):
    from tests.documents.factories import issue

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(world)
    response = client_for("yuecheng.leader").get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 200
    b"".join(response.streaming_content)

    event = AuditEvent.objects.get(action="download")
    assert event.username == "yuecheng.leader"
    assert event.path == f"/documents/{document.pk}/pdf/"


def test_events_cannot_be_changed_or_deleted_through_the_app_or_the_admin(client, world):
    event = AuditEvent.objects.create(action="login", username="someone")
    event.detail = "edited"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(detail="edited")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()

    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"detail": "x"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_of_audit_rows_from_any_client(world):
    event = AuditEvent.objects.create(action="login", username="someone")
    for statement in ("UPDATE audit_auditevent SET detail = 'x' WHERE id = %s",
                      "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])


def test_the_bureau_leader_reads_the_log_of_their_people_and_others_do_not(client_for, world):
    client_for("yuecheng.clerk")  # a sign-in of a 越城区司法局 clerk
    client_for("zhuji.reviewer")  # and one in 诸暨

    page = client_for("yuecheng.leader").get("/audit/").content.decode()
    assert "yuecheng.clerk" in page and "zhuji.reviewer" not in page
    assert client_for("yuecheng.clerk").get("/audit/").status_code == 404


def test_an_api_sign_in_and_the_revocation_of_its_token_are_recorded(world, settings):
    from rest_framework.test import APIClient

    api = APIClient(REMOTE_ADDR="198.51.100.9")
    key = api.post("/api/v1/auth/token/", {"username": "yuecheng.clerk", "password": settings.DEMO_PASSWORD,
                                           "name": "台账脚本"}, format="json").json()["token"]
    api.post("/api/v1/auth/token/", {"username": "yuecheng.clerk", "password": "wrong"}, format="json")

    issued = AuditEvent.objects.get(action="token_issued")
    assert (issued.actor, issued.ip_address, issued.detail) == (world.user("yuecheng.clerk"), "198.51.100.9", "台账脚本")
    assert issued.target.startswith(key[:8]) and key not in issued.target  # never the key itself
    assert AuditEvent.objects.get(action="login_failed").username == "yuecheng.clerk"

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    token_id = api.get("/api/v1/auth/tokens/").json()["results"][0]["id"]
    api.post(f"/api/v1/auth/tokens/{token_id}/revoke/", {"reason": "笔记本电脑遗失"}, format="json")

    revoked = AuditEvent.objects.get(action="token_revoked")
    assert revoked.actor == world.user("yuecheng.clerk") and revoked.detail == "笔记本电脑遗失"
    # The bureau's 负责人 reads both on the audit page.
    from django.test import Client

    leader = Client()
    leader.force_login(world.user("yuecheng.leader"))
    page = leader.get("/audit/").content.decode()
    assert "签发 API 令牌" in page and "吊销 API 令牌" in page


def test_a_pdf_and_an_export_downloaded_through_the_api_are_recorded(
        api_for, world, django_capture_on_commit_callbacks, settings, tmp_path):
    from tests.documents.factories import issue

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(world)
    api = api_for("yuecheng.leader")
    assert api.get(f"/api/v1/documents/{document.pk}/pdf/").status_code == 200
    export = api.get("/api/v1/documents/", {"format": "csv"})
    assert export.status_code == 200
    b"".join(export.streaming_content) if export.streaming else export.content

    events = AuditEvent.objects.filter(action="download", username="yuecheng.leader").order_by("id")
    assert [e.path for e in events] == [f"/api/v1/documents/{document.pk}/pdf/", "/api/v1/documents/?format=csv"]
    document.refresh_from_db()
    assert events[0].detail == f"SHA-256 {document.sha256}"
