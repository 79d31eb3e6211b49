"""The workbench (工作台): who I am, where I work, what awaits me; navigation fitted to the role."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(world):
    call_command("seed_demo", "--force")  # the demo disputes, cases and proposals too
    return world


def nav_labels(html: str) -> list[str]:
    nav = html.split('id="mainnav"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', nav)


def counts(html: str) -> dict[str, int]:
    return {key: int(n) for key, n in re.findall(r'data-testid="count-(\w+)">(\d+)<', html)}


def test_the_workbench_says_who_i_am_and_what_i_oversee(client_for, world):
    html = client_for("township.office").get("/").content.decode()

    assert "赵丽娟" in html and "塔山街道司法所" in html and "经办人" in html
    assert "越城区塔山街道" in html


def test_an_agency_contact_is_told_it_sees_only_its_own_matters(client_for, world):
    html = client_for("agency.market").get("/").content.decode()

    assert "越城区市场监督管理局" in html and "本单位为当事方的事项" in html


def test_navigation_shows_only_what_the_role_may_use(client_for, world):
    bureau = nav_labels(client_for("yuecheng.reviewer").get("/").content.decode())
    agency = nav_labels(client_for("agency.market").get("/").content.decode())

    assert {"工作台", "职责争议", "执法监督", "联合执法", "群众线索"} <= set(bureau)
    assert "我单位收到的通知书" in agency and "我单位收到的通知书" not in bureau
    assert "群众线索" not in agency and "案卷评查" not in agency


def test_the_workbench_counts_what_awaits_the_user(client_for, demo):
    # The demo food-safety case has a notice served on 越城区市场监督管理局, awaiting its report.
    market = counts(client_for("agency.market").get("/").content.decode())

    assert set(market) == {"awaiting", "due_soon", "overdue"}
    assert market["awaiting"] >= 1


def test_a_user_of_another_county_has_nothing_from_yuecheng_on_the_workbench(client_for, demo):
    html = client_for("zhuji.reviewer").get("/").content.decode()

    assert "越城区" not in html.split('data-testid="my-tasks"', 1)[1]


def test_past_ten_overdue_the_group_says_more_wait_and_the_deadline_due_soon_still_shows(client_for, world):
    """Eleven 书面报告 overdue and one due in three days: the overdue group shows its first ten, "10+" and a link to
    all of them; the one about to expire is not crowded out."""
    from datetime import timedelta

    from deadlines.selectors import today
    from deadlines.services import open_deadline
    from deadlines.sweep import sweep

    agency, bureau = world.org("越城区市场监督管理局"), world.org("越城区司法局")
    for n in range(11):
        open_deadline(subject=agency, kind="report", starts_on=today() - timedelta(days=60 + n), days=30,
                      responsible=agency, supervisor=bureau, title=f"书面报告整改情况（第{n + 1}份）")
    open_deadline(subject=agency, kind="report", starts_on=today() - timedelta(days=27), days=30,
                  responsible=agency, supervisor=bureau, title="书面报告整改情况（即将到期）")
    sweep()

    html = client_for("agency.market").get("/").content.decode()

    assert 'data-testid="count-overdue">10+<' in html and "还有更多" in html
    assert 'href="/deadlines/?state=overdue"' in html
    assert "书面报告整改情况（即将到期）" in html and 'data-testid="count-due_soon">1<' in html


def test_a_time_limit_about_to_expire_links_to_its_case(client_for, demo):
    """A 书面报告 time limit of a case served on 越城区市场监督管理局, due in three days: the agency's workbench
    lists it under 即将到期 and the line opens the case (the subject is read for its id alone)."""
    from datetime import timedelta

    from deadlines.selectors import today
    from deadlines.services import open_deadline
    from supervision.models import SupervisionCase

    agency, bureau = demo.org("越城区市场监督管理局"), demo.org("越城区司法局")
    case = SupervisionCase.objects.filter(supervised_units=agency).order_by("pk").first()
    open_deadline(subject=case, kind="report", starts_on=today() - timedelta(days=27), days=30,
                  responsible=agency, supervisor=bureau, title="书面报告整改情况（三日后届满）")

    html = client_for("agency.market").get("/").content.decode()

    line = html.split("书面报告整改情况（三日后届满）", 1)[0].rsplit("<a ", 1)[1]
    assert f'href="/supervision/{case.pk}/"' in line
