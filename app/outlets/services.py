"""Outlets nominate their reporters (issue 19): focal points, people, quotas.

A focal point (đầu mối) is a journalist-role account tied to one media organisation in one
congress. It sees and changes only its own outlet's people in its own congress: every read
here goes through ``people_of(focal)`` or ``nomination_of(focal, id)``, both scoped to the
congress of the URL and filtered by the focal point's organisation.

A nominated person is an ordinary application (the desk reviews it in its queue) plus a
``Nomination`` row naming the outlet; a person over the outlet's quota for their category is
held: the desk cannot approve them until places are granted.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.accreditation import services as accreditation
from app.accreditation.models import Application, MediaOrganisation
from app.accreditation.outlet_models import (
    QUOTA_CATEGORIES,
    FocalPoint,
    Nomination,
    OutletQuota,
    OutletSettings,
    QuotaRequest,
)
from app.core import audit
from app.core.locking import lock_row
from app.core.outbox import queue_email
from app.core.permissions import Role
from app.core.timeutil import utcnow
from app.events.models import Zone
from app.events.scope import ACROSS_EVENTS
from app.events.services import current_event_id, scoped, settings_row
from app.extensions import db


class OutletError(ValueError):
    """A refused outlet action; ``str(error)`` is a message for the user, in their language."""


# ----------------------------------------------------------------------------- settings
def settings() -> OutletSettings:
    """This congress's outlet settings (made on first use)."""
    return settings_row(OutletSettings, vetting_required=False)


def save_settings(vetting_required: bool, defaults: dict, actor) -> None:
    row = settings()
    before = {"vetting": row.vetting_required, "defaults": row.default_quotas}
    row.vetting_required = vetting_required
    row.default_quotas = defaults
    db.session.flush()
    audit.record(
        "outlet.settings",
        row,
        actor=actor,
        details={"vetting": vetting_required, "was_vetting": before["vetting"], "defaults": defaults},
    )
    for organisation_id, category in _held_pairs():
        release_held(organisation_id, category, actor)


# ----------------------------------------------------------------------------- accounts
def _account(email: str, full_name: str) -> tuple[User, bool]:
    """The journalist account with this e-mail, or a new one with no usable password."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        if user.role != Role.JOURNALIST:
            raise OutletError(_("This e-mail belongs to a staff account: use a personal journalist e-mail."))
        return user, False
    user = User(
        email=email,
        full_name=full_name,
        role=Role.JOURNALIST,
        password_hash="!" + secrets.token_hex(16),  # chosen from the e-mailed link
        language="vi",
    )
    db.session.add(user)
    db.session.flush()
    return user, True


def _has_password(user: User) -> bool:
    return not (user.password_hash or "").startswith("!")


def _token(user: User) -> str | None:
    from app.accounts.services import make_token

    return None if _has_password(user) else make_token(user, "reset")


# ----------------------------------------------------------------------------- focal points
def focal_point_of(user) -> FocalPoint | None:
    """The user's active focal-point row in this congress, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        scoped(FocalPoint)
        .options(selectinload(FocalPoint.organisation))
        .where(FocalPoint.user_id == user.id, FocalPoint.status == "active")
    )


def focal_row_of(user) -> FocalPoint | None:
    """The user's focal-point row in this congress whatever its status (a pending request too)."""
    return db.session.scalar(scoped(FocalPoint).where(FocalPoint.user_id == user.id))


def _existing_focal(user: User) -> None:
    row = focal_row_of(user)
    if row is not None:
        if row.status == "refused":
            raise OutletError(
                _("A request from this account was refused for this congress; contact the desk.")
            )
        raise OutletError(
            _(
                "This account is already a focal point (or has asked to be one) for %(org)s.",
                org=row.organisation.name,
            )
        )


def _organisation(organisation_id: int) -> MediaOrganisation:
    org = db.session.get(MediaOrganisation, organisation_id)
    if org is None or org.merged_into_id is not None or not org.confirmed:
        raise OutletError(_("Choose a media organisation from the list."))
    return org


