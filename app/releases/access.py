"""Who works on releases and how a staff route fetches one (shared by the staff view modules)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from app.core.permissions import Permission
from app.extensions import db
from app.releases.models import Release

# The permissions that open the staff pages of releases.
STAFF = (Permission.WRITE_RELEASES, Permission.APPROVE_RELEASES)


def release_or_404(release_id: int, *, lock: bool = False) -> Release:
    """The release, locked for update when asked (PostgreSQL), or a 404."""
    query = select(Release).where(Release.id == release_id)
    if lock:
        query = query.with_for_update()
    release = db.session.scalar(query)
    if release is None:
        abort(404)
    return release
