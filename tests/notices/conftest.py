"""Live-notice fixtures: accredited journalists of several groups, zones and levels, a press
officer, the installation's VAPID key in a temporary file, a local push service."""

from __future__ import annotations

import pytest

from tests.notices.pushserver import PushService


@pytest.fixture(autouse=True)
def vapid_file(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "NOTICES_VAPID_KEY_FILE", str(tmp_path / "vapid.pem"))
    return tmp_path / "vapid.pem"


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", full_name="Lê Thị Hồng")


@pytest.fixture
def journalist(db, make_application, make_organisation):
    """Factory: an accredited journalist → (user, application)."""

    def make(level="central", category="reporter", zones=("PC",), status="approved", **kw):
        org = make_organisation(level=level)
        application = make_application(status=status, organisation=org, category=category, zones=zones, **kw)
        return application.user, application

    return make


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


from tests.briefings.conftest import make_conference, make_room  # noqa: E402,F401  (shared factories)
from tests.newsroom.conftest import make_album, make_item  # noqa: E402,F401
from tests.releases.conftest import make_release  # noqa: E402,F401


def move(conference, actor, *, hours: int = 1, minutes: int = 0):
    """Move a conference through the briefings service, as the officer's form does."""
    from datetime import timedelta

    from app.briefings.services import ConferenceData, update_conference

    data = ConferenceData(
        title=conference.title,
        room_id=conference.room_id,
        starts_at=conference.starts_at + timedelta(hours=hours, minutes=minutes),
        ends_at=conference.ends_at + timedelta(hours=hours, minutes=minutes),
        topic=conference.topic,
        description=conference.description,
        capacity=conference.capacity,
        visibility=conference.visibility,
        speaker_ids=[s.id for s in conference.speakers],
    )
    return update_conference(conference.id, data, actor)


@pytest.fixture
def hall_morning():
    """10:00 at the congress (03:00 UTC) today, the clock running: "today's programme" holds
    conferences minutes ahead whatever time the tests run (late evening would cross midnight)."""
    from datetime import UTC, datetime, time

    import time_machine

    today = datetime.now(UTC).date()
    with time_machine.travel(datetime.combine(today, time(3, 0), tzinfo=UTC), tick=True) as traveller:
        yield traveller