def invite_focal_point(*, email: str, full_name: str, organisation_id: int, phone: str, position: str, actor):
    """The desk makes someone its outlet's focal point (account created or linked) and e-mails them."""
    org = _organisation(organisation_id)
    user, created = _account(email, full_name)
    _existing_focal(user)
    row = FocalPoint(
        user_id=user.id,
        organisation_id=org.id,
        status="active",
        phone=phone,
        position=position,
        invited=True,
        decided_at=utcnow(),
        decided_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "outlet.focal_invite",
        row,
        actor=actor,
        details={"organisation": org.name, "email": email, "new_account": created},
    )
    queue_email(
        user.email, "outlets/focal_invited", language=user.language, focal=row, user=user, token=_token(user)
    )
    return row


def request_focal_point(
    *, email: str, full_name: str, organisation_id: int, phone: str, position: str, message: str
):
    """An outlet asks, from the congress's public page, that this person be its focal point."""
    org = _organisation(organisation_id)
    user, created = _account(email, full_name)
    _existing_focal(user)
    row = FocalPoint(
        user_id=user.id,
        organisation_id=org.id,
        status="requested",
        phone=phone,
        position=position,
        message=message,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "outlet.focal_request", row, actor=user, details={"organisation": org.name, "new_account": created}
    )
    queue_email(user.email, "outlets/focal_received", language=user.language, focal=row, user=user)
    return row


def decide_focal_point(focal_id: int, actor, *, approve: bool, reason: str = "") -> FocalPoint:
    """Approve or refuse (with a reason the requester reads) a pending focal-point request."""
    row = lock_row(FocalPoint, focal_id)
    if row is None or row.status != "requested":
        raise OutletError(_("This request was already decided."))
    if not approve and not reason.strip():
        raise OutletError(_("Give the reason for refusing."))
    row.status = "active" if approve else "refused"
    row.decided_at, row.decided_by_id, row.reason = utcnow(), actor.id, (reason.strip() or None)
    db.session.flush()
    audit.record(
        "outlet.focal_approve" if approve else "outlet.focal_refuse",
        row,
        actor=actor,
        details={"organisation": row.organisation.name, **({"reason": reason} if reason else {})},
    )
    template = "outlets/focal_approved" if approve else "outlets/focal_refused"
    queue_email(
        row.user.email, template, language=row.user.language, focal=row, user=row.user, token=_token(row.user)
    )
    return row


def focal_points(status: str | None = None) -> list[FocalPoint]:
    query = scoped(FocalPoint).options(selectinload(FocalPoint.organisation), selectinload(FocalPoint.user))
    if status:
        query = query.where(FocalPoint.status == status)
    return list(db.session.scalars(query.order_by(FocalPoint.requested_at.desc(), FocalPoint.id.desc())))


# ----------------------------------------------------------------------------- people
def people_of(focal: FocalPoint) -> list[Nomination]:
    """The focal point's outlet's people in this congress (and no one else's)."""
    return list(
        db.session.scalars(
            scoped(Nomination)
            .options(selectinload(Nomination.application).selectinload(Application.organisation))
            .where(Nomination.organisation_id == focal.organisation_id)
            .order_by(Nomination.id)
        )
    )


