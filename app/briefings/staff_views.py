"""Press officers' routes: conferences (new, series, change, cancel), questions, attendance, rooms, speakers."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload, selectinload

from app.accreditation.models import Application
from app.briefings import attendance as attendance_service
from app.briefings import queries, services, signups
from app.briefings.blueprint import bp
from app.briefings.forms import (
    CancelForm,
    ConferenceForm,
    RoomForm,
    SeriesForm,
    SpeakerForm,
)
from app.briefings.models import Conference, Question, Room, Speaker
from app.briefings.services import BriefingError
from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import to_local, utcnow
from app.events.scope import get_in_event_or_404
from app.events.services import current_event_id, scoped
from app.extensions import db

nav_item("briefings.manage", _l("Press conferences"), Permission.MANAGE_BRIEFINGS, order=30, group="press")

MANAGE = Permission.MANAGE_BRIEFINGS


def _conference_or_404(conference_id: int) -> Conference:
    conference = db.session.scalar(
        select(Conference)
        .options(selectinload(Conference.speakers), joinedload(Conference.room))
        .where(Conference.id == conference_id)
    )
    return conference if conference is not None else abort(404)


def _conference_choices(form: ConferenceForm, conference: Conference | None = None) -> None:
    rooms = db.session.scalars(select(Room).where(Room.active.is_(True)).order_by(Room.name)).all()
    form.room_id.choices = [
        (r.id, _("%(name)s (%(seats)s seats)", name=r.name, seats=r.capacity)) for r in rooms
    ]
    speakers = db.session.scalars(
        select(Speaker).where(Speaker.active.is_(True)).order_by(Speaker.full_name)
    ).all()
    form.speaker_ids.choices = [
        (s.id, f"{s.full_name} – {s.position}" if s.position else s.full_name) for s in speakers
    ]


def _render_form(form, *, conference=None, series=False, errors=(), status=200):
    return (
        render_template(
            "briefings/conference_form.html",
            form=form,
            conference=conference,
            series=series,
            errors=list(errors),
            signed_up=len(services.signed_up(conference.id)) if conference else 0,
        ),
        status,
    )


@bp.route("/manage")
@permission_required(MANAGE)
def manage():
    """Conferences for press officers: upcoming (or past, or all), with seats and pending questions."""
    when = request.args.get("when", "upcoming")
    query = queries.with_details(select(Conference))
    now = utcnow()
    if when == "past":
        query = query.where(Conference.ends_at < now).order_by(
            Conference.starts_at.desc(), Conference.id.desc()
        )
    elif when == "all":
        query = query.order_by(Conference.starts_at.desc(), Conference.id.desc())
    else:
        when = "upcoming"
        query = query.where(Conference.ends_at >= now).order_by(Conference.starts_at, Conference.id)
    page = paginate(query, per_page=30)
    ids = [c.id for c in page.items]
    return render_template(
        "briefings/manage.html",
        page=page,
        when=when,
        counts=queries.seat_counts(ids),
        pending=queries.pending_questions(ids),
    )


@bp.route("/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def create():
    """Schedule a conference; clashes and bad times are refused and nothing is saved."""
    form = ConferenceForm()
    _conference_choices(form)
    if form.validate_on_submit():
        try:
            conference = services.create_conference(form.to_data(), current_user)
        except BriefingError as error:
            db.session.rollback()
            return _render_form(form, errors=error.messages, status=400)
        db.session.commit()
        flash(_("The conference “%(title)s” is scheduled.", title=conference.title), "success")
        return redirect(url_for("briefings.detail", conference_id=conference.id))
    return _render_form(form, status=400 if request.method == "POST" else 200)


@bp.route("/series/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def create_series():
    """Schedule a series (e.g. every Tuesday 15:00 for five weeks): all of it, or nothing."""
    form = SeriesForm()
    _conference_choices(form)
    if form.validate_on_submit():
        data = form.to_data()
        times = services.series_times(
            form.date.data,
            form.start_time.data,
            form.end_time.data,
            every_days=int(form.repeat.data),
            count=int(form.count.data),
        )
        try:
            created = services.create_series(data, times, current_user)
        except BriefingError as error:
            db.session.rollback()
            return _render_form(form, series=True, errors=error.messages, status=400)
        db.session.commit()
        flash(_("%(n)s conferences are scheduled.", n=len(created)), "success")
        return redirect(url_for("briefings.manage"))
    return _render_form(form, series=True, status=400 if request.method == "POST" else 200)


@bp.route("/<int:conference_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit(conference_id: int):
    """Change a conference; a new time or room is e-mailed to everyone signed up."""
    conference = _conference_or_404(conference_id)
    if conference.is_cancelled:
        flash(_("This conference was cancelled; it cannot be changed."), "warning")
        return redirect(url_for("briefings.detail", conference_id=conference.id))
    form = ConferenceForm(obj=None if request.method == "POST" else conference)
    _conference_choices(form, conference)
    if request.method == "GET":
        start, end = to_local(conference.starts_at), to_local(conference.ends_at)
        form.date.data = start.date()
        form.start_time.data, form.end_time.data = start.time(), end.time()
        form.speaker_ids.data = [s.id for s in conference.speakers]
        form.capacity.data = str(conference.capacity)
    if form.validate_on_submit():
        try:
            services.update_conference(conference.id, form.to_data(), current_user)
        except BriefingError as error:
            db.session.rollback()
            return _render_form(form, conference=conference, errors=error.messages, status=400)
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("briefings.detail", conference_id=conference.id))
    return _render_form(form, conference=conference, status=400 if request.method == "POST" else 200)


@bp.route("/<int:conference_id>/cancel", methods=["GET", "POST"])
@permission_required(MANAGE)
def cancel(conference_id: int):
    """Cancel a conference; everyone signed up is e-mailed and calendars mark it cancelled."""
    conference = _conference_or_404(conference_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel_conference(conference.id, current_user, reason=form.reason.data or "")
        except BriefingError as error:
            db.session.rollback()
            for message in error.messages:
                flash(message, "danger")
        else:
            db.session.commit()
            flash(_("The conference is cancelled; everyone signed up will be e-mailed."), "success")
        return redirect(url_for("briefings.detail", conference_id=conference.id))
    status = 400 if request.method == "POST" else 200
    signed_up = len(services.signed_up(conference.id))
    return render_template(
        "briefings/cancel.html", conference=conference, form=form, signed_up=signed_up
    ), status


# ----------------------------------------------------------------------------- questions
def _questions(conference: Conference, status: str | None = None) -> list[tuple[Question, str, str]]:
    """(question, author name, organisation) rows, oldest first, in one query."""
    from app.accounts.models import User
    from app.accreditation.models import MediaOrganisation

    query = (
        select(Question, User.full_name, Application.full_name, MediaOrganisation.name)
        .join(User, User.id == Question.user_id)
        .outerjoin(
            Application, and_(Application.user_id == User.id, Application.event_id == current_event_id())
        )
        .outerjoin(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .where(Question.conference_id == conference.id)
        .order_by(Question.created_at, Question.id)
    )
    if status:
        query = query.where(Question.status == status)
    return [
        (q, app_name or user_name, org or "") for q, user_name, app_name, org in db.session.execute(query)
    ]


@bp.route("/<int:conference_id>/questions")
@permission_required(MANAGE)
def questions(conference_id: int):
    """Review the questions sent in advance: approve or reject each."""
    conference = _conference_or_404(conference_id)
    rows = _questions(conference)
    return render_template("briefings/questions.html", conference=conference, rows=rows)


@bp.route("/questions/<int:question_id>/<decision>", methods=["POST"])
@permission_required(MANAGE)
def decide(question_id: int, decision: str):
    """Approve a question for the speaker's list, or reject it."""
    if decision not in ("approve", "reject"):
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    question = get_in_event_or_404(Question, question_id)
    signups.decide_question(question, current_user, approve=decision == "approve")
    db.session.commit()
    flash(_("Question approved.") if decision == "approve" else _("Question rejected."), "success")
    return redirect(url_for("briefings.questions", conference_id=question.conference_id) + f"#q{question.id}")


