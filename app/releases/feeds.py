"""Atom feeds (feedgen): the public feed and each user's private feed behind a secret URL.

A private feed belongs to one user in one event. Its token signs ``"<user id>:<nonce>"``
with the event's ``release-feed`` key (app/core/tokens.py); only
the nonce and the token's SHA-256 are stored, so the page can show the URL again while
a copy of the database alone cannot forge one. Resetting draws a new nonce, which
ends the old URL at once. The feed shows what its owner may read *now* (their
accreditation and press level are looked up on every fetch).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.core import audit, tokens
from app.events.services import current_event
from app.extensions import db
from app.releases.labels import CATEGORY_LABELS
from app.releases.markup import render_markdown
from app.releases.models import FeedSecret, Release

FEED_SIZE = 50


def _derive(user_id: int, nonce: str) -> str:
    return tokens.sign("release-feed", f"{user_id}:{nonce}")


def _hash(token: str) -> str:
    return tokens.digest(token)


def feed_token(user: User, *, create: bool = True) -> str | None:
    """The user's private feed token (made on first use when ``create``)."""
    secret = db.session.scalar(select(FeedSecret).where(FeedSecret.user_id == user.id))
    if secret is None:
        if not create:
            return None
        secret = FeedSecret(user_id=user.id, nonce="", token_hash="")
        db.session.add(secret)
        _renew(secret, user)
        audit.record("release.feed_created", user, actor=user)
    return _derive(user.id, secret.nonce)


def _renew(secret: FeedSecret, user: User) -> None:
    secret.nonce = secrets.token_hex(16)
    secret.token_hash = _hash(_derive(user.id, secret.nonce))
    db.session.flush()


def reset_feed_token(user: User) -> str:
    """Draw a new token: the old private feed URL stops working immediately."""
    secret = db.session.scalar(select(FeedSecret).where(FeedSecret.user_id == user.id))
    if secret is None:
        return feed_token(user)
    _renew(secret, user)
    audit.record("release.feed_reset", user, actor=user)
    return _derive(user.id, secret.nonce)


def user_for_token(token: str) -> User | None:
    """The active owner of a private feed token, or None for any unknown or stale token."""
    if not token or len(token) > 128:
        return None
    secret = db.session.scalar(select(FeedSecret).where(FeedSecret.token_hash == _hash(token)))
    if secret is None or not secret.user.active:
        return None
    return secret.user


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def build_feed(releases: list[Release], *, title: str, self_url: str, now: datetime) -> bytes:
    """An Atom document of ``releases`` (already filtered by the query layer)."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.subtitle(current_event().name)
    feed.author({"name": _("Press centre")})
    feed.link(href=self_url, rel="self")
    feed.link(href=url_for("releases.index", _external=True), rel="alternate")
    updated = [r.corrected_at or r.publish_at for r in releases if r.publish_at]
    feed.updated(_aware(max(updated) if updated else now))
    for release in reversed(releases):  # feedgen prepends: add oldest first
        link = url_for("releases.detail", release_id=release.id, _external=True)
        entry = feed.add_entry()
        entry.id(link)
        title = release.shown_title
        entry.title(_("%(title)s (corrected)", title=title) if release.corrected else title)
        entry.link(href=link)
        entry.published(_aware(release.publish_at))
        entry.updated(_aware(release.corrected_at or release.publish_at))
        entry.category(term=release.category, label=str(CATEGORY_LABELS.get(release.category, "")))
        if release.shown_summary:
            entry.summary(release.shown_summary)
        entry.content(render_markdown(release.body), type="html")
    return feed.atom_str(pretty=True)
