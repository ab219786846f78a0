"""User accounts."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.permissions import Permission, Role, user_can
from app.core.timeutil import utcnow
from app.extensions import db


class User(UserMixin, db.Model):
    """A person who signs in: a journalist or a member of staff."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)  # lower-cased
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    role: Mapped[str] = mapped_column(String(32), nullable=False, default=Role.JOURNALIST)
    # The member unit a unit member works for (venue area); null for everyone else.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    language: Mapped[str] = mapped_column(String(5), default="vi", nullable=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Part of the session id: changing it (password change, deactivation) ends every session.
    session_token: Mapped[str] = mapped_column(
        String(32), default=lambda: secrets.token_hex(16), nullable=False
    )

    def set_password(self, password: str) -> None:
        """Hash and store a new password, ending the user's other sessions."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        self.session_token = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def can(self, permission: Permission) -> bool:
        """Whether this user may do ``permission`` here: by the site role (administrator,
        central overview, journalist) anywhere, or by a staff role in the event of the URL."""
        from app.events.services import roles_in_event

        return self.active and user_can(self.role, lambda: roles_in_event(self.id), permission)

    def permission_basis(self) -> tuple:
        """Everything :meth:`can` decides from, so an answer worked out from it may be kept
        under it (the navigation bar): equal bases, equal answers."""
        from app.events.services import roles_in_event

        return (self.active, self.role, roles_in_event(self.id))

    @property
    def is_staff(self) -> bool:
        return self.role != Role.JOURNALIST

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
