"""The case tally behind the statistics page's case figures (issue 16) is always the cases' own count.

Database triggers keep it in the statement that writes a case. These scenarios change cases the ways the
workflow does (open, change state, close, re-scope, a bulk `update`) and after each one check
the tally against a rebuild from scratch and the page's figures against the same figures counted live.
"""

from datetime import date

import pytest
import time_machine

from cockpit import selectors, tallies
from cockpit.filters import Scope
from cockpit.models import CaseTally
from supervision import services
from supervision.models import SupervisionCase
from tests.supervision.factories import open_market_case, to_violation

pytestmark = pytest.mark.django_db
YEAR = Scope(start=date(2026, 1, 1), end=date(2026, 12, 31))
# Starts and ends inside a month: the cut months are read from the day rows.
CUT = Scope(start=date(2026, 3, 5), end=date(2026, 4, 15))


def _tally() -> dict:
    return {(r.scope_key, r.event, r.grain, r.day, r.method, r.focus_area, r.state): r.n
            for r in CaseTally.objects.exclude(n=0)}


def _figures(user, scope, *, live: bool, monkeypatch) -> tuple:
    for attribute in ("_cockpit_opened_counts", "_cockpit_closed_months"):  # the per-request caches
        user.__dict__.pop(attribute, None)
    with monkeypatch.context() as patch:
        if live:
            patch.setattr(tallies, "tally_key", lambda user, scope: None)
        counts = selectors.opened_case_counts(user, scope)
        agencies = sorted((row.pk, row.cases, row.violations) for row in selectors.agency_rows(user, scope))
        return counts, selectors.closed_case_months(user, scope), agencies


def assert_tally_exact(world, monkeypatch, *, scopes=(YEAR, CUT)):
    """The tally equals a rebuild from the cases, and every reader's figures equal the live counts."""
    kept = _tally()
    tallies.rebuild()
    assert _tally() == kept
    for username in ("city.reviewer", "yuecheng.reviewer", "zhuji.reviewer"):
        user = world.user(username)
        for scope in scopes:
            assert tallies.tally_key(user, scope) is not None
            assert _figures(user, scope, live=False, monkeypatch=monkeypatch) == \
                _figures(user, scope, live=True, monkeypatch=monkeypatch), (username, scope)


def _opened(world, username, scope=YEAR) -> int:
    user = world.user(username)
    user.__dict__.pop("_cockpit_opened_counts", None)
    return sum(selectors.opened_case_counts(user, scope)["month"].values())


def test_the_tally_follows_every_kind_of_write_to_a_case(world, monkeypatch):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        a = open_market_case(world)
    assert_tally_exact(world, monkeypatch)
    assert _opened(world, "yuecheng.reviewer") == 1 and _opened(world, "zhuji.reviewer") == 0

    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):  # a state change through the workflow
        a = services.start_investigation(a, acting_user=world.user("yuecheng.clerk"))
    assert_tally_exact(world, monkeypatch)

    with time_machine.travel("2026-03-11 09:00 +0800", tick=False):  # the agency table's 发现违法或不当
        b = to_violation(world, open_market_case(world), on=date(2026, 3, 11))
    assert_tally_exact(world, monkeypatch)
    market = world.org("越城区市场监督管理局").pk
    assert tallies.unit_counts("d330602", YEAR) == ({market: 2}, {market: 1})
    assert b.state == "violation_found"

    with time_machine.travel("2026-04-12 09:00 +0800", tick=False):  # closed: counted in April's closures
        services.conclude_no_issue(a, acting_user=world.user("yuecheng.reviewer"), finding="未发现违法或不当。")
    assert_tally_exact(world, monkeypatch)
    city = world.user("city.reviewer")
    assert selectors.closed_case_months(city, YEAR) == {"2026-04": 1}

    # Re-scoped: the case moves to 诸暨市's bureau; 越城区 no longer counts it, 诸暨市 does.
    case = SupervisionCase.objects.get(pk=a.pk)
    case.handling_org = world.org("诸暨市司法局")
    case.save()
    assert_tally_exact(world, monkeypatch)
    assert _opened(world, "yuecheng.reviewer") == 1 and _opened(world, "zhuji.reviewer") == 1

    # A bulk update bypasses save() (as services/methods.py's do); the trigger still sees it.
    SupervisionCase.objects.filter(pk=a.pk).update(focus_area="ecology", opened_on=date(2026, 4, 14))
    assert_tally_exact(world, monkeypatch)
    assert _opened(world, "city.reviewer", Scope(YEAR.start, YEAR.end, focus_area="ecology")) == 1
    assert tallies.unit_counts("d330681", YEAR) == ({market: 1}, {})  # the re-scoped case keeps its unit


def test_a_county_sees_none_of_another_countys_numbers_and_the_city_sees_both(world, monkeypatch):
    with time_machine.travel("2026-03-06 09:00 +0800", tick=False):
        open_market_case(world)
        open_market_case(world, method="daily_inspection", focus_area="ecology")
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        open_market_case(world, by="zhuji.reviewer", org="诸暨市司法局", unit="诸暨市市场监督管理局")
    assert_tally_exact(world, monkeypatch)
    assert tallies.tally_key(world.user("yuecheng.reviewer"), YEAR) == "d330602"
    assert _opened(world, "yuecheng.reviewer") == 2
    assert _opened(world, "zhuji.reviewer") == 1
    assert _opened(world, "city.reviewer") == 3
    assert _opened(world, "city.reviewer", Scope(YEAR.start, YEAR.end, county="330681")) == 1
    assert _opened(world, "city.reviewer", Scope(YEAR.start, YEAR.end, focus_area="ecology")) == 1
    # A period cut inside March: the 6 March cases are in from the 5th, out from the 7th.
    assert _opened(world, "city.reviewer", CUT) == 3
    assert _opened(world, "city.reviewer", Scope(date(2026, 3, 7), date(2026, 4, 30))) == 1
    # A county may not ask for another county's figures through the filter: no tally key, counted live (0).
    assert tallies.tally_key(world.user("yuecheng.reviewer"), Scope(YEAR.start, YEAR.end, county="330681")) is None
    # An agency filter is not in the tally: counted live.
    agency = world.org("越城区市场监督管理局").pk
    assert tallies.tally_key(world.user("city.reviewer"), Scope(YEAR.start, YEAR.end, agency=agency)) is None
    assert _opened(world, "city.reviewer", Scope(YEAR.start, YEAR.end, agency=agency)) == 2


def test_a_load_that_bypassed_the_triggers_is_recounted_by_the_rebuild(world, monkeypatch):
    with time_machine.travel("2026-03-06 09:00 +0800", tick=False):
        open_market_case(world)
    kept = _tally()
    CaseTally.objects.all().delete()  # as after a COPY with triggers off
    assert _opened(world, "yuecheng.reviewer") == 0
    assert tallies.rebuild() == len(kept)
    assert _tally() == kept
    assert _opened(world, "yuecheng.reviewer") == 1
