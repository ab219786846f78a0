"""The press centre application factory."""

from __future__ import annotations

import logging
from importlib import import_module
from pathlib import Path

from flask import Flask

from app.config import load_config
from app.extensions import babel, csrf, db, limiter, login_manager, migrate

# Areas in the order their blueprints register; each is a package under app/ with a
# ``blueprint.bp`` (and maybe a ``site_bp`` or ``event_bp``), an optional ``cli`` module and an optional
# ``demo`` seeder. ``events`` is in the layer below the areas that follow it (accounts included).
AREAS = (
    "core",
    "events",
    "accounts",
    "checkin",
    "accreditation",
    "badges",
    "outlets",
    "briefings",
    "interviews",
    "positions",
    "releases",
    "venue",
    "helpdesk",
    "notices",
    "newsroom",
    "dashboard",
)

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Create the application: defaults from the environment, then instance/config.py, then ``config``."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if config:
        app.config.update(config)
        if "SQLALCHEMY_DATABASE_URI" in config and "SQLALCHEMY_ENGINE_OPTIONS" not in config:
            from app.config import engine_options

            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(config["SQLALCHEMY_DATABASE_URI"])
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        str(ROOT / "app" / area / "translations") for area in AREAS
    )
    logging.basicConfig(level=logging.INFO)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from app.core import dbsetup, i18n, jsonbody, security

    jsonbody.init_app(app)

    with app.app_context():
        dbsetup.configure_engine(db.engine)
    app.teardown_appcontext(dbsetup.release_leftover_turn)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.init_app(app)
    security.init_app(app)

    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    for area in AREAS:
        import_module(f"app.{area}.models")
        _optional_module(area, "audit_labels")  # what its audit actions are called (app/core/audit.py)
        blueprint = _optional_module(area, "blueprint")
        if blueprint is not None:
            # ``bp``; an area with pages of both kinds also has ``site_bp`` (site pages
            # beside its event pages) or ``event_bp`` (event pages beside its site pages).
            for name in ("bp", "site_bp", "event_bp"):
                if hasattr(blueprint, name):
                    app.register_blueprint(getattr(blueprint, name))
        setup = _optional_module(area, "setup")
        if setup is not None:  # its part of copying a congress's set-up (app/events/setup.py)
            app.extensions.setdefault("event_setup", []).append(setup.copy)
            if hasattr(setup, "rekey"):  # what a new key for a congress re-issues
                app.extensions.setdefault("event_rekey", []).append(setup.rekey)
        cli = _optional_module(area, "cli")
        if cli is not None:
            cli.register(app)

    from app.events import services as events

    events.init_app(app)

    from app.core import errors, templating

    errors.init_app(app)
    templating.init_app(app)

    from app.checkin import lean
    from app.core import conditional

    conditional.install(app)  # a feed reader's repeat answered 304 before Flask (issue 18)
    lean.install(app)  # a paired device's scan answered before Flask (issue 18)
    return app


def _optional_module(area: str, name: str):
    """``app.<area>.<name>``, or None when the area has no such module."""
    try:
        return import_module(f"app.{area}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"app.{area}.{name}":
            raise
        return None
