"""Art. 4: a citizen reports a concern without an account and follows it with a tracking code."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clues.models import Clue, ClueState

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_citizen_submits_anonymously_and_tracks_it(client, world, clue_form_data):
    response = client.post(reverse("clues:new"), clue_form_data())

    clue = Clue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clues:track", args=[clue.tracking_code])
    assert clue.is_anonymous
    assert clue.routed_to == world.org("越城区司法局")
    assert clue.state == ClueState.RECEIVED

    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert clue.display_code in text
    assert "已接收，待分办" in text
    # Only the status and the reply: never the content of the report.
    assert "三轮车" not in text


def test_the_tracking_code_is_long_random_and_not_guessable(client, clue_form_data):
    for _ in range(2):
        client.post(reverse("clues:new"), clue_form_data())
    codes = list(Clue.objects.values_list("tracking_code", flat=True))
    assert len(set(codes)) == 2
    assert all(len(code) == 16 for code in codes)
    assert client.get(reverse("clues:track", args=["AAAABBBBCCCCDDDD"])).status_code == 404


def test_tracking_lookup_accepts_the_code_as_written_with_dashes_and_lower_case(client, clue_form_data):
    client.post(reverse("clues:new"), clue_form_data())
    clue = Clue.objects.get()
    response = client.get(reverse("clues:track-lookup"), {"code": clue.display_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == clue.get_tracking_url()


def test_a_clue_without_a_county_goes_to_the_city_bureau(client, world, clue_form_data):
    client.post(reverse("clues:new"), clue_form_data(county="", township=""))
    clue = Clue.objects.get()
    assert clue.routed_to == world.org("绍兴市司法局")
    assert clue.division.name == "绍兴市"


def test_a_clue_in_zhuji_goes_to_the_zhuji_bureau(client, world, clue_form_data):
    client.post(reverse("clues:new"), clue_form_data(county="330681", township=world.division("暨阳街道").code))
    assert Clue.objects.get().routed_to == world.org("诸暨市司法局")


def test_a_township_of_another_county_is_refused_with_a_chinese_message(client, world, clue_form_data):
    response = client.post(reverse("clues:new"), clue_form_data(township=world.division("暨阳街道").code))
    assert response.status_code == 400
    assert "所选乡镇（街道）不属于所选县（市、区）" in response.content.decode()
    assert not Clue.objects.exists()


def test_a_wrong_sum_is_refused_and_a_new_sum_is_asked(client, clue_form_data):
    data = clue_form_data()
    data["answer"] = "99"
    response = client.post(reverse("clues:new"), data)
    assert response.status_code == 400
    assert "计算结果不正确" in response.content.decode()
    assert not Clue.objects.exists()


def test_a_filled_honeypot_is_refused(client, clue_form_data):
    response = client.post(reverse("clues:new"), clue_form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Clue.objects.exists()


def test_missing_description_and_future_date_give_chinese_errors_and_change_nothing(client, clue_form_data):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("clues:new"), clue_form_data(description="太差", occurred_on=tomorrow))
    text = response.content.decode()
    assert response.status_code == 400
    assert "至少10个字" in text
    assert "发生日期不能晚于今天" in text
    assert not Clue.objects.exists()


def test_a_bad_phone_number_is_refused(client, clue_form_data):
    response = client.post(reverse("clues:new"), clue_form_data(reporter_phone="12345"))
    assert response.status_code == 400
    assert "请填写11位手机号码" in response.content.decode()


def test_a_photo_is_stored_with_its_sha256(client, clue_form_data):
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    client.post(reverse("clues:new"), {**clue_form_data(reporter_name="张三", reporter_phone="13800001111"),
                                       "attachments": [photo]})
    clue = Clue.objects.get()
    attachment = clue.attachments.get()
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "现场.png"
    assert not clue.is_anonymous


def test_an_executable_disguised_as_a_photo_is_refused(client, clue_form_data):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64, content_type="image/jpeg")
    response = client.post(reverse("clues:new"), {**clue_form_data(), "attachments": [fake]})
    assert response.status_code == 400
    assert "不是图片或PDF文件" in response.content.decode()
    assert not Clue.objects.exists()


def test_a_file_over_10_mb_is_refused(client, clue_form_data):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = client.post(reverse("clues:new"), {**clue_form_data(), "attachments": [big]})
    assert response.status_code == 400
    assert "超过10MB" in response.content.decode()


def test_the_sixth_clue_in_an_hour_from_one_address_is_refused(client, clue_form_data):
    for _ in range(5):
        assert client.post(reverse("clues:new"), clue_form_data()).status_code == 302
    response = client.post(reverse("clues:new"), clue_form_data())
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Clue.objects.count() == 5
    # Another address is not affected.
    other = client.post(reverse("clues:new"), clue_form_data(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_the_county_select_loads_its_townships(client, world):
    response = client.get(reverse("clues:new"), {"county": "330681"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "暨阳街道" in text
    assert "塔山街道" not in text


def test_the_public_form_works_without_signing_in(client):
    response = client.get(reverse("clues:new"))
    assert response.status_code == 200
    assert "反映行政执法问题" in response.content.decode()


@pytest.mark.parametrize("api_data", [{"description": "短"}, {"occurred_on": "not-a-date"}])
def test_the_public_api_reports_field_errors(api_client_anonymous, world, api_data):
    body = {"county": "330602", "description": "执法人员未出示证件即进入店铺检查并拍照。", "occurred_on": "2026-11-01",
            **api_data}
    response = api_client_anonymous.post("/api/v1/clues/", body, format="json")
    assert response.status_code == 400
    field = next(iter(api_data))
    assert field in response.json()["errors"]
    assert not Clue.objects.exists()


def test_the_public_api_returns_a_tracking_code(api_client_anonymous, world):
    response = api_client_anonymous.post("/api/v1/clues/", {
        "county": "330602", "township": world.division("塔山街道").code,
        "description": "执法人员未出示证件即进入店铺检查并拍照。", "occurred_on": "2026-11-01",
    }, format="json")
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    assert Clue.objects.get(tracking_code=code).routed_to == world.org("越城区司法局")
    assert response.json()["state_display"] == "已接收，待分办"


def test_the_public_api_is_throttled_too(api_client_anonymous, world):
    body = {"description": "执法人员未出示证件即进入店铺检查并拍照。", "occurred_on": "2026-11-01"}
    for _ in range(5):
        assert api_client_anonymous.post("/api/v1/clues/", body, format="json").status_code == 201
    response = api_client_anonymous.post("/api/v1/clues/", body, format="json")
    assert response.status_code == 429
    assert "提交过于频繁" in response.json()["detail"]


def test_reading_clues_through_the_api_needs_an_account(api_client_anonymous, world):
    assert api_client_anonymous.get("/api/v1/clues/").status_code in (401, 403)


@pytest.fixture
def api_client_anonymous():
    from rest_framework.test import APIClient

    return APIClient()

