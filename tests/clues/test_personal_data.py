"""A citizen's name and phone stay with the bureau handling the clue; governments and guidance
offices that may read the clue see them masked; no tracking code leaves the clue (issue 15)."""

import datetime
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from audit.models import AuditEvent
from clues import services
from clues.models import Clue
from organizations.models import Division

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world):
    return services.submit_clue(
        county=Division.objects.get(name="越城区"), township=world.division("塔山街道"), agency=None,
        description="执法人员暂扣我的三轮车，没有出具清单。", occurred_on=datetime.date.today(),
        reporter_name="张三丰", reporter_phone="13812345678")


def test_the_handling_bureau_sees_the_reporter_and_the_view_is_audited(reported, api_for, client_for):
    body = api_for("yuecheng.clerk").get(f"/api/v1/clues/{reported.pk}/").json()

    assert (body["reporter_name"], body["reporter_phone"]) == ("张三丰", "13812345678")
    assert body["tracking_code"] == reported.tracking_code
    event = AuditEvent.objects.filter(action="view_personal_data").first()
    assert event.username == "yuecheng.clerk" and event.target_id == str(reported.pk)

    page = client_for("yuecheng.clerk").get(f"/clues/{reported.pk}/")
    assert "张三丰" in page.content.decode()
    assert AuditEvent.objects.filter(action="view_personal_data", username="yuecheng.clerk").count() == 2


@pytest.mark.parametrize("username", ["yuecheng.gov", "city.reviewer"])
def test_other_bodies_that_may_read_the_clue_see_it_masked_and_without_its_tracking_code(
        reported, api_for, client_for, username):
    response = api_for(username).get(f"/api/v1/clues/{reported.pk}/")
    if response.status_code == 404:
        pytest.skip(f"{username} cannot read this clue at all")
    body = response.json()

    assert (body["reporter_name"], body["reporter_phone"]) == ("张**", "138****5678")
    assert body["tracking_code"] is None and body["reporter_masked"] is True
    listed = api_for(username).get("/api/v1/clues/").json()["results"]
    assert all(row["reporter_name"] in ("", "张**") for row in listed)

    page = client_for(username).get(f"/clues/{reported.pk}/").content.decode()
    assert "张三丰" not in page and "13812345678" not in page and reported.display_code not in page
    assert not AuditEvent.objects.filter(action="view_personal_data", username=username).exists()


def test_converting_a_clue_does_not_copy_its_tracking_code_into_the_case(reported, world):
    from supervision.models import SupervisionCase

    services.convert_clue_to_case(reported, acting_user=world.user("yuecheng.reviewer"), method="individual",
                                  focus_area="other", summary="暂扣物品未出具清单",
                                  supervised_units=[world.org("越城区综合行政执法局")])
    reported.refresh_from_db()
    case = SupervisionCase.objects.get(pk=reported.case_id)

    texts = " ".join(str(v) for v in case.__dict__.values())
    assert reported.tracking_code not in texts and reported.display_code not in texts
    assert f"#{reported.pk}" in case.source_detail


def test_a_clue_never_prints_its_tracking_code_in_lists_and_logs(reported):
    assert reported.tracking_code not in str(reported)
    assert reported.display_code not in str(reported)


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_get_exactly_the_limit_through(transactional_world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CLUES_SUBMISSIONS_PER_HOUR = 5
    before = Clue.objects.count()
    barrier = threading.Barrier(20)
    statuses = []

    def post():
        try:
            barrier.wait()
            response = APIClient().post("/api/v1/clues/", {
                "county": "330602", "description": "并发提交测试：执法人员未出示证件。",
                "occurred_on": datetime.date.today().isoformat()}, format="json", REMOTE_ADDR="203.0.113.9")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    print(f"\n20 concurrent posts: {statuses.count(201)} accepted, {statuses.count(429)} refused")
    assert statuses.count(201) == 5
    assert statuses.count(429) == 15
    assert Clue.objects.count() - before == 5
    cache.clear()
