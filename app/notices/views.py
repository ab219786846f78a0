"""Routes of live notices: the press officers' list, compose and delivery report, the settings
(automatic notices, the hall screen's address), and the journalist's notices page with muting
and Web Push subscription."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core import eventinfo
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.events.scope import get_in_event_or_404
from app.extensions import db
from app.notices import push, services
from app.notices.blueprint import bp
from app.notices.forms import MuteForm, NoticeForm, SettingsForm
from app.notices.models import Notice

nav_item("notices.index", _l("Notices"), Permission.SEND_NOTICES, order=42, group="press")
nav_item("notices.mine", _l("Notices"), Permission.RECEIVE_NOTICES, order=37)

SEND = Permission.SEND_NOTICES
RECEIVE = Permission.RECEIVE_NOTICES


def _event_id() -> int:
    return eventinfo.current_id()


@bp.route("/", methods=["GET", "POST"])
@permission_required(SEND)
def index():
    """Send a notice; the latest notices with their deliveries per channel and state."""
    event_id = _event_id()
    form = NoticeForm()
    form.fill(services.target_choices(event_id))
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                notice = services.send_notice(
                    event_id,
                    form.body.data,
                    form.target.data,
                    form.target_value(),
                    body_en=form.body_en.data or "",
                    author=current_user,
                )
            except services.NoticeError as exc:
                db.session.rollback()
                flash(str(exc), "danger")
                status = 400
            else:
                db.session.commit()
                flash(_("Notice sent to %(n)d people.", n=notice.recipients), "success")
                return redirect(url_for("notices.index"))
        else:
            status = 400
    notices = list(
        db.session.scalars(db.select(Notice).order_by(Notice.created_at.desc(), Notice.id.desc()).limit(50))
    )
    return (
        render_template(
            "notices/index.html",
            form=form,
            notices=notices,
            counts=services.delivery_counts([n.id for n in notices]),
            labels=_labels(),
        ),
        status,
    )


def _labels() -> dict:
    return {
        "target": services.TARGET_LABELS,
        "kind": services.KIND_LABELS,
        "channel": services.CHANNEL_LABELS,
        "status": services.STATUS_LABELS,
    }


@bp.route("/<int:notice_id>/retry", methods=["POST"])
@permission_required(SEND)
def retry(notice_id: int):
    """Send a notice's failed e-mails and pushes again (delivered ones never twice)."""
    notice = get_in_event_or_404(Notice, notice_id)
    count = services.retry_failed(notice, current_user)
    db.session.commit()
    flash(_("%(n)d failed deliveries will be sent again.", n=count), "success")
    return redirect(url_for("notices.index"))


@bp.route("/settings", methods=["GET", "POST"])
@permission_required(SEND)
def settings():
    """Automatic notices per kind, and the hall screen's address (shown, and rotated)."""
    settings_row = services.settings_for(_event_id())
    form = SettingsForm(obj=None)
    if request.method == "GET":
        for kind in services.AUTO_KIND_NAMES:
            getattr(form, kind).data = getattr(settings_row, f"auto_{kind}")
        db.session.commit()  # the settings row, made on first use
    elif form.validate_on_submit():
        services.save_settings(
            settings_row, {k: getattr(form, k).data for k in services.AUTO_KIND_NAMES}, current_user
        )
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("notices.settings"))
    screen_url = url_for("screen.show", token=services.screen_token(settings_row), _external=True)
    return render_template("notices/settings.html", form=form, screen_url=screen_url, settings=settings_row)


@bp.route("/settings/rotate-screen", methods=["POST"])
@permission_required(SEND)
def rotate_screen():
    """A new address for the hall screen; the old one answers 404 at once."""
    from app.core.forms import EmptyForm

    if not EmptyForm().validate_on_submit():
        abort(400)
    services.rotate_screen(services.settings_for(_event_id()), current_user)
    db.session.commit()
    flash(
        _("The screen has a new address: open it on the hall's TVs. The old address no longer works."),
        "success",
    )
    return redirect(url_for("notices.settings"))


@bp.route("/mine", methods=["GET", "POST"])
@permission_required(RECEIVE)
def mine():
    """A journalist's notices, their muted channels, and this browser's push subscription."""
    event_id = _event_id()
    form = MuteForm()
    if request.method == "POST":
        if form.validate_on_submit():
            muted = {c for c in services.MUTABLE_CHANNELS if not getattr(form, c).data}
            services.set_mutes(current_user, event_id, muted)
            db.session.commit()
            flash(_("Your notice channels are saved."), "success")
            return redirect(url_for("notices.mine"))
        abort(400)
    muted = services.muted_channels(current_user.id, event_id)
    form.email.data = "email" not in muted
    form.push.data = "push" not in muted
    return render_template(
        "notices/mine.html",
        notices=services.notices_for(current_user.id, event_id),
        form=form,
        vapid_key=push.public_key(),
    )


@bp.route("/push/subscribe", methods=["POST"])
@permission_required(RECEIVE)
def subscribe():
    """Keep this browser's push subscription (JSON from the page's script, CSRF header)."""
    data = request.get_json(silent=True) or {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    try:
        services.subscribe(
            current_user,
            _event_id(),
            str(data.get("endpoint") or ""),
            str(keys.get("p256dh") or ""),
            str(keys.get("auth") or ""),
        )
    except services.NoticeError as exc:
        db.session.rollback()
        return jsonify(ok=False, error=str(exc)), 400
    db.session.commit()
    return jsonify(ok=True, message=_("This browser will receive notices."))


@bp.route("/push/unsubscribe", methods=["POST"])
@permission_required(RECEIVE)
def unsubscribe():
    """Forget this browser's push subscription."""
    data = request.get_json(silent=True) or {}
    services.unsubscribe(current_user, _event_id(), str(data.get("endpoint") or ""))
    db.session.commit()
    return jsonify(ok=True, message=_("This browser will no longer receive notices."))
