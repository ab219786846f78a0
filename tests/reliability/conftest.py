"""Fixtures shared by the reliability tests: the briefings factories, and scan set-up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.briefings.conftest import accredited, make_conference, make_room, signups_of  # noqa: F401


@pytest.fixture
def scan_setup(db, make_badge, make_user, make_zone):
    """A gate of zone PC, a scanner account and ``n`` valid badges; returns (gate, scanner, payloads)."""
    from app.badges import qr
    from app.checkin.models import Gate
    from app.events.services import current_event

    def build(n: int = 20):
        zone = make_zone("PC")
        gate = Gate(zone_id=zone.id, name="Cổng thử", direction="both")
        db.session.add(gate)
        db.session.commit()
        scanner = make_user("scanner")
        payloads = [qr.make_payload(current_event().code, make_badge(zones="PC")[1]) for _ in range(n)]
        return gate, scanner, payloads

    return build


def scan_uuids(db) -> set[str]:
    from app.checkin.models import Scan

    db.session.expire_all()
    db.session.rollback()
    return set(db.session.scalars(select(Scan.client_uuid)))
