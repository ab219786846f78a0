"""The desk's routes: the board by state, each step of a request (contact, consent, decline,
schedule, close), the list of interviewees and an interviewee's printable day list."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.briefings.models import Speaker
from app.core.dates import maybe_date
from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.permissions import permission_required
from app.core.timeutil import local_today, utcnow
from app.events.scope import get_in_event_or_404
from app.extensions import db
from app.interviews import services
from app.interviews.blueprint import bp
from app.interviews.forms import CloseForm, ConsentForm, DeclineForm, IntervieweeForm, ListForm, ScheduleForm
from app.interviews.models import Interviewee
from app.interviews.views import LABELS, STAFF, detail_page, request_or_404, room_choices

nav_item("interviews.board", _l("Interviews"), STAFF, order=32, group="press")


@bp.route("/board")
@permission_required(STAFF)
def board():
    """The requests by state, with how long each journalist has waited for an answer."""
    return render_template(
        "interviews/board.html",
        columns=services.board(),
        now=utcnow(),
        waiting_minutes=services.waiting_minutes,
        **LABELS,
    )


def _done(interview_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("interviews.detail", interview_id=interview_id))


def _refused(interview_id: int, error: services.InterviewError, **forms):
    db.session.rollback()
    return detail_page(request_or_404(interview_id), status=409, errors=error.messages, **forms)


@bp.route("/requests/<int:interview_id>/contact", methods=["POST"])
@permission_required(STAFF)
def contact(interview_id: int):
    """The desk starts asking the interviewee."""
    interview = request_or_404(interview_id)
    if not EmptyForm().validate_on_submit():
        return detail_page(interview, status=400, errors=[_("The form has expired. Please try again.")])
    try:
        services.contact(interview, current_user)
    except services.InterviewError as error:
        return _refused(interview_id, error)
    return _done(interview_id, _("The request is now: %(state)s.", state=services.STATE_LABELS["contacting"]))


@bp.route("/requests/<int:interview_id>/consent", methods=["POST"])
@permission_required(STAFF)
def consent(interview_id: int):
    """Record the interviewee's consent: who agreed, when, by which channel."""
    interview = request_or_404(interview_id)
    form = ConsentForm()
    if not form.validate_on_submit():
        return detail_page(interview, status=400, consent=form)
    try:
        services.record_consent(
            interview,
            current_user,
            consent_by=form.consent_by.data,
            consent_at=form.consent_at(),
            channel=form.channel.data,
        )
    except services.InterviewError as error:
        return _refused(interview_id, error, consent=form)
    return _done(interview_id, _("The consent is recorded; the interview can be scheduled now."))


