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
