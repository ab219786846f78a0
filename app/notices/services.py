"""Live notices: who a notice goes to, sending it once per person and channel, muting, and
the automatic notices other areas' events send (one hook each, see :func:`auto_notice`).

A notice is written in one transaction with every delivery row it causes: the notices page
(delivered at once), the e-mail (an outbox row, sent by the outbox worker) and Web Push
(sent by :func:`app.notices.push.deliver_push`, also run by the worker). At most one delivery row
exists per (notice, person, channel) — a unique constraint — so no retry can deliver twice.
"""

from __future__ import annotations

from datetime import datetime, time

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, exists, func, insert, select

from app.accounts.models import User
from app.accreditation.models import (
    CATEGORIES,
    ORGANISATION_LEVELS,
    Application,
    MediaOrganisation,
    application_zones,
)
from app.badges.models import Badge
from app.checkin.models import Scan
from app.core import audit, eventinfo, tokens
from app.core.models import OutboxMessage
from app.core.outbox import _request_context
from app.core.text import clean_text
from app.core.timeutil import from_local, to_local, utcnow
from app.events.models import Zone
from app.extensions import db
from app.notices.models import (
    AUTO_KINDS,
    BODY_MAX,
    TARGETS,
    Notice,
    NoticeDelivery,
    NoticeMute,
    NoticeSettings,
    PushSubscription,
)

TARGET_LABELS = {
    "all": _l("Everyone accredited"),
    "category": _l("An audience group"),
    "zone": _l("A zone"),
    "level": _l("An outlet level"),
    "onsite": _l("On site today"),
}
KIND_LABELS = {
    "manual": _l("Sent by hand"),
    "release_published": _l("A release is published"),
    "embargo_lifted": _l("An embargo is lifted"),
    "conference_changed": _l("A press conference is moved"),
    "conference_cancelled": _l("A press conference is cancelled"),
    "album_published": _l("A new media album"),
}
CHANNEL_LABELS = {"page": _l("Notices page"), "email": _l("E-mail"), "push": _l("Phone (Web Push)")}
STATUS_LABELS = {
    "pending": _l("Waiting"),
    "sent": _l("Delivered"),
    "failed": _l("Failed"),
    "muted": _l("Muted"),
    "none": _l("No subscription"),
}
MUTABLE_CHANNELS = ("email", "push")  # the notices page is the record: it always shows them
SCREEN_PURPOSE = "notices-screen"
AUTO_KIND_NAMES = AUTO_KINDS


class NoticeError(ValueError):
    """A notice that cannot be sent, with the message to show."""


# ----------------------------------------------------------------------------- targets
def recipients_query(event_id: int, target: str, value: str = "", *, now: datetime | None = None):
    """SELECT (user id, e-mail, language) of the active, accredited people a target names."""
    query = (
        select(User.id, User.email, User.language)
        .join(Application, Application.user_id == User.id)
        .where(Application.event_id == event_id, Application.status == "approved", User.active.is_(True))
    )
    if target == "category":
        query = query.where(Application.category == value)
    elif target == "level":
        query = query.join(MediaOrganisation, MediaOrganisation.id == Application.organisation_id).where(
            MediaOrganisation.level == value
        )
    elif target == "zone":
        query = query.where(
            exists().where(
                application_zones.c.application_id == Application.id,
                application_zones.c.zone_id == int(value),
            )
        )
    elif target == "onsite":
        start = day_start(now or utcnow())
        query = query.where(
            exists()
            .where(Badge.application_id == Application.id, Scan.badge_id == Badge.id)
            .where(Scan.event_id == event_id, Scan.result == "accepted", Scan.scanned_at >= start)
        )
    return query.order_by(User.id)


def day_start(now: datetime) -> datetime:
    """Midnight of ``now``'s day at the event, as naive UTC."""
    return from_local(datetime.combine(to_local(now).date(), time.min))


def target_choices(event_id: int) -> dict[str, list[tuple[str, str]]]:
    """The values each kind of target offers in this congress (groups, zones, levels)."""
    from app.accreditation.validation import CATEGORY_LABELS, LEVEL_LABELS

    zones = db.session.execute(
        select(Zone.id, Zone.name).where(Zone.event_id == event_id).order_by(Zone.sort_order)
    )
    return {
        "category": [(c, str(CATEGORY_LABELS.get(c, c))) for c in CATEGORIES],
        "zone": [(str(z.id), z.name) for z in zones],
        "level": [(lv, str(LEVEL_LABELS.get(lv, lv))) for lv in ORGANISATION_LEVELS],
    }


