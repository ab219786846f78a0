"""Interview appointments in the journalist's private calendar feed (briefings' feed, one per user).

Format: the rules of ``app/briefings/ical.py`` — ``UID`` is ``interview-<id>@<event
code>.presscentre`` and never changes; ``SEQUENCE`` is the request's ``sequence``, raised on
every new time or room and on a cancellation, so calendar clients replace their copy; a
cancelled appointment stays in the feed with ``STATUS:CANCELLED`` so clients remove it.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.briefings import ical
from app.core import calendars
from app.events.services import current_event
from app.interviews.models import InterviewRequest
from app.interviews.services import calendar_requests


def uid(request: InterviewRequest) -> str:
    """The stable UID of an interview appointment's calendar event."""
    return f"interview-{request.id}@{current_event().code.lower()}.presscentre"


def _entry(request: InterviewRequest) -> calendars.Entry:
    summary = _("Interview: %(person)s", person=request.person)
    if request.state == "cancelled":
        summary = _("[Cancelled] %(title)s", title=summary)
    location = None
    if request.room is not None:
        location = ", ".join(p for p in (request.room.name, request.room.location) if p)
    lines = [request.topic]
    if request.interviewee is not None and request.interviewee.title:
        lines.insert(0, f"{request.interviewee.full_name} – {request.interviewee.title}")
    return calendars.entry_for(
        request,
        uid=uid(request),
        summary=summary,
        status="CANCELLED" if request.state == "cancelled" else "CONFIRMED",
        url=url_for("interviews.detail", interview_id=request.id, _external=True),
        location=location,
        description="\n\n".join(lines),
    )


@ical.register_private_entries
def appointments(user_id: int) -> list[calendars.Entry]:
    """The journalist's interview appointments (held, coming, or cancelled after being set)."""
    return [_entry(request) for request in calendar_requests(user_id)]
