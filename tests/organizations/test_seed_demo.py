"""`seed_demo`: the real Shaoxing hierarchy and the demo accounts of api.md, idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from organizations.demo import seed_demo
from organizations.models import Division, Membership, Organization, SupervisorCertificate

pytestmark = pytest.mark.django_db

API_ACCOUNTS = {
    "city.reviewer": ("绍兴市司法局", "reviewer"),
    "city.gov": ("绍兴市人民政府", "leader"),
    "yuecheng.clerk": ("越城区司法局", "clerk"),
    "yuecheng.reviewer": ("越城区司法局", "reviewer"),
    "yuecheng.leader": ("越城区司法局", "leader"),
    "yuecheng.gov": ("越城区人民政府", "leader"),
    "zhuji.reviewer": ("诸暨市司法局", "reviewer"),
    "agency.market": ("越城区市场监督管理局", "agency_contact"),
    "agency.enforcement": ("越城区综合行政执法局", "agency_contact"),
    "guidance.city": ("绍兴市综合行政执法指导办公室", "reviewer"),
}


def test_every_division_of_the_reference_file_is_loaded_with_its_real_code(world):
    assert Division.objects.count() == 110
    assert Division.objects.filter(level="county").count() == 6
    assert Division.objects.filter(level="township").count() == 103
    assert Division.objects.get(code="330602017").name == "沥海街道"
    assert Division.objects.get(code="330602017").parent.name == "越城区"


def test_every_area_gets_its_organisations(world):
    assert Organization.objects.filter(kind="justice_office").count() == 103
    for county in Division.objects.filter(level="county"):
        kinds = set(county.organizations.values_list("kind", flat=True))
        assert {"government", "justice_bureau", "enforcement_guidance"} <= kinds, county.name
    assert world.org("绍兴市司法局").doc_prefix == "绍司"
    assert world.org("越城区司法局").doc_prefix == "越司"
    assert world.org("塔山街道司法所").parent == world.org("越城区司法局")


def test_yuecheng_and_zhuji_have_a_realistic_set_of_enforcement_agencies(world):
    for county in ("越城区", "诸暨市"):
        agencies = Organization.objects.filter(kind="enforcement_agency", division__name=county)
        assert agencies.count() == 21, county
    assert Organization.objects.filter(name="绍兴市生态环境局越城分局", division__name="越城区").exists()
    assert Organization.objects.filter(name="绍兴市公安局越城区分局").exists()
    assert Organization.objects.filter(name="诸暨市公安局").exists()


def test_the_demo_accounts_of_the_api_doc_exist_with_their_roles(world):
    for username, (organization, role) in API_ACCOUNTS.items():
        assert Membership.objects.filter(user__username=username, organization__name=organization, role=role).exists()
    office = Membership.objects.get(user__username="township.office").organization
    assert office.kind == "justice_office" and office.division.parent.name == "越城区"
    zhuji_office = Membership.objects.get(user__username="zhuji.office").organization
    assert zhuji_office.kind == "justice_office" and zhuji_office.division.parent.name == "诸暨市"
    assert Membership.objects.get(user__username="agency.zhuji").organization.division.name == "诸暨市"
    assert get_user_model().objects.get(username="admin").is_superuser


def test_demo_passwords_work(world, settings):
    assert world.user("yuecheng.leader").check_password(settings.DEMO_PASSWORD)


def test_required_supervisors_hold_certificates(world):
    holders = set(SupervisorCertificate.objects.values_list("holder__username", flat=True))
    assert {"yuecheng.clerk", "yuecheng.reviewer", "zhuji.reviewer"} <= holders
    others_in_bureau = holders & {"yuecheng.leader"}
    assert others_in_bureau, "one more person in 越城区司法局 must hold a certificate"


def test_running_it_again_creates_nothing(world):
    before = (Division.objects.count(), Organization.objects.count(), Membership.objects.count(),
              get_user_model().objects.count(), SupervisorCertificate.objects.count())

    report = seed_demo()

    assert report.total == 0
    after = (Division.objects.count(), Organization.objects.count(), Membership.objects.count(),
             get_user_model().objects.count(), SupervisorCertificate.objects.count())
    assert before == after


def test_it_refuses_to_run_without_debug_unless_forced(world, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    call_command("seed_demo", "--force")  # runs, and still changes nothing