@bp.route("/<int:conference_id>/questions/print")
@permission_required(MANAGE)
def print_questions(conference_id: int):
    """The approved questions on a print-friendly page, to hand to the speakers."""
    conference = _conference_or_404(conference_id)
    rows = _questions(conference, "approved")
    return render_template("briefings/print.html", conference=conference, rows=rows, printed_at=utcnow())


# ----------------------------------------------------------------------------- attendance
@bp.route("/<int:conference_id>/people")
@permission_required(MANAGE)
def people(conference_id: int):
    """Sign-ups, the waitlist in order, and who was present (from scans at the room's gate)."""
    conference = _conference_or_404(conference_id)
    rows = attendance_service.attendance(conference)
    window_start = conference.starts_at - attendance_service.EARLY
    return render_template(
        "briefings/people.html",
        conference=conference,
        rows=rows,
        window_start=window_start,
        present=sum(1 for row in rows if row.present),
    )


@bp.route("/<int:conference_id>/attendance.csv")
@permission_required(MANAGE)
def attendance_csv(conference_id: int):
    """The attendance list as CSV (UTF-8 with BOM, so spreadsheets show Vietnamese correctly)."""
    conference = _conference_or_404(conference_id)
    rows = attendance_service.attendance(conference)
    body = attendance_service.attendance_csv(conference, rows)
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="attendance-{conference.id}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ----------------------------------------------------------------------------- rooms and speakers
@bp.route("/rooms")
@permission_required(MANAGE)
def rooms():
    """Rooms, their seats and the gate whose scans record attendance."""
    page = paginate(
        select(Room).options(joinedload(Room.gate)).order_by(Room.active.desc(), Room.name), per_page=50
    )
    return render_template("briefings/rooms.html", page=page)


