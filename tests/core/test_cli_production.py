"""Commands that must never run against a production database."""

from __future__ import annotations

from sqlalchemy import func, select

from app import create_app
from app.accounts.models import User


def test_seed_demo_refuses_in_production(app, db, monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 64)
    monkeypatch.setenv("BADGE_MASTER_KEY", "q" * 64)
    production = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    assert production.config["PRODUCTION"] is True
    runner = production.test_cli_runner()
    with production.app_context():  # the command runs in the production app, not the test app
        try:
            result = runner.invoke(args=["seed-demo"])
            assert result.exit_code != 0
            assert "APP_ENV=production" in result.output and "demo" in result.output.lower()
            assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code != 0
        finally:
            db.session.remove()
            db.engine.dispose()
    assert db.session.scalar(select(func.count(User.id))) == 0