def nomination_of(focal: FocalPoint, nomination_id: int) -> Nomination | None:
    """One of the outlet's people, or None (missing, another outlet's, another congress's)."""
    try:
        key = int(nomination_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(
        scoped(Nomination).where(Nomination.id == key, Nomination.organisation_id == focal.organisation_id)
    )


@dataclass
class Checked:
    """People ready to write: each one's details and the account they go to (None: a new one)."""

    details: accreditation.Details
    user: User | None
    row: int


def check_people(
    focal: FocalPoint, people: Sequence[tuple[int, accreditation.Details]]
) -> tuple[list[Checked], dict[int, list[str]]]:
    """Match every person against this congress and existing profiles, in a few queries.

    Returns the people ready to write and, by row number, what is wrong. A person already
    put forward by another outlet is refused with that outlet's name; one who is already on
    this outlet's list is refused as such; a CCCD of an earlier congress's profile links the
    person to that profile's account (matched, not doubled), as does a journalist's e-mail.
    """
    errors: dict[int, list[str]] = {}
    ids = {d.national_id for _n, d in people}
    cards = {d.press_card_number for _n, d in people if d.press_card_number}
    emails = {d.email for _n, d in people}
    here = list(
        db.session.scalars(
            scoped(Application)
            .options(selectinload(Application.organisation))
            .where(
                or_(
                    Application.national_id.in_(ids),
                    Application.press_card_number.in_(cards or {"-"}),
                    Application.email.in_(emails),
                )
            )
        )
    )
    nominated = {
        n.application_id: n.organisation_id
        for n in db.session.scalars(
            scoped(Nomination).where(Nomination.application_id.in_([a.id for a in here] or [0]))
        )
    }
    by_id = {a.national_id: a for a in here}
    by_card = {a.press_card_number: a for a in here if a.press_card_number}
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails or {"-"})))}
    applied_here = {a.user_id for a in here}
    # Profiles: the latest application with this CCCD in any other congress.
    profiles: dict[str, int] = {}
    for national_id, user_id in db.session.execute(
        select(Application.national_id, Application.user_id)
        .where(Application.national_id.in_(ids or {"-"}), Application.event_id != current_event_id())
        .order_by(Application.submitted_at)
        .execution_options(**ACROSS_EVENTS)
    ):
        profiles[national_id] = user_id
    profile_users = {
        u.id: u for u in db.session.scalars(select(User).where(User.id.in_(set(profiles.values()) or {0})))
    }

    seen: dict[str, dict[str, int]] = {"id": {}, "card": {}, "email": {}}
    ready = []
    for number, details in people:
        problems = []
        existing = by_id.get(details.national_id) or (
            by_card.get(details.press_card_number) if details.press_card_number else None
        )
        if existing is not None:
            problems.append(_taken(existing, nominated.get(existing.id), focal))
        for key, value, message in (
            ("id", details.national_id, _l("The same national ID is on row %(n)s.")),
            ("card", details.press_card_number, _l("The same press-card number is on row %(n)s.")),
            ("email", details.email, _l("The same e-mail is on row %(n)s.")),
        ):
            if value and value in seen[key]:
                problems.append(str(message) % {"n": seen[key][value]})
            elif value:
                seen[key][value] = number
        user = None
        profile_user = profile_users.get(profiles.get(details.national_id, 0))
        email_user = users.get(details.email)
        if profile_user is not None:
            user = profile_user
            if email_user is not None and email_user.id != profile_user.id:
                problems.append(
                    _("This national ID belongs to an existing profile with another e-mail address.")
                )
        elif email_user is not None:
            user = email_user
        if user is not None:
            if user.role != Role.JOURNALIST:
                problems.append(_("This e-mail belongs to a staff account."))
            elif user.id in applied_here and existing is None:
                problems.append(_("This person's account already has an application in this congress."))
        if problems:
            errors[number] = problems
        else:
            ready.append(Checked(details=details, user=user, row=number))
    return ready, errors


def _taken(existing: Application, nominated_by: int | None, focal: FocalPoint) -> str:
    """Why a person cannot be put forward: this congress already has them (naming the outlet)."""
    if nominated_by == focal.organisation_id:
        return _("%(name)s is already on your outlet's list.", name=existing.full_name)
    if nominated_by is not None:
        return _(
            "%(name)s is already put forward by another outlet (%(org)s) for this congress: "
            "a person can be accredited for one outlet only.",
            name=existing.full_name,
            org=existing.organisation.name,
        )
    return _(
        "%(name)s has already applied for this congress themself (application no. %(id)s).",
        name=existing.full_name,
        id=existing.id,
    )


def default_zone_ids() -> list[int]:
    """Zones requested for a nominated person: the congress's first zone (the press centre); the
    desk grants others when it approves."""
    zone = db.session.scalar(scoped(Zone).order_by(Zone.sort_order, Zone.id).limit(1))
    return [zone.id] if zone else []