def _gate_choices(form: RoomForm) -> None:
    from app.checkin.models import Gate

    gates = db.session.scalars(scoped(Gate).order_by(Gate.name)).all()
    form.gate_id.choices = [(0, _("— no gate —"))] + [
        (g.id, f"{g.name} ({g.zone.code})" if g.zone else g.name) for g in gates
    ]


@bp.route("/rooms/new", methods=["GET", "POST"])
@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def room_form(room_id: int | None = None):
    """Create or change a room."""
    room = get_in_event_or_404(Room, room_id) if room_id is not None else None
    form = RoomForm(obj=room)
    _gate_choices(form)
    if request.method == "GET" and room is not None:
        form.capacity.data = str(room.capacity)
        form.gate_id.data = room.gate_id or 0
    if form.validate_on_submit():
        try:
            services.save_room(
                room,
                name=form.name.data,
                capacity=int(form.capacity.data),
                location=form.location.data or "",
                gate_id=form.gate_id.data or None,
                active=form.active.data,
                actor=current_user,
            )
        except BriefingError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, *error.messages]
        else:
            db.session.commit()
            flash(_("Room saved."), "success")
            return redirect(url_for("briefings.rooms"))
    status = 400 if request.method == "POST" else 200
    return render_template("briefings/room_form.html", form=form, room=room), status


@bp.route("/speakers")
@permission_required(MANAGE)
def speakers():
    """Speakers who can be put on conferences."""
    page = paginate(select(Speaker).order_by(Speaker.active.desc(), Speaker.full_name), per_page=50)
    return render_template("briefings/speakers.html", page=page)


@bp.route("/speakers/new", methods=["GET", "POST"])
@bp.route("/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def speaker_form(speaker_id: int | None = None):
    """Create or change a speaker."""
    speaker = get_in_event_or_404(Speaker, speaker_id) if speaker_id is not None else None
    form = SpeakerForm(obj=speaker)
    if form.validate_on_submit():
        services.save_speaker(
            speaker,
            full_name=form.full_name.data,
            position=form.position.data or "",
            organisation=form.organisation.data or "",
            active=form.active.data,
            actor=current_user,
        )
        db.session.commit()
        flash(_("Speaker saved."), "success")
        return redirect(url_for("briefings.speakers"))
    status = 400 if request.method == "POST" else 200
    return render_template("briefings/speaker_form.html", form=form, speaker=speaker), status
