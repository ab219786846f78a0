"""Help desk rules: filing a request, the state machine, replies (e-mailed), lost badges.

A request moves ``new → in_progress → waiting (for the journalist) → solved`` (see
:data:`TRANSITIONS`); a staff reply is the first response when it is the first one, and it
is e-mailed to the journalist through the outbox in the same transaction. A journalist
sees only their own requests. A lost badge is replaced with the badges area's own reprint,
which supersedes the lost version at once (every gate denies it) and issues the next one.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from app.accreditation.models import Application
from app.badges import services as badges
from app.badges.models import Badge
from app.core import audit, uploads
from app.core.locking import lock_row
from app.core.outbox import queue_email
from app.core.timeutil import utcnow
from app.events.services import scoped
from app.extensions import db
from app.helpdesk.models import CATEGORIES, STATES, HelpReply, HelpRequest

PHOTO_MAX_BYTES = uploads.PHONE_PHOTO_MAX_BYTES
PHOTO_SIZES = {"full": (1600, 1600), "thumb": (320, 320)}

CATEGORY_LABELS = {
    "wifi": _l("Wi-Fi, computers"),
    "printing": _l("Printing"),
    "documents": _l("Documents"),
    "lost_found": _l("Lost and found"),
    "badge": _l("Badge"),
    "equipment": _l("Equipment"),
    "transport": _l("Transport"),
    "other": _l("Other"),
}
STATE_LABELS = {
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting for the journalist"),
    "solved": _l("Solved"),
}
# Which state a request may move to from each state (a solved request can be reopened).
TRANSITIONS = {
    "new": ("in_progress", "waiting", "solved"),
    "in_progress": ("waiting", "solved"),
    "waiting": ("in_progress", "solved"),
    "solved": ("in_progress",),
}
assert set(CATEGORY_LABELS) == set(CATEGORIES) and set(STATE_LABELS) == set(STATES)


class HelpdeskError(ValueError):
    """A refused help-desk action; ``str(error)`` is a message for the user, in their language."""


def application_of(user_id: int) -> Application | None:
    """The user's application in the current congress (any status), or None."""
    return db.session.scalar(scoped(Application).where(Application.user_id == user_id))


# ----------------------------------------------------------------------------- filing
def file_request(
    user,
    *,
    category: str,
    text: str,
    place: str = "",
    photo=None,
    filed_by=None,
    now: datetime | None = None,
) -> HelpRequest:
    """File a request for ``user`` (a journalist with an application in this congress).

    ``photo`` is an uploaded file or None; it is checked and re-encoded by the one upload
    validator (a file that is not an image, or too large, raises ``UploadError``). The caller
    deletes the stored files if its commit fails (:func:`discard_photo`).
    """
    application = application_of(user.id)
    if application is None:
        raise HelpdeskError(
            _l("Only journalists with an application in this congress can ask the help desk.")
        )
    if category not in CATEGORIES:
        raise HelpdeskError(_l("Choose a category."))
    if not (text or "").strip():
        raise HelpdeskError(_l("Please describe what you need."))
    now = now or utcnow()
    request = HelpRequest(
        requester_id=user.id,
        application_id=application.id,
        category=category,
        place=(place or "").strip()[:120],
        text=text.strip(),
        filed_by_id=getattr(filed_by, "id", None),
        created_at=now,
        updated_at=now,
    )
    if photo is not None and getattr(photo, "filename", None):
        stored = uploads.save_image(photo, "helpdesk", max_bytes=PHOTO_MAX_BYTES, sizes=PHOTO_SIZES)
        request.photo_key, request.photo_thumb_key = stored.keys["full"], stored.keys["thumb"]
    db.session.add(request)
    db.session.flush()
    if filed_by is not None:
        audit.record("helpdesk.file_for", request, actor=filed_by, details={"category": category})
    return request


def discard_photo(request: HelpRequest | None) -> None:
    """Remove the stored photo of a request whose transaction failed."""
    if request is not None:
        uploads.delete_upload(request.photo_key)
        uploads.delete_upload(request.photo_thumb_key)


