"""The audit log page, and Alembic migrations matching the models on a fresh database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app.accreditation import search_index
from app.extensions import db as _db
from tests.conftest import fresh_app, fresh_database


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
    rows = "<tbody"  # the table of events, after the filter form (which lists every action)
    page = client.get(f"/admin/audit?action=account.create&actor={admin.email}").get_data(as_text=True)
    table = page[page.index(rows) :]
    assert "Tạo tài khoản" in table and "Đăng nhập" not in table
    page = client.get("/admin/audit?action=account.login").get_data(as_text=True)
    assert "Đăng nhập" in page[page.index(rows) :]


def test_migrations_build_the_same_schema_as_the_models(tmp_path):
    with fresh_database(tmp_path) as url:
        fresh = fresh_app(url, tmp_path / "up")
        with fresh.app_context():
            upgrade()
            with _db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"include_name": search_index.include_name}
                )
                diff = compare_metadata(context, _db.metadata)
            _db.engine.dispose()
    assert diff == [], diff
