"""iCalendar feeds: the public feed and each journalist's private feed.

Format (RFC 5545): times in UTC (``…Z``); ``UID`` is ``conference-<id>@<event code>.presscentre``
and never changes; ``SEQUENCE`` is the conference's change counter, raised on every
change, so calendar clients replace their copy; a cancelled conference stays in the
feed with ``STATUS:CANCELLED`` so clients remove it; a waitlist place is
``STATUS:TENTATIVE``.

Other areas add their own entries to the private feed (an interview appointment) with
:func:`register_private_entries`: a function of the owner's user id returning calendar
events, each with its own stable UID, SEQUENCE and STATUS under the same rules.

The private feed (one per user and event) has a URL token signing ``"<user id>:<nonce>"`` with
the event's ``briefings-feed`` key (app/core/tokens.py)
(22 URL-safe characters, 128 bits); only the nonce and the token's SHA-256 are stored
(``CalendarFeed``). Resetting draws a new nonce: the old URL stops working at once.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.briefings.models import CalendarFeed, Conference, Signup
from app.core import audit, calendars, tokens
from app.core.timeutil import utcnow
from app.events.services import current_event
from app.extensions import db

FEED_VERSION = 1
PAST_DAYS = 60  # the public feed keeps conferences this many days after they took place
# Functions (user id → calendar events) whose entries join each private feed, in its owner's language.
PRIVATE_ENTRIES: list[Callable[[int], list[calendars.Entry]]] = []


def register_private_entries(
    source: Callable[[int], list[calendars.Entry]],
) -> Callable[[int], list[calendars.Entry]]:
    """Add an area's entries (e.g. interview appointments) to every journalist's private feed."""
    if source not in PRIVATE_ENTRIES:
        PRIVATE_ENTRIES.append(source)
    return source


# ----------------------------------------------------------------------------- tokens
def _derive(user_id: int, nonce: str) -> str:
    return tokens.sign("briefings-feed", f"{user_id}:{nonce}")


def _hash(token: str) -> str:
    return tokens.digest(token)


def feed_token(feed: CalendarFeed) -> str:
    """The secret token in the feed's URL, recomputed by the server."""
    return _derive(feed.user_id, feed.nonce)


def _renew(feed: CalendarFeed) -> None:
    feed.nonce = secrets.token_hex(16)
    feed.token_hash = _hash(feed_token(feed))
    feed.created_at = utcnow()


def feed_for(user) -> CalendarFeed:
    """The user's private feed, created on first use (and renewed if the server key changed)."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        _renew(feed)
        db.session.add(feed)
        db.session.flush()
    elif not hmac.compare_digest(feed.token_hash, _hash(feed_token(feed))):
        _renew(feed)
        db.session.flush()
    return feed


def reset_feed(user) -> CalendarFeed:
    """Give the user a new private feed URL; the old one answers 404 from now on."""
    feed = feed_for(user)
    _renew(feed)
    db.session.flush()
    audit.record("briefings.feed.reset", feed, actor=user)
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a URL token opens, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token)))


# ----------------------------------------------------------------------------- calendars
def uid(conference: Conference) -> str:
    """The stable UID of a conference's calendar event."""
    return f"conference-{conference.id}@{current_event().code.lower()}.presscentre"


def _event(
    conference: Conference, *, waitlist_position: int | None = None, waitlisted: bool = False
) -> calendars.Entry:
    summary = conference.shown_title
    if waitlisted:
        summary = _("[Waitlist #%(n)s] %(title)s", n=waitlist_position or "?", title=summary)
    if conference.is_cancelled:
        summary = _("[Cancelled] %(title)s", title=summary)
    location = conference.room.name
    if conference.room.location:
        location += f", {conference.room.location}"
    lines = [conference.topic] if conference.topic else []
    if conference.speakers:
        lines.append(
            _(
                "Speakers: %(names)s",
                names="; ".join(f"{s.full_name} – {s.position}" for s in conference.speakers),
            )
        )
    if conference.shown_description:
        lines.append(conference.shown_description)
    if conference.cancel_reason:
        lines.append(conference.cancel_reason)
    if conference.is_cancelled:
        status = "CANCELLED"
    elif waitlisted:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    return calendars.entry_for(
        conference,
        uid=uid(conference),
        summary=summary,
        status=status,
        url=url_for("briefings.detail", conference_id=conference.id, _external=True),
        location=location,
        description="\n\n".join(lines) or None,
    )


def _calendar(name: str, entries) -> bytes:
    event = current_event()
    return calendars.calendar(
        prodid=f"-//Press centre//{event.code}//v{FEED_VERSION}",
        name=name,
        timezone=event.timezone,
        entries=entries,
    )


def public_feed(*, now: datetime | None = None) -> bytes:
    """Every public conference (recent and upcoming, cancelled ones marked) as iCalendar."""
    since = (now or utcnow()) - timedelta(days=PAST_DAYS)
    conferences = db.session.scalars(
        select(Conference)
        .options(selectinload(Conference.room), selectinload(Conference.speakers))
        .where(Conference.visibility == "public", Conference.ends_at >= since)
        .order_by(Conference.starts_at, Conference.id)
    )
    return _calendar(
        _("Press conferences – %(event)s", event=current_event().name),
        [_event(conference) for conference in conferences],
    )


def private_feed(feed: CalendarFeed) -> bytes:
    """The conferences the feed's owner signed up for (seat or waitlist), in their language."""
    signups = db.session.scalars(
        select(Signup)
        .options(
            selectinload(Signup.conference).selectinload(Conference.room),
            selectinload(Signup.conference).selectinload(Conference.speakers),
        )
        .where(Signup.user_id == feed.user_id, Signup.status.in_(("registered", "waitlisted")))
    ).all()
    owner = db.session.get(User, feed.user_id)
    language = owner.language if owner else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language or "vi"):
        entries = [
            _event(
                signup.conference,
                waitlisted=signup.status == "waitlisted",
                waitlist_position=signup.position,
            )
            for signup in sorted(signups, key=lambda s: (s.conference.starts_at, s.conference_id))
        ]
        for source in PRIVATE_ENTRIES:
            entries.extend(source(feed.user_id))
        return _calendar(_("My press conferences – %(event)s", event=current_event().name), entries)
