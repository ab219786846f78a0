"""The desk's lost-and-found routes: the list, logging an item with its photo, handing it back by badge."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.permissions import permission_required
from app.core.uploads import UploadError, send_upload
from app.events.scope import get_in_event_or_404
from app.extensions import db
from app.helpdesk import found
from app.helpdesk.blueprint import bp
from app.helpdesk.forms import FoundForm, HandBackForm
from app.helpdesk.models import FoundItem
from app.helpdesk.services import HelpdeskError
from app.helpdesk.views import STAFF


def _page(*, found_form=None, hand_back_forms=None, status: int = 200):
    waiting, returned = found.found_items()
    forms = {item.id: HandBackForm(prefix=f"item{item.id}") for item in waiting}
    forms.update(hand_back_forms or {})
    return (
        render_template(
            "helpdesk/found.html",
            waiting=waiting,
            returned=returned,
            found_form=found_form or FoundForm(),
            hand_back_forms=forms,
        ),
        status,
    )


@bp.route("/found")
@permission_required(STAFF)
def found_list():
    """Items found and kept at the desk (with photos), and those handed back."""
    return _page()


@bp.route("/found/new", methods=["POST"])
@permission_required(STAFF)
def log_found():
    """Log a found item with its photo."""
    form = FoundForm()
    if not form.validate_on_submit():
        return _page(found_form=form, status=400)
    item = None
    try:
        item = found.log_found(form.description.data, form.place.data or "", form.photo.data, current_user)
        db.session.commit()
    except (UploadError, HelpdeskError) as error:
        db.session.rollback()
        form.photo.errors = [str(error)]
        return _page(found_form=form, status=400)
    except Exception:
        db.session.rollback()
        found.discard(item)
        raise
    flash(_("Item logged."), "success")
    return redirect(url_for("helpdesk.found_list"))


@bp.route("/found/<int:found_item_id>/return", methods=["POST"])
@permission_required(STAFF)
def hand_back(found_item_id: int):
    """Hand a found item to its owner, against their badge."""
    item = get_in_event_or_404(FoundItem, found_item_id)
    form = HandBackForm(prefix=f"item{item.id}")
    if not form.validate_on_submit():
        return _page(hand_back_forms={item.id: form}, status=400)
    try:
        item = found.hand_back(item, form.badge.data, current_user)
    except HelpdeskError as error:
        db.session.rollback()
        form.badge.errors = [str(error)]
        return _page(hand_back_forms={found_item_id: form}, status=409)
    db.session.commit()
    flash(_("Handed back to %(name)s.", name=item.returned_application.full_name), "success")
    return redirect(url_for("helpdesk.found_list"))


@bp.route("/found/<int:found_item_id>/photo/<size>")
@permission_required(STAFF)
def found_photo(found_item_id: int, size: str):
    """The found item's photo, for the desk."""
    if size not in ("full", "thumb"):
        abort(404)
    item = get_in_event_or_404(FoundItem, found_item_id)
    return send_upload(item.photo_key if size == "full" else item.photo_thumb_key)
