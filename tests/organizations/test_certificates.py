"""Art. 14: supervisors show a valid 行政执法监督证; the supervised can verify it through its QR code."""

from datetime import date

import pytest

from organizations.models import SupervisorCertificate

pytestmark = pytest.mark.django_db


def test_certificates_valid_on_a_date_exclude_expired_future_and_suspended(world):
    clerk = world.user("yuecheng.clerk")
    issuer = world.org("绍兴市司法局")
    SupervisorCertificate.objects.create(number="T-OLD", holder=clerk, issuer=issuer,
                                         valid_from=date(2020, 1, 1), valid_to=date(2024, 12, 31))
    SupervisorCertificate.objects.create(number="T-SUSP", holder=clerk, issuer=issuer,
                                         valid_from=date(2025, 1, 1), valid_to=date(2028, 12, 31), status="suspended")
    SupervisorCertificate.objects.create(number="T-NEXT", holder=clerk, issuer=issuer,
                                         valid_from=date(2027, 1, 1), valid_to=date(2029, 12, 31))

    valid_2026 = set(SupervisorCertificate.objects.filter(holder=clerk).valid_on(date(2026, 11, 25))
                     .values_list("number", flat=True))
    valid_2027 = set(SupervisorCertificate.objects.filter(holder=clerk).valid_on(date(2027, 1, 1))
                     .values_list("number", flat=True))

    assert valid_2026 == {"绍执监2025011"}
    assert valid_2027 == {"绍执监2025011", "T-NEXT"}


def test_the_last_day_of_validity_still_counts(world):
    cert = SupervisorCertificate.objects.get(number="绍执监2025011")

    assert cert.is_valid_on(date(2028, 12, 31))
    assert not cert.is_valid_on(date(2029, 1, 1))


def test_the_demo_bureau_can_staff_an_onsite_activity_with_two_certified_supervisors(world):
    holders = SupervisorCertificate.objects.valid_on(date(2026, 11, 25)).filter(
        holder__memberships__organization__name="越城区司法局"
    ).values_list("holder__username", flat=True)

    assert {"yuecheng.clerk", "yuecheng.reviewer", "yuecheng.leader"} <= set(holders)
    assert SupervisorCertificate.objects.valid_on(date(2026, 11, 25)).filter(holder__username="zhuji.reviewer").exists()


def test_the_public_verification_page_shows_holder_issuer_validity_and_status_only(client, world):
    cert = SupervisorCertificate.objects.get(number="绍执监2025012")

    response = client.get(cert.get_verification_url())  # no login: the person supervised scans it on site

    assert response.status_code == 200
    page = response.content.decode()
    assert "陈立明" in page and "绍兴市司法局" in page
    assert "2025年1月1日" in page and "2028年12月31日" in page
    assert "今日有效" in page
    assert "yuecheng.reviewer" not in page and "@" not in page  # no username, no e-mail


def test_a_revoked_certificate_shows_as_invalid(client, world):
    cert = SupervisorCertificate.objects.get(number="绍执监2025012")
    cert.status = SupervisorCertificate.Status.REVOKED
    cert.save()

    page = client.get(cert.get_verification_url()).content.decode()

    assert "今日无效" in page and "吊销" in page


def test_the_qr_code_encodes_the_verification_page(client, world):
    cert = SupervisorCertificate.objects.get(number="绍执监2025012")

    response = client.get(f"/org/certificates/verify/{cert.verification_key}/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_an_unknown_verification_key_is_not_found(client, world):
    assert client.get("/org/certificates/verify/00000000-0000-0000-0000-000000000000/").status_code == 404
