"""Backup and restore: the database (pg_dump custom format, or an SQLite copy through its online
backup API) plus every file under MEDIA_ROOT, with a manifest of SHA-256.

A backup is a directory:
    manifest.json   what was saved: database engine, the dump's SHA-256, each media file's
                    path, size and SHA-256, and the number of rows of the registers
    database.dump   (PostgreSQL) or database.sqlite3 (SQLite)
    media/          a copy of MEDIA_ROOT

`restore` checks every SHA-256 of the manifest before it touches anything, loads the database into
the (empty) database of DATABASE_URL, copies the media, and `verify` then re-hashes every stored
file against the database's own records (documents, evidence, attachments).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
# Rows counted into the manifest and compared after a restore.
REGISTERS = (
    "supervision.SupervisionCase", "disputes.Dispute", "joint_actions.JointActionProposal", "clues.Clue",
    "documents.Document", "audit.AuditEvent",
)


class BackupError(Exception):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return args, env


def register_counts() -> dict[str, int]:
    from django.apps import apps

    counts = {}
    for label in REGISTERS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _media_files(root: Path):
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def backup(target: Path) -> dict:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    engine = connection.vendor
    if engine == "postgresql":
        dump = target / "database.dump"
        args, env = _pg_env()
        subprocess.run(["pg_dump", *args, "-Fc", "--no-owner", "-f", str(dump), db["NAME"]], env=env, check=True)
    elif engine == "sqlite":
        dump = target / "database.sqlite3"
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(dump)
        with copy:
            source.backup(copy)  # consistent even while the application writes
        copy.close()
        source.close()
    else:
        raise BackupError(f"no backup for {engine}")
    media_root = Path(settings.MEDIA_ROOT)
    files = []
    for path in _media_files(media_root) if media_root.exists() else ():
        relative = path.relative_to(media_root).as_posix()
        destination = target / "media" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        files.append({"path": relative, "size": destination.stat().st_size, "sha256": sha256_file(destination)})
    manifest = {
        "format": FORMAT_VERSION, "engine": engine, "database": dump.name, "database_sha256": sha256_file(dump),
        "media": files, "counts": register_counts(),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def check_manifest(source: Path) -> dict:
    """Every SHA-256 of the backup, before anything is restored."""
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    problems = []
    if sha256_file(source / manifest["database"]) != manifest["database_sha256"]:
        problems.append(f"{manifest['database']}: SHA-256 differs from the manifest")
    for item in manifest["media"]:
        path = source / "media" / item["path"]
        if not path.exists():
            problems.append(f"media/{item['path']}: missing")
        elif sha256_file(path) != item["sha256"]:
            problems.append(f"media/{item['path']}: SHA-256 differs from the manifest")
    if problems:
        raise BackupError("the backup is damaged: " + "; ".join(problems[:20]))
    return manifest


def restore(source: Path) -> dict:
    source = Path(source)
    manifest = check_manifest(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"a {manifest['engine']} backup cannot be restored into {connection.vendor}")
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            if cursor.fetchone()[0]:
                raise BackupError(f"database {db['NAME']} is not empty: restore into a fresh database")
        connection.close()
        args, env = _pg_env()
        subprocess.run(["pg_restore", *args, "--no-owner", "--exit-on-error", "-d", db["NAME"],
                        str(source / manifest["database"])], env=env, check=True)
    else:
        connection.close()
        target = Path(db["NAME"])
        if target.exists() and target.stat().st_size > 0:
            raise BackupError(f"{target} exists: restore into a fresh file")
        shutil.copy2(source / manifest["database"], target)
    media_root = Path(settings.MEDIA_ROOT)
    for item in manifest["media"]:
        destination = media_root / item["path"]
        if destination.exists() and sha256_file(destination) == item["sha256"]:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "media" / item["path"], destination)
    return manifest


@dataclass
class Verification:
    counts: dict
    files_checked: int
    problems: list


def verify(manifest: dict | None = None) -> Verification:
    """Re-hash every file the database records (documents, evidence, attachments) and compare the
    registers' row counts with the manifest's."""
    from django.apps import apps
    from django.db import models

    problems, checked = [], 0
    for model in apps.get_models():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        hash_fields = {f.name for f in model._meta.concrete_fields if f.name.endswith("sha256")}
        if not file_fields or not hash_fields:
            continue
        for row in model._default_manager.all().iterator():
            for field in file_fields:
                stored = getattr(row, field.name)
                if not stored:
                    continue
                expected = _expected_hash(row, field.name, hash_fields)
                path = Path(settings.MEDIA_ROOT) / stored.name
                if not path.exists():
                    problems.append(f"{model._meta.label} {row.pk}: {stored.name} missing")
                    continue
                checked += 1
                if expected and sha256_file(path) != expected:
                    problems.append(f"{model._meta.label} {row.pk}: {stored.name} SHA-256 differs")
    counts = register_counts()
    if manifest is not None:
        for label, expected in manifest.get("counts", {}).items():
            if counts.get(label) != expected:
                problems.append(f"{label}: {counts.get(label)} rows, the backup had {expected}")
    return Verification(counts=counts, files_checked=checked, problems=problems)


def _expected_hash(row, field_name: str, hash_fields: set[str]) -> str:
    # `receipt` ↔ `receipt_sha256`; `file`/`pdf` ↔ `sha256`; a preview image has no recorded hash.
    for candidate in (f"{field_name}_sha256", "sha256" if field_name in ("file", "pdf") else None):
        if candidate and candidate in hash_fields:
            return getattr(row, candidate) or ""
    return ""
