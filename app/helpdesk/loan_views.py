"""The desk's equipment routes: the inventory, lending and taking back by badge, overdue loans."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import EmptyForm
from app.core.permissions import permission_required
from app.core.timeutil import from_local, to_local, utcnow
from app.events.scope import get_in_event, get_in_event_or_404
from app.extensions import db
from app.helpdesk import loans
from app.helpdesk.blueprint import bp
from app.helpdesk.forms import ItemForm, LoanForm
from app.helpdesk.models import EquipmentItem
from app.helpdesk.services import HelpdeskError
from app.helpdesk.views import STAFF


def _loan_form(prefix: str) -> LoanForm:
    form = LoanForm(prefix=prefix)
    form.item.choices = [
        (item.id, f"{item.label} ({item.count - out}/{item.count})")
        for item, out in loans.inventory()
        if item.active
    ]
    return form


def _page(*, lend_form=None, return_form=None, item_form=None, status: int = 200):
    lend_form = lend_form or _loan_form("lend")
    if lend_form.due_at.data is None and not lend_form.due_at.raw_data:
        lend_form.due_at.data = to_local(loans.default_due()).replace(tzinfo=None)
    return (
        render_template(
            "helpdesk/equipment.html",
            inventory=loans.inventory(),
            open_loans=loans.open_loans(),
            now=utcnow(),
            lend_form=lend_form,
            return_form=return_form or _loan_form("return"),
            item_form=item_form or ItemForm(),
            remind_form=EmptyForm(),
            kind_labels=loans.KIND_LABELS,
        ),
        status,
    )


@bp.route("/equipment")
@permission_required(STAFF)
def equipment():
    """The inventory with what is out, the loans still open (overdue first marked), lend and return."""
    return _page()


@bp.route("/equipment/new", methods=["POST"])
@permission_required(STAFF)
def add_item():
    """Add a line to the inventory."""
    form = ItemForm()
    if not form.validate_on_submit():
        return _page(item_form=form, status=400)
    try:
        _save_item(None, form)
    except HelpdeskError as error:
        db.session.rollback()
        form.label.errors = [str(error)]
        return _page(item_form=form, status=409)
    db.session.commit()
    flash(_("Item added."), "success")
    return redirect(url_for("helpdesk.equipment") + "#inventory")


def _save_item(item, form: ItemForm):
    return loans.save_item(
        item,
        kind=form.kind.data,
        label=form.label.data,
        count=form.count.data,
        active=form.active.data,
        actor=current_user,
    )


@bp.route("/equipment/<int:equipment_item_id>", methods=["GET", "POST"])
@permission_required(STAFF)
def edit_item(equipment_item_id: int):
    """Change an inventory line (name, count, whether it is lent out)."""
    item = get_in_event_or_404(EquipmentItem, equipment_item_id)
    form = ItemForm(obj=item)
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template(
            "helpdesk/item_form.html", form=form, item=item, out=loans.out_count(item.id)
        ), status
    try:
        _save_item(item, form)
    except HelpdeskError as error:
        db.session.rollback()
        form.count.errors = [str(error)]
        item = get_in_event_or_404(EquipmentItem, equipment_item_id)
        return render_template(
            "helpdesk/item_form.html", form=form, item=item, out=loans.out_count(item.id)
        ), 409
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("helpdesk.equipment") + "#inventory")


def _loan_action(prefix: str):
    form = _loan_form(prefix)
    item = None
    if form.validate_on_submit():
        item = get_in_event(EquipmentItem, form.item.data)
        if item is None:
            form.item.errors = [_("Choose an item.")]
    return form, item


@bp.route("/loans/lend", methods=["POST"])
@permission_required(STAFF)
def lend():
    """Lend one piece to the holder of the badge scanned or typed; a revoked or replaced badge is refused."""
    form, item = _loan_action("lend")
    if item is None:
        return _page(lend_form=form, status=400)
    due_at = from_local(form.due_at.data) if form.due_at.data else None
    try:
        loan = loans.lend(item, form.badge.data, current_user, due_at=due_at)
    except HelpdeskError as error:
        db.session.rollback()
        form.badge.errors = [str(error)]
        return _page(lend_form=form, status=409)
    db.session.commit()
    flash(
        _(
            "%(item)s lent to %(name)s (%(serial)s), due back %(due)s.",
            item=item.label,
            name=loan.application.full_name,
            serial=loan.badge.serial,
            due=to_local(loan.due_at).strftime("%d/%m/%Y %H:%M"),
        ),
        "success",
    )
    return redirect(url_for("helpdesk.equipment"))


@bp.route("/loans/return", methods=["POST"])
@permission_required(STAFF)
def return_loan():
    """Take back one piece from the holder of the badge scanned or typed."""
    form, item = _loan_action("return")
    if item is None:
        return _page(return_form=form, status=400)
    try:
        loan = loans.return_item(item, form.badge.data, current_user)
    except HelpdeskError as error:
        db.session.rollback()
        form.badge.errors = [str(error)]
        return _page(return_form=form, status=409)
    db.session.commit()
    flash(_("%(item)s returned by %(name)s.", item=item.label, name=loan.application.full_name), "success")
    return redirect(url_for("helpdesk.equipment"))


@bp.route("/loans/remind", methods=["POST"])
@permission_required(STAFF)
def remind():
    """E-mail every overdue borrower (at most once in 12 hours each)."""
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "danger")
        return _page(status=400)
    sent = loans.remind_overdue(current_user)
    db.session.commit()
    flash(_("%(n)s reminder(s) queued.", n=sent), "success" if sent else "info")
    return redirect(url_for("helpdesk.equipment") + "#loans")
