"""``flask notices vapid-keys``: the installation's Web Push (VAPID) key pair."""

from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    """Add the ``notices`` command group."""
    notices = click.Group("notices", help="Live notices.")
    app.cli.add_command(notices)

    @notices.command("vapid-keys")
    @click.option("--replace", is_flag=True, help="Make a new key pair (every browser must subscribe again).")
    def vapid_keys(replace: bool) -> None:
        """Make the VAPID private key file (mode 0600) if missing, and print the public key."""
        from app.notices import push

        path = push.ensure_keys(replace=replace)
        click.echo(f"VAPID private key: {path}")
        click.echo(f"public key (applicationServerKey): {push.public_key()}")
