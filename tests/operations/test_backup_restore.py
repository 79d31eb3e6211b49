"""A backup restored into a fresh database holds every case, document and file, byte for byte
(`make backup` / `make restore`, docs/operations.md)."""

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.db import connection

from operations.backup import BackupError, backup, check_manifest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def filled(transactional_world, settings, tmp_path, django_capture_on_commit_callbacks):
    """A supervision case with evidence, a rendered notice and a receipt, committed."""
    from tests.supervision.factories import issue, open_market_case, serve, to_violation, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    world = transactional_world
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        case = open_market_case(world)
        to_violation(world, case, on=date(2026, 11, 25))
        from supervision import services

        services.add_evidence(case, acting_user=world.user("yuecheng.clerk"), files=[upload("现场照片" * 30 + ".png")],
                              description="现场照片")
        with django_capture_on_commit_callbacks(execute=True):
            issue(world, case, rectification_days=20)
        serve(world, case, on=date(2026, 11, 25))
    return case


def _restore(source: Path, *, database_url: str, media: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update({"DATABASE_URL": database_url, "MEDIA_ROOT": str(media), "DEBUG": "1"})
    return subprocess.run([sys.executable, "manage.py", "restore", str(source)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _fresh_database(tmp_path) -> tuple[str, callable]:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    name = f"restore_{uuid.uuid4().hex[:8]}"
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    admin = ["psql", "-h", host, "-p", str(port), "-U", user, "-d", "postgres", "-qc"]
    subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
    return (f"postgres://{user}@{host}:{port}/{name}",
            lambda: subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=False))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_case_document_and_file_intact(filled, tmp_path):
    from documents.models import Document

    target = tmp_path / "backup"
    manifest = backup(target)

    assert manifest["counts"]["supervision.SupervisionCase"] >= 1
    assert manifest["counts"]["documents.Document"] == Document.objects.count() >= 1
    assert len(manifest["media"]) >= 3  # the evidence photo, the notice's PDF (and preview), the receipt
    url, drop = _fresh_database(tmp_path)
    try:
        result = _restore(target, database_url=url, media=tmp_path / "restored-media")
        assert result.returncode == 0, result.stdout + result.stderr
        print("\n" + result.stdout.strip())
        assert "file(s) verified" in result.stdout
        verified = int(result.stdout.rsplit(";", 1)[1].split("file")[0])
        assert verified >= 3
        restored = {str(p.relative_to(tmp_path / "restored-media")) for p in (tmp_path / "restored-media").rglob("*")
                    if p.is_file()}
        assert restored == {item["path"] for item in manifest["media"]}
    finally:
        drop()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_restored(filled, tmp_path):
    target = tmp_path / "backup"
    manifest = backup(target)
    victim = target / "media" / manifest["media"][0]["path"]
    victim.write_bytes(victim.read_bytes() + b"tampered")

    with pytest.raises(BackupError, match="SHA-256 differs"):
        check_manifest(target)
    result = _restore(target, database_url=f"sqlite:///{tmp_path / 'never.sqlite3'}", media=tmp_path / "never")
    assert result.returncode != 0
    assert not (tmp_path / "never").exists()
    assert json.loads((target / "manifest.json").read_text())["format"] == 1
