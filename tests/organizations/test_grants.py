"""One record opened to one person (django-guardian), by an administrator, on the record's timeline."""

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from disputes.selectors import get_dispute_for_user
from organizations import grants
from tests.disputes.factories import submitted
from workflow.errors import ActionNotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(world):
    return get_user_model().objects.create_superuser("grant.admin", "admin@example.org", "x" * 12, first_name="管理员")


def test_a_grant_opens_one_record_to_one_person_and_the_timeline_says_so(world, admin_user):
    dispute = submitted(world)  # a 越城区 dispute: 诸暨 cannot see it
    outsider = world.user("zhuji.reviewer")
    with pytest.raises(Http404):
        get_dispute_for_user(outsider, dispute.pk)

    grants.grant_view(dispute, user=outsider, acting_user=admin_user, reason="请诸暨市司法局协助核对管辖")
    outsider = world.user("zhuji.reviewer")  # the next request: grants are read once per request
    assert get_dispute_for_user(outsider, dispute.pk) == dispute
    assert grants.users_granted(dispute) == [outsider]
    step = dispute.transitions.get(action="grant_access")
    assert "zhuji.reviewer" in step.note and "协助核对管辖" in step.note and step.actor == admin_user

    grants.revoke_view(dispute, user=outsider, acting_user=admin_user, reason="协助已完成")
    outsider = world.user("zhuji.reviewer")
    with pytest.raises(Http404):
        get_dispute_for_user(outsider, dispute.pk)
    assert dispute.transitions.filter(action="revoke_access").count() == 1


def test_only_an_administrator_grants_and_always_with_a_reason(world, admin_user):
    from django.core.exceptions import ValidationError

    dispute = submitted(world)
    with pytest.raises(ActionNotPermitted):
        grants.grant_view(dispute, user=world.user("zhuji.reviewer"), acting_user=world.user("city.reviewer"),
                          reason="想看看")
    with pytest.raises(ValidationError):
        grants.grant_view(dispute, user=world.user("zhuji.reviewer"), acting_user=admin_user, reason=" ")
    assert not dispute.transitions.filter(action="grant_access").exists()


def test_the_admin_grants_through_the_service(world, admin_user, client):
    from django.contrib.contenttypes.models import ContentType

    dispute = submitted(world)
    client.force_login(admin_user)
    assert client.get("/admin/guardian/userobjectpermission/add/").status_code == 200
    response = client.post("/admin/guardian/userobjectpermission/add/", {
        "user": world.user("zhuji.reviewer").pk, "content_type": ContentType.objects.get_for_model(dispute).pk,
        "object_pk": str(dispute.pk), "reason": "协助核对"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert dispute.transitions.filter(action="grant_access").exists()


def test_configuration_records_keep_their_history(world):
    org = world.org("越城区司法局")
    org.short_name = "越城司法"
    org.save()
    assert org.history.count() >= 1
    assert org.history.first().short_name == "越城司法"