# ----------------------------------------------------------------------------- the state machine
def _lock(request: HelpRequest) -> HelpRequest:
    """Re-read a request under a row lock (PostgreSQL; SQLite write requests are serialised)."""
    locked = lock_row(HelpRequest, request.id)
    if locked is None:
        raise HelpdeskError(_l("This request no longer exists."))
    return locked


def _move(request: HelpRequest, state: str, now: datetime) -> None:
    if state == request.state:
        return
    if state not in TRANSITIONS[request.state]:
        raise HelpdeskError(
            _l(
                "A request that is “%(old)s” cannot become “%(new)s”.",
                old=STATE_LABELS[request.state],
                new=STATE_LABELS.get(state, state),
            )
        )
    request.state = state
    request.solved_at = now if state == "solved" else None


def take(request: HelpRequest, actor, *, now: datetime | None = None) -> HelpRequest:
    """``actor`` takes the request: they become its assignee and a new request is in progress."""
    now = now or utcnow()
    request = _lock(request)
    if request.state == "solved":
        raise HelpdeskError(_l("This request is solved; reopen it first."))
    previous = request.assignee_id
    request.assignee_id = actor.id
    if request.state == "new":
        _move(request, "in_progress", now)
    request.updated_at = now
    db.session.flush()
    audit.record("helpdesk.take", request, actor=actor, details={"previous_assignee": previous})
    return request


def change_state(request: HelpRequest, state: str, actor, *, now: datetime | None = None) -> HelpRequest:
    """Move a request to ``state`` along :data:`TRANSITIONS` (audited)."""
    now = now or utcnow()
    request = _lock(request)
    old = request.state
    if state == old:
        raise HelpdeskError(_l("The request is already in this state."))
    _move(request, state, now)
    if request.assignee_id is None and state != "solved":
        request.assignee_id = actor.id
    request.updated_at = now
    db.session.flush()
    audit.record("helpdesk.state", request, actor=actor, details={"from": old, "to": state})
    return request


def staff_reply(
    request: HelpRequest, actor, body: str, *, state: str | None = None, now: datetime | None = None
) -> HelpReply:
    """A reply from the desk: shown on the journalist's page and e-mailed to them (outbox).

    The first staff reply sets the first-response time; ``state`` (default: waiting for the
    journalist) is where the request goes next.
    """
    now = now or utcnow()
    body = (body or "").strip()
    if not body:
        raise HelpdeskError(_l("Please write a reply."))
    request = _lock(request)
    old = request.state
    _move(request, state or "waiting", now)
    if request.assignee_id is None:
        request.assignee_id = actor.id
    if request.first_response_at is None:
        request.first_response_at = now
    request.updated_at = now
    reply = HelpReply(request_id=request.id, author_id=actor.id, from_staff=True, body=body, created_at=now)
    db.session.add(reply)
    db.session.flush()
    audit.record(
        "helpdesk.reply",
        request,
        actor=actor,
        details={"reply_id": reply.id, "from": old, "to": request.state},
    )
    _email_reply(request, reply)
    return reply


def _email_reply(request: HelpRequest, reply: HelpReply) -> None:
    user = request.requester
    queue_email(
        user.email,
        "helpdesk/reply",
        language=getattr(user, "language", "vi") or "vi",
        full_name=user.full_name,
        request_id=request.id,
        category=request.category,
        state=request.state,
        body=reply.body,
    )


def journalist_reply(request: HelpRequest, user, body: str, *, now: datetime | None = None) -> HelpReply:
    """The journalist answers in their own request's thread; a request waiting for them is worked again."""
    now = now or utcnow()
    body = (body or "").strip()
    if not body:
        raise HelpdeskError(_l("Please write a reply."))
    request = _lock(request)
    if request.requester_id != user.id:
        raise HelpdeskError(_l("This request no longer exists."))
    if request.state == "solved":
        raise HelpdeskError(_l("This request is solved. If you need more help, please file a new request."))
    if request.state == "waiting":
        _move(request, "in_progress", now)
    request.updated_at = now
    reply = HelpReply(request_id=request.id, author_id=user.id, from_staff=False, body=body, created_at=now)
    db.session.add(reply)
    db.session.flush()
    return reply


