"""Bulk import for the desk: template, upload, column mapping, preview, one-transaction import."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.accreditation import importing, organisations, services, sheets
from app.accreditation.blueprint import bp
from app.accreditation.forms import ImportUploadForm
from app.core import uploads
from app.core.forms import EmptyForm
from app.core.permissions import Permission, permission_required
from app.core.uploads import UploadError
from app.extensions import db

REVIEW = Permission.REVIEW_ACCREDITATION
PREVIEW_LIMIT = 300  # rows listed on the preview page; the counts always cover every row


@bp.route("/import/template.xlsx")
@permission_required(REVIEW)
def import_template():
    """The XLSX template an organisation fills in (one journalist per row)."""
    response = Response(
        sheets.template_xlsx(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="mau-danh-sach-phong-vien.xlsx"'
    return response


def _upload_form() -> ImportUploadForm:
    form = ImportUploadForm()
    form.organisation.choices = [
        (0, _("— none: the sheet names each organisation —")),
        *[(org.id, org.name) for org in organisations.active_organisations()],
    ]
    form.zones.choices = services.zone_choices()
    return form


def _read(storage, max_bytes: int, field_name: str) -> bytes | None:
    if storage is None or not storage.filename:
        return None
    data = storage.read(max_bytes + 1)
    if len(data) > max_bytes:
        error = UploadError(_("The file is too large (at most %(mb)s MB).", mb=max_bytes // (1024 * 1024)))
        error.field = field_name
        raise error
    return data


@bp.route("/import", methods=["GET", "POST"])
@permission_required(REVIEW)
def import_upload():
    """Step 1: upload the sheet (template or the organisation's own) and an optional photo ZIP."""
    form = _upload_form()
    if form.validate_on_submit():
        try:
            sheet = _read(request.files.get("sheet"), sheets.MAX_SHEET_BYTES, "sheet")
            photos = _read(request.files.get("photos"), sheets.MAX_ZIP_BYTES, "photos")
            if sheet is None:
                form.sheet.errors.append(_("Please choose the list to import."))
            else:
                import_id = importing.start_import(
                    sheet,
                    request.files["sheet"].filename,
                    photos,
                    organisation_id=form.organisation.data,
                    zone_ids=form.zones.data,
                    user_id=current_user.id,
                )
                return redirect(url_for("accreditation.import_mapping", import_id=import_id))
        except UploadError as error:
            getattr(form, getattr(error, "field", "sheet")).errors.append(str(error))
    code = 400 if request.method == "POST" else 200
    return render_template("accreditation/import_upload.html", form=form), code


def _manifest_or_404(import_id: str) -> dict:
    manifest = importing.load_manifest(import_id)
    if manifest is None:
        abort(404)
    return manifest


@bp.route("/import/<import_id>/mapping", methods=["GET", "POST"])
@permission_required(REVIEW)
def import_mapping(import_id: str):
    """Step 2: say which column holds which field (guessed from the headers)."""
    manifest = _manifest_or_404(import_id)
    table = importing.table_of(manifest)
    mapping = {int(i): name for i, name in manifest["mapping"].items()}
    errors = []
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        mapping = {}
        for index in range(len(table.headers)):
            name = request.form.get(f"col-{index}", "")
            if name in sheets.FIELD_NAMES:
                if name in mapping.values():
                    errors.append(
                        _(
                            "Each field can come from one column only: %(field)s is chosen twice.",
                            field=_label(name),
                        )
                    )
                mapping[index] = name
        missing = [
            _label(name)
            for name, _lbl, required in sheets.FIELDS
            if required and name not in mapping.values()
        ]
        if "organisation" not in mapping.values() and not manifest.get("organisation_id"):
            missing.append(_label("organisation"))
        if missing:
            errors.append(_("Choose a column for: %(fields)s.", fields=", ".join(missing)))
        if not errors:
            manifest["mapping"] = {str(i): name for i, name in mapping.items()}
            manifest["mapped"] = True
            importing.save_manifest(import_id, manifest)
            return redirect(url_for("accreditation.import_preview", import_id=import_id))
    samples = [cells for _number, cells in table.rows[:3]]
    return render_template(
        "accreditation/import_mapping.html",
        import_id=import_id,
        manifest=manifest,
        table=table,
        samples=samples,
        mapping=mapping,
        fields=sheets.FIELDS,
        errors=errors,
        cell_text=sheets.cell_text,
    ), (400 if errors else 200)


def _label(name: str) -> str:
    return str(dict((n, label) for n, label, _r in sheets.FIELDS)[name])


@bp.route("/import/<import_id>/preview")
@permission_required(REVIEW)
def import_preview(import_id: str):
    """Step 3: every row checked; the errors of each row shown before anything is written."""
    manifest = _manifest_or_404(import_id)
    if not manifest.get("mapped"):
        return redirect(url_for("accreditation.import_mapping", import_id=import_id))
    rows = importing.check_rows(manifest, load_photos=False)
    valid = sum(1 for row in rows if row.ok)
    listed = sorted(rows, key=lambda row: (row.ok, row.number))[:PREVIEW_LIMIT]
    return render_template(
        "accreditation/import_preview.html",
        import_id=import_id,
        manifest=manifest,
        rows=listed,
        total=len(rows),
        valid=valid,
        mapping={int(i): name for i, name in manifest["mapping"].items()},
        label=_label,
    )


@bp.route("/import/<import_id>/run", methods=["POST"])
@permission_required(REVIEW)
def import_run(import_id: str):
    """Step 4: import the valid rows in one transaction (all of them or none)."""
    manifest = _manifest_or_404(import_id)
    if not EmptyForm().validate_on_submit() or not manifest.get("mapped"):
        abort(400)
    rows = importing.check_rows(manifest, load_photos=True)
    stored: list[str] = []  # files of this import, deleted if the transaction fails
    try:
        created, stored = importing.import_rows(rows, current_user)
        db.session.commit()
    except IntegrityError:
        # Someone filed one of these people meanwhile: nothing was imported; the preview shows who.
        db.session.rollback()
        for key in stored:
            uploads.delete_upload(key)
        flash(
            _(
                "Nothing was imported: some rows were filed by someone else meanwhile. Check the preview again."
            ),
            "danger",
        )
        return redirect(url_for("accreditation.import_preview", import_id=import_id))
    except BaseException:
        db.session.rollback()
        for key in stored:
            uploads.delete_upload(key)
        raise
    importing.discard(import_id, manifest)
    skipped = len(rows) - len(created)
    flash(_("%(n)s application(s) imported.", n=len(created)), "success")
    if skipped:
        flash(_("%(n)s row(s) with errors were not imported.", n=skipped), "warning")
    return redirect(url_for("accreditation.queue", status="submitted", sort="-submitted"))


@bp.route("/import/<import_id>/cancel", methods=["POST"])
@permission_required(REVIEW)
def import_cancel(import_id: str):
    """Abandon an import and delete its stored files."""
    manifest = _manifest_or_404(import_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    importing.discard(import_id, manifest)
    flash(_("Import cancelled; the uploaded files were deleted."), "info")
    return redirect(url_for("accreditation.import_upload"))
