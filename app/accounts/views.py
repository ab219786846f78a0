"""Routes for signing in and out, sign-up, password reset and user administration."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, or_, select

from app.accounts import services
from app.accounts.blueprint import bp
from app.accounts.forms import (
    EditUserForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
    StaffUserForm,
)
from app.accounts.models import User
from app.core import audit
from app.core.i18n import current_language
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import ROLE_LABELS, Permission, Role, permission_required
from app.core.text import like_pattern
from app.core.timeutil import utcnow
from app.core.urls import safe_next
from app.events import services as events
from app.extensions import db, limiter

nav_item("accounts.users", _l("Users"), Permission.MANAGE_USERS, order=90, group="admin")

AUTH_LIMIT = "10 per minute; 50 per hour"


def _landing(user: User) -> str:
    """Where a sign-in without ``next`` leads: a journalist to their congresses, someone who
    works in one congress to its home, everyone else to the list of congresses."""
    if user.role == Role.JOURNALIST:
        return url_for("dashboard_site.me")
    worked = events.events_of(user.id)
    if len(worked) == 1 and user.role not in (Role.ADMIN, Role.OVERVIEW):
        return url_for("event.home", event_code=worked[0].code)
    return url_for("events.home")


@bp.route("/login", methods=["GET", "POST"])
@permission_required(Permission.PUBLIC)
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def login():
    """Sign in; one generic message for every failure so accounts cannot be probed."""
    if current_user.is_authenticated:
        return redirect(url_for("events.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Wrong e-mail or password."), "danger")
        elif user.role == Role.JOURNALIST and user.email_verified_at is None:
            flash(_("Please confirm your e-mail address first: we sent you a link."), "warning")
            return redirect(url_for("accounts.resend_verification", email=user.email))
        else:
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            audit.record("account.login", user, actor=user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or _landing(user))
    elif request.method == "POST":
        return render_template("accounts/login.html", form=form), 400
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@permission_required(Permission.AUTHENTICATED)
def logout():
    """Sign out (POST with CSRF so a link elsewhere cannot sign anyone out).

    The session token is rotated on the server, so the session ends everywhere: a copied
    session or remember-me cookie opens nothing afterwards.
    """
    services.sign_out(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/signup", methods=["GET", "POST"])
@permission_required(Permission.PUBLIC)
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def signup():
    """A journalist creates an account, then confirms the e-mail address."""
    if current_user.is_authenticated:
        return redirect(url_for("events.home"))
    form = SignupForm(language=current_language())
    if form.validate_on_submit():
        try:
            services.register_journalist(
                form.email.data, form.full_name.data, form.password.data, form.language.data
            )
        except services.AccountError:
            db.session.rollback()
            form.email.errors.append(
                _("An account with this e-mail already exists. Sign in or reset the password.")
            )
            return render_template("accounts/signup.html", form=form), 400
        db.session.commit()
        flash(
            _("Account created. Open the link we sent to %(email)s to confirm it.", email=form.email.data),
            "success",
        )
        return redirect(url_for("accounts.login"))
    if request.method == "POST":
        return render_template("accounts/signup.html", form=form), 400
    return render_template("accounts/signup.html", form=form)


@bp.route("/verify/<token>")
@permission_required(Permission.PUBLIC)
def verify(token: str):
    """Confirm an e-mail address from the link in the sign-up e-mail."""
    from app.core.dbsetup import mark_write

    mark_write()
    user = services.read_token(token, "verify")
    if user is None:
        flash(_("This link is invalid or has expired. Ask for a new one below."), "danger")
        return redirect(url_for("accounts.resend_verification"))
    services.verify_email(user)
    db.session.commit()
    flash(_("Your e-mail address is confirmed. You can sign in now."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/verify", methods=["GET", "POST"])
@permission_required(Permission.PUBLIC)
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def resend_verification():
    """Send the confirmation link again."""
    form = ResetRequestForm(email=request.args.get("email", ""))
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user is not None and user.email_verified_at is None:
            services.send_verification(user)
            db.session.commit()
        flash(_("If that address needs confirming, a new link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/resend.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/reset", methods=["GET", "POST"])
@permission_required(Permission.PUBLIC)
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def reset_request():
    """Ask for a password-reset link; the answer never tells whether the address exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account uses that address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@permission_required(Permission.PUBLIC)
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def reset_password(token: str):
    """Choose a new password from an e-mailed, expiring, single-use link."""
    user = services.read_token(token, "reset")
    if user is None:
        flash(_("This link is invalid or has expired. Ask for a new one."), "danger")
        return redirect(url_for("accounts.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. Sign in with the new one."), "success")
        return redirect(url_for("accounts.login"))
    return render_template(
        "accounts/reset_password.html", form=form
    ), 400 if request.method == "POST" else 200


def _event_choices() -> list[tuple[int, str]]:
    return [(0, "—"), *events.event_choices()]


def _unit_choices() -> list[tuple[int, str]]:
    """Member units for the unit field (the venue area owns them)."""
    choices = [(0, "—")]
    try:
        from app.venue.services import unit_choices
    except ImportError:
        return choices
    return choices + unit_choices()


@bp.route("/admin/users")
@permission_required(Permission.MANAGE_USERS)
def users():
    """List accounts with a search and a role filter."""
    query = select(User).order_by(User.role, User.full_name)
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    if q:
        query = query.where(
            or_(
                func.lower(User.email).like(like_pattern(q), escape="\\"),
                func.lower(User.full_name).like(f"%{q.lower()}%"),
            )
        )
    if role in {str(r) for r in Role}:
        query = query.where(User.role == role)
    page = paginate(query, per_page=50)
    return render_template("accounts/users.html", page=page, q=q, role=role, roles=ROLE_LABELS)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def create_user():
    """Create a staff account; the person receives a link to choose a password."""
    form = StaffUserForm()
    form.unit_id.choices = _unit_choices()
    form.event_id.choices = _event_choices()
    if form.validate_on_submit():
        try:
            user = services.create_staff_user(
                form.email.data,
                form.full_name.data,
                form.role.data,
                unit_id=form.unit_id.data or None,
                language=form.language.data,
                actor=current_user,
                event_id=form.event_id.data or None,
            )
        except services.AccountError:
            db.session.rollback()
            form.email.errors.append(_("An account with this e-mail already exists."))
        else:
            db.session.commit()
            flash(
                _(
                    "Account created for %(name)s; a link to set the password was e-mailed.",
                    name=user.full_name,
                ),
                "success",
            )
            return redirect(url_for("accounts.users"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/user_form.html", form=form, user=None), status


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    """Change a user's role, unit or active flag."""
    user = db.session.get(User, user_id) or abort(404)
    form = EditUserForm(obj=user)
    form.unit_id.choices = _unit_choices()
    form.event_id.choices = _event_choices()
    if request.method == "GET":
        form.unit_id.data = user.unit_id or 0
    if form.validate_on_submit():
        try:
            services.update_staff_user(
                user,
                role=form.role.data,
                active=form.active.data,
                unit_id=form.unit_id.data or None,
                actor=current_user,
                event_id=form.event_id.data or None,
            )
        except services.AccountError:
            db.session.rollback()
            flash(_("You cannot deactivate yourself or change your own role."), "danger")
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("accounts.users"))
    status = 400 if request.method == "POST" else 200
    appointments = events.appointments_of(user.id)
    return render_template("accounts/user_form.html", form=form, user=user, appointments=appointments), status