def add_people(focal: FocalPoint, people: Sequence[Checked], actor, *, by: str = "form") -> list[Nomination]:
    """Write checked people at once: accounts, applications, nominations (held over quota),
    audit and e-mails, in the caller's transaction (it commits once, or rolls back: nothing half-written)."""
    zones = {zone.id: zone for zone in db.session.scalars(scoped(Zone))}
    first_zone = default_zone_ids()
    org = focal.organisation
    created: list[tuple[Nomination, bool]] = []
    new_users: dict[str, User] = {}
    for person in people:
        user, new_account = person.user, False
        if user is None:
            user = User(
                email=person.details.email,
                full_name=person.details.full_name,
                role=Role.JOURNALIST,
                password_hash="!" + secrets.token_hex(16),
                language="vi",
            )
            db.session.add(user)
            new_users[user.email] = user
            new_account = True
        person.details.organisation_id = org.id
        person.details.zone_ids = person.details.zone_ids or first_zone
        application = accreditation.build_application(
            user, person.details, accreditation.StoredFiles(), zones=zones
        )
        nomination = Nomination(application=application, organisation_id=org.id, focal_point_id=focal.id)
        db.session.add(nomination)
        created.append((nomination, new_account))
    db.session.flush()
    _hold_over_quota(org, [n for n, _new in created])
    for nomination, new_account in created:
        application = nomination.application
        if new_account:
            audit.record("account.import", application.user, actor=actor)
        audit.record(
            "application.submit",
            application,
            actor=actor,
            details={"by": "outlet", "organisation": org.name, **({"held": True} if nomination.held else {})},
        )
        queue_email(
            application.user.email,
            "outlets/nominated",
            language=application.user.language,
            application=application,
            token=_token(application.user) if new_account else None,
        )
    if created:
        audit.record(
            "outlet.submit_list",
            focal,
            actor=actor,
            details={
                "organisation": org.name,
                "count": len(created),
                "held": sum(1 for n, _new in created if n.held),
                "by": by,
            },
        )
    return [n for n, _new in created]


def update_person(
    focal: FocalPoint, nomination: Nomination, details: accreditation.Details, files, actor
) -> list[str]:
    """The focal point corrects one of its people (while the desk has not decided, or asks for
    changes: then it goes back to the desk). Returns replaced file keys to delete after commit."""
    application = accreditation.lock_application(nomination.application_id)
    if application.status not in accreditation.OPEN_STATUSES:
        raise OutletError(_("The desk has decided on this person: nothing can be changed any more."))
    details.organisation_id = focal.organisation_id
    details.zone_ids = [z.id for z in application.zones]  # the desk grants zones; a correction keeps them
    duplicate = accreditation.find_duplicate(
        details.national_id, details.press_card_number, exclude_id=application.id
    )
    if duplicate is not None:
        other = duplicate.existing
        nominated_by = db.session.scalar(
            scoped(Nomination)
            .with_only_columns(Nomination.organisation_id)
            .where(Nomination.application_id == other.id)
        )
        raise OutletError(_taken(other, nominated_by, focal))
    if details.category != application.category:
        # Another category takes a place of that category: held when it has none free (a
        # correction must not get round the quota).
        places = quota_for(focal.organisation, details.category)
        nomination.held = (
            places is not None
            and used_places(focal.organisation_id, details.category, exclude=[nomination.id]) >= places
        )
    if application.status == "changes_requested":
        return accreditation.resubmit_application(application, details, files, actor)
    replaced = []
    accreditation._apply_details(application, details)  # noqa: SLF001 - the one way to set an application's fields
    if files.photo_key:
        replaced += [k for k in (application.photo_key, application.photo_thumb_key) if k]
        application.photo_key, application.photo_thumb_key = files.photo_key, files.photo_thumb_key
    db.session.flush()
    audit.record(
        "outlet.update_person", application, actor=actor, details={"organisation": focal.organisation.name}
    )
    return replaced


# ----------------------------------------------------------------------------- quotas
def quota_for(organisation: MediaOrganisation, category: str, *, defaults: dict | None = None) -> int | None:
    """Places of ``organisation`` in ``category`` in this congress (None: no quota for the category)."""
    if category not in QUOTA_CATEGORIES:
        return None
    row = db.session.scalar(
        scoped(OutletQuota).where(
            OutletQuota.organisation_id == organisation.id, OutletQuota.category == category
        )
    )
    if row is not None:
        return row.places
    defaults = defaults or settings().default_quotas
    return defaults.get(organisation.level, defaults["local"]).get(category, 0)


