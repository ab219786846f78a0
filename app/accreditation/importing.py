"""Bulk import of an organisation's list of journalists: stored upload, row checks, one-transaction import.

Between the steps (upload → map columns → preview → import) the sheet, the optional
photo ZIP and a small JSON manifest live under ``UPLOAD_DIR/imports/`` (via
core.uploads), named by a random import id; nothing is kept in the session cookie.

Accounts: each imported application needs a journalist account (one application per
account). A row whose e-mail belongs to an existing journalist without an application
is linked to that account; otherwise a new journalist account is created with no usable
password and an unverified address, and the journalist is e-mailed a link to choose a
password (which also confirms the address). Staff e-mails and journalists who already
applied are refused per row.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.accreditation import organisations, services, sheets, validation
from app.accreditation.models import Application
from app.core import audit, eventinfo, uploads
from app.core.outbox import queue_email
from app.core.permissions import Role
from app.core.text import clean_text, fold
from app.core.timeutil import utcnow
from app.events.models import Zone
from app.events.services import scoped
from app.extensions import db

IMPORT_ID = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


# ----------------------------------------------------------------------------- stored uploads
def _store(data: bytes, key: str) -> str:
    path = uploads.path_of(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return key


def start_import(
    sheet_data: bytes, filename: str, photos: bytes | None, *, organisation_id, zone_ids, user_id
) -> str:
    """Check the uploads, store them and their manifest; returns the import id."""
    try:
        table = sheets.read_table(sheet_data, filename)
    except uploads.UploadError as error:
        error.field = "sheet"
        raise
    if photos is not None:
        try:
            sheets.PhotoArchive(photos)
        except uploads.UploadError as error:
            error.field = "photos"
            raise
    import_id = secrets.token_urlsafe(18)
    ext = "csv" if not sheet_data.startswith(b"PK") else "xlsx"
    manifest = {
        "sheet": _store(sheet_data, f"imports/{import_id}.{ext}"),
        # the parsed rows, so the later steps need not parse the sheet again
        "table": _store(sheets.table_to_json(table), f"imports/{import_id}.table.json"),
        "photos": _store(photos, f"imports/{import_id}.zip") if photos is not None else None,
        "filename": filename[:120],
        "organisation_id": organisation_id if organisation_id and organisation_id > 0 else None,
        "zone_ids": list(zone_ids or []),
        "mapping": {str(i): name for i, name in sheets.guess_mapping(table.headers).items()},
        "mapped": False,
        "user_id": user_id,
        "event_id": eventinfo.current_id(),  # an import belongs to the congress it was started in
        "created": utcnow().isoformat(),
    }
    save_manifest(import_id, manifest)
    return import_id


def load_manifest(import_id: str) -> dict | None:
    """The manifest of an import in progress, or None when the id is unknown or malformed,
    or the import was started in another congress than the current one."""
    if not IMPORT_ID.match(import_id or ""):
        return None
    path = uploads.path_of(f"imports/{import_id}.json")
    if not path.exists():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("event_id") != eventinfo.current_id():
        return None
    return manifest


def save_manifest(import_id: str, manifest: dict) -> None:
    _store(json.dumps(manifest).encode(), f"imports/{import_id}.json")


def discard(import_id: str, manifest: dict) -> None:
    """Delete an import's stored files (after it is done or abandoned)."""
    for key in (
        manifest.get("sheet"),
        manifest.get("table"),
        manifest.get("photos"),
        f"imports/{import_id}.json",
    ):
        uploads.delete_upload(key)


def table_of(manifest: dict) -> sheets.Table:
    """The import's rows as parsed at upload."""
    return sheets.table_from_json(uploads.read_upload(manifest["table"]))


def photos_of(manifest: dict) -> sheets.PhotoArchive | None:
    """The import's photo archive, if one was sent."""
    return sheets.PhotoArchive(uploads.read_upload(manifest["photos"])) if manifest.get("photos") else None


# ----------------------------------------------------------------------------- row checks
@dataclass
class Row:
    """One sheet row: what it says, what it would become, and what is wrong with it."""

    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)
    details: services.Details | None = None
    user: User | None = None
    photo: bytes | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _national_id_text(cell) -> str:
    # Excel turns 001085012345 into the number 1085012345: give the zeros back.
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return str(int(cell)).zfill(12)
    return sheets.cell_text(cell)


def _phone_text(cell) -> str:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        digits = str(int(cell))
        return "+" + digits if digits.startswith("84") and len(digits) > 10 else "0" + digits
    return sheets.cell_text(cell)


