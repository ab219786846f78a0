"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit

audit.label_subjects(
    {
        "Room": _l("Room"),
        "Speaker": _l("Speaker"),
        "Conference": _l("Press conference"),
        "Signup": _l("Sign-up"),
        "Question": _l("Question"),
        "CalendarFeed": _l("Calendar feed"),
    }
)
audit.label_actions(
    {
        "briefings.conference.create": _l("Press conference created"),
        "briefings.conference.update": _l("Press conference changed"),
        "briefings.conference.cancel": _l("Press conference cancelled"),
        "briefings.series.create": _l("Weekly series created"),
        "briefings.room.create": _l("Room added"),
        "briefings.room.update": _l("Room changed"),
        "briefings.speaker.create": _l("Speaker added"),
        "briefings.speaker.update": _l("Speaker changed"),
        "briefings.signup": _l("Signed up for a press conference"),
        "briefings.signup.cancel": _l("Sign-up cancelled"),
        "briefings.signup.promote": _l("Moved from the waiting list to a seat"),
        "briefings.question.submit": _l("Question sent"),
        "briefings.question.pending": _l("Question put back to waiting"),
        "briefings.question.approved": _l("Question accepted"),
        "briefings.question.rejected": _l("Question declined"),
        "briefings.feed.reset": _l("Calendar link replaced"),
    }
)
# What a conference change lists under "Changed": the fields, in words.
audit.label_actions(
    {"briefings.conference.update": _l("Press conference changed")},
    values={
        "changed": {
            "title": _l("Title"),
            "topic": _l("Topic"),
            "description": _l("Description"),
            "title_en": _l("Title in English"),
            "description_en": _l("Description in English"),
            "room_id": _l("Room"),
            "starts_at": _l("Starts"),
            "ends_at": _l("Ends"),
            "capacity": _l("Seats"),
            "visibility": _l("Who may see it"),
            "speakers": _l("Speakers"),
        }
    },
)