def used_places(organisation_id: int, category: str, *, exclude: Sequence[int] = ()) -> int:
    """People of the outlet in the category taking a place: not held, not rejected."""
    query = (
        select(func.count(Nomination.id))
        .join(Nomination.application)
        .where(
            Nomination.organisation_id == organisation_id,
            Nomination.held.is_(False),
            Application.category == category,
            Application.status != "rejected",
            Nomination.event_id == current_event_id(),
        )
    )
    if exclude:
        query = query.where(Nomination.id.not_in(list(exclude)))
    return db.session.scalar(query) or 0


def _hold_over_quota(org: MediaOrganisation, new: Sequence[Nomination]) -> None:
    by_category: dict[str, list[Nomination]] = {}
    for nomination in new:
        by_category.setdefault(nomination.application.category, []).append(nomination)
    defaults = settings().default_quotas
    for category, nominations in by_category.items():
        places = quota_for(org, category, defaults=defaults)
        if places is None:
            continue
        free = places - used_places(org.id, category, exclude=[n.id for n in nominations])
        for index, nomination in enumerate(nominations):
            nomination.held = index >= free
    db.session.flush()


def quota_table(organisation: MediaOrganisation) -> list[dict]:
    """Per category: places, taken, held (for the outlet's page and the desk)."""
    defaults = settings().default_quotas
    rows = []
    for category in QUOTA_CATEGORIES:
        held = (
            db.session.scalar(
                select(func.count(Nomination.id))
                .join(Nomination.application)
                .where(
                    Nomination.organisation_id == organisation.id,
                    Nomination.held.is_(True),
                    Application.category == category,
                    Nomination.event_id == current_event_id(),
                )
            )
            or 0
        )
        rows.append(
            {
                "category": category,
                "places": quota_for(organisation, category, defaults=defaults),
                "used": used_places(organisation.id, category),
                "held": held,
            }
        )
    return rows


def set_quota(organisation_id: int, category: str, places: int, actor) -> None:
    """The desk sets an outlet's places in a category; held people move up into free places."""
    if category not in QUOTA_CATEGORIES or not 0 <= places <= 500:
        raise OutletError(_("Places: a whole number from 0 to 500."))
    org = _organisation(organisation_id)
    row = db.session.scalar(
        scoped(OutletQuota).where(OutletQuota.organisation_id == org.id, OutletQuota.category == category)
    )
    before = quota_for(org, category)
    if row is None:
        row = OutletQuota(organisation_id=org.id, category=category, places=places)
        db.session.add(row)
    row.places = places
    db.session.flush()
    audit.record(
        "outlet.quota_set",
        org,
        actor=actor,
        details={"category": category, "places": places, "before": before},
    )
    release_held(org.id, category, actor)


def release_held(organisation_id: int, category: str, actor) -> int:
    """Move held people of the outlet's category into free places, first submitted first."""
    org = db.session.get(MediaOrganisation, organisation_id)
    places = quota_for(org, category)
    if places is None:
        free = 10**6
    else:
        free = places - used_places(organisation_id, category)
    if free <= 0:
        return 0
    held = list(
        db.session.scalars(
            scoped(Nomination)
            .join(Nomination.application)
            .where(
                Nomination.organisation_id == organisation_id,
                Nomination.held.is_(True),
                Application.category == category,
            )
            .order_by(Nomination.id)
            .limit(free)
        )
    )
    for nomination in held:
        nomination.held = False
        audit.record("outlet.release", nomination.application, actor=actor, details={"category": category})
    db.session.flush()
    return len(held)


@accreditation.application_rejected.connect
def _give_the_place_on(application: Application, *, officer, **_kw) -> None:
    """A rejected person of an outlet no longer holds a place: the next held person of the
    same outlet and category (first submitted first) moves up, in the officer's transaction.
    A rejected person who was held leaves the waiting line."""
    nomination = db.session.scalar(scoped(Nomination).where(Nomination.application_id == application.id))
    if nomination is None:
        return
    if nomination.held:
        nomination.held = False
        db.session.flush()
        return
    release_held(nomination.organisation_id, application.category, officer)


