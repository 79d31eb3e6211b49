"""Page and API latency against generated volume, through gunicorn with the production profile (make bench).

Needs a PostgreSQL database in DATABASE_URL holding the city and generated records:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_bench python manage.py migrate
    DATABASE_URL=... python manage.py seed_demo --force
    DATABASE_URL=... python manage.py generate_volume --cases 100000
    DATABASE_URL=... python benchmarks/bench_pages.py [--requests 40] [--users 1 8]

Starts gunicorn (2 workers, settings_production, DEBUG off) on a free port, signs the demo users in
(a session made in the database, a DRF token for the API) and, for each page, prints p50 / p95 in ms
at 1 and at 8 concurrent users, requests per second, the number of SQL queries one request runs
(counted in this process through Django's test client, same code and data) and each p50 as a ratio
to the trivial /api/v1/me/ measured in the same run.
"""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pages():
    """(label, username, path) for each page of issue 18's table and the API lists and details."""
    from disputes.models import Dispute
    from documents.models import Document
    from supervision.models import SupervisionCase

    case = (SupervisionCase.objects.filter(handling_org__division__code__startswith="330602",
                                           pk__in=Document.objects.values("subject_id")).order_by("-pk").first()
            or SupervisionCase.objects.order_by("-pk").first())
    dispute = Dispute.objects.filter(coordinator__division__code="330602").order_by("-pk").first()
    return [
        ("trivial /api/v1/me/", "yuecheng.reviewer", "/api/v1/me/"),
        ("workbench /", "yuecheng.reviewer", "/"),
        ("dispute list", "yuecheng.reviewer", "/disputes/"),
        ("dispute list as agency.market", "agency.market", "/disputes/"),
        ("supervision list ?q=食品", "yuecheng.reviewer", "/supervision/?q=%E9%A3%9F%E5%93%81"),
        ("supervision list", "yuecheng.reviewer", "/supervision/"),
        ("supervision list ?overdue=on", "yuecheng.reviewer", "/supervision/?overdue=on"),
        ("case detail", "yuecheng.reviewer", f"/supervision/{case.pk}/"),
        ("dispute detail", "yuecheng.reviewer", f"/disputes/{dispute.pk}/"),
        ("/deadlines/ as agency.market", "agency.market", "/deadlines/"),
        ("/documents/", "yuecheng.reviewer", "/documents/"),
        ("API supervision-cases", "yuecheng.reviewer", "/api/v1/supervision-cases/"),
        ("API case detail", "yuecheng.reviewer", f"/api/v1/supervision-cases/{case.pk}/"),
        ("API disputes", "yuecheng.reviewer", "/api/v1/disputes/"),
        ("API dispute detail", "yuecheng.reviewer", f"/api/v1/disputes/{dispute.pk}/"),
        ("API disputes as agency.market", "agency.market", "/api/v1/disputes/"),
        ("API documents", "yuecheng.reviewer", "/api/v1/documents/"),
        ("API notifications", "yuecheng.reviewer", "/api/v1/notifications/"),
    ]


def credentials(username: str) -> dict[str, str]:
    """Headers that sign `username` in: a DRF token for the API, a session cookie for the pages."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from authentication.services import issue_token

    user = get_user_model().objects.get(username=username)
    _token, key = issue_token(user, name="make bench")  # the project's expiring tokens
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"Authorization": f"Token {key}", "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
            "Accept-Language": "zh-hans"}


def count_queries(username: str, path: str) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)  # warm caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def measure(base: str, path: str, headers: dict, *, users: int, requests: int) -> tuple[list[float], float, int]:
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run(n: int) -> None:
        for _ in range(n):
            req = urllib.request.Request(base + path, headers=headers)
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as response:
                    response.read()
                    if response.geturl() != base + path:
                        raise ValueError(f"redirected to {response.geturl()}")  # a login page is no measurement
            except Exception:  # noqa: BLE001 - counted and reported
                with lock:
                    errors[0] += 1
                continue
            with lock:
                timings.append((time.perf_counter() - t) * 1000)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(requests,)) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return timings, (len(timings) / elapsed if elapsed else 0.0), errors[0]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30, help="requests per user per page")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="+", default=[], help="measure only the pages whose label contains one of these")
    args = parser.parse_args()

    # The sessions made here must be signed with the key the server checks them with.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("make bench needs PostgreSQL with generated volume (manage.py generate_volume)")
    from supervision.models import SupervisionCase

    print(f"cases in the database: {SupervisionCase.objects.count():,}")
    targets = pages()
    if args.only:  # the trivial endpoint stays: every ratio is to it
        targets = targets[:1] + [t for t in targets[1:] if any(word in t[0] for word in args.only)]
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shaoxing_supervision.settings_production",
           "SECRET_KEY": os.environ["SECRET_KEY"], "DEBUG": "0",
           "SECURE_COOKIES": "0", "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8"),
           "DB_STATEMENT_TIMEOUT_MS": "55000", "DB_CONN_MAX_AGE": "60",
           # Plain HTTP on the loopback, demo accounts as they are: no redirect is measured instead of a page.
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0", "FORCE_DEMO_PASSWORD_CHANGE": "0"}
    # The production profile serves hashed static files from a manifest: collect them once, outside the tree.
    env.setdefault("STATIC_ROOT", str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-static"))
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "shaoxing_supervision.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except urllib.error.HTTPError:
                break  # up: /healthz names what is missing here (no Celery worker runs beside the benchmark)
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.3)
        heads = {u: credentials(u) for u in {u for _, u, _ in targets}}
        results = []
        for label, username, path in targets:
            queries = count_queries(username, path)
            row = {"label": label, "queries": queries}
            measure(base, path, heads[username], users=1, requests=3)  # warm the workers
            for users in args.users:
                timings, rps, errors = measure(base, path, heads[username], users=users, requests=args.requests)
                row[users] = (pct(timings, 0.5), pct(timings, 0.95), rps, errors)
            results.append(row)
            print(f"  measured {label}", flush=True)
        trivial = results[0]
        header = "| page | queries | " + " | ".join(
            f"{u} user{'s' if u > 1 else ''}: p50 / p95 ms, rps, ×trivial p50" for u in args.users) + " |"
        print()
        print(header)
        print("|" + "---|" * (2 + len(args.users)))
        for row in results:
            cells = []
            for users in args.users:
                p50, p95, rps, errors = row[users]
                ratio = p50 / trivial[users][0] if trivial[users][0] else float("nan")
                cells.append(f"{p50:,.0f} / {p95:,.0f}, {rps:,.1f} rps, ×{ratio:.1f}" + (f", {errors} errors" if errors else ""))
            print(f"| {row['label']} | {row['queries']} | " + " | ".join(cells) + " |")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
