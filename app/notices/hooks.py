"""Automatic notices: other areas send a signal at one place each (a release published, a
press conference moved or cancelled, a new media album); this module turns it into a notice
when the congress's setting for that kind says so (``NoticeSettings``). Imported by the
blueprint."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import String, cast, exists, func, literal, select

from app.briefings.services import conference_cancelled, conference_changed, when
from app.core.outbox import register_periodic
from app.core.timeutil import utcnow
from app.events.models import Event
from app.events.scope import ACROSS_EVENTS, in_event
from app.extensions import db
from app.newsroom.hooks import album_published
from app.newsroom.models import Album, MediaItem
from app.notices.models import Notice, NoticeSettings
from app.notices.services import auto_notice
from app.releases.models import AUDIENCE_GROUPS
from app.releases.services import release_published

# An album whose first item comes out of its embargo is announced by the worker's next pass;
# after this long (the worker was down) it is no longer news and is not announced.
ALBUM_NEWS_WINDOW = timedelta(hours=6)


def _both(make) -> dict[str, str]:
    texts = {}
    for language in ("vi", "en"):
        with force_locale(language):
            texts[language] = make(language)
    return texts


@release_published.connect
def _on_release_published(release, now=None, **_kw):
    """A public or accredited release: everyone accredited; a press-level release: that level.

    It is "an embargo lifted" when the release waited for its embargo after approval.
    """
    waited = release.embargo_until is not None and release.approved_at is not None
    waited = waited and release.publish_at is not None and release.publish_at > release.approved_at
    kind = "embargo_lifted" if waited else "release_published"
    target, value = ("level", release.audience) if release.audience in AUDIENCE_GROUPS else ("all", "")

    def text(language):
        title = release.title_en if language == "en" and release.title_en else release.title
        if kind == "embargo_lifted":
            return _("Embargo lifted: “%(title)s” may now be published.", title=title)
        return _("New release: “%(title)s”.", title=title)

    auto_notice(release.event_id, kind, f"release:{release.id}", _both(text), target, value)


@conference_changed.connect
def _on_conference_changed(conference, old_when="", old_room="", **_kw):
    def text(language):
        title = conference.title_en if language == "en" and conference.title_en else conference.title
        return _(
            "Press conference “%(title)s” moved: now %(when)s, %(room)s (was %(old)s, %(old_room)s).",
            title=title,
            when=when(conference),
            room=conference.room.name,
            old=old_when,
            old_room=old_room,
        )

    auto_notice(
        conference.event_id,
        "conference_changed",
        f"conference:{conference.id}:{conference.sequence}",
        _both(text),
    )


@conference_cancelled.connect
def _on_conference_cancelled(conference, reason="", **_kw):
    def text(language):
        title = conference.title_en if language == "en" and conference.title_en else conference.title
        if reason:
            return _(
                "Press conference “%(title)s” (%(when)s) is cancelled: %(reason)s",
                title=title,
                when=when(conference),
                reason=reason,
            )
        return _("Press conference “%(title)s” (%(when)s) is cancelled.", title=title, when=when(conference))

    auto_notice(
        conference.event_id,
        "conference_cancelled",
        f"conference:{conference.id}:{conference.sequence}",
        _both(text),
    )


def _target(audience: str) -> tuple[str, str]:
    """Who hears of something of this audience: its outlet level, or everyone accredited."""
    return ("level", audience) if audience in AUDIENCE_GROUPS else ("all", "")


@album_published.connect
def _on_album_published(album, *, item, publish_at, audience, **_kw):
    """An album's first item, live now: the notice goes with the upload. Under embargo it
    waits for :func:`announce_due_albums`, so no notice tells of an album nobody may open."""
    if publish_at is None or publish_at <= utcnow():
        _announce_album(album, audience)


def _announce_album(album: Album, audience: str):
    def text(language):
        title = album.title_en if language == "en" and album.title_en else album.title
        return _("New in the media library: “%(title)s”.", title=title)

    return auto_notice(
        album.event_id, "album_published", f"album:{album.id}", _both(text), *_target(audience)
    )


@register_periodic
def announce_due_albums(now: datetime | None = None) -> int:
    """The worker's pass: albums whose first item came out of its embargo since the last pass
    (within :data:`ALBUM_NEWS_WINDOW`), in congresses that send this notice; once each."""
    now = now or utcnow()
    first = (
        select(MediaItem.album_id, func.min(MediaItem.id).label("item_id"))
        .group_by(MediaItem.album_id)
        .subquery()
    )
    announced = exists().where(
        Notice.event_id == Album.event_id,
        Notice.cause == literal("album:") + cast(Album.id, String),
    )
    due = db.session.execute(
        select(Album.id, Album.event_id, MediaItem.audience)
        .join(first, first.c.album_id == Album.id)
        .join(MediaItem, MediaItem.id == first.c.item_id)
        .join(NoticeSettings, NoticeSettings.event_id == Album.event_id)
        .where(
            NoticeSettings.auto_album_published.is_(True),
            MediaItem.status == "published",
            MediaItem.publish_at <= now,
            MediaItem.publish_at > now - ALBUM_NEWS_WINDOW,
            ~announced,
        )
        .order_by(Album.event_id, Album.id)
        .execution_options(**ACROSS_EVENTS)
    ).all()
    done = 0
    for event_id in sorted({row.event_id for row in due}):
        event = db.session.get(Event, event_id)
        if event is None or event.is_archived:
            continue
        with in_event(event):
            for row in (r for r in due if r.event_id == event_id):
                if _announce_album(db.session.get(Album, row.id), row.audience) is not None:
                    done += 1
    return done