def _held_pairs() -> set[tuple[int, str]]:
    return set(
        db.session.execute(
            scoped(Nomination)
            .with_only_columns(Nomination.organisation_id, Application.category)
            .join(Nomination.application)
            .where(Nomination.held.is_(True))
        ).all()
    )


def request_places(focal: FocalPoint, category: str, places: int, reason: str, actor) -> QuotaRequest:
    if category not in QUOTA_CATEGORIES or not 1 <= places <= 100:
        raise OutletError(_("Ask for 1 to 100 places in one of the categories."))
    if not reason.strip():
        raise OutletError(_("Say why the outlet needs more places."))
    row = QuotaRequest(
        organisation_id=focal.organisation_id,
        category=category,
        places=places,
        reason=reason.strip(),
        requested_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "outlet.places_request",
        row,
        actor=actor,
        details={
            "organisation": focal.organisation.name,
            "category": category,
            "places": places,
            "reason": reason,
        },
    )
    return row


def decide_places(request_id: int, actor, *, grant: bool, reason: str = "") -> QuotaRequest:
    """Grant (the outlet's places grow by the number asked; held people move up) or refuse with a reason."""
    row = lock_row(QuotaRequest, request_id)
    if row is None or row.status != "requested":
        raise OutletError(_("This request was already decided."))
    if not grant and not reason.strip():
        raise OutletError(_("Give the reason for refusing."))
    org = row.organisation
    row.status = "granted" if grant else "refused"
    row.decided_by_id, row.decided_at, row.decision_reason = actor.id, utcnow(), reason.strip() or None
    db.session.flush()
    audit.record(
        "outlet.places_grant" if grant else "outlet.places_refuse",
        row,
        actor=actor,
        details={
            "organisation": org.name,
            "category": row.category,
            "places": row.places,
            **({"reason": reason} if reason else {}),
        },
    )
    if grant:
        current = quota_for(org, row.category) or 0
        quota = db.session.scalar(
            scoped(OutletQuota).where(
                OutletQuota.organisation_id == org.id, OutletQuota.category == row.category
            )
        )
        if quota is None:
            quota = OutletQuota(organisation_id=org.id, category=row.category, places=current)
            db.session.add(quota)
        quota.places = current + row.places
        db.session.flush()
        release_held(org.id, row.category, actor)
    for focal in db.session.scalars(
        scoped(FocalPoint).where(FocalPoint.organisation_id == org.id, FocalPoint.status == "active")
    ):
        queue_email(
            focal.user.email, "outlets/places_decided", language=focal.user.language, place_request=row
        )
    return row


def place_requests(organisation_id: int | None = None, status: str | None = None) -> list[QuotaRequest]:
    query = scoped(QuotaRequest).options(selectinload(QuotaRequest.organisation))
    if organisation_id is not None:
        query = query.where(QuotaRequest.organisation_id == organisation_id)
    if status:
        query = query.where(QuotaRequest.status == status)
    return list(db.session.scalars(query.order_by(QuotaRequest.requested_at.desc(), QuotaRequest.id.desc())))


def outlets_overview() -> list[dict]:
    """Every outlet with people or a focal point in this congress: counts for the desk."""
    org_ids = set(
        db.session.scalars(scoped(Nomination).with_only_columns(Nomination.organisation_id).distinct())
    )
    org_ids |= set(
        db.session.scalars(scoped(FocalPoint).with_only_columns(FocalPoint.organisation_id).distinct())
    )
    orgs = list(
        db.session.scalars(
            select(MediaOrganisation)
            .where(MediaOrganisation.id.in_(org_ids or {0}))
            .order_by(MediaOrganisation.name_key)
        )
    )
    counts = dict(
        db.session.execute(
            scoped(Nomination)
            .with_only_columns(Nomination.organisation_id, func.count(Nomination.id))
            .group_by(Nomination.organisation_id)
        ).all()
    )
    held = dict(
        db.session.execute(
            scoped(Nomination)
            .with_only_columns(Nomination.organisation_id, func.count(Nomination.id))
            .where(Nomination.held.is_(True))
            .group_by(Nomination.organisation_id)
        ).all()
    )
    return [{"org": org, "people": counts.get(org.id, 0), "held": held.get(org.id, 0)} for org in orgs]
