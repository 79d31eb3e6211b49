"""PostgreSQL restarted under a running web server: /healthz says so in JSON while it is down, and
the same server process answers normally once it is back (no restart of the web server).

A private cluster (initdb in a temporary directory, its own port) — never the shared PostgreSQL of
the host. Skipped where initdb is missing.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INITDB = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120, **kwargs)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read()


@pytest.mark.skipif(not INITDB, reason="initdb not installed: no private PostgreSQL cluster can be made")
def test_postgresql_restarted_under_a_running_web_server():
    import json

    bindir = Path(INITDB[-1]).parent
    workdir = Path(tempfile.mkdtemp(prefix="pg-private-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    pg_port, web_port = _free_port(), _free_port()
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-o", f"-p {pg_port} -k {workdir} -c listen_addresses=127.0.0.1"]
    web = None
    try:
        _as_postgres(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
        _as_postgres(*pg_ctl, "-l", str(workdir / "log"), "start")
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
        env.update({"DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres", "DEBUG": "0",
                    "DB_CONN_MAX_AGE": "60", "VAR_DIR": str(workdir / "var")})
        web = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{web_port}", "--noreload"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
        url = f"http://127.0.0.1:{web_port}/healthz"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _type, body = _get(url)
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        assert json.loads(body)["checks"]["database"]["ok"] is True

        _as_postgres(*pg_ctl, "-m", "fast", "stop")
        status, content_type, body = _get(url)
        assert status == 503 and content_type == "application/json"
        assert "database" in json.loads(body)["failing"]

        _as_postgres(*pg_ctl, "-l", str(workdir / "log"), "start")
        status, content_type, body = _get(url)
        assert content_type == "application/json"
        assert json.loads(body)["checks"]["database"]["ok"] is True, body
    finally:
        if web is not None:
            os.killpg(web.pid, 15)
            web.wait(timeout=20)
        subprocess.run(["runuser", "-u", "postgres", "--", *pg_ctl, "-m", "immediate", "stop"]
                       if os.geteuid() == 0 else [*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)