def _values(cells: list, mapping: dict[int, str]) -> tuple[dict[str, str], dict[str, object]]:
    values, raw = {}, {}
    for index, name in mapping.items():
        cell = cells[index] if index < len(cells) else None
        raw[name] = cell
        if name == "national_id":
            values[name] = _national_id_text(cell)
        elif name == "phone":
            values[name] = _phone_text(cell)
        else:
            values[name] = clean_text(sheets.cell_text(cell))
    return values, raw


def check_rows(manifest: dict, *, load_photos: bool = True) -> list[Row]:
    """Check every row as the application form would, plus duplicates inside the sheet and in the database.

    Lookups are batched (a handful of queries whatever the number of rows).
    """
    table = table_of(manifest)
    mapping = {int(i): name for i, name in manifest["mapping"].items()}
    photos = photos_of(manifest)
    default_org_id = manifest.get("organisation_id")
    zones = {zone.code.upper(): zone for zone in db.session.scalars(scoped(Zone))}
    default_zone_ids = [z for z in manifest.get("zone_ids", []) if z in {zone.id for zone in zones.values()}]

    org_cache: dict[str, object] = {}
    rows = []
    for number, cells in table.rows:
        values, raw = _values(cells, mapping)
        row = Row(number=number, values=values, raw=raw)
        _check_row(row, default_org_id, zones, default_zone_ids, org_cache)
        rows.append(row)

    valid = [row.details for row in rows if row.details is not None]
    ids = {d.national_id for d in valid}
    cards = {d.press_card_number for d in valid if d.press_card_number}
    emails = {d.email for d in valid}
    by_id = _applications_by(Application.national_id, ids)
    by_card = _applications_by(Application.press_card_number, cards)
    users = (
        {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))} if emails else {}
    )
    applied = (
        set(
            db.session.scalars(
                select(Application.user_id).where(Application.user_id.in_([u.id for u in users.values()]))
            )
        )
        if users
        else set()
    )
    seen_ids: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    seen_emails: dict[str, int] = {}

    for row in rows:
        details = row.details
        if details is None:
            _check_photo(row, photos, load=False)
            continue
        existing = by_id.get(details.national_id) or (
            by_card.get(details.press_card_number) if details.press_card_number else None
        )
        if existing is not None:
            row.errors.append(
                _(
                    "Already applied: application no. %(id)s, %(name)s (%(org)s), %(status)s.",
                    id=existing.id,
                    name=existing.full_name,
                    org=existing.organisation.name,
                    status=str(validation.STATUS_LABELS.get(existing.status, existing.status)),
                )
            )
        for key, seen, message in (
            (details.national_id, seen_ids, _("The same national ID is on row %(n)s.")),
            (details.press_card_number, seen_cards, _("The same press-card number is on row %(n)s.")),
            (details.email, seen_emails, _("The same e-mail is on row %(n)s.")),
        ):
            if key and key in seen:
                row.errors.append(message % {"n": seen[key]})
            elif key:
                seen[key] = row.number
        user = users.get(details.email)
        if user is not None:
            if user.role != Role.JOURNALIST:
                row.errors.append(_("This e-mail belongs to a staff account."))
            elif user.id in applied:
                row.errors.append(_("This journalist's account already has an application."))
            else:
                row.user = user
        _check_photo(row, photos, load_photos)
        if row.errors:
            row.details = None
    return rows


def _applications_by(column, values: set[str]) -> dict[str, Application]:
    if not values:
        return {}
    query = select(Application).options(selectinload(Application.organisation)).where(column.in_(values))
    return {getattr(a, column.key): a for a in db.session.scalars(query)}


def _check_row(row: Row, default_org_id, zones: dict, default_zone_ids: list[int], org_cache: dict) -> None:
    values, errors = row.values, row.errors
    checked = {}
    name = values.get("full_name", "")
    if not 2 <= len(name) <= 120 or any(ch in name for ch in "<>"):
        errors.append(_("Full name: 2 to 120 characters, no < or >."))
    for key, check in (
        ("national_id", validation.check_national_id),
        ("press_card_number", validation.check_press_card),
        ("phone", validation.normalise_phone),
        ("category", validation.parse_category),
    ):
        try:
            checked[key] = check(row.raw.get(key) if key == "category" else values.get(key, ""))
        except validation.FieldError as error:
            errors.append(str(error))
    try:
        checked["date_of_birth"] = validation.check_birth_date(
            validation.parse_date(row.raw.get("date_of_birth"))
        )
    except validation.FieldError as error:
        errors.append(_("Date of birth: %(error)s", error=str(error)))
    try:
        checked["email"] = validate_email(
            values.get("email", ""), check_deliverability=False
        ).normalized.lower()
    except EmailNotValidError:
        errors.append(_("E-mail: this is not a valid e-mail address."))
    org_name = values.get("organisation", "")
    org_id = default_org_id
    if org_name:
        key = fold(org_name)
        if key not in org_cache:
            org_cache[key] = organisations.find_by_name(org_name)
        org = org_cache[key]
        if org is None:
            errors.append(
                _(
                    "Unknown media organisation “%(name)s”: add it first, or choose one for every row.",
                    name=org_name,
                )
            )
        else:
            org_id = org.id
    elif org_id is None:
        errors.append(_("No media organisation: name one in the sheet or choose one for every row."))
    zone_ids = default_zone_ids
    codes = [c for c in re.split(r"[\s,;]+", values.get("zones", "").upper()) if c]
    if codes:
        unknown = [c for c in codes if c not in zones]
        if unknown:
            errors.append(_("Unknown zone code(s): %(codes)s.", codes=", ".join(unknown)))
        zone_ids = [zones[c].id for c in codes if c in zones]
    if not zone_ids:
        errors.append(_("No zone: name zone codes in the sheet or choose zones for every row."))
    if errors:
        return
    row.details = services.Details(
        full_name=name,
        date_of_birth=checked["date_of_birth"],
        national_id=checked["national_id"],
        press_card_number=checked["press_card_number"],
        organisation_id=org_id,
        position=values.get("position", "")[:120],
        category=checked["category"],
        phone=checked["phone"],
        email=checked["email"],
        zone_ids=zone_ids,
    )