# ----------------------------------------------------------------------------- reading
def _with_people(query: Select) -> Select:
    return query.options(
        joinedload(HelpRequest.requester),
        joinedload(HelpRequest.assignee),
        joinedload(HelpRequest.application),
    )


def board(*, category: str = "", mine_only_for=None) -> dict[str, list[HelpRequest]]:
    """The requests by state, oldest first (solved: the 30 most recently solved)."""
    columns: dict[str, list[HelpRequest]] = {state: [] for state in STATES}
    query = select(HelpRequest).where(HelpRequest.state != "solved")
    solved = select(HelpRequest).where(HelpRequest.state == "solved")
    if category in CATEGORIES:
        query = query.where(HelpRequest.category == category)
        solved = solved.where(HelpRequest.category == category)
    if mine_only_for is not None:
        query = query.where(HelpRequest.assignee_id == mine_only_for.id)
        solved = solved.where(HelpRequest.assignee_id == mine_only_for.id)
    for request in db.session.scalars(_with_people(query.order_by(HelpRequest.created_at, HelpRequest.id))):
        columns[request.state].append(request)
    recent = _with_people(solved.order_by(HelpRequest.solved_at.desc(), HelpRequest.id.desc()).limit(30))
    columns["solved"] = list(db.session.scalars(recent))
    return columns


def requests_of(user_id: int) -> list[HelpRequest]:
    """A journalist's own requests in this congress, newest first."""
    return list(
        db.session.scalars(
            select(HelpRequest)
            .where(HelpRequest.requester_id == user_id)
            .order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
        )
    )


def open_count() -> int:
    """Requests not yet solved (the navigation and dashboard figure)."""
    return db.session.scalar(select(func.count(HelpRequest.id)).where(HelpRequest.state != "solved")) or 0


