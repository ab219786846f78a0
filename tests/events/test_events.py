"""Events: the model's rules, the current event, scoped queries and what core reads from it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core import audit, eventinfo, timeutil
from app.core.models import AuditEvent
from app.events import services
from app.events.models import STATUSES, Event, Zone


def test_statuses_run_from_draft_to_archived_and_archived_is_read_only(event):
    assert STATUSES == ("draft", "open", "running", "closed", "archived")
    assert not event.is_archived
    event.status = "archived"
    assert event.is_archived


def test_an_event_code_is_stored_upper_case_and_unique(db):
    created = services.create_event("dh15", "Đại hội huyện")
    assert created.code == "DH15"
    db.session.commit()
    with pytest.raises(IntegrityError):
        services.create_event("DH15", "Another")
    db.session.rollback()


def test_unknown_levels_and_statuses_are_refused(db):
    with pytest.raises(ValueError):
        services.create_event("X1", "x", level="village")
    with pytest.raises(ValueError):
        services.create_event("X2", "x", status="paused")


def test_the_current_event_is_the_running_one_else_the_open_one_else_the_first(db, event):
    event.status = "draft"
    first = event
    opened = services.create_event("DH17", "Next", status="open")
    db.session.commit()
    services.forget_current_event()
    assert services.current_event() == opened
    running = services.create_event("DH18", "Now", status="running")
    db.session.commit()
    assert services.current_event() == running
    running.status = opened.status = "closed"
    db.session.commit()
    services.forget_current_event()
    assert services.current_event() == first


def test_without_any_event_there_is_no_current_event(db, event):
    db.session.delete(event)
    db.session.commit()
    services.forget_current_event()
    assert services.current_event_id() is None
    with pytest.raises(LookupError):
        services.current_event()


def test_owned_rows_get_the_current_event_and_zone_codes_are_unique_per_event(db, event):
    db.session.add(Zone(code="PC", name="Trung tâm báo chí"))
    db.session.commit()
    assert db.session.scalar(select(Zone.event_id)) == event.id
    other = services.create_event("DH15", "Đại hội huyện", status="closed")
    db.session.add(Zone(code="PC", name="Trung tâm báo chí", event_id=other.id))
    db.session.commit()  # the same code in another event is fine
    db.session.add(Zone(code="PC", name="Again"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_scoped_returns_only_the_events_rows(db, event):
    other = services.create_event("DH15", "Đại hội huyện", status="closed")
    db.session.add_all([Zone(code="PC", name="A"), Zone(code="PC", name="B", event_id=other.id)])
    db.session.commit()
    assert [z.name for z in db.session.scalars(services.scoped(Zone))] == ["A"]
    assert [z.name for z in db.session.scalars(services.scoped(Zone, other))] == ["B"]


def test_core_reads_the_events_name_time_zone_and_id(db, event):
    event.timezone = "Asia/Tokyo"
    db.session.commit()
    services.forget_current_event()
    info = eventinfo.current()
    assert (info.id, info.code, info.name) == (event.id, "DH16", event.name)
    assert timeutil.event_tz_name() == "Asia/Tokyo"
    audit.record("account.login")
    db.session.commit()
    assert db.session.scalar(select(AuditEvent.event_id)) == event.id


def test_the_first_event_comes_from_the_legacy_settings_once(app, db, event):
    db.session.delete(event)
    db.session.commit()
    app.config["EVENT_FIRST_DAY"] = "2026-10-14"
    try:
        first = services.first_event_from_config()
        again = services.first_event_from_config()
    finally:
        app.config["EVENT_FIRST_DAY"] = None
    assert first is again and first.code == app.config["EVENT_CODE"] and first.first_day == date(2026, 10, 14)
    assert db.session.scalar(select(func.count(Event.id))) == 1


def test_a_long_lived_context_sees_a_changed_event_after_forget(db, event):
    """The outbox worker keeps one app context; it forgets the cached event on every pass."""
    assert eventinfo.current().name == event.name
    event.name = "Đại hội đã đổi tên"
    db.session.commit()
    assert eventinfo.current().name != "Đại hội đã đổi tên"  # cached for the app context
    eventinfo.forget()
    assert eventinfo.current().name == "Đại hội đã đổi tên"
