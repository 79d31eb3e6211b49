"""In-app notifications (the bell, the list, mark read), their API and their e-mail copy."""

import pytest

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notify_reaches_every_member_of_an_organisation_with_the_role_once(world):
    bureau = world.org("越城区司法局")
    count = notify(
        recipients=[world.user("yuecheng.reviewer")], organizations=[bureau], roles=["reviewer", "leader"],
        title="新的职责争议申请", email=False,
    )
    assert count == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["yuecheng.leader", "yuecheng.reviewer"]


def test_notify_resolves_recipients_in_constant_queries(world, django_assert_max_num_queries):
    orgs = [world.org("越城区司法局"), world.org("越城区市场监督管理局"), world.org("诸暨市司法局")]
    with django_assert_max_num_queries(3):
        notify(organizations=orgs, title="通知", email=False)
    assert Notification.objects.count() >= 5


def test_email_goes_out_after_commit_with_text_and_html(world, mailoutbox, django_capture_on_commit_callbacks):
    user = world.user("agency.market")
    user.email = "market@yuecheng.example"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[user], title="期限提醒：书面报告", body="还有3日到期", url="/deadlines/1/")
    assert mailoutbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["market@yuecheng.example"]
    assert "期限提醒：书面报告" in message.subject
    assert "http://127.0.0.1:8000/deadlines/1/" in message.body
    assert "text/html" in [alt[1] for alt in message.alternatives]
    assert Notification.objects.get().email_status == "sent"


def test_no_email_when_the_caller_says_so(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.user("agency.market")], title="仅站内通知", email=False)
    assert mailoutbox == []


def test_bell_shows_the_unread_count_and_the_list_marks_read(world, client_for):
    notify(recipients=[world.user("agency.market")], title="第一条", email=False)
    notify(recipients=[world.user("agency.market")], title="第二条", email=False)
    client = client_for("agency.market")
    bell = client.get("/notifications/bell/").content.decode()
    assert 'data-testid="unread-count">2<' in bell
    page = client.get("/notifications/").content.decode()
    assert "第一条" in page and "第二条" in page
    first = Notification.objects.get(title="第一条")
    response = client.post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert 'data-testid="unread-count">1<' in response.content.decode()  # the bell refreshed out of band
    client.post("/notifications/read-all/")
    assert 'data-testid="unread-count"' not in client.get("/notifications/bell/").content.decode()


def test_past_ninety_nine_unread_the_bell_says_99_plus_and_the_api_still_counts_them_all(world, client_for, api_for):
    for n in range(101):
        notify(recipients=[world.user("agency.market")], title=f"期限提醒：书面报告（{n}）", email=False)
    bell = client_for("agency.market").get("/notifications/bell/").content.decode()
    assert 'data-testid="unread-count">99+<' in bell
    page = client_for("agency.market").get("/notifications/").content.decode()
    assert "99+条未读" in page
    assert api_for("agency.market").get("/api/v1/notifications/").json()["unread_count"] == 101
    notify(recipients=[world.user("agency.zhuji")], title="仅一条", email=False)
    assert 'data-testid="unread-count">1<' in client_for("agency.zhuji").get("/notifications/bell/").content.decode()


def test_someone_elses_notification_is_not_found(world, client_for):
    notify(recipients=[world.user("agency.market")], title="私人", email=False)
    other = Notification.objects.get()
    assert client_for("agency.zhuji").post(f"/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_the_link(world, client_for):
    notify(recipients=[world.user("agency.market")], title="去看看", url="/deadlines/calculator/", email=False)
    n = Notification.objects.get()
    response = client_for("agency.market").get(f"/notifications/{n.pk}/")
    assert response.status_code == 302 and response.url == "/deadlines/calculator/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_api_lists_only_own_notifications_and_marks_read(world, api_for):
    notify(recipients=[world.user("agency.market")], title="给市场监管局", email=False)
    notify(recipients=[world.user("agency.zhuji")], title="给诸暨", email=False)
    api = api_for("agency.market")
    body = api.get("/api/v1/notifications/").json()
    assert [n["title"] for n in body["results"]] == ["给市场监管局"]
    assert body["unread_count"] == 1
    pk = body["results"][0]["id"]
    assert api.post(f"/api/v1/notifications/{pk}/read/").json()["is_read"] is True
    other = Notification.objects.get(title="给诸暨").pk
    assert api.post(f"/api/v1/notifications/{other}/read/").status_code == 404
    notify(recipients=[world.user("agency.market")], title="再一条", email=False)
    assert api.post("/api/v1/notifications/read-all/").json()["marked"] == 1
    assert api.get("/api/v1/notifications/", {"unread": "1"}).json()["count"] == 0


def test_an_email_claimed_by_a_worker_that_died_is_sent_by_the_next_run(world, mailoutbox, settings):
    """Issue 15, nothing lost: a worker killed mid-batch leaves its e-mails `sending`; once the claim is older
    than the task's hard time limit the next run sends them, while a live worker's fresh claim is left alone."""
    from datetime import timedelta

    from django.utils import timezone

    from notifications.services import send_pending_emails

    user = world.user("agency.market")
    user.email = "market@yuecheng.example"
    user.save(update_fields=["email"])
    notify(recipients=[user], title="期限提醒：书面报告（一）", email=False)
    notify(recipients=[user], title="期限提醒：书面报告（二）", email=False)
    dead, live = Notification.objects.order_by("id")
    now = timezone.now()
    Notification.objects.filter(pk=dead.pk).update(
        email_status="sending", email_claimed_at=now - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT_SECONDS + 60))
    Notification.objects.filter(pk=live.pk).update(email_status="sending", email_claimed_at=now)

    assert send_pending_emails() == 1
    assert len(mailoutbox) == 1 and "（一）" in mailoutbox[0].subject
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.email_status, live.email_status) == ("sent", "sending")
