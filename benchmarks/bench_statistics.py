"""Benchmark the statistics page at volume (issue 16; `make bench-statistics`). Prints figures; not a test.

Needs a scratch PostgreSQL database in DATABASE_URL (its supervision tables are emptied):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_bench python benchmarks/bench_statistics.py [--n 1000000]

Loads N supervision cases with COPY (spread over 2026 and every county's bureau, methods, focus
areas and states, each with one supervised unit and a transition row per case for a third of them),
then times the statistics API's topics and the whole page for the city and for a county bureau:
median of five warm runs, with the number of queries.
"""

import argparse
import io
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the cases loaded by an earlier run")
    parser.add_argument("--rebuild", action="store_true",
                        help="time a set-based rebuild of the case tally (the COPY's triggers keep it already)")
    parser.add_argument("--live", action="store_true",
                        help="count every figure live from the cases, without the case tally (the figures before it)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench-statistics needs PostgreSQL: set DATABASE_URL to a scratch database")
    from organizations.demo import seed_demo
    from supervision.models import SupervisionCase

    call_command("migrate", verbosity=0)
    seed_demo()
    if not (args.reuse and SupervisionCase.objects.count() >= args.n):
        load_cases(connection, args.n)
    from cockpit import tallies

    if args.rebuild:
        t0 = time.perf_counter()
        rows = tallies.rebuild()
        print(f"case tally rebuilt set-based: {rows:,} rows in {time.perf_counter() - t0:.1f} s")
    if args.live:
        tallies.tally_key = lambda user, scope: None
    print(f"{SupervisionCase.objects.count():,} cases; {'live counts' if args.live else 'case tally'}; "
          f"load average {os.getloadavg()[0]:.2f}")
    measure(connection)
    print(f"load average {os.getloadavg()[0]:.2f}")


def load_cases(connection, n: int) -> None:
    from django.contrib.auth import get_user_model

    from organizations.models import Organization, OrganizationKind
    from organizations.scope_keys import division_keys
    from supervision.models import CaseState, FocusArea, Method, Source

    bureaus = list(Organization.objects.filter(kind=OrganizationKind.JUSTICE_BUREAU).order_by("pk"))
    agencies = list(Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY).order_by("pk"))
    by_county = {b.pk: [a for a in agencies if a.division.code.startswith(b.division.code)] or agencies for b in bureaus}
    opener = get_user_model().objects.get(username="city.reviewer")
    methods, areas, states = Method.values, FocusArea.values, CaseState.values
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE supervision_supervisioncase, supervision_supervisioncase_supervised_units, "
                       "supervision_casetransition RESTART IDENTITY CASCADE")
    columns = ("number, title, method, focus_area, source, source_detail, summary, handling_org_id, state, "
               "opened_by_id, opened_on, finding, referral_reason, closed_at, created_at, updated_at, scope_keys, "
               "search_text, search_bigrams, assessment_means, daily_means, listed_reason, mode")
    cases, units, transitions = io.StringIO(), io.StringIO(), io.StringIO()
    start = date(2026, 1, 1)
    for i in range(1, n + 1):
        bureau = bureaus[i % len(bureaus)]
        opened = start + timedelta(days=i % 330)
        state = states[i % len(states)]
        closed = f"{opened + timedelta(days=20)} 10:00+08" if state in ("closed", "closed_no_issue", "closed_rectified") \
            else "\\N"
        county_agencies = by_county[bureau.pk]
        agency = county_agencies[i % len(county_agencies)]
        # The keys the model computes on save (organizations/scope_keys.py): the bureau's division and
        # every area above it, and the supervised unit as a party.
        keys = "{" + ",".join(sorted({*division_keys(bureau.division), f"o{agency.pk}"})) + "}"
        cases.write(f"B{i}\t案件{i}\t{methods[i % len(methods)]}\t{areas[i % len(areas)]}\t{Source.PLAN}\t\t摘要\t"
                    f"{bureau.pk}\t{state}\t{opener.pk}\t{opened}\t\t\t{closed}\t{opened} 09:00+08\t{opened} 09:00+08\t{keys}\t案件{i}\t{{}}\t[]\t\t\t\n")
        units.write(f"{i}\t{agency.pk}\n")
        if i % 3 == 0:
            transitions.write(f"{i}\tfind_violation\tinvestigating\tviolation_found\t{opener.pk}\t\t{opened} 12:00+08\n")
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY supervision_supervisioncase ({columns}) FROM STDIN") as copy:
            copy.write(cases.getvalue())
        with cursor.copy("COPY supervision_supervisioncase_supervised_units (supervisioncase_id, organization_id) "
                         "FROM STDIN") as copy:
            copy.write(units.getvalue())
        with cursor.copy("COPY supervision_casetransition (subject_id, action, from_state, to_state, actor_id, note, "
                         "at) FROM STDIN") as copy:
            copy.write(transitions.getvalue())
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {n:,} cases in {time.perf_counter() - t0:.1f} s")


def measure(connection) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cockpit.selectors import TOPICS

    for username in ("city.reviewer", "yuecheng.reviewer"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        topics = [f"/api/v1/statistics/{topic}/?from=2026-01-01&to=2026-12-31" for topic in TOPICS]
        # The default period (1 January to today) ends inside a month: its last days come from the day rows.
        for url in (*topics, "/statistics/?from=2026-01-01&to=2026-12-31", "/statistics/?from=2026-01-01&to=2026-11-29"):
            client.get(url)  # warm
            times = []
            for _ in range(5):
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
            print(f"{username:18} {url.split('&to=')[0][-40:]:40} median {statistics.median(times) * 1000:7.0f} ms, "
                  f"{len(ctx.captured_queries)} queries")


if __name__ == "__main__":
    main()