def check_target(event_id: int, target: str, value: str) -> str:
    """The target's value cleaned, or NoticeError when the target itself is not valid."""
    value = (value or "").strip()
    if target not in TARGETS:
        raise NoticeError(_("Choose who the notice goes to."))
    if target in ("all", "onsite"):
        return ""
    if not value:
        raise NoticeError(_("Choose the group, zone or outlet level the notice goes to."))
    valid = {v for v, _label in target_choices(event_id)[target]}
    if value not in valid:
        raise NoticeError(_("This group, zone or outlet level does not exist in this congress."))
    return value


def check_text(body: str, body_en: str = "") -> tuple[str, str]:
    """The notice's two texts cleaned; NoticeError when empty or over the length limit."""
    body, body_en = _clean(body), _clean(body_en)
    if not body:
        raise NoticeError(_("Write the notice in Vietnamese."))
    for text in (body, body_en):
        if len(text) > BODY_MAX:
            raise NoticeError(
                _("A notice has at most %(max)d characters; this one has %(n)d.", max=BODY_MAX, n=len(text))
            )
    return body, body_en


def _clean(text: str | None) -> str:
    """Line breaks kept (a notice may have two short lines), everything else as clean_text."""
    lines = [clean_text(line) for line in (text or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line).strip()


def count_recipients(event_id: int, target: str, value: str = "") -> int:
    """How many people a target names now (shown before sending)."""
    value = check_target(event_id, target, value)
    return db.session.scalar(
        select(func.count()).select_from(recipients_query(event_id, target, value).subquery())
    )


# ----------------------------------------------------------------------------- sending
def send_notice(
    event_id: int,
    body: str,
    target: str,
    target_value: str = "",
    *,
    body_en: str = "",
    author=None,
    kind: str = "manual",
    cause: str | None = None,
    now: datetime | None = None,
) -> Notice:
    """Write a notice and every delivery it causes (flushed, committed by the caller).

    Refused with NoticeError (nothing written) when the text is empty or too long, the
    target is not valid, or the target matches nobody.
    """
    now = now or utcnow()
    body, body_en = check_text(body, body_en)
    target_value = check_target(event_id, target, target_value)
    people = db.session.execute(recipients_query(event_id, target, target_value, now=now)).all()
    if not people:
        raise NoticeError(_("Nobody matches this target: the notice was not sent."))
    notice = Notice(
        event_id=event_id,
        body=body,
        body_en=body_en,
        target=target,
        target_value=target_value,
        kind=kind,
        cause=cause,
        author_id=getattr(author, "id", None),
        recipients=len(people),
        created_at=now,
    )
    db.session.add(notice)
    db.session.flush()
    ids = [p.id for p in people]
    muted = _muted(event_id, ids)
    subscribed = set(
        db.session.scalars(
            select(PushSubscription.user_id)
            .where(PushSubscription.event_id == event_id, PushSubscription.user_id.in_(ids))
            .distinct()
        )
    )
    mails = _queue_emails(event_id, notice, [p for p in people if (p.id, "email") not in muted], now)
    rows = []
    for person in people:
        rows.append(_row(event_id, notice, person.id, "page", "sent", now, sent_at=now))
        if (person.id, "email") in muted:
            rows.append(_row(event_id, notice, person.id, "email", "muted", now))
        else:
            rows.append(_row(event_id, notice, person.id, "email", "pending", now, outbox=mails[person.id]))
        if person.id in subscribed:  # no push row for someone without a push subscription
            state = "muted" if (person.id, "push") in muted else "pending"
            rows.append(_row(event_id, notice, person.id, "push", state, now))
    # A Core INSERT of the table: SQLAlchemy sends the rows as a few multi-row statements
    # (the ORM's bulk path sent these one by one on PostgreSQL: 10 s for 6,000 rows).
    db.session.execute(NoticeDelivery.__table__.insert(), rows)
    audit.record(
        "notices.sent",
        notice,
        actor=author,
        details={"target": target, "value": target_value, "recipients": len(people), "kind": kind},
    )
    return notice


def _row(event_id, notice, user_id, channel, status, now, *, sent_at=None, outbox=None) -> dict:
    return {
        "event_id": event_id,
        "notice_id": notice.id,
        "user_id": user_id,
        "channel": channel,
        "status": status,
        "attempts": 0,
        "next_attempt_at": now,
        "sent_at": sent_at,
        "outbox_message_id": outbox,
    }


def _muted(event_id: int, user_ids: list[int]) -> set[tuple[int, str]]:
    rows = db.session.execute(
        select(NoticeMute.user_id, NoticeMute.channel).where(
            NoticeMute.event_id == event_id, NoticeMute.user_id.in_(user_ids)
        )
    )
    return {(r.user_id, r.channel) for r in rows}


def _queue_emails(event_id: int, notice: Notice, people, now: datetime) -> dict[int, int]:
    """One outbox row per person, rendered once per language (the text is the same for all)."""
    if not people:
        return {}
    event = eventinfo.current()
    rendered = {}
    for language in {p.language or "vi" for p in people}:
        with _request_context(), force_locale(language):
            text = render_template(
                "email/notices/notice.txt",
                notice=notice,
                event_name=event.name if event else "",
                base_url=current_app.config["SERVER_BASE_URL"].rstrip("/"),
                code=event.code if event else "",
            )
        subject, _sep, body = text.lstrip().partition("\n")
        rendered[language] = (subject.strip()[:255], body.strip() + "\n")
    rows = [
        {
            "event_id": event_id,
            "created_at": now,
            "recipient": p.email,
            "subject": rendered[p.language or "vi"][0],
            "body_text": rendered[p.language or "vi"][1],
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
        }
        for p in people
    ]
    ids = db.session.scalars(
        insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True), rows
    ).all()
    return {p.id: message_id for p, message_id in zip(people, ids, strict=True)}


