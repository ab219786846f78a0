"""``flask init-db``, ``flask seed-demo``, ``flask outbox run``, ``flask translate``."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import func, select

from app.extensions import db


def _area_module(area: str, name: str):
    try:
        return import_module(f"app.{area}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"app.{area}.{name}":
            return None
        raise


def _count_users() -> int:
    """How many accounts exist (core reads the users table by name: it imports no area)."""
    users = db.metadata.tables["users"]
    return db.session.scalar(select(func.count()).select_from(users)) or 0


def register(app: Flask) -> None:
    from app import AREAS

    @app.cli.command("init-db")
    def init_db() -> None:
        """Create or upgrade the database schema (Alembic migrations)."""
        upgrade()
        click.echo("Database is up to date.")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when accounts already exist.")
    def seed_demo(if_empty: bool) -> None:
        """Fill the database with a believable provincial congress (demo only).

        Refused in production: the demo accounts share a published password.
        """
        if current_app.config.get("PRODUCTION"):
            raise click.ClickException(
                "seed-demo refuses to run with APP_ENV=production: the demo accounts have a published "
                "password. Create the first administrator with `flask create-admin` instead."
            )
        if if_empty and _count_users():
            click.echo("Database already has data; demo not seeded.")
            return
        # seed() runs in AREAS order; seed_late() (optional) runs after every area has seeded,
        # for data that needs later areas (e.g. scans of badges); seed_season() adds the other
        # congresses of the season (each area its part), and seed_close() archives the past one.
        modules = [(area, _area_module(area, "demo")) for area in AREAS]
        for hook in ("seed", "seed_late", "seed_season", "seed_close"):
            for area, module in modules:
                if module is not None and hasattr(module, hook):
                    getattr(module, hook)()
                    db.session.commit()
                    click.echo(f"{hook}: {area}")

    outbox = click.Group("outbox", help="The e-mail outbox.")
    app.cli.add_command(outbox)

    @outbox.command("run")
    @click.option("--once", is_flag=True, help="One pass, then exit.")
    @click.option("--interval", default=5.0, show_default=True)
    def outbox_run(once: bool, interval: float) -> None:
        """Deliver queued e-mails (and run periodic jobs) until stopped."""
        from app.core import outbox as service

        if once:
            click.echo(service.run_once())
        else:
            service.run_forever(interval)

    @app.cli.command("mail-catcher")
    @click.option("--port", default=8025, show_default=True)
    def mail_catcher(port: int) -> None:
        """Development: receive every e-mail on 127.0.0.1 and keep it in instance/mail/."""
        from app.core import mailcatcher

        if app.config["PRODUCTION"]:
            raise click.ClickException(
                "The mail catcher is for development; production sends through MAIL_HOST."
            )
        mailcatcher.serve(Path(app.instance_path) / "mail", port=port)

    @app.cli.command("backup")
    @click.option("--output", "output", default="backups", show_default=True, type=click.Path())
    def backup(output: str) -> None:
        """Write a consistent snapshot of the database and the uploads."""
        from pathlib import Path

        from app.core.backup import create_backup

        path = create_backup(Path(output))
        click.echo(f"Backup written: {path}")

    @app.cli.command("restore")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore(archive: str, yes: bool) -> None:
        """Replace the database and the uploads with a backup (stop the app first)."""
        from pathlib import Path

        from app.core.backup import restore_backup

        if not yes:
            click.confirm("This replaces ALL current data. Continue?", abort=True)
        manifest = restore_backup(Path(archive))
        total = sum(manifest["tables"].values())
        click.echo(
            f"Restored {total} rows in {len(manifest['tables'])} tables and {manifest['files']} files."
        )

    translate = click.Group("translate", help="Message catalogues (vi, en).")
    app.cli.add_command(translate)

    @translate.command("update")
    @click.argument("areas", nargs=-1)
    def translate_update(areas) -> None:
        """Extract messages into each area's catalogues (new vi entries left empty)."""
        from app.core import i18n

        for area in areas or AREAS:
            click.echo(f"{area}: untranslated {i18n.update(area)}")

    @translate.command("compile")
    def translate_compile() -> None:
        """Compile every catalogue to .mo."""
        from app.core import i18n

        click.echo(f"compiled {i18n.compile_all(AREAS)} catalogues")

    @translate.command("check")
    def translate_check() -> None:
        """Fail when any message lacks a translation."""
        from app.core import i18n

        problems = [p for area in AREAS for p in i18n.check(area)]
        for problem in problems:
            click.echo(problem)
        if problems:
            raise click.ClickException(f"{len(problems)} untranslated messages")
