"""``flask venue digest``: the daily e-mail of overdue and due-tomorrow tasks, per unit."""

from __future__ import annotations

import click
from flask import Flask

from app.core.dbsetup import mark_write
from app.core.timeutil import utcnow
from app.extensions import db


def register(app: Flask) -> None:
    """Add the ``venue`` command group."""
    venue = click.Group("venue", help="Venue and decoration tasks.")
    app.cli.add_command(venue)

    @venue.command("digest")
    @click.option("--force", is_flag=True, help="Send even if today's digest has gone out already.")
    def digest(force: bool) -> None:
        """Queue today's digest e-mails (run once a day, e.g. at 07:00; `flask outbox run` sends them)."""
        from app.venue.notify import send_digest

        mark_write()
        count = send_digest(utcnow(), force=force)
        db.session.commit()
        click.echo(f"{count} digest e-mails queued.")
