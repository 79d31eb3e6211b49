"""The embedded default (SQLite) under concurrent writes through the web server.

`make run` puts web, worker and beat on one SQLite file. Without WAL, IMMEDIATE transactions
and a busy timeout, two requests that read and then write at the same moment fail with
"database is locked" (a 500). Here eight agencies' clerks file drafts at the same instant
through the live server's threads: every request succeeds and every draft gets its row.
"""

import json
import threading
import urllib.request

import pytest
from django.db import connection

from disputes.models import Dispute
from tests.disputes.factories import ENFORCEMENT, MARKET, org

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_filings_through_the_web_server_all_succeed(live_server, transactional_world):
    from authentication.services import issue_token

    token = issue_token(transactional_world.user("agency.market"), name="tests")[1]
    payload = json.dumps({"applicant": org(MARKET).pk, "others": [org(ENFORCEMENT).pk],
                          "title": "占道经营的查处职责", "matter": "城南农贸市场外占道销售。"}).encode()
    barrier = threading.Barrier(WRITERS)
    statuses: list[int] = []

    def file_one():
        request = urllib.request.Request(f"{live_server.url}/api/v1/disputes/", data=payload, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Token {token}"})
        barrier.wait(timeout=20)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)

    threads = [threading.Thread(target=file_one) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert statuses == [201] * WRITERS
    assert Dispute.objects.filter(title="占道经营的查处职责").count() == WRITERS


def test_the_embedded_database_runs_in_wal_mode_with_immediate_transactions(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-specific settings; PostgreSQL uses row locks")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000
    assert connection.transaction_mode == "IMMEDIATE"
