"""The deadline calendar: a month and a week, for one's own organisation or the whole bureau, rest days shown."""

from datetime import date

import pytest

from deadlines.services import open_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_deadline(world):
    agency = world.org("越城区市场监督管理局")
    # Received 17 January 2026, 30 days: day 30 falls in the Spring Festival, so it rolls to 24 February.
    return open_deadline(subject=agency, kind="report", starts_on=date(2026, 1, 17), days=30, responsible=agency,
                         title="书面报告落实情况", acting_user=world.user("yuecheng.clerk"))


def _cell(html: str, day: str) -> str:
    start = html.index(f'data-date="{day}"')
    return html[start:html.index("</td>", start)]


def test_month_view_shows_the_deadline_on_its_day_and_the_spring_festival_as_rest_days(client_for, report_deadline):
    html = client_for("agency.market").get("/deadlines/calendar/?view=month&date=2026-02-10").content.decode()
    assert "2026年2月" in html
    assert "书面报告落实情况" in _cell(html, "2026-02-24")
    assert 'data-rest="1"' in _cell(html, "2026-02-17") and "春节" in _cell(html, "2026-02-17")
    assert "班" in _cell(html, "2026-02-14")  # a Saturday made a working day (调休)
    assert 'data-rest="0"' in _cell(html, "2026-02-14")


def test_week_view_and_the_bureau_view(client_for, report_deadline):
    county = client_for("yuecheng.reviewer").get("/deadlines/calendar/?view=week&date=2026-02-24").content.decode()
    assert county.count('data-date="') == 7 and "书面报告落实情况" in _cell(county, "2026-02-24")  # it supervises it
    city = client_for("city.reviewer")
    week = city.get("/deadlines/calendar/?view=week&date=2026-02-24&who=bureau").content.decode()
    assert "书面报告落实情况" in _cell(week, "2026-02-24")
    # The city bureau neither answers for this deadline nor watches it: not among its own.
    mine = city.get("/deadlines/calendar/?view=week&date=2026-02-24&who=mine").content.decode()
    assert "书面报告落实情况" not in mine


def test_another_county_sees_nothing_of_it(client_for, report_deadline):
    html = client_for("zhuji.reviewer").get("/deadlines/calendar/?view=month&date=2026-02-01&who=bureau").content.decode()
    assert "书面报告落实情况" not in html


def test_a_bad_date_falls_back_to_this_month(client_for):
    assert client_for("agency.market").get("/deadlines/calendar/?date=2026-13-40").status_code == 200