# ----------------------------------------------------------------------------- reading
def notices_for(user_id: int, event_id: int, limit: int = 50) -> list[Notice]:
    """The notices delivered to a person's notices page, newest first."""
    return list(
        db.session.scalars(
            select(Notice)
            .join(NoticeDelivery, NoticeDelivery.notice_id == Notice.id)
            .where(
                Notice.event_id == event_id,
                NoticeDelivery.user_id == user_id,
                NoticeDelivery.channel == "page",
            )
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def delivery_counts(notice_ids: list[int]) -> dict[int, dict[tuple[str, str], int]]:
    """Per notice: how many deliveries per (channel, state); an e-mail's state is its outbox row's."""
    if not notice_ids:
        return {}
    status = func.coalesce(OutboxMessage.status, NoticeDelivery.status)
    rows = db.session.execute(
        select(NoticeDelivery.notice_id, NoticeDelivery.channel, status, func.count())
        .outerjoin(OutboxMessage, OutboxMessage.id == NoticeDelivery.outbox_message_id)
        .where(NoticeDelivery.notice_id.in_(notice_ids))
        .group_by(NoticeDelivery.notice_id, NoticeDelivery.channel, status)
    )
    counts: dict[int, dict[tuple[str, str], int]] = {nid: {} for nid in notice_ids}
    for notice_id, channel, state, n in rows:
        counts[notice_id][(channel, state)] = n
    return counts


def retry_failed(notice: Notice, actor=None) -> int:
    """Send a notice's failed push deliveries and e-mails again; delivered ones are never resent."""
    now = utcnow()
    count = 0
    for delivery in db.session.scalars(
        select(NoticeDelivery).where(NoticeDelivery.notice_id == notice.id, NoticeDelivery.channel != "page")
    ):
        if delivery.channel == "push" and delivery.status == "failed":
            delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, now
            count += 1
        elif delivery.channel == "email" and delivery.outbox_message_id:
            message = db.session.get(OutboxMessage, delivery.outbox_message_id)
            if message is not None and message.status == "failed":
                message.status, message.attempts, message.next_attempt_at = "pending", 0, now
                count += 1
    audit.record("notices.retried", notice, actor=actor, details={"count": count})
    return count


# ----------------------------------------------------------------------------- muting
def muted_channels(user_id: int, event_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(NoticeMute.channel).where(NoticeMute.event_id == event_id, NoticeMute.user_id == user_id)
        )
    )


def set_mutes(user, event_id: int, channels: set[str]) -> set[str]:
    """Mute exactly ``channels`` (e-mail, push) for this person in this congress."""
    wanted = {c for c in channels if c in MUTABLE_CHANNELS}
    have = muted_channels(user.id, event_id)
    for channel in wanted - have:
        db.session.add(NoticeMute(event_id=event_id, user_id=user.id, channel=channel))
    if have - wanted:
        db.session.execute(
            delete(NoticeMute).where(
                NoticeMute.event_id == event_id,
                NoticeMute.user_id == user.id,
                NoticeMute.channel.in_(have - wanted),
            )
        )
    if wanted != have:
        audit.record("notices.muted", None, actor=user, details={"channels": sorted(wanted)})
    return wanted


# ----------------------------------------------------------------------------- settings and screen
def settings_for(event_id: int) -> NoticeSettings:
    """The congress's notice settings, made with their defaults on first use."""
    row = db.session.scalar(select(NoticeSettings).where(NoticeSettings.event_id == event_id))
    if row is None:
        import secrets

        row = NoticeSettings(event_id=event_id, screen_nonce=secrets.token_urlsafe(24))
        db.session.add(row)
        db.session.flush()
    return row


def screen_token(settings: NoticeSettings) -> str:
    """The hall screen's URL token: signed from the settings' nonce with the congress's key."""
    return (
        tokens.sign(SCREEN_PURPOSE, f"{settings.event_id}:{settings.screen_nonce}")
        + settings.screen_nonce[:10]
    )


def screen_matches(settings: NoticeSettings | None, token: str) -> bool:
    import hmac

    return settings is not None and hmac.compare_digest(screen_token(settings), token or "")


def rotate_screen(settings: NoticeSettings, actor) -> str:
    """A new screen address; the old one answers 404 from now on."""
    import secrets

    settings.screen_nonce = secrets.token_urlsafe(24)
    settings.screen_rotated_at = utcnow()
    audit.record("notices.screen_rotated", None, actor=actor)
    return screen_token(settings)


def save_settings(settings: NoticeSettings, values: dict[str, bool], actor) -> None:
    """Which kinds of events send a notice on their own."""
    changed = {}
    for kind in AUTO_KINDS:
        attr = f"auto_{kind}"
        if kind in values and bool(values[kind]) != getattr(settings, attr):
            setattr(settings, attr, bool(values[kind]))
            changed[kind] = bool(values[kind])
    if changed:
        audit.record("notices.settings", None, actor=actor, details={"changed": sorted(changed)})


def auto_notice(
    event_id: int, kind: str, cause: str, texts: dict[str, str], target: str = "all", value: str = ""
):
    """The automatic notice of an event of another area, when the congress's setting sends it.

    ``texts`` holds "vi" and "en". Sent once per cause (a hook that runs twice finds the first);
    a target that matches nobody sends nothing. Returns the notice or None.
    """
    settings = settings_for(event_id)
    if not getattr(settings, f"auto_{kind}", False):
        return None
    if db.session.scalar(select(Notice.id).where(Notice.event_id == event_id, Notice.cause == cause)):
        return None
    try:
        return send_notice(
            event_id,
            texts["vi"][:BODY_MAX],
            target,
            value,
            body_en=texts.get("en", "")[:BODY_MAX],
            kind=kind,
            cause=cause,
        )
    except NoticeError:
        return None


def subscribe(user, event_id: int, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's push subscription (the same endpoint again updates its keys)."""
    endpoint, p256dh, auth = (endpoint or "").strip(), (p256dh or "").strip(), (auth or "").strip()
    if not endpoint.startswith(("https://", "http://")) or len(endpoint) > 1000:
        raise NoticeError(_("This browser gave no valid push address."))
    if not (40 <= len(p256dh) <= 200) or not (8 <= len(auth) <= 64):
        raise NoticeError(_("This browser gave no valid push keys."))
    row = db.session.scalar(
        select(PushSubscription).where(
            PushSubscription.event_id == event_id, PushSubscription.endpoint == endpoint
        )
    )
    if row is None:
        row = PushSubscription(
            event_id=event_id, user_id=user.id, endpoint=endpoint, p256dh=p256dh, auth=auth
        )
        db.session.add(row)
        audit.record("notices.push_subscribed", None, actor=user)
    else:
        row.user_id, row.p256dh, row.auth = user.id, p256dh, auth
    db.session.flush()
    return row


def unsubscribe(user, event_id: int, endpoint: str) -> int:
    """Forget this browser's subscription (only the person's own)."""
    result = db.session.execute(
        delete(PushSubscription).where(
            and_(
                PushSubscription.event_id == event_id,
                PushSubscription.user_id == user.id,
                PushSubscription.endpoint == (endpoint or "").strip(),
            )
        )
    )
    return result.rowcount or 0
