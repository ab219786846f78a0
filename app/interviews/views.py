"""Routes journalists use: their requests, a new request, and a request's page (which the desk
shares, with its own controls from ``staff_views.py``), and cancelling one's own request.

A journalist sees only their own requests: anyone else's answers 404, like a missing one.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accreditation.queries import accredited_application
from app.briefings import ical as feeds
from app.briefings.models import Room
from app.core.dbsetup import mark_write
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.timeutil import to_local, utcnow
from app.events.scope import get_in_event
from app.extensions import db
from app.interviews import services
from app.interviews.blueprint import bp
from app.interviews.forms import CancelForm, CloseForm, ConsentForm, DeclineForm, RequestForm, ScheduleForm
from app.interviews.models import InterviewRequest

nav_item("interviews.mine", _l("Interviews"), Permission.REQUEST_INTERVIEWS, order=32)

STAFF = Permission.BROKER_INTERVIEWS
ASK = Permission.REQUEST_INTERVIEWS

LABELS = {
    "state_labels": services.STATE_LABELS,
    "medium_labels": services.MEDIUM_LABELS,
    "language_labels": services.LANGUAGE_LABELS,
    "channel_labels": services.CHANNEL_LABELS,
    "kind_labels": services.KIND_LABELS,
}


def request_or_404(interview_id: int) -> InterviewRequest:
    """The request in this congress: any for the desk, only their own for a journalist (else 404)."""
    interview = get_in_event(InterviewRequest, interview_id)
    if interview is None:
        abort(404)
    if not current_user.can(STAFF) and interview.journalist_id != current_user.id:
        abort(404)
    return interview


def flash_errors(error: services.InterviewError) -> None:
    for message in error.messages:
        flash(message, "danger")


def room_choices(form: ScheduleForm) -> None:
    """The rooms in use (briefings' rooms) for the appointment."""
    rooms = db.session.scalars(select(Room).where(Room.active.is_(True)).order_by(Room.name)).all()
    form.room_id.choices = [(0, _("– choose –"))] + [
        (r.id, f"{r.name} ({r.location})" if r.location else r.name) for r in rooms
    ]


def detail_page(interview: InterviewRequest, *, status: int = 200, errors=(), **forms):
    """A request's page: what was asked and where it stands; the desk's next steps for staff."""
    staff = current_user.can(STAFF)
    context = {}
    if staff:
        consent = forms.get("consent") or ConsentForm(formdata=None)
        if not consent.consent_by.data and "consent" not in forms:
            now = to_local(utcnow())
            consent.consent_by.data = interview.person
            consent.consent_date.data = now.date()
            consent.consent_time.data = now.time().replace(second=0, microsecond=0)
        schedule = forms.get("schedule") or ScheduleForm(formdata=None)
        room_choices(schedule)
        if "schedule" not in forms:
            first = interview.starts_at or next((p.starts_at for p in interview.preferred_times), None)
            if first is not None:
                schedule.date.data = to_local(first).date()
                schedule.start_time.data = to_local(first).time()
            schedule.duration.data = str(interview.duration_minutes)
            schedule.room_id.data = interview.room_id or 0
        context = {
            "consent_form": consent,
            "decline_form": forms.get("decline") or DeclineForm(formdata=None),
            "schedule_form": schedule,
            "close_form": forms.get("close") or CloseForm(formdata=None),
        }
    cancel = forms.get("cancel") or CancelForm(formdata=None)
    return (
        render_template(
            "interviews/detail.html",
            interview=interview,
            staff=staff,
            errors=list(errors),
            cancel_form=cancel,
            transitions=services.TRANSITIONS.get(interview.state, ()),
            waiting=services.waiting_minutes(interview, utcnow()),
            now=utcnow(),
            **context,
            **LABELS,
        ),
        status,
    )


@bp.route("/")
@permission_required(ASK)
def mine():
    """A journalist's own requests and where each stands, and their private calendar feed."""
    accredited = accredited_application(current_user.id) is not None
    feed_url = None
    if accredited:
        mark_write()  # the private feed is created on first visit
        feed = feeds.feed_for(current_user)
        db.session.commit()
        feed_url = url_for("briefings.private_feed", token=feeds.feed_token(feed), _external=True)
    return render_template(
        "interviews/mine.html",
        requests=services.requests_of(current_user.id),
        accredited=accredited,
        feed_url=feed_url,
        **LABELS,
    )


def _request_choices(form: RequestForm) -> None:
    people = services.interviewees(active_only=True)
    form.list_closed = services.list_is_closed()
    first = _("– choose a person –") if form.list_closed else _("– another person (type the name below) –")
    form.interviewee_id.choices = [(0, first)] + [
        (p.id, ", ".join(part for part in (p.full_name, p.title, p.organisation) if part)) for p in people
    ]


@bp.route("/new", methods=["GET", "POST"])
@permission_required(ASK)
def new_request():
    """Ask the desk for an interview (accredited journalists of this congress)."""
    if accredited_application(current_user.id) is None:
        status = 200 if request.method == "GET" else 409
        return render_template("interviews/new.html", form=None, errors=[]), status
    form = RequestForm()
    _request_choices(form)
    if request.method == "GET":
        wanted = request.args.get("person", type=int)
        if wanted and wanted in [value for value, _label in form.interviewee_id.choices]:
            form.interviewee_id.data = wanted
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("interviews/new.html", form=form, errors=[]), status
    try:
        interview = services.file_request(current_user, form.to_data())
    except services.InterviewError as error:
        db.session.rollback()
        return render_template("interviews/new.html", form=form, errors=error.messages), 400
    db.session.commit()
    flash(_("Your request has been sent to the press desk. You will hear from us by e-mail."), "success")
    return redirect(url_for("interviews.detail", interview_id=interview.id))


@bp.route("/requests/<int:interview_id>")
@permission_required(STAFF, ASK)
def detail(interview_id: int):
    """A request's page: the journalist's own, or any for the desk."""
    return detail_page(request_or_404(interview_id))


@bp.route("/requests/<int:interview_id>/cancel", methods=["POST"])
@permission_required(STAFF, ASK)
def cancel(interview_id: int):
    """Cancel a request: the desk any open one, a journalist their own."""
    interview = request_or_404(interview_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return detail_page(interview, status=400, cancel=form)
    by_journalist = interview.journalist_id == current_user.id and not current_user.can(STAFF)
    try:
        services.cancel(
            interview, current_user, reason=form.cancel_reason.data or "", by_journalist=by_journalist
        )
    except services.InterviewError as error:
        db.session.rollback()
        return detail_page(request_or_404(interview_id), status=409, errors=error.messages, cancel=form)
    db.session.commit()
    flash(_("The interview request is cancelled."), "info")
    return redirect(url_for("interviews.detail", interview_id=interview_id))
