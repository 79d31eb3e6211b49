"""Problems found by category (条例 Art. 11 ¶2, Art. 12) as a section of the statistics page, the API and the
briefing: counted like /supervision/findings/, scoped like every figure, each category opening its cases."""

from datetime import date

import pytest
import time_machine

from cockpit.briefings import briefing_figures
from tests.supervision.test_finding_statistics import _opinion

pytestmark = pytest.mark.django_db
PERIOD = "from=2026-03-01&to=2026-04-30"


def _points(body, slug):
    figure = next(f for f in body["figures"] if f["slug"] == slug)
    return {p["key"]: p for p in figure["series"][0]["points"]}


def test_findings_are_a_section_of_the_page_the_api_and_the_briefing(world, api_for, client_for):
    first = _opinion(world, "2026-03-02", findings_art11=["a11_3", "a11_2"], findings_art12=["a12_3"])
    second = _opinion(world, "2026-04-01", findings_art11=["a11_3"], findings_art12=[])
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        body = api_for("yuecheng.reviewer").get(f"/api/v1/statistics/findings/?{PERIOD}").json()
        art11, art12 = _points(body, "findings_art11"), _points(body, "findings_art12")
        assert art11["a11_3"]["value"] == 2 and art11["a11_2"]["value"] == 1 and art11["a11_1"]["value"] == 0
        assert art12["a12_3"]["value"] == 1 and len(art11) == 7 and len(art12) == 8
        march = api_for("yuecheng.reviewer").get("/api/v1/statistics/findings/?from=2026-03-01&to=2026-03-31").json()
        assert _points(march, "findings_art11")["a11_3"]["value"] == 1
        # Another county sees none of them; the city sees them, and with 诸暨's filter none.
        zhuji = api_for("zhuji.reviewer").get(f"/api/v1/statistics/findings/?{PERIOD}").json()
        assert _points(zhuji, "findings_art11")["a11_3"]["value"] == 0
        city = api_for("city.reviewer").get(f"/api/v1/statistics/findings/?{PERIOD}").json()
        assert _points(city, "findings_art11")["a11_3"]["value"] == 2
        only_zhuji = api_for("city.reviewer").get(f"/api/v1/statistics/findings/?{PERIOD}&county=330681").json()
        assert _points(only_zhuji, "findings_art11")["a11_3"]["value"] == 0

        # Drill-down: the category opens the case list with the cases whose instruments name it.
        reader = client_for("yuecheng.reviewer")
        url = art11["a11_2"]["url"]
        assert url.startswith("/supervision/?") and "finding=a11_2" in url
        listed = reader.get(url).content.decode()
        assert first.number in listed and second.number not in listed
        both = reader.get("/supervision/?finding=a11_3").content.decode()
        assert first.number in both and second.number in both
        assert first.number not in reader.get("/supervision/?finding=a12_1").content.decode()

        page = reader.get(f"/statistics/?{PERIOD}").content.decode()
        assert "发现的问题（《条例》第十一条第二款）" in page and "finding=a11_3" in page

    tables = {t["slug"]: t for t in briefing_figures(world.org("越城区司法局"), date(2026, 3, 1), date(2026, 4, 30))["tables"]}
    rows = {row[0]: row[1] for row in tables["findings_art11"]["rows"]}
    assert sum(rows.values()) == 3 and len(rows) == 7
    assert sum(row[1] for row in tables["findings_art12"]["rows"]) == 1
