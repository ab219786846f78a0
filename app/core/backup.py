"""Consistent backups of the database and the uploads, and restoring them.

A backup is one ``.tar.gz`` holding:

- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the app
  keeps serving) or ``database.pgdump`` (``pg_dump -Fc``, one consistent snapshot);
- ``uploads/``: every stored file;
- ``manifest.json``: format version, database kind, time, and the row count of every
  table, so a restore can prove it brought everything back.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.core import eventinfo
from app.extensions import db

FORMAT_VERSION = 1


def table_counts() -> dict[str, int]:
    """Rows in every table of the schema."""
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.scalar(select(func.count()).select_from(table)) or 0
    return counts


def _pg_env(url) -> tuple[list[str], dict[str, str]]:
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def create_backup(target_dir: Path) -> Path:
    """Write a backup archive into ``target_dir``; returns its path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    archive_path = target_dir / f"presscentre-{stamp}.tar.gz"
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if url.get_backend_name() == "sqlite":
            db_file = tmp_path / "database.sqlite3"
            source = sqlite3.connect(url.database)
            dest = sqlite3.connect(db_file)
            with dest:
                source.backup(dest)
            source.close()
            dest.close()
            kind = "sqlite"
        else:
            db_file = tmp_path / "database.pgdump"
            args, env = _pg_env(url)
            subprocess.run(
                ["pg_dump", "-Fc", "--no-owner", *args, "-f", str(db_file), url.database],
                check=True,
                env=env,
                capture_output=True,
            )
            kind = "postgresql"
        manifest = {
            "format": FORMAT_VERSION,
            "database": kind,
            "created_at": stamp,
            "event_code": event.code if (event := eventinfo.current()) else None,
            "tables": table_counts(),
            "files": sum(1 for p in upload_dir.rglob("*") if p.is_file()) if upload_dir.exists() else 0,
        }
        with tarfile.open(archive_path, "w:gz") as archive:
            archive.add(db_file, arcname=db_file.name)
            if upload_dir.exists():
                archive.add(upload_dir, arcname="uploads")
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return archive_path


def restore_backup(archive_path: Path) -> dict:
    """Replace the database and the uploads with an archive's; returns its manifest.

    Run with the app stopped. The restored row counts are checked against the manifest.
    """
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(tmp, filter="data")
        tmp_path = Path(tmp)
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported backup format {manifest.get('format')}")
        db.session.remove()
        db.engine.dispose()
        if url.get_backend_name() == "sqlite":
            if manifest["database"] != "sqlite":
                raise ValueError("this backup holds a PostgreSQL database; restore it into PostgreSQL")
            target = Path(url.database)
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            source = sqlite3.connect(tmp_path / "database.sqlite3")
            dest = sqlite3.connect(target)
            with dest:
                source.backup(dest)
            source.close()
            dest.close()
        else:
            if manifest["database"] != "postgresql":
                raise ValueError("this backup holds a SQLite database; restore it into SQLite")
            args, env = _pg_env(url)
            db.drop_all()
            db.session.remove()
            db.engine.dispose()
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--clean",
                    "--if-exists",
                    *args,
                    "-d",
                    url.database,
                    str(tmp_path / "database.pgdump"),
                ],
                check=True,
                env=env,
                capture_output=True,
            )
        if upload_dir.exists():
            shutil.rmtree(upload_dir)
        restored_uploads = tmp_path / "uploads"
        if restored_uploads.exists():
            shutil.copytree(restored_uploads, upload_dir)
        else:
            upload_dir.mkdir(parents=True, exist_ok=True)
    counts = table_counts()
    if counts != manifest["tables"]:
        raise ValueError(f"restored row counts differ from the backup: {counts} != {manifest['tables']}")
    return manifest
