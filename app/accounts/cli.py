"""``flask create-admin``."""

from __future__ import annotations

import click
from flask import Flask

from app.accounts import services
from app.core.permissions import Role
from app.extensions import db


def register(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--name", "full_name", prompt="Full name")
    @click.password_option()
    def create_admin(email: str, full_name: str, password: str) -> None:
        """Create an administrator account."""
        if len(password) < 10:
            raise click.ClickException("The password must be at least 10 characters long.")
        try:
            services.create_staff_user(email, full_name, Role.ADMIN, password=password)
        except services.AccountError:
            raise click.ClickException(f"An account with e-mail {email} already exists.") from None
        db.session.commit()
        click.echo(f"Administrator {email} created.")