def summary(now: datetime | None = None) -> dict:
    """The dashboard's figures: requests by state, the longest wait of an unanswered one, overdue loans
    (three queries, whatever the number of requests)."""
    from app.helpdesk.models import Loan

    now = now or utcnow()
    by_state = dict.fromkeys(STATES, 0)
    by_state.update(
        dict(
            db.session.execute(
                select(HelpRequest.state, func.count(HelpRequest.id)).group_by(HelpRequest.state)
            ).all()
        )
    )
    oldest = db.session.scalar(select(func.min(HelpRequest.created_at)).where(HelpRequest.state == "new"))
    overdue = db.session.scalar(
        select(func.count(Loan.id)).where(Loan.returned_at.is_(None), Loan.due_at < now)
    )
    return {
        "by_state": by_state,
        "longest_wait": int((now - oldest).total_seconds() // 60) if oldest else None,
        "overdue_loans": overdue or 0,
    }


def waiting_minutes(request: HelpRequest, now: datetime | None = None) -> int:
    """How long the request has waited: since it was filed, until solved (or now)."""
    end = request.solved_at if request.state == "solved" and request.solved_at else (now or utcnow())
    return max(0, int((end - request.created_at).total_seconds() // 60))


# ----------------------------------------------------------------------------- lost badges
def current_badge_of(application: Application) -> Badge | None:
    """The application's current badge version (the badges area's own answer)."""
    return badges.current_badge(application)


def _open_lost_report(badge: Badge) -> HelpRequest | None:
    return db.session.scalar(
        select(HelpRequest).where(
            HelpRequest.lost_badge_id == badge.id,
            HelpRequest.replacement_badge_id.is_(None),
            HelpRequest.state != "solved",
        )
    )


def _lost_badge_checks(badge: Badge | None) -> Badge:
    if badge is None:
        raise HelpdeskError(_l("There is no badge for this accreditation yet."))
    if badge.revoked_at is not None:
        raise HelpdeskError(
            _l("This badge is revoked: it cannot be replaced here. Please see the accreditation desk.")
        )
    if badge.superseded_at is not None:
        raise HelpdeskError(_l("This version was already replaced by a newer one."))
    return badge


def report_lost_badge(user, *, text: str = "", place: str = "", now: datetime | None = None) -> HelpRequest:
    """A journalist reports their own badge lost: a request the desk answers by replacing it.

    Reporting twice gives the open report back rather than a second one.
    """
    application = application_of(user.id)
    if application is None or application.status != "approved":
        raise HelpdeskError(_l("Only journalists whose accreditation has been approved have a badge."))
    badge = _lost_badge_checks(current_badge_of(application))
    existing = _open_lost_report(badge)
    if existing is not None:
        return existing
    request = file_request(
        user,
        category="badge",
        text=text.strip() or str(_l("I have lost my badge %(serial)s.", serial=badge.serial)),
        place=place,
        now=now,
    )
    request.lost_badge_id = badge.id
    db.session.flush()
    audit.record(
        "helpdesk.badge_lost", request, actor=user, details={"serial": badge.serial, "badge_id": badge.id}
    )
    return request


def replace_lost_badge(request: HelpRequest, actor, *, now: datetime | None = None) -> Badge:
    """The desk replaces a badge reported lost, after checking the holder's identity.

    One transaction: the badges area's reprint supersedes the lost version (every gate denies
    it from now on, connected gates at their next delta) and issues the next version with a
    new token, audited and e-mailed to the holder there; the request records the new version,
    gets a reply the journalist reads on their page, and is solved.

    A reprint rather than a revocation: in this system a revoked badge is a withdrawn
    accreditation (its holder cannot get another version), while a superseded one is a
    replaced copy, denied at every gate all the same.
    """
    now = now or utcnow()
    request = _lock(request)
    if request.lost_badge_id is None:
        raise HelpdeskError(_l("This request is not a lost-badge report."))
    if request.replacement_badge_id is not None:
        raise HelpdeskError(_l("This badge has already been replaced."))
    lost = _lost_badge_checks(db.session.get(Badge, request.lost_badge_id))
    try:
        new = badges.reprint_badge(lost, actor, reason="lost", lost=True)
    except badges.BadgeError as error:
        raise HelpdeskError(str(error)) from None
    request.replacement_badge_id = new.id
    if request.first_response_at is None:
        request.first_response_at = now
    if request.assignee_id is None:
        request.assignee_id = actor.id
    request.state, request.solved_at, request.updated_at = "solved", now, now
    with force_locale(getattr(request.requester, "language", None) or "vi"):  # the journalist reads it
        body = str(
            _l(
                "Your lost badge %(serial)s (version %(old)s) no longer opens any gate. "
                "Version %(new)s has been issued: collect it at the help desk.",
                serial=new.serial,
                old=lost.version,
                new=new.version,
            )
        )
    db.session.add(
        HelpReply(request_id=request.id, author_id=actor.id, from_staff=True, body=body, created_at=now)
    )
    db.session.flush()
    audit.record(
        "helpdesk.badge_replaced",
        request,
        actor=actor,
        details={
            "serial": new.serial,
            "lost_version": lost.version,
            "new_version": new.version,
            "new_badge_id": new.id,
        },
    )
    return new


def desk_lost_badge(
    badge: Badge, actor, *, note: str = "", now: datetime | None = None
) -> tuple[HelpRequest, Badge]:
    """The desk, on the holder's behalf (identity checked), records the loss and replaces the badge at once."""
    badge = _lost_badge_checks(badge)
    application = badge.application
    if application.status != "approved":
        raise HelpdeskError(_l("Only approved applications have badges."))
    request = _open_lost_report(badge)
    if request is None:
        request = file_request(
            application.user,
            category="badge",
            text=note.strip()
            or str(_l("Badge %(serial)s reported lost at the help desk.", serial=badge.serial)),
            filed_by=actor,
            now=now,
        )
        request.lost_badge_id = badge.id
        db.session.flush()
        audit.record(
            "helpdesk.badge_lost",
            request,
            actor=actor,
            details={"serial": badge.serial, "badge_id": badge.id},
        )
    return request, replace_lost_badge(request, actor, now=now)
