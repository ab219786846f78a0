"""Accreditation rules: submission, duplicates, decisions (DESIGN §3).

One application per person: the national ID (CCCD) and the press-card number are
unique, and a duplicate is reported with the existing record rather than created.
Every decision writes an audit event and an e-mail in the caller's transaction, and
locks the application row first so two officers deciding at once produce one outcome
(and one badge).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from blinker import signal
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.accreditation.models import Application, MediaOrganisation
from app.core import audit, uploads
from app.core.locking import lock_row
from app.core.outbox import queue_email
from app.core.text import fold
from app.core.timeutil import utcnow
from app.events.models import Zone
from app.events.scope import ACROSS_EVENTS
from app.events.services import current_event_id, scoped
from app.extensions import db

# Sent inside the officer's transaction when an application is rejected (sender: the
# Application; ``officer``): the outlets area gives its place to the next held person of the
# same outlet and category (app/outlets/services.py), so this area never imports it.
application_rejected = signal("accreditation.application_rejected")

PHOTO_MIN = (300, 400)
# The printed size (DESIGN §8: resizing once at upload keeps badge PDFs fast) and a list thumbnail.
PHOTO_SIZES = {"full": (300, 400), "thumb": (90, 120)}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
LETTER_MAX_BYTES = 10 * 1024 * 1024
OPEN_STATUSES = ("submitted", "changes_requested")


class DuplicateError(ValueError):
    """Another application already holds this national ID or press-card number."""

    def __init__(self, field_name: str, existing: Application | None):
        super().__init__(field_name)
        self.field_name = field_name
        self.existing = existing


class DecisionError(ValueError):
    """The application is no longer open to this decision (someone decided first)."""

    def __init__(self, application: Application | None):
        super().__init__("not open")
        self.application = application


class HeldError(DecisionError):
    """An outlet's nomination over its quota (issue 19): no approval until places are granted."""


@dataclass
class Details:
    """What a journalist (or an import row) states about themself."""

    full_name: str
    date_of_birth: date
    national_id: str
    press_card_number: str | None
    organisation_id: int
    position: str
    category: str
    phone: str
    email: str
    zone_ids: list[int] = field(default_factory=list)


@dataclass
class StoredFiles:
    """Keys of files stored for one submission, deleted again if it fails."""

    photo_key: str | None = None
    photo_thumb_key: str | None = None
    letter_key: str | None = None

    def keys(self) -> list[str]:
        return [k for k in (self.photo_key, self.photo_thumb_key, self.letter_key) if k]

    def delete(self) -> None:
        for key in self.keys():
            uploads.delete_upload(key)


def check_files(photo, letter) -> dict[str, str]:
    """What is wrong with the photo and the letter (either may be None), by field, without
    storing anything: the form shows these with the other fields' errors, all at once."""
    problems = {}
    for name, upload, check in (
        ("photo", photo, lambda f: uploads.check_image(f, max_bytes=PHOTO_MAX_BYTES, min_size=PHOTO_MIN)),
        ("letter", letter, lambda f: uploads.check_pdf_upload(f, max_bytes=LETTER_MAX_BYTES)),
    ):
        if upload is not None:
            try:
                check(upload)
            except uploads.UploadError as error:
                problems[name] = str(error)
    return problems


def store_files(photo, letter) -> StoredFiles:
    """Check and store the photo and the letter (either may be None); all or nothing.

    Raises UploadError with ``field`` set to ``"photo"`` or ``"letter"``.
    """
    stored = StoredFiles()
    try:
        if photo is not None:
            image = uploads.save_image(
                photo, "photos", max_bytes=PHOTO_MAX_BYTES, min_size=PHOTO_MIN, sizes=PHOTO_SIZES
            )
            stored.photo_key, stored.photo_thumb_key = image.keys["full"], image.keys["thumb"]
    except uploads.UploadError as error:
        error.field = "photo"
        raise
    try:
        if letter is not None:
            stored.letter_key = uploads.save_pdf(letter, "letters", max_bytes=LETTER_MAX_BYTES)
    except uploads.UploadError as error:
        stored.delete()
        error.field = "letter"
        raise
    return stored


def profile_of(user_id: int) -> Application | None:
    """The person's journalist profile: their latest application in another congress (identity,
    CCCD, press card, organisation, position, photo), which pre-fills a new application."""
    return db.session.scalar(
        select(Application)
        .where(Application.user_id == user_id, Application.event_id != current_event_id())
        .order_by(Application.submitted_at.desc(), Application.id.desc())
        .limit(1)
        .execution_options(**ACROSS_EVENTS)
    )


