"""Media organisation rules: propose, create, edit, confirm and merge duplicates."""

from __future__ import annotations

from sqlalchemy import func, select, update

from app.accreditation.models import Application, MediaOrganisation
from app.core import audit
from app.core.text import fold
from app.extensions import db


class OrganisationError(ValueError):
    """A refused organisation change; ``str(error)`` is a message for the user."""


def active_organisations() -> list[MediaOrganisation]:
    """Confirmed, not merged organisations, by name: what journalists pick from."""
    return list(
        db.session.scalars(
            select(MediaOrganisation)
            .where(MediaOrganisation.confirmed.is_(True), MediaOrganisation.merged_into_id.is_(None))
            .order_by(MediaOrganisation.name_key)
        )
    )


def _visible(*columns):
    """``SELECT columns`` of every organisation not merged away (proposed ones included), by name."""
    return (
        select(*columns)
        .where(MediaOrganisation.merged_into_id.is_(None))
        .order_by(MediaOrganisation.name_key)
    )


def visible_organisations() -> list[MediaOrganisation]:
    """Every organisation not merged away (proposed ones included), by name: for staff pages."""
    return list(db.session.scalars(_visible(MediaOrganisation)))


def filter_choices() -> list[tuple[int, str]]:
    """``(id, name)`` of the same organisations: the queue's filter (plain rows, no ORM
    objects: a hundred of them on every queue page)."""
    return [tuple(row) for row in db.session.execute(_visible(MediaOrganisation.id, MediaOrganisation.name))]


def resolve(org: MediaOrganisation) -> MediaOrganisation:
    """Follow ``merged_into`` links to the organisation that survived a merge."""
    seen = set()
    while org.merged_into_id is not None and org.id not in seen:
        seen.add(org.id)
        org = db.session.get(MediaOrganisation, org.merged_into_id)
    return org


def find_by_name(name: str) -> MediaOrganisation | None:
    """The organisation whose folded name equals ``name``'s (merged ones lead to their survivor)."""
    org = db.session.scalar(
        select(MediaOrganisation)
        .where(MediaOrganisation.name_key == fold(name))
        .order_by(MediaOrganisation.id)
    )
    return resolve(org) if org is not None else None


def find_or_propose(name: str, kind: str, actor) -> MediaOrganisation:
    """The existing organisation of that name, or a new unconfirmed one proposed by ``actor``."""
    existing = find_by_name(name)
    if existing is not None:
        return existing
    org = MediaOrganisation(kind=kind, level="local", confirmed=False)
    org.set_name(name)
    db.session.add(org)
    db.session.flush()
    audit.record("organisation.propose", org, actor=actor, details={"name": name})
    return org


def create_organisation(name: str, kind: str, level: str, actor) -> MediaOrganisation:
    """Add a confirmed organisation (officers); the folded name must be new."""
    if find_by_name(name) is not None:
        raise OrganisationError("exists")
    org = MediaOrganisation(kind=kind, level=level, confirmed=True)
    org.set_name(name)
    db.session.add(org)
    db.session.flush()
    audit.record(
        "organisation.create", org, actor=actor, details={"name": name, "kind": kind, "level": level}
    )
    return org


def update_organisation(org: MediaOrganisation, name: str, kind: str, level: str, actor) -> None:
    """Rename or reclassify; applications' search keys follow a new name."""
    other = find_by_name(name)
    if other is not None and other.id != org.id:
        raise OrganisationError("exists")
    changes = {}
    if org.name != name:
        changes["name"] = [org.name, name]
        org.set_name(name)
    if org.kind != kind:
        changes["kind"] = [org.kind, kind]
        org.kind = kind
    if org.level != level:
        changes["level"] = [org.level, level]
        org.level = level
    if changes:
        db.session.flush()
        if "name" in changes:
            _refresh_keys(org.id)
        audit.record("organisation.update", org, actor=actor, details=changes)


def confirm_organisation(org: MediaOrganisation, actor) -> None:
    """Accept an organisation a journalist proposed, so others can pick it."""
    if not org.confirmed:
        org.confirmed = True
        audit.record("organisation.confirm", org, actor=actor, details={"name": org.name})


def merge_organisations(source: MediaOrganisation, target: MediaOrganisation, actor) -> int:
    """Merge a duplicate ``source`` into ``target``: its applications move, it is hidden.

    Returns how many applications moved. Organisations merged earlier into ``source``
    now point at ``target`` too, so no chain of merges is left behind.
    """
    if source.id == target.id:
        raise OrganisationError("self")
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise OrganisationError("merged")
    moved = db.session.execute(
        update(Application)
        .where(Application.organisation_id == source.id)
        .values(organisation_id=target.id)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    db.session.execute(
        update(MediaOrganisation)
        .where(MediaOrganisation.merged_into_id == source.id)
        .values(merged_into_id=target.id)
        .execution_options(synchronize_session="fetch")
    )
    source.merged_into_id = target.id
    target.confirmed = True
    db.session.flush()
    _refresh_keys(target.id)
    audit.record(
        "organisation.merge",
        source,
        actor=actor,
        details={"into": target.id, "into_name": target.name, "name": source.name, "applications": moved},
    )
    return moved


def application_counts() -> dict[int, int]:
    """Applications per organisation id, in one query."""
    rows = db.session.execute(
        select(Application.organisation_id, func.count(Application.id)).group_by(Application.organisation_id)
    )
    return {org_id: count for org_id, count in rows}


def _refresh_keys(org_id: int) -> None:
    """Recompute the search key of every application of an organisation (its name is in it)."""
    applications = db.session.scalars(select(Application).where(Application.organisation_id == org_id))
    for application in applications:
        db.session.expire(application, ["organisation"])  # a bulk UPDATE may have moved it
        application.refresh_search_key()
