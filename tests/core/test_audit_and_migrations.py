"""The audit log page, and Alembic migrations matching the models on a fresh database."""

from __future__ import annotations

import os
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db as _db
from tests.conftest import is_postgres


def test_audit_page_filters(client, auth, make_user):
    admin = auth.login("admin")
    client.submit(
        "/admin/users/new",
        {
            "full_name": "Lý Thị Cúc",
            "email": "cuc@tinh.vn",
            "role": "scanner",
            "unit_id": "0",
            "language": "vi",
        },
    )
    page = client.get(f"/admin/audit?action=account.create&actor={admin.email}").get_data(as_text=True)
    assert "account.create" in page and "account.login" not in page
    page = client.get("/admin/audit?action=account.login").get_data(as_text=True)
    assert "account.login" in page


def test_migrations_build_the_same_schema_as_the_models(tmp_path):
    if is_postgres():
        base = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
        name = f"migr_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        url = base.rsplit("/", 1)[0] + "/" + name
    else:
        admin, name = None, None
        url = "sqlite:///" + str(tmp_path / "migr.db")
    fresh = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_DIR": str(tmp_path / "up"),
        }
    )
    try:
        with fresh.app_context():
            upgrade()
            with _db.engine.connect() as connection:
                diff = compare_metadata(MigrationContext.configure(connection), _db.metadata)
            _db.engine.dispose()
        assert diff == [], diff
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            admin.dispose()
