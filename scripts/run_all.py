"""Start the whole system for `make run`: web, Celery worker and beat; Ctrl-C stops them all.

Uses the embedded defaults (SQLite file, Kombu's file-system broker) unless DATABASE_URL /
REDIS_URL say otherwise. Each child runs in its own process group so one Ctrl-C (or a
SIGTERM to this script) stops every process cleanly.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")

PROCESSES = {
    "web": [PYTHON, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [PYTHON, "-m", "celery", "-A", "shaoxing_supervision", "worker", "--pool=solo", "-l", "INFO"],
    "beat": [PYTHON, "-m", "celery", "-A", "shaoxing_supervision", "beat", "-l", "INFO",
             "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"],
}


def prepare_broker() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from shaoxing_supervision.celery import ensure_filesystem_broker_folders

    ensure_filesystem_broker_folders()


def main() -> int:
    prepare_broker()
    children: dict[str, subprocess.Popen] = {}
    stopping = False

    def stop(*_args):
        nonlocal stopping
        if stopping:
            return
        stopping = True
        print("\nStopping web, worker and beat ...", flush=True)
        for proc in children.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    for name, cmd in PROCESSES.items():
        children[name] = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
        print(f"started {name} (pid {children[name].pid})", flush=True)
    print(f"\n  系统已启动 / running: http://{HOST}:{PORT}/  (Ctrl-C to stop)\n", flush=True)

    exit_code = 0
    while not stopping:
        for name, proc in children.items():
            if proc.poll() is not None:
                print(f"{name} exited with {proc.returncode}; stopping the others", flush=True)
                exit_code = proc.returncode or 1
                stop()
                break
        time.sleep(0.5)

    deadline = time.monotonic() + 15
    for proc in children.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
