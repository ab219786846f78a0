"""Journalists' side of briefings: sign-up, the waitlist, cancelling, and questions in advance.

Seats are counted and waitlist positions assigned while the conference row is locked
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the write request already holds the
database's write lock from ``BEGIN IMMEDIATE``), so simultaneous sign-ups never give
away more seats than the capacity or two people the same place. Waitlist positions are
kept compact (1, 2, 3 …): when someone leaves or moves up, those behind move up one.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.accreditation.queries import accredited_application
from app.briefings.models import Conference, Question, Signup
from app.briefings.services import BriefingError, lock_conference, registered_count
from app.core import audit
from app.core.outbox import queue_email
from app.core.timeutil import utcnow
from app.extensions import db

MAX_QUESTIONS = 5  # per journalist and conference


def signup_of(conference_id: int, user_id: int) -> Signup | None:
    """The user's sign-up row for a conference (any status), if any."""
    return db.session.scalar(
        select(Signup).where(Signup.conference_id == conference_id, Signup.user_id == user_id)
    )


def sign_up(conference_id: int, user, *, now: datetime | None = None) -> Signup:
    """Give an accredited journalist a seat, or the next place on the waitlist when full."""
    now = now or utcnow()
    if accredited_application(user.id) is None:
        raise BriefingError(_("Only journalists with an approved accreditation can sign up."))
    conference = lock_conference(conference_id)
    if conference is None:
        raise BriefingError(_("This conference does not exist."))
    if conference.is_cancelled:
        raise BriefingError(_("This conference was cancelled."))
    if now >= conference.starts_at:
        raise BriefingError(_("Sign-up has closed: the conference has already started."))
    signup = signup_of(conference.id, user.id)
    if signup is not None and signup.status in ("registered", "waitlisted"):
        return signup
    if registered_count(conference.id) < conference.capacity:
        status, position = "registered", None
    else:
        last = db.session.scalar(
            select(func.max(Signup.position)).where(
                Signup.conference_id == conference.id, Signup.status == "waitlisted"
            )
        )
        status, position = "waitlisted", (last or 0) + 1
    if signup is None:
        signup = Signup(conference_id=conference.id, user_id=user.id, created_at=now)
        db.session.add(signup)
    signup.status, signup.position = status, position
    signup.updated_at = now
    signup.cancelled_at = None
    db.session.flush()
    audit.record(
        "briefings.signup",
        signup,
        actor=user,
        details={"conference_id": conference.id, "status": signup.status, "position": signup.position},
    )
    return signup


def cancel_signup(conference_id: int, user, *, now: datetime | None = None) -> Signup:
    """Give up a seat or a waitlist place; a freed seat goes to the first on the waitlist."""
    now = now or utcnow()
    conference = lock_conference(conference_id)
    if conference is None:
        raise BriefingError(_("This conference does not exist."))
    signup = signup_of(conference.id, user.id)
    if signup is None or signup.status not in ("registered", "waitlisted"):
        raise BriefingError(_("You are not signed up for this conference."))
    if now >= conference.starts_at and not conference.is_cancelled:
        raise BriefingError(_("The conference has already started."))
    previous, position = signup.status, signup.position
    signup.status, signup.position = "cancelled", None
    signup.cancelled_at = signup.updated_at = now
    db.session.flush()
    if previous == "waitlisted" and position is not None:
        db.session.execute(
            update(Signup)
            .where(
                Signup.conference_id == conference.id,
                Signup.status == "waitlisted",
                Signup.position > position,
            )
            .values(position=Signup.position - 1)
        )
    audit.record(
        "briefings.signup.cancel",
        signup,
        actor=user,
        details={"conference_id": conference.id, "was": previous, "position": position},
    )
    if previous == "registered" and not conference.is_cancelled:
        promote_waitlist(conference, now=now)
    return signup


def promote_waitlist(conference: Conference, *, now: datetime | None = None) -> list[Signup]:
    """Fill free seats from the head of the waitlist, in order, and e-mail each person promoted.

    The caller holds the conference row lock.
    """
    now = now or utcnow()
    free = conference.capacity - registered_count(conference.id)
    if free <= 0 or conference.is_cancelled:
        return []
    promoted = list(
        db.session.scalars(
            select(Signup)
            .where(Signup.conference_id == conference.id, Signup.status == "waitlisted")
            .order_by(Signup.position, Signup.id)
            .limit(free)
        )
    )
    if not promoted:
        return []
    for signup in promoted:
        signup.status, signup.position = "registered", None
        signup.promoted_at = signup.updated_at = now
    db.session.flush()
    db.session.execute(
        update(Signup)
        .where(Signup.conference_id == conference.id, Signup.status == "waitlisted")
        .values(position=Signup.position - len(promoted))
        .execution_options(synchronize_session="fetch")
    )
    for signup in promoted:
        queue_email(
            signup.user.email,
            "briefings/promoted",
            language=signup.user.language,
            user=signup.user,
            conference=conference,
        )
        audit.record(
            "briefings.signup.promote",
            signup,
            actor=None,
            details={"conference_id": conference.id, "user_id": signup.user_id},
        )
    return promoted


# ----------------------------------------------------------------------------- questions
def submit_question(conference: Conference, user, text: str, *, now: datetime | None = None) -> Question:
    """A signed-up journalist sends a question in advance; it waits for a press officer."""
    now = now or utcnow()
    signup = signup_of(conference.id, user.id)
    if signup is None or signup.status not in ("registered", "waitlisted"):
        raise BriefingError(_("Sign up for the conference first; then you can send questions."))
    if conference.is_cancelled:
        raise BriefingError(_("This conference was cancelled."))
    if now >= conference.starts_at:
        raise BriefingError(_("Questions are taken only before the conference starts."))
    sent = db.session.scalar(
        select(func.count())
        .select_from(Question)
        .where(Question.conference_id == conference.id, Question.user_id == user.id)
    )
    if sent >= MAX_QUESTIONS:
        raise BriefingError(
            _("You have already sent %(max)s questions for this conference.", max=MAX_QUESTIONS)
        )
    question = Question(conference_id=conference.id, user_id=user.id, text=text, created_at=now)
    db.session.add(question)
    db.session.flush()
    audit.record("briefings.question.submit", question, actor=user, details={"conference_id": conference.id})
    return question


def decide_question(question: Question, actor, *, approve: bool, now: datetime | None = None) -> Question:
    """Approve a question for the speaker's list, or reject it (a decision can be revised)."""
    question.status = "approved" if approve else "rejected"
    question.decided_at = now or utcnow()
    question.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(
        "briefings.question." + question.status,
        question,
        actor=actor,
        details={"conference_id": question.conference_id},
    )
    return question