def copy_profile_photo(profile: Application) -> StoredFiles:
    """A copy of the profile's photo for a new application (each application owns its files)."""
    stored = StoredFiles()
    if profile.photo_key:
        image = uploads.save_image_bytes(uploads.read_upload(profile.photo_key), "photos", sizes=PHOTO_SIZES)
        stored.photo_key, stored.photo_thumb_key = image.keys["full"], image.keys["thumb"]
    return stored


def find_duplicate(
    national_id: str, press_card: str | None, exclude_id: int | None = None
) -> DuplicateError | None:
    """The duplicate an application with these numbers would be in the current event, or None.

    One application per person per event: the same numbers in another congress are no duplicate.
    """
    conditions = [Application.national_id == national_id]
    if press_card:
        conditions.append(Application.press_card_number == press_card)
    query = scoped(Application).options(selectinload(Application.organisation)).where(or_(*conditions))
    if exclude_id is not None:
        query = query.where(Application.id != exclude_id)
    existing = db.session.scalars(query).first()
    if existing is None:
        return None
    name = "national_id" if existing.national_id == national_id else "press_card_number"
    return DuplicateError(name, existing)


def zone_choices() -> list[tuple[int, str]]:
    """This congress's zones for a form's checkboxes: (id, "PC – Trung tâm báo chí")."""
    return [
        (zone.id, f"{zone.code} – {zone.name}")
        for zone in db.session.scalars(scoped(Zone).order_by(Zone.sort_order, Zone.id))
    ]


def zones_by_id(zone_ids: Iterable[int]) -> list[Zone]:
    """The zones with these ids, in their display order."""
    ids = list(zone_ids)
    if not ids:
        return []
    return list(db.session.scalars(scoped(Zone).where(Zone.id.in_(ids)).order_by(Zone.sort_order, Zone.id)))


def _apply_details(application: Application, details: Details, zones: dict[int, Zone] | None = None) -> None:
    application.full_name = details.full_name
    application.date_of_birth = details.date_of_birth
    application.national_id = details.national_id
    application.press_card_number = details.press_card_number
    application.organisation = db.session.get(MediaOrganisation, details.organisation_id)
    application.position = details.position
    application.category = details.category
    application.phone = details.phone
    application.email = details.email
    if zones is None:
        application.zones = zones_by_id(details.zone_ids)
    else:
        application.zones = sorted(
            (zones[i] for i in set(details.zone_ids) if i in zones), key=lambda z: (z.sort_order, z.id)
        )
    application.refresh_search_key()


def build_application(
    user, details: Details, files: StoredFiles, *, zones: dict[int, Zone] | None = None
) -> Application:
    """A new submitted application for ``user`` (added to the session, not flushed, nothing checked).

    Callers check duplicates first; the unique constraints refuse what slips through.
    """
    application = Application(user=user, status="submitted", submitted_at=utcnow())
    _apply_details(application, details, zones)
    application.photo_key, application.photo_thumb_key = files.photo_key, files.photo_thumb_key
    application.letter_key = files.letter_key
    db.session.add(application)
    return application


def submit_application(user, details: Details, files: StoredFiles) -> Application:
    """File a new application for ``user``; raises DuplicateError (nothing added)."""
    duplicate = find_duplicate(details.national_id, details.press_card_number)
    if duplicate is not None:
        raise duplicate
    application = build_application(user, details, files)
    db.session.flush()
    audit.record("application.submit", application, actor=user, details={"by": "journalist"})
    _mail(application, "received")
    return application


def resubmit_application(application: Application, details: Details, files: StoredFiles, actor) -> list[str]:
    """Apply the journalist's fixes and send the application back for review.

    Returns the keys of replaced files, to delete once the transaction has committed.
    """
    if application.status != "changes_requested":
        raise DecisionError(application)
    duplicate = find_duplicate(details.national_id, details.press_card_number, exclude_id=application.id)
    if duplicate is not None:
        raise duplicate
    _apply_details(application, details)
    replaced = []
    if files.photo_key:
        replaced += [k for k in (application.photo_key, application.photo_thumb_key) if k]
        application.photo_key, application.photo_thumb_key = files.photo_key, files.photo_thumb_key
    if files.letter_key:
        replaced += [application.letter_key] if application.letter_key else []
        application.letter_key = files.letter_key
    # Back in the queue at its first place (the submission date stays), waiting again:
    # the request for changes is no decision on it any more (the history keeps it).
    application.status = "submitted"
    application.decided_at = None
    application.decided_by = None
    db.session.flush()
    audit.record("application.resubmit", application, actor=actor)
    _mail(application, "received")
    return replaced


