"""The one time-zone helper: UTC inside, the event's time zone on screen.

Stored datetimes are naive and in UTC on both databases (SQLite has no time zone
type); :func:`utcnow` is the only clock the services read, so tests can travel in time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def utcnow() -> datetime:
    """Now, in UTC, naive (as stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def event_tz() -> ZoneInfo:
    """The current event's time zone (from app.events through :mod:`app.core.eventinfo`)."""
    return ZoneInfo(event_tz_name())


def event_tz_name() -> str:
    """The IANA name of the current event's time zone (``Asia/Ho_Chi_Minh`` when there is no event)."""
    from app.core import eventinfo

    info = eventinfo.current()
    return info.timezone if info else DEFAULT_TZ


def to_local(value: datetime | None) -> datetime | None:
    """A stored (naive UTC) datetime in the event's time zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(event_tz())


def from_local(value: datetime) -> datetime:
    """A naive local datetime typed by a user, as naive UTC for storage."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=event_tz())
    return value.astimezone(UTC).replace(tzinfo=None)


def local_today() -> date:
    """Today's date at the event."""
    return datetime.now(event_tz()).date()


def format_datetime(value: datetime | None, with_time: bool = True) -> str:
    """dd/mm/yyyy HH:MM in the event's time zone, as Vietnamese readers expect."""
    local = to_local(value)
    if local is None:
        return ""
    return local.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def format_date(value: date | None) -> str:
    """dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if value else ""
