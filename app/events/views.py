"""The congresses: the public list, each congress's home, their administration and staff."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.core import audit
from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.permissions import ROLE_LABELS, Permission, permission_required
from app.core.views import audit_page
from app.events import services
from app.events.blueprint import bp, event_bp
from app.events.forms import LEVEL_LABELS, STATUS_LABELS, EditEventForm, NewEventForm
from app.events.models import Event
from app.events.scope import scope_id
from app.extensions import db

nav_item("events.admin_list", _l("Congresses"), Permission.MANAGE_EVENTS, order=88, group="admin")
nav_item("event.audit", _l("Audit log"), Permission.VIEW_AUDIT, order=95, group="admin")

PUBLIC_STATUSES = ("open", "running")


@bp.route("/")
@permission_required(Permission.PUBLIC)
def home():
    """The congresses open for applications or running, and the visitor's own congresses."""
    public = db.session.scalars(
        select(Event).where(Event.status.in_(PUBLIC_STATUSES)).order_by(Event.first_day, Event.id)
    ).all()
    mine = services.appointments_of(current_user.id) if current_user.is_authenticated else []
    return render_template(
        "events/home.html",
        events=public,
        mine=mine,
        levels=LEVEL_LABELS,
        statuses=STATUS_LABELS,
        roles=ROLE_LABELS,
    )


@event_bp.route("/", endpoint="home", strict_slashes=False)
@permission_required(Permission.PUBLIC)
def event_home():
    """A congress's home: what it is, when and where, and what the visitor can do in it."""
    event = db.session.get(Event, scope_id())
    if event.status == "draft" and not _runs(event):
        abort(404)  # a congress in preparation is not public yet
    return render_template("events/event_home.html", event=event, levels=LEVEL_LABELS, statuses=STATUS_LABELS)


def _runs(event: Event) -> bool:
    """Whether the signed-in user administers the site or holds a staff role in ``event``."""
    if not current_user.is_authenticated:
        return False
    return current_user.can(Permission.MANAGE_EVENTS) or bool(
        services.roles_in_event(current_user.id, event.id)
    )


# ----------------------------------------------------------------------------- site administration
@bp.route("/admin/events")
@permission_required(Permission.MANAGE_EVENTS)
def admin_list():
    """Every congress of the installation, newest first."""
    events = db.session.scalars(select(Event).order_by(Event.id.desc())).all()
    return render_template(
        "events/admin_list.html", events=events, levels=LEVEL_LABELS, statuses=STATUS_LABELS
    )


def reserved_codes() -> set[str]:
    """First path segments the site's own pages use (``admin``, ``login``…): no event may take one."""
    segments = set()
    for rule in current_app.url_map.iter_rules():
        first = rule.rule.split("/")[1] if rule.rule.count("/") >= 1 else ""
        if first and not first.startswith("<"):
            segments.add(first.split(".")[0].upper())
    return segments


def _check_code(form, event: Event | None = None) -> bool:
    code = (form.code.data or "").upper()
    if code in reserved_codes():
        form.code.errors.append(_("This code is used by the site's own pages; choose another."))
        return False
    other = db.session.scalar(select(Event.id).where(Event.code == code))
    if other is not None and (event is None or other != event.id):
        form.code.errors.append(_("Another congress already has this code."))
        return False
    return True


@bp.route("/admin/events/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_EVENTS)
def new_event():
    """A new congress, in draft; its set-up copied from an earlier congress when chosen."""
    form = NewEventForm()
    form.copy_from.choices = [(0, _("Nothing: start empty"))] + [
        (event.id, f"{event.code} — {event.name}")
        for event in db.session.scalars(select(Event).order_by(Event.id.desc()))
    ]
    if request.method == "GET" and request.args.get("from", "").isdigit():
        form.copy_from.data = int(request.args["from"])
    if form.validate_on_submit() and _check_code(form):
        event = services.create_event(
            form.code.data,
            form.name.data,
            level=form.level.data,
            status="draft",
            timezone=form.timezone.data,
            first_day=form.first_day.data,
            last_day=form.last_day.data,
            host=form.host.data or None,
            place=form.place.data or None,
        )
        audit.record("event.create", event, details={"code": event.code})
        copied = 0
        source = db.session.get(Event, form.copy_from.data) if form.copy_from.data else None
        if source is not None:
            copied = services.clone_setup(source, event, actor=current_user)
        db.session.commit()
        if source is not None:
            flash(
                _(
                    "Congress %(code)s created in draft, with %(n)s set-up items copied from %(source)s.",
                    code=event.code,
                    n=copied,
                    source=source.code,
                ),
                "success",
            )
        else:
            flash(_("Congress %(code)s created in draft.", code=event.code), "success")
        return redirect(url_for("events.edit_event", event_id=event.id))
    status = 400 if request.method == "POST" else 200
    return render_template("events/event_form.html", form=form, event=None), status


@bp.route("/admin/events/<int:event_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_EVENTS)
def edit_event(event_id: int):
    """Change a congress's facts and status (open it for applications, run, close, archive)."""
    event = db.session.get(Event, event_id) or abort(404)
    form = EditEventForm(obj=event)
    if form.validate_on_submit() and _check_code(form, event):
        changes = {
            name: [str(getattr(event, name)), str(getattr(form, name).data)]
            for name in (
                "code",
                "name",
                "level",
                "host",
                "place",
                "timezone",
                "first_day",
                "last_day",
                "status",
            )
            if (getattr(event, name) or None) != (getattr(form, name).data or None)
        }
        form.populate_obj(event)
        event.code = event.code.upper()
        event.host, event.place = event.host or None, event.place or None
        if changes:
            audit.record("event.update", event, details=changes)
        db.session.commit()
        services.forget_current_event()
        flash(_("Changes saved."), "success")
        return redirect(url_for("events.edit_event", event_id=event.id))
    status = 400 if request.method == "POST" else 200
    return render_template("events/event_form.html", form=form, event=event), status


@event_bp.route("/audit", endpoint="audit")
@permission_required(Permission.VIEW_AUDIT)
def event_audit():
    """This congress's audit log: every decision taken in it."""
    return audit_page(scope_id(), "event.audit")


@bp.route("/admin/events/<int:event_id>/rotate-key", methods=["POST"])
@permission_required(Permission.MANAGE_EVENTS)
def rotate_key(event_id: int):
    """A new signing key for one congress: its badges are re-issued, no other congress's."""
    event = db.session.get(Event, event_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if event.is_archived:
        flash(_("This congress is archived and read-only: nothing can be changed."), "danger")
        return redirect(url_for("events.edit_event", event_id=event.id))
    count = services.rotate_key(event, actor=current_user)
    db.session.commit()
    flash(
        _(
            "New key for %(code)s: %(n)s badge(s) re-issued; the old ones no longer open the gates.",
            code=event.code,
            n=count,
        ),
        "success",
    )
    return redirect(url_for("events.edit_event", event_id=event.id))