def near_duplicates(application: Application) -> list[Application]:
    """Other applications with the same folded name and date of birth (maybe the same person)."""
    name_key = fold(application.full_name)
    prefix = name_key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %"
    candidates = db.session.scalars(
        select(Application)
        .options(selectinload(Application.organisation), selectinload(Application.zones))
        .where(
            Application.date_of_birth == application.date_of_birth,
            Application.id != application.id,
            Application.search_key.like(prefix, escape="\\"),
        )
        .order_by(Application.id)
    )
    return [other for other in candidates if fold(other.full_name) == name_key]


# ----------------------------------------------------------------------------- decisions
def lock_application(application_id: int) -> Application | None:
    """Load an application with its row locked (PostgreSQL) and fresh from the database.

    On SQLite the write request already holds the database write lock (BEGIN IMMEDIATE).
    """
    return lock_row(Application, application_id)


def _open_for_decision(application_id: int) -> Application:
    application = lock_application(application_id)
    if application is None or application.status not in OPEN_STATUSES:
        raise DecisionError(application)
    return application


def _decide(application: Application, status: str, officer, message: str | None) -> None:
    application.status = status
    application.decided_at = utcnow()
    application.decided_by_id = officer.id
    application.decision_message = message


def approve(application_id: int, officer, *, zone_ids: list[int] | None = None):
    """Approve an open application and issue its badge in the same transaction; with
    ``zone_ids`` the badge opens those zones (of this congress) instead of the requested ones.

    Returns the badge. Raises DecisionError when it is missing or already decided.
    """
    from app.accreditation.outlet_models import Nomination, vetting_required
    from app.badges.services import issue_badge

    application = _open_for_decision(application_id)
    if db.session.scalar(select(Nomination.held).where(Nomination.application_id == application.id)):
        raise HeldError(application)
    details = {}
    if zone_ids is not None:
        zones = zones_by_id(zone_ids)
        if not zones or len(zones) != len(set(zone_ids)):
            raise ValueError("unknown zones")  # the form offers only this congress's zones
        requested = [zone.code for zone in application.zones]
        if {zone.code for zone in zones} != set(requested):
            details = {"zones": ", ".join(z.code for z in zones), "requested": ", ".join(requested)}
            application.zones = list(zones)
    _decide(application, "approved", officer, None)
    db.session.flush()
    badge = issue_badge(application, officer)
    audit.record(
        "application.approve", application, actor=officer, details={"badge": badge.serial, **details}
    )
    # When the congress vets (issue 19) the person hears "approved" only once cleared.
    _mail(application, "approved_vetting" if vetting_required(application.event_id) else "approved")
    return badge


def reject(application_id: int, officer, reason: str) -> Application:
    """Reject an open application with a reason the journalist will read."""
    application = _open_for_decision(application_id)
    _decide(application, "rejected", officer, reason)
    audit.record("application.reject", application, actor=officer, details={"reason": reason})
    _mail(application, "rejected")
    application_rejected.send(application, officer=officer)
    return application


def request_changes(application_id: int, officer, message: str) -> Application:
    """Send an application back to its journalist with what to fix; the form reopens."""
    application = _open_for_decision(application_id)
    _decide(application, "changes_requested", officer, message)
    audit.record("application.request_changes", application, actor=officer, details={"message": message})
    _mail(application, "changes_requested")
    return application


def bulk_approve(application_ids: Iterable[int], officer) -> tuple[int, int]:
    """Approve each still-open application among ``application_ids``; returns (approved, skipped).

    Rows are locked in id order so two officers' bulk approvals cannot deadlock.
    """
    approved = skipped = 0
    for application_id in sorted(set(application_ids)):
        try:
            approve(application_id, officer)
        except DecisionError:
            skipped += 1
        else:
            approved += 1
    return approved, skipped


def _mail(application: Application, template: str) -> None:
    """E-mail the journalist about their application, in their language (same transaction)."""
    user = application.user
    queue_email(
        user.email,
        f"accreditation/{template}",
        language=user.language,
        application=application,
    )