def _check_photo(row: Row, photos: sheets.PhotoArchive | None, load: bool) -> None:
    """Find the row's photo (named in the sheet, else by national ID) and check it.

    With ``load`` (the import itself) the bytes are kept and checked when stored,
    instead of being decoded twice.
    """
    details = row.details
    stem = (row.values.get("photo") or "").rsplit(".", 1)[0]
    stem = stem or (details.national_id if details else row.values.get("national_id", ""))
    try:
        content = photos.read(stem) if photos is not None and stem else None
        if content is not None and not load:
            uploads.open_image(content, min_size=services.PHOTO_MIN)
    except uploads.UploadError as error:
        row.errors.append(_("Photo: %(error)s", error=str(error)))
        return
    if content is None:
        if row.values.get("photo"):
            row.errors.append(_("Photo %(name)s is not in the ZIP.", name=row.values["photo"]))
        else:
            row.warnings.append(_("No photo: ask the journalist for one before printing the badge."))
    elif load:
        row.photo = content


# ----------------------------------------------------------------------------- import
def import_rows(rows: list[Row], officer) -> tuple[list[Application], list[str]]:
    """Create an application (and, where needed, an account) for every valid row.

    Runs in the caller's transaction: the caller commits once, or rolls back and
    deletes the returned file keys. A row whose photo fails to store is skipped with
    its error, as the preview showed it. Objects are flushed together, not row by
    row, so a thousand rows take seconds. Returns (applications, stored file keys).
    """
    zones = {zone.id: zone for zone in db.session.scalars(scoped(Zone))}
    created: list[tuple[Application, bool]] = []
    stored: list[str] = []
    try:
        for row in rows:
            if not row.ok or row.details is None:
                continue
            files = services.StoredFiles()
            if row.photo is not None:
                try:
                    image = uploads.save_image_bytes(
                        row.photo, "photos", min_size=services.PHOTO_MIN, sizes=services.PHOTO_SIZES
                    )
                except uploads.UploadError as error:
                    row.errors.append(_("Photo: %(error)s", error=str(error)))
                    continue
                files.photo_key, files.photo_thumb_key = image.keys["full"], image.keys["thumb"]
                stored += files.keys()
            user, new_account = row.user, row.user is None
            if new_account:
                user = User(
                    email=row.details.email,
                    full_name=row.details.full_name,
                    role=Role.JOURNALIST,
                    # No usable password (not a valid hash): the journalist sets one from the e-mailed link.
                    password_hash="!" + secrets.token_hex(16),
                    language="vi",
                )
                db.session.add(user)
            application = services.build_application(user, row.details, files, zones=zones)
            created.append((application, new_account))
        db.session.flush()
        for application, new_account in created:
            if new_account:
                audit.record("account.import", application.user, actor=officer)
            audit.record("application.submit", application, actor=officer, details={"by": "import"})
            _mail_imported(application.user, application, new_account)
        if created:
            audit.record(
                "application.import",
                None,
                actor=officer,
                details={"count": len(created), "ids": [a.id for a, _new in created][:500]},
            )
    except BaseException:
        for key in stored:
            uploads.delete_upload(key)
        raise
    return [application for application, _new in created], stored


def _mail_imported(user: User, application: Application, new_account: bool) -> None:
    from app.accounts.services import make_token

    queue_email(
        user.email,
        "accreditation/imported",
        language=user.language,
        application=application,
        user=user,
        token=make_token(user, "reset") if new_account else None,
    )