@bp.route("/requests/<int:interview_id>/decline", methods=["POST"])
@permission_required(STAFF)
def decline(interview_id: int):
    """The interviewee declined (or cannot): the journalist is told, with the reason."""
    interview = request_or_404(interview_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return detail_page(interview, status=400, decline=form)
    try:
        services.decline(
            interview,
            current_user,
            reason=form.decline_reason.data or "",
            consent_by=form.answered_by.data or "",
            channel=form.answer_channel.data or None,
        )
    except services.InterviewError as error:
        return _refused(interview_id, error, decline=form)
    return _done(interview_id, _("The request is now: %(state)s.", state=services.STATE_LABELS["declined"]))


@bp.route("/requests/<int:interview_id>/schedule", methods=["POST"])
@permission_required(STAFF)
def schedule(interview_id: int):
    """Give an accepted request its time and room (or move a scheduled one); clashes are refused."""
    interview = request_or_404(interview_id)
    form = ScheduleForm()
    room_choices(form)
    if not form.validate_on_submit():
        return detail_page(interview, status=400, schedule=form)
    try:
        services.schedule(
            interview,
            current_user,
            starts_at=form.starts_at(),
            duration_minutes=int(form.duration.data),
            room_id=form.room_id.data,
        )
    except services.InterviewError as error:
        return _refused(interview_id, error, schedule=form)
    return _done(interview_id, _("The interview is scheduled; the journalist and the interviewee are told."))


@bp.route("/requests/<int:interview_id>/close", methods=["POST"])
@permission_required(STAFF)
def close(interview_id: int):
    """After the appointment: done, or the journalist did not come."""
    interview = request_or_404(interview_id)
    form = CloseForm()
    if not form.validate_on_submit():
        return detail_page(interview, status=400, close=form)
    try:
        services.close(interview, current_user, form.outcome.data)
    except services.InterviewError as error:
        return _refused(interview_id, error, close=form)
    return _done(
        interview_id, _("The request is now: %(state)s.", state=services.STATE_LABELS[form.outcome.data])
    )


# ----------------------------------------------------------------------------- interviewees
@bp.route("/interviewees")
@permission_required(STAFF)
def interviewees():
    """The desk's list of delegates, spokespeople and officials."""
    form = ListForm(formdata=None, list_closed=services.list_is_closed())
    return render_template(
        "interviews/interviewees.html", people=services.interviewees(), list_form=form, **LABELS
    )


@bp.route("/interviewees/list", methods=["POST"])
@permission_required(STAFF)
def close_list():
    """Open or close the list to typed names."""
    form = ListForm()
    if not form.validate_on_submit():
        abort(400)
    services.close_list(form.list_closed.data, current_user)
    db.session.commit()
    flash(
        _("The list is closed: journalists choose from it.")
        if form.list_closed.data
        else _("The list is open: journalists may also type another name."),
        "success",
    )
    return redirect(url_for("interviews.interviewees"))


def _speaker_choices(form: IntervieweeForm) -> None:
    speakers = db.session.scalars(select(Speaker).where(Speaker.active.is_(True)).order_by(Speaker.full_name))
    form.speaker_id.choices = [(0, _("– not a speaker –"))] + [
        (s.id, f"{s.full_name} – {s.position}" if s.position else s.full_name) for s in speakers
    ]


def _interviewee_form(person: Interviewee | None):
    form = IntervieweeForm(obj=None)
    if person is not None and request.method == "GET":
        form.full_name.data, form.title.data, form.organisation.data = (
            person.full_name,
            person.title,
            person.organisation,
        )
        form.kind.data, form.languages.data = person.kind, person.languages
        form.email.data, form.phone.data = person.email, person.phone
        form.speaker_id.data, form.active.data = person.speaker_id or 0, person.active
    _speaker_choices(form)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "interviews/interviewee_form.html", form=form, person=person, errors=[]
        ), status
    try:
        saved = services.save_interviewee(person, form.to_data(), current_user)
    except services.InterviewError as error:
        db.session.rollback()
        return render_template(
            "interviews/interviewee_form.html", form=form, person=person, errors=error.messages
        ), 400
    db.session.commit()
    flash(_("%(name)s is saved.", name=saved.full_name), "success")
    return redirect(url_for("interviews.interviewees"))


@bp.route("/interviewees/new", methods=["GET", "POST"])
@permission_required(STAFF)
def new_interviewee():
    """Add a person to the list."""
    return _interviewee_form(None)


@bp.route("/interviewees/<int:interviewee_id>/edit", methods=["GET", "POST"])
@permission_required(STAFF)
def edit_interviewee(interviewee_id: int):
    """Change a person on the list (untick "offered" to take them off the journalists' form)."""
    return _interviewee_form(get_in_event_or_404(Interviewee, interviewee_id))


@bp.route("/interviewees/<int:interviewee_id>/day")
@permission_required(STAFF)
def day_list(interviewee_id: int):
    """The interviewee's appointments of one day (``?date=dd/mm/yyyy``, default today), to print."""
    person = get_in_event_or_404(Interviewee, interviewee_id)
    typed = request.args.get("date", "")
    day: date = maybe_date(typed) or local_today()
    if typed and maybe_date(typed) is None:
        flash(_("Enter the date as dd/mm/yyyy, e.g. 14/10/2025."), "warning")
    return render_template(
        "interviews/day.html",
        person=person,
        day=day,
        appointments=services.day_list(person, day),
        printed_at=utcnow(),
        **LABELS,
    )
