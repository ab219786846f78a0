"""Routes of the briefings area seen by everyone: agenda, public schedule, detail, sign-up, feeds.

The press officers' routes (conferences, rooms, speakers, questions, attendance) are
in ``staff_views.py`` on the same blueprint.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select

from app.accreditation.queries import accredited_application
from app.briefings import ical, queries, signups
from app.briefings.blueprint import bp
from app.briefings.forms import QuestionForm
from app.briefings.models import Conference, Question
from app.briefings.services import BriefingError
from app.core import conditional
from app.core.dates import maybe_date
from app.core.dbsetup import mark_write
from app.core.forms import EmptyForm
from app.core.i18n import current_language, feed_language
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import local_today, to_local, utcnow
from app.events.scope import get_in_event
from app.extensions import db, login_manager

nav_item("briefings.agenda", _l("Press conferences"), Permission.ATTEND_BRIEFINGS, order=30)
nav_item("briefings.schedule", _l("Press conference schedule"), Permission.PUBLIC, order=85, group="press")


def _flash_errors(error: BriefingError) -> None:
    for message in error.messages:
        flash(message, "danger")


@bp.route("/agenda")
@permission_required(Permission.MANAGE_BRIEFINGS, Permission.ATTEND_BRIEFINGS)
def agenda():
    """A day or week agenda of the conferences the user may see, with their own sign-ups."""
    view = "day" if request.args.get("view") == "day" else "week"
    day = maybe_date(request.args.get("date")) or local_today()
    if view == "week":
        first, days = day - timedelta(days=day.weekday()), 7
    else:
        first, days = day, 1
    start, end = queries.local_range(first, days)
    conferences = queries.between(current_user, start, end)
    ids = [c.id for c in conferences]
    by_day: dict[date, list[Conference]] = {first + timedelta(days=n): [] for n in range(days)}
    for conference in conferences:
        by_day.setdefault(to_local(conference.starts_at).date(), []).append(conference)
    step = timedelta(days=days)
    return render_template(
        "briefings/agenda.html",
        view=view,
        first=first,
        by_day=by_day,
        prev_date=first - step,
        next_date=first + step,
        counts=queries.seat_counts(ids),
        mine=queries.my_signups(current_user, ids),
        accredited=queries.sees_all(current_user),
        manager=current_user.can(Permission.MANAGE_BRIEFINGS),
    )


@bp.route("/schedule")
@permission_required(Permission.PUBLIC)
def schedule():
    """The public schedule: upcoming public conferences, cancelled ones marked."""
    query = queries.with_details(
        select(Conference)
        .where(Conference.visibility == "public", Conference.ends_at >= utcnow() - timedelta(hours=12))
        .order_by(Conference.starts_at, Conference.id)
    )
    if current_user.is_authenticated or "_flashes" in session:  # personal, or a message to show
        return render_template("briefings/schedule.html", page=paginate(query, per_page=50))
    # Anonymous: 304 while nothing changed. The page holds forms (a CSRF token bound to the
    # session), so its body is not shared between visitors: the session is in the ETag.
    generate_csrf()  # the session's CSRF secret exists before the ETag names it
    since = utcnow() - timedelta(hours=12)
    version = _public_version(since)
    etag = conditional.make_etag(
        "schedule",
        version,
        current_language(),
        request.query_string,
        session.get("csrf_token"),
    )
    return conditional.answer(
        etag,
        version[1],
        lambda: render_template("briefings/schedule.html", page=paginate(query, per_page=50)),
        mimetype="text/html",
        cache_control="no-cache",
        keep=False,
    )


def _public_version(since):
    """(count, newest change, newest briefings audit entry) of the public conferences ending
    after ``since``: one statement, the version of the public schedule and feed."""
    return tuple(
        db.session.execute(
            select(
                func.count(Conference.id),
                func.max(Conference.updated_at),
                conditional.audit_marker("briefings"),
            ).where(Conference.visibility == "public", Conference.ends_at >= since)
        ).one()
    )


@bp.route("/calendar.ics")
@permission_required(Permission.PUBLIC)
def public_feed():
    """The public iCalendar feed of public conferences (``?lang=en``: English titles where given)."""
    language = feed_language()
    now = utcnow()
    version = _public_version(now - timedelta(days=ical.PAST_DAYS))
    etag = conditional.make_etag("calendar.ics", version, language)

    def render() -> bytes:
        with force_locale(language):
            return ical.public_feed(now=now)

    response = conditional.answer(
        etag, version[1], render, mimetype="text/calendar", cache_control="public, max-age=300"
    )
    response.headers["Content-Disposition"] = 'inline; filename="press-conferences.ics"'
    return response


@bp.route("/feeds/<token>.ics")
@permission_required(Permission.PUBLIC)
def private_feed(token: str):
    """A journalist's private feed; the secret token in the URL is the only key (wrong → 404)."""
    feed = ical.feed_by_token(token)
    if feed is None:
        abort(404)
    response = Response(ical.private_feed(feed), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="my-press-conferences.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:conference_id>")
