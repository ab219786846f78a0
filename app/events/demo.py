"""The demo's event: the provincial congress, running (created before every other area seeds)."""

from __future__ import annotations

from app.events.services import first_event_from_config


def seed() -> None:
    """The provincial congress the rest of the demo belongs to."""
    event = first_event_from_config(status="running")
    event.level = "provincial"
    event.host = event.host or "Ban Tuyên giáo Tỉnh ủy"
    event.place = event.place or "Hội trường Trung tâm Hội nghị tỉnh"
