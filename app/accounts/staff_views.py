"""A congress's staff: who works in it and in which role (memberships), under ``/<event_code>/admin/staff``.

The site administrator and the congress's own administrator appoint existing accounts;
the role checked on every page of a congress is the one held in it (app/core/permissions.py).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accounts.blueprint import event_bp
from app.accounts.forms import AppointForm
from app.accounts.models import User
from app.core import audit
from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.permissions import ROLE_LABELS, STAFF_ROLES, Permission, permission_required
from app.events import services
from app.events.models import Event, Membership
from app.events.scope import scope_id
from app.extensions import db

nav_item("staff.index", _l("Staff"), Permission.MANAGE_STAFF, order=89, group="admin")


@event_bp.route("/admin/staff", methods=["GET", "POST"], endpoint="index")
@permission_required(Permission.MANAGE_STAFF)
def staff():
    """Who works in this congress and in which role; appoint an existing account."""
    event = db.session.get(Event, scope_id())
    form = AppointForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data.lower()))
        if user is None:
            form.email.errors.append(_("No account has this e-mail. Create it first under Users."))
        else:
            services.appoint(user.id, event, form.role.data)
            audit.record("event.appoint", user, details={"event": event.code, "role": form.role.data})
            db.session.commit()
            flash(
                _(
                    "%(name)s now works in this congress as %(role)s.",
                    name=user.full_name,
                    role=ROLE_LABELS[form.role.data],
                ),
                "success",
            )
            return redirect(url_for("staff.index"))
    rows = db.session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.event_id == event.id)
        .order_by(Membership.role, User.full_name)
    ).all()
    status = 400 if request.method == "POST" else 200
    return (
        render_template(
            "accounts/staff.html",
            event=event,
            form=form,
            rows=rows,
            roles=ROLE_LABELS,
            staff_roles=STAFF_ROLES,
        ),
        status,
    )


@event_bp.route("/admin/staff/<int:membership_id>/remove", methods=["POST"], endpoint="remove")
@permission_required(Permission.MANAGE_STAFF)
def remove_staff(membership_id: int):
    """End one staff role in this congress (the account stays)."""
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.event_id != scope_id() or not EmptyForm().validate_on_submit():
        abort(404)
    if membership.user_id == current_user.id:
        flash(_("You cannot remove your own role."), "danger")
        return redirect(url_for("staff.index"))
    user = db.session.get(User, membership.user_id)
    db.session.delete(membership)
    audit.record("event.dismiss", user, details={"role": membership.role})
    db.session.commit()
    flash(_("Role removed."), "success")
    return redirect(url_for("staff.index"))