@permission_required(Permission.PUBLIC)
def detail(conference_id: int):
    """A conference: when, where, who speaks, seats; sign-up and questions for journalists."""
    conference = queries.conference_for(conference_id, current_user)
    if conference is None:
        exists = get_in_event(Conference, conference_id) is not None
        if exists and not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(404)
    can_attend = current_user.is_authenticated and current_user.can(Permission.ATTEND_BRIEFINGS)
    accredited = can_attend and accredited_application(current_user.id) is not None
    signup = signups.signup_of(conference.id, current_user.id) if can_attend else None
    if signup is not None and signup.status == "cancelled":
        signup = None
    my_questions = []
    if can_attend:
        my_questions = list(
            db.session.scalars(
                select(Question)
                .where(Question.conference_id == conference.id, Question.user_id == current_user.id)
                .order_by(Question.created_at)
            )
        )
    manager = current_user.is_authenticated and current_user.can(Permission.MANAGE_BRIEFINGS)
    return render_template(
        "briefings/detail.html",
        conference=conference,
        counts=queries.seat_counts([conference.id])[conference.id],
        pending=queries.pending_questions([conference.id]).get(conference.id, 0) if manager else 0,
        can_attend=can_attend,
        accredited=accredited,
        signup=signup,
        my_questions=my_questions,
        question_form=QuestionForm(),
        manager=manager,
        open_for_signup=not conference.is_cancelled and utcnow() < conference.starts_at,
    )


def _attendable(conference_id: int) -> Conference:
    conference = queries.conference_for(conference_id, current_user)
    if conference is None:
        abort(404)
    return conference


@bp.route("/<int:conference_id>/signup", methods=["POST"])
@permission_required(Permission.ATTEND_BRIEFINGS)
def sign_up(conference_id: int):
    """Take a seat, or a place on the waitlist when the conference is full."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    conference = _attendable(conference_id)
    try:
        signup = signups.sign_up(conference.id, current_user)
    except BriefingError as error:
        db.session.rollback()
        _flash_errors(error)
        return redirect(url_for("briefings.detail", conference_id=conference_id))
    db.session.commit()
    if signup.status == "registered":
        flash(_("You have a seat at this conference."), "success")
    else:
        flash(
            _("The conference is full: you are number %(n)s on the waitlist.", n=signup.position),
            "warning",
        )
    return redirect(url_for("briefings.detail", conference_id=conference_id))


@bp.route("/<int:conference_id>/signup/cancel", methods=["POST"])
@permission_required(Permission.ATTEND_BRIEFINGS)
def cancel_sign_up(conference_id: int):
    """Give up a seat or a waitlist place; the next on the waitlist moves up."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    conference = _attendable(conference_id)
    try:
        signups.cancel_signup(conference.id, current_user)
    except BriefingError as error:
        db.session.rollback()
        _flash_errors(error)
    else:
        db.session.commit()
        flash(_("Your sign-up is cancelled."), "info")
    return redirect(url_for("briefings.detail", conference_id=conference_id))


@bp.route("/<int:conference_id>/questions/new", methods=["POST"])
@permission_required(Permission.ATTEND_BRIEFINGS)
def ask(conference_id: int):
    """Send a question in advance (signed-up journalists only); a press officer reviews it."""
    conference = _attendable(conference_id)
    form = QuestionForm()
    if not form.validate_on_submit():
        for message in form.text.errors:
            flash(message, "danger")
        if not form.text.errors:
            abort(400)
        return redirect(url_for("briefings.detail", conference_id=conference_id) + "#questions")
    try:
        signups.submit_question(conference, current_user, form.text.data)
    except BriefingError as error:
        db.session.rollback()
        _flash_errors(error)
    else:
        db.session.commit()
        flash(_("Your question was sent. A press officer will review it."), "success")
    return redirect(url_for("briefings.detail", conference_id=conference_id) + "#questions")


@bp.route("/mine")
@permission_required(Permission.ATTEND_BRIEFINGS)
def mine():
    """The journalist's sign-ups, waitlist places and questions, and their private calendar feed."""
    mark_write()  # the private feed is created on first visit
    feed = ical.feed_for(current_user)
    db.session.commit()
    active = queries.my_signups(current_user)
    conferences = (
        list(
            db.session.scalars(
                queries.with_details(
                    select(Conference).where(Conference.id.in_(list(active))).order_by(Conference.starts_at)
                )
            )
        )
        if active
        else []
    )
    questions = list(
        db.session.scalars(
            select(Question)
            .where(Question.user_id == current_user.id)
            .order_by(Question.conference_id, Question.created_at)
        )
    )
    by_conference: dict[int, list[Question]] = {}
    for question in questions:
        by_conference.setdefault(question.conference_id, []).append(question)
    return render_template(
        "briefings/mine.html",
        conferences=conferences,
        signups=active,
        questions=by_conference,
        feed_url=url_for("briefings.private_feed", token=ical.feed_token(feed), _external=True),
        accredited=accredited_application(current_user.id) is not None,
        now=utcnow(),
    )


@bp.route("/mine/feed/reset", methods=["POST"])
@permission_required(Permission.ATTEND_BRIEFINGS)
def reset_feed():
    """Replace the private feed URL (e.g. after sharing it by mistake); the old one stops working."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ical.reset_feed(current_user)
    db.session.commit()
    flash(_("Your calendar feed has a new address. Subscribe again with it."), "success")
    return redirect(url_for("briefings.mine"))
