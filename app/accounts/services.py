"""Account rules: sign-up, verification, sign-in, password reset, staff administration."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select

from app.accounts.models import User
from app.core import audit
from app.core.outbox import queue_email
from app.core.permissions import SITE_ROLES, STAFF_ROLES, Permission, Role, role_can
from app.core.timeutil import utcnow
from app.events.services import register_user_model
from app.extensions import db, login_manager

# Checked against when the e-mail is unknown, so a failed sign-in takes the same time.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummys$" + "0" * 128


class AccountError(ValueError):
    """A refused account operation; the message is for the user."""


class Anonymous(AnonymousUserMixin):
    """The visitor who has not signed in: holds no permission."""

    role = None
    language = None
    is_staff = False

    def can(self, _permission) -> bool:
        return False

    def permission_basis(self) -> tuple:
        return ()  # no permission: see User.permission_basis


login_manager.anonymous_user = Anonymous
register_user_model(User)
login_manager.login_view = "accounts.login"
# Flask-Login's own message is English; this one is translated when it is flashed.
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"
login_manager.localize_callback = str
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the session's user; a changed session token (or deactivation) ends the session."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit():
        return None
    from app.events.services import load_with_roles

    # one query: the user and their staff roles in the event of the URL (scan path budget)
    user = load_with_roles(User, int(user_id))
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def end_sessions(user: User) -> None:
    """Give the user a new session token: every session and remember-me cookie issued so far
    (on any device, copied or not) stops opening pages at once."""
    user.session_token = secrets.token_hex(16)


def sign_out(user: User) -> None:
    """End the user's sessions on the server, not only in this browser: a copy of the
    session or remember-me cookie taken before sign-out is refused afterwards."""
    end_sessions(user)
    audit.record("account.logout", user, actor=user)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (one answer for every failure)."""
    user = find_by_email(email)
    if user is None:
        from werkzeug.security import check_password_hash

        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    """A signed, expiring token for e-mail verification or password reset.

    A reset token carries a fingerprint of the current password hash, so it works once.
    """
    payload = {"u": user.id, "e": user.email}
    if purpose == "reset":
        payload["p"] = _password_fingerprint(user)
    return _serializer(purpose).dumps(payload)


def read_token(token: str, purpose: str) -> User | None:
    """The user a valid, unexpired token names, else None."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE" if purpose == "reset" else "EMAIL_VERIFY_MAX_AGE"]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = db.session.get(User, payload["u"])
    if user is None or user.email != payload.get("e"):
        return None
    if purpose == "reset" and payload.get("p") != _password_fingerprint(user):
        return None
    return user


def register_journalist(email: str, full_name: str, password: str, language: str) -> User:
    """Create a journalist account and queue its verification e-mail."""
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise AccountError("exists")
    user = User(email=email, full_name=full_name.strip(), role=Role.JOURNALIST, language=language)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("account.signup", user, actor=user)
    send_verification(user)
    return user


def send_verification(user: User) -> None:
    """Queue the e-mail with the verification link."""
    queue_email(
        user.email,
        "accounts/verify",
        language=user.language,
        user=user,
        token=make_token(user, "verify"),
    )


def verify_email(user: User) -> None:
    """Mark the user's address as verified."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        audit.record("account.verify_email", user, actor=user)


def request_password_reset(email: str) -> None:
    """Queue a reset link if the address belongs to an active account; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.active:
        return
    queue_email(
        user.email,
        "accounts/reset",
        language=user.language,
        user=user,
        token=make_token(user, "reset"),
    )
    audit.record("account.reset_requested", user, actor=user)


def reset_password(user: User, password: str) -> None:
    """Set a new password; also proves the address, so it counts as verified."""
    user.set_password(password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    audit.record("account.password_reset", user, actor=user)


def create_staff_user(
    email: str,
    full_name: str,
    role: str,
    *,
    unit_id: int | None = None,
    language: str = "vi",
    password: str | None = None,
    actor: User | None = None,
    event_id: int | None = None,
) -> User:
    """Create a staff account; without a password, the person gets a link to set one.

    A staff role holds in one congress: the account is appointed in ``event_id``.
    """
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise AccountError("exists")
    user = User(
        email=email,
        full_name=full_name.strip(),
        role=Role(role),
        unit_id=unit_id,
        language=language,
        email_verified_at=utcnow(),
    )
    user.set_password(password or secrets.token_urlsafe(24))
    db.session.add(user)
    db.session.flush()
    audit.record("account.create", user, actor=actor, details={"role": str(role)})
    _appoint(user, role, event_id, actor)
    if password is None:
        queue_email(
            user.email,
            "accounts/welcome",
            language=language,
            user=user,
            token=make_token(user, "reset"),
        )
    return user


def _appoint(user: User, role: str, event_id: int | None, actor: User | None) -> None:
    """Appoint a staff role in a congress (site roles need none)."""
    from app.events.models import Event
    from app.events.services import appoint

    if role in STAFF_ROLES and event_id:
        event = db.session.get(Event, event_id)
        if event is None:
            raise AccountError("event")
        appoint(user.id, event, role)
        audit.record("event.appoint", user, actor=actor, details={"event": event.code, "role": str(role)})


def update_staff_user(
    user: User, *, role: str, active: bool, unit_id: int | None, actor: User, event_id: int | None = None
) -> None:
    """Change a user's role, unit or active flag; deactivation ends their sessions at once.

    A staff role is also appointed in ``event_id`` (earlier appointments stay)."""
    if user.id == actor.id and (not active or role != user.role):
        raise AccountError("self")
    changes = {}
    if user.role != role:
        changes["role"] = [user.role, str(role)]
        user.role = Role(role)
    if user.unit_id != unit_id:
        changes["unit_id"] = [user.unit_id, unit_id]
        user.unit_id = unit_id
    if user.active != active:
        changes["active"] = [user.active, active]
        user.active = active
        if not active:
            end_sessions(user)
    if changes:
        audit.record("account.update", user, actor=actor, details=changes)
    _appoint(user, role, event_id, actor)


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def users_with(permission: Permission) -> list[User]:
    """Active users who may do ``permission`` in the current event: site roles that hold it,
    and the event's staff whose role holds it (one query)."""
    from app.events.services import member_ids

    site = [str(role) for role in SITE_ROLES if role_can(role, permission)]
    staff = [str(role) for role in STAFF_ROLES if role_can(role, permission)]
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), or_(User.role.in_(site), User.id.in_(member_ids(staff))))
            .order_by(User.id)
        )
    )
