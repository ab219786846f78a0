"""Who may open each route: a specification written by hand from the domain.

This file never imports ``app.core.permissions``: the route matrix
(``test_route_matrix.py``) compares the running application with what is written
here, so a wrong entry in the permission table, or a route with the wrong
``permission_required``, fails the matrix instead of being copied into it.

Format: one line per URL rule of ``app.url_map`` (the rule text exactly as Flask prints it)::

    "/<event_code>/venue/tasks/<int:task_id>": may(VENUE_MANAGERS, own=UNIT),

- positional arguments: who may open the route for ANY object, as role names or the
  groups below; ``ANYONE`` also admits anonymous visitors, ``SIGNED_IN`` every role.
  The answer covers every method of the rule (GET, and POST where the rule has it).
- ``own=``: roles that may open it only for THEIR OWN object (a journalist's own
  application, photo, letter, badge or coverage entry; a unit member's own unit's task or
  evidence). For an object of someone else they must get 404, the answer a missing object
  gets, so nobody learns that it exists.
- ``ids=``: which object of the test world fills an argument, when the default for the
  argument's name (``ARGS``) is not the right one, e.g. ``ids={"item_id": "template_item"}``.

A new route must get its line here (``test_spec_lists_every_route`` fails until it has
one), and a line whose route is gone fails the same test. A route with an argument of a
new kind (``<int:device_id>``) also needs a real object: one line in ``ARGS`` naming it,
and the object made in ``test_route_matrix.world`` (owned by someone else than the
requester when it has an owner); ``test_spec_knows_every_role_and_argument`` says which
argument is missing. The comments say the domain reason; where the application disagrees
with it today, ``KNOWN_GAPS`` (status) or ``KNOWN_LEAKS`` (content) names the pair
(rule, role) and why. A gap that gets fixed fails the matrix until its line is removed.

Further down, ``VISIBLE_TO`` lists objects some readers only may see (a conference for
accredited journalists, a release for an audience, under embargo, or a draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ----------------------------------------------------------------------------- roles
# The eight roles of DESIGN §2, by name.
ADMIN = "admin"
ACCREDITATION_OFFICER = "accreditation_officer"
SCANNER = "scanner"
PRESS_OFFICER = "press_officer"
APPROVER = "approver"  # head of the press centre
ORGANISER = "organiser"  # decoration subcommittee
UNIT_MEMBER = "unit_member"
JOURNALIST = "journalist"
CENTRAL = "overview"  # the central overview: every congress's dashboard, nothing else
ROLES = (
    ADMIN,
    ACCREDITATION_OFFICER,
    SCANNER,
    PRESS_OFFICER,
    APPROVER,
    ORGANISER,
    UNIT_MEMBER,
    JOURNALIST,
    CENTRAL,
)

ANYONE = "anyone"  # public, anonymous included
SIGNED_IN = "signed-in"  # any role, not anonymous

# Groups, each for one kind of work. The administrator does everything except
# approving releases (and verifying venue work, which DESIGN §3 gives to organisers only),
# but is no journalist or unit member: applying, signing up and working a unit's tasks
# are personal.
DESK = (ACCREDITATION_OFFICER, ADMIN)  # review applications, media organisations, print badges
GATE_STAFF = (SCANNER, ADMIN)  # scan badges
GATE_ADMIN = (ADMIN,)  # zones and gates
DUTY_OFFICERS = (ACCREDITATION_OFFICER, ADMIN)  # answer the gates' alarms (overturned offline admissions)
BRIEFING_STAFF = (PRESS_OFFICER, ADMIN)  # run press conferences
INTERVIEW_STAFF = (PRESS_OFFICER, ADMIN)  # broker interviews: ask for consent, schedule, keep the list
POSITION_STAFF = (PRESS_OFFICER, ADMIN)  # sessions in the hall, positions, priority classes, allocation
RELEASE_STAFF = (PRESS_OFFICER, APPROVER, ADMIN)  # write releases (the approver never approves their own)
APPROVERS = (APPROVER,)  # approve, send back, withdraw releases
AUDITORS = (APPROVER, ADMIN)  # read the audit log
VENUE_MANAGERS = (ORGANISER, ADMIN)  # venue, decoration checklists, every task
VERIFIERS = (ORGANISER,)  # DESIGN §3: only a verifier (organiser role) verifies or sends back
OVERVIEW = (ADMIN, ACCREDITATION_OFFICER, PRESS_OFFICER, APPROVER, ORGANISER, CENTRAL)  # dashboard, reports
COVERAGE_STAFF = (PRESS_OFFICER, APPROVER, ADMIN)  # compile how the congress was covered
NOTICE_STAFF = (PRESS_OFFICER, APPROVER, ADMIN)  # send live notices, automatic notices, the hall screen
HELPDESK_STAFF = (ACCREDITATION_OFFICER, PRESS_OFFICER, ADMIN)  # work the help desk: requests, loans
UNIT = (UNIT_MEMBER,)
JOURNALISTS = (JOURNALIST,)


@dataclass(frozen=True)
class May:
    """Who may open one route."""

    roles: frozenset[str]  # any object
    own: frozenset[str] = frozenset()  # only their own object; someone else's is a 404
    ids: dict[str, str] = field(default_factory=dict)
    anonymous: bool = False

    def allows(self, role: str | None) -> bool:
        """Whether ``role`` (None = anonymous) may open the route for any object."""
        if role is None:
            return self.anonymous
        return role in self.roles

    def owner_only(self, role: str | None) -> bool:
        """Whether ``role`` may open the route only for its own object."""
        return role is not None and role in self.own and role not in self.roles


def may(*who, own=(), ids=None) -> May:
    """``may(DESK, JOURNALIST, own=UNIT, ids={...})``: roles and groups, flattened."""
    roles: set[str] = set()
    anonymous = False
    for item in who:
        for name in (item,) if isinstance(item, str) else item:
            if name == ANYONE:
                anonymous = True
                roles.update(ROLES)
            elif name == SIGNED_IN:
                roles.update(ROLES)
            else:
                roles.add(name)
    owners = {own} if isinstance(own, str) else set(own)
    return May(frozenset(roles), frozenset(owners), dict(ids or {}), anonymous)


# ----------------------------------------------------------------------------- URL arguments
# Default object (a key of the test world, see test_route_matrix.World) for each argument name.
ARGS = {
    "application_id": "application",
    "badge_id": "badge",
    "conference_id": "conference",
    "question_id": "question",
    "release_id": "release",
    "attachment_id": "attachment",
    "user_id": "user",
    "org_id": "organisation",
    "import_id": "import",
    "gate_id": "gate",
    "zone_id": "zone",
    "room_id": "room",
    "speaker_id": "speaker",
    "item_id": "coverage_item",
    "template_id": "template",
    "category_id": "category",
    "location_id": "location",
    "task_id": "task",
    "unit_id": "unit",
    "evidence_id": "evidence",
    "device_id": "device",
    "correction_id": "correction",
    "alarm_id": "alarm",
    "help_request_id": "help_request",
    "equipment_item_id": "equipment",
    "found_item_id": "found_item",
    "notice_id": "notice",
    "interview_id": "interview",
    "interviewee_id": "interviewee",
    "session_id": "hall_session",
    "position_request_id": "position_request",
    "priority_id": "priority",
    "album_id": "album",
    "media_item_id": "media_item",
    "nomination_id": "nomination",
    "focal_id": "focal_point",
    "quota_request_id": "quota_request",
    # arguments that are words, not objects
    "size": "size:full",
    "decision": "word:approve",
    "action": "word:start",
    "membership_id": "membership",
    "event_id": "event",
    "message_id": "outbox_message",
    "event_code": "code:DH16",  # the congress of the test world (the matrix's own event)
}

# ----------------------------------------------------------------------------- the specification
ROUTES: dict[str, May] = {
    # --- accounts: signing in and up is for everyone; accounts are the administrator's
    "/login": may(ANYONE),
    "/logout": may(SIGNED_IN),
    "/signup": may(ANYONE),
    "/verify": may(ANYONE),
    "/verify/<token>": may(ANYONE, ids={"token": "verify_token"}),
    "/reset": may(ANYONE),
    "/reset/<token>": may(ANYONE, ids={"token": "reset_token"}),
    "/admin/users": may(ADMIN),
    "/admin/users/new": may(ADMIN),
    "/admin/users/<int:user_id>": may(ADMIN),
    # --- core
    "/": may(ANYONE),
    "/healthz": may(ANYONE),
    "/robots.txt": may(ANYONE),
    "/language": may(ANYONE),
    "/admin/audit": may(ADMIN),  # the whole installation's log: the site administrator
    # every e-mail of the installation (sign-in links, personal data): the site administrator
    "/admin/outbox": may(ADMIN),
    "/admin/outbox/<int:message_id>": may(ADMIN),
    "/admin/outbox/<int:message_id>/retry": may(ADMIN),
    "/admin/outbox/retry-failed": may(ADMIN),
    "/<event_code>/audit": may(AUDITORS),  # one congress's log: its approver too
    # congresses: the site's list and administration, each congress's home and staff
    "/<event_code>/": may(ANYONE),
    "/<event_code>/admin/staff": may(ADMIN),
    "/<event_code>/admin/staff/<int:membership_id>/remove": may(ADMIN),
    "/admin/events": may(ADMIN),
    "/admin/events/new": may(ADMIN),
    "/admin/events/<int:event_id>": may(ADMIN),
    "/admin/events/<int:event_id>/rotate-key": may(ADMIN),
    "/admin/overview": may(ADMIN, CENTRAL),
    "/me": may(JOURNALISTS),  # a journalist's applications, badges and sign-ups in every congress
    # --- accreditation: journalists apply and see their own; the desk reviews
    "/<event_code>/accreditation/apply": may(JOURNALISTS),
    "/<event_code>/accreditation/status": may(JOURNALISTS),
    "/<event_code>/accreditation/queue": may(DESK),
    "/<event_code>/accreditation/queue/approve": may(DESK),
    "/<event_code>/accreditation/applications/<int:application_id>": may(DESK),
    "/<event_code>/accreditation/applications/<int:application_id>/approve": may(DESK),
    "/<event_code>/accreditation/applications/<int:application_id>/reject": may(DESK),
    "/<event_code>/accreditation/applications/<int:application_id>/request-changes": may(DESK),
    # the full-size portrait: the desk and the printers; gate staff see holders at the
    # scanner's size only (issue 14 item 8), never the full-size file of any applicant
    "/<event_code>/accreditation/applications/<int:application_id>/photo/<size>": may(DESK, own=JOURNALISTS),
    "/<event_code>/accreditation/applications/<int:application_id>/letter": may(DESK, own=JOURNALISTS),
    "/<event_code>/accreditation/export.csv": may(DESK),
    "/<event_code>/accreditation/export.xlsx": may(DESK),
    "/<event_code>/accreditation/import": may(DESK),
    "/<event_code>/accreditation/import/template.xlsx": may(DESK),
    "/<event_code>/accreditation/import/<import_id>/mapping": may(DESK),
    "/<event_code>/accreditation/import/<import_id>/preview": may(DESK),
    "/<event_code>/accreditation/import/<import_id>/run": may(DESK),
    "/<event_code>/accreditation/import/<import_id>/cancel": may(DESK),
    "/<event_code>/accreditation/organisations": may(DESK),
    "/<event_code>/accreditation/organisations/new": may(DESK),
    "/<event_code>/accreditation/organisations/<int:org_id>/edit": may(DESK),
    "/<event_code>/accreditation/organisations/<int:org_id>/confirm": may(DESK),
    "/<event_code>/accreditation/organisations/<int:org_id>/merge": may(DESK),
    # --- outlets (issue 19): a journalist account that is an outlet's focal point puts its people
    # forward and sees only its own outlet's (someone else's person is a 404); anyone may ask to
    # be a focal point; the desk decides, sets places, vets and hands badges over
    "/<event_code>/outlets/": may(JOURNALISTS),
    "/<event_code>/outlets/people/new": may(JOURNALISTS),
    "/<event_code>/outlets/people/<int:nomination_id>": may(own=JOURNALISTS),
    "/<event_code>/outlets/template.xlsx": may(JOURNALISTS),
    "/<event_code>/outlets/upload": may(JOURNALISTS),
    "/<event_code>/outlets/list.xlsx": may(JOURNALISTS),
    "/<event_code>/outlets/places": may(JOURNALISTS),
    "/<event_code>/outlets/request": may(ANYONE),
    "/<event_code>/outlets/desk": may(DESK),
    "/<event_code>/outlets/desk/invite": may(DESK),
    "/<event_code>/outlets/desk/focal/<int:focal_id>/decide": may(DESK),
    "/<event_code>/outlets/desk/places/<int:quota_request_id>/decide": may(DESK),
    "/<event_code>/outlets/desk/quota": may(DESK),
    "/<event_code>/outlets/desk/settings": may(DESK),
    "/<event_code>/outlets/desk/vetting": may(DESK),
    "/<event_code>/outlets/desk/vetting/export": may(DESK),
    "/<event_code>/outlets/desk/vetting/import": may(DESK),
    "/<event_code>/outlets/desk/collect": may(DESK),
    # --- badges: the desk prints; a journalist fetches only their own current badge
    "/<event_code>/badges": may(DESK),
    "/<event_code>/badges/print": may(DESK),
    "/<event_code>/badges/<int:badge_id>": may(DESK),
    "/<event_code>/badges/<int:badge_id>/reprint": may(DESK),
    "/<event_code>/badges/<int:badge_id>/revoke": may(DESK),
    "/<event_code>/badges/<int:badge_id>.pdf": may(DESK, own=JOURNALISTS),
    "/<event_code>/badges/mine.pdf": may(JOURNALISTS),
    # --- check-in: gate staff scan; the administrator manages zones and gates
    "/<event_code>/scanner/": may(GATE_STAFF),
    "/<event_code>/scanner/sw.js": may(ANYONE),  # a static script with no data
    "/<event_code>/occupancy": may(GATE_STAFF),
    "/<event_code>/api/v1/session": may(GATE_STAFF),
    "/<event_code>/api/v1/gates": may(GATE_STAFF),
    "/<event_code>/api/v1/gates/<int:gate_id>/pack": may(GATE_STAFF),
    "/<event_code>/api/v1/gates/<int:gate_id>/photos": may(GATE_STAFF),
    "/<event_code>/api/v1/photos/<int:application_id>": may(
        GATE_STAFF
    ),  # scanner size, valid badges' holders only
    "/<event_code>/scanner/alarms": may(DUTY_OFFICERS),
    "/<event_code>/scanner/alarms/<int:alarm_id>/handled": may(DUTY_OFFICERS),
    "/<event_code>/api/v1/scans": may(GATE_STAFF),
    "/<event_code>/api/v1/scans/batch": may(GATE_STAFF),
    "/<event_code>/api/v1/openapi.json": may(ANYONE),
    "/<event_code>/admin/zones": may(GATE_ADMIN),
    "/<event_code>/admin/zones/new": may(GATE_ADMIN),
    "/<event_code>/admin/zones/<int:zone_id>": may(GATE_ADMIN),
    "/<event_code>/admin/gates": may(GATE_ADMIN),
    "/<event_code>/admin/gates/new": may(GATE_ADMIN),
    "/<event_code>/admin/gates/<int:gate_id>": may(GATE_ADMIN),
    # paired scanner devices: the administrator pairs and revokes; a device proves itself with
    # its token (the pairing code is the key), so its pages and the pairing exchange are public
    "/<event_code>/admin/devices": may(GATE_ADMIN),
    "/<event_code>/admin/devices/new": may(GATE_ADMIN),
    "/<event_code>/admin/devices/<int:device_id>/revoke": may(GATE_ADMIN),
    "/<event_code>/scanner/pair": may(ANYONE),
    "/<event_code>/scanner/device": may(ANYONE),
    "/<event_code>/api/v1/devices/pair": may(ANYONE),
    "/<event_code>/api/v1/devices/me": may(GATE_STAFF),
    "/<event_code>/api/v1/devices/unpair": may(GATE_STAFF),  # a staff session is told only a device unpairs
    # --- briefings: press officers run them; journalists sign up and ask; the schedule is public
    "/<event_code>/briefings/schedule": may(ANYONE),
    "/<event_code>/briefings/calendar.ics": may(ANYONE),
    # the secret token in the URL is the key (a calendar app has no session)
    "/<event_code>/briefings/feeds/<token>.ics": may(ANYONE, ids={"token": "calendar_token"}),
    "/<event_code>/briefings/<int:conference_id>": may(ANYONE),  # a public conference
    "/<event_code>/briefings/agenda": may(
        BRIEFING_STAFF, APPROVER, JOURNALISTS
    ),  # the head reads the programme
    "/<event_code>/briefings/mine": may(JOURNALISTS),
    "/<event_code>/briefings/mine/feed/reset": may(JOURNALISTS),
    "/<event_code>/briefings/<int:conference_id>/signup": may(JOURNALISTS),
    "/<event_code>/briefings/<int:conference_id>/signup/cancel": may(JOURNALISTS),
    "/<event_code>/briefings/<int:conference_id>/questions/new": may(JOURNALISTS),
    "/<event_code>/briefings/manage": may(BRIEFING_STAFF),
    "/<event_code>/briefings/new": may(BRIEFING_STAFF),
    "/<event_code>/briefings/series/new": may(BRIEFING_STAFF),
    "/<event_code>/briefings/<int:conference_id>/edit": may(BRIEFING_STAFF),
    "/<event_code>/briefings/<int:conference_id>/cancel": may(BRIEFING_STAFF),
    "/<event_code>/briefings/<int:conference_id>/questions": may(BRIEFING_STAFF),
    "/<event_code>/briefings/<int:conference_id>/questions/print": may(BRIEFING_STAFF),
    "/<event_code>/briefings/questions/<int:question_id>/<decision>": may(BRIEFING_STAFF),
    "/<event_code>/briefings/<int:conference_id>/people": may(BRIEFING_STAFF),
    "/<event_code>/briefings/<int:conference_id>/attendance.csv": may(BRIEFING_STAFF),
    "/<event_code>/briefings/rooms": may(BRIEFING_STAFF),
    "/<event_code>/briefings/rooms/new": may(BRIEFING_STAFF),
    "/<event_code>/briefings/rooms/<int:room_id>/edit": may(BRIEFING_STAFF),
    "/<event_code>/briefings/speakers": may(BRIEFING_STAFF),
    "/<event_code>/briefings/speakers/new": may(BRIEFING_STAFF),
    "/<event_code>/briefings/speakers/<int:speaker_id>/edit": may(BRIEFING_STAFF),
    # --- interviews: journalists request and see only their own; press officers broker them
    "/<event_code>/interviews/": may(JOURNALISTS),
    "/<event_code>/interviews/new": may(JOURNALISTS),
    "/<event_code>/interviews/requests/<int:interview_id>": may(INTERVIEW_STAFF, own=JOURNALISTS),
    "/<event_code>/interviews/requests/<int:interview_id>/cancel": may(INTERVIEW_STAFF, own=JOURNALISTS),
    "/<event_code>/interviews/requests/<int:interview_id>/contact": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/requests/<int:interview_id>/consent": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/requests/<int:interview_id>/decline": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/requests/<int:interview_id>/schedule": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/requests/<int:interview_id>/close": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/board": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/interviewees": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/interviewees/new": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/interviewees/list": may(INTERVIEW_STAFF),
    "/<event_code>/interviews/interviewees/<int:interviewee_id>/edit": may(INTERVIEW_STAFF),
    # the interviewee's one-page day list, printed by the desk
    "/<event_code>/interviews/interviewees/<int:interviewee_id>/day": may(INTERVIEW_STAFF),
    # --- positions in the hall: journalists ask for a place per session and confirm or cancel
    # their own; the press desk defines sessions and positions, allocates, binds gates
    "/<event_code>/positions/": may(JOURNALISTS),
    "/<event_code>/positions/sessions/<int:session_id>/request": may(JOURNALISTS),
    # an outlet's focal point (a journalist account) asks positions for its people
    "/<event_code>/positions/outlet": may(JOURNALISTS),
    "/<event_code>/positions/outlet/sessions/<int:session_id>/request": may(JOURNALISTS),
    "/<event_code>/positions/requests/<int:position_request_id>/confirm": may(own=JOURNALISTS),
    "/<event_code>/positions/requests/<int:position_request_id>/cancel": may(own=JOURNALISTS),
    "/<event_code>/positions/desk": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/new": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/<int:session_id>/edit": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/<int:session_id>": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/<int:session_id>/positions": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/<int:session_id>/allocate": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/<int:session_id>/release": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/<int:session_id>/gates": may(POSITION_STAFF),
    "/<event_code>/positions/gates/<int:gate_id>/unbind": may(POSITION_STAFF),
    "/<event_code>/positions/sessions/<int:session_id>/print": may(POSITION_STAFF),
    "/<event_code>/positions/priorities": may(POSITION_STAFF),
    "/<event_code>/positions/priorities/<int:priority_id>/remove": may(POSITION_STAFF),
    "/<event_code>/positions/fairness": may(POSITION_STAFF),
    "/<event_code>/positions/fairness.xlsx": may(POSITION_STAFF),
    # --- releases: readers by audience (the query layer decides); press officers write;
    # the head of the press centre approves, sends back and withdraws
    "/<event_code>/releases/": may(ANYONE),
    "/<event_code>/releases/<int:release_id>": may(ANYONE),  # a published public release
    "/<event_code>/releases/<int:release_id>/files/<int:attachment_id>": may(ANYONE),
    "/<event_code>/releases/feed.atom": may(ANYONE),
    "/<event_code>/releases/feed/<token>.atom": may(ANYONE, ids={"token": "atom_token"}),
    "/<event_code>/releases/my-feed": may(SIGNED_IN),
    "/<event_code>/releases/preview": may(RELEASE_STAFF),
    "/<event_code>/releases/new": may(RELEASE_STAFF),
    "/<event_code>/releases/manage": may(RELEASE_STAFF),
    "/<event_code>/releases/manage/downloads": may(RELEASE_STAFF),
    "/<event_code>/releases/manage/<int:release_id>": may(RELEASE_STAFF),
    "/<event_code>/releases/manage/<int:release_id>/edit": may(
        RELEASE_STAFF
    ),  # the author's draft; others are sent back
    "/<event_code>/releases/manage/<int:release_id>/submit": may(RELEASE_STAFF),
    "/<event_code>/releases/manage/<int:release_id>/correct": may(RELEASE_STAFF),
    "/<event_code>/releases/manage/<int:release_id>/history": may(RELEASE_STAFF),
    # a correction is proposed by a writer and approved by another approver (DESIGN §3)
    "/<event_code>/releases/manage/<int:release_id>/corrections/<int:correction_id>": may(RELEASE_STAFF),
    "/<event_code>/releases/manage/<int:release_id>/corrections/<int:correction_id>/approve": may(APPROVERS),
    "/<event_code>/releases/manage/<int:release_id>/corrections/<int:correction_id>/return": may(APPROVERS),
    "/<event_code>/releases/manage/<int:release_id>/attachments/<int:attachment_id>/delete": may(
        RELEASE_STAFF
    ),
    "/<event_code>/releases/manage/<int:release_id>/approve": may(APPROVERS),
    "/<event_code>/releases/manage/<int:release_id>/return": may(APPROVERS),
    "/<event_code>/releases/manage/<int:release_id>/withdraw": may(APPROVERS),
    # --- media library: readers by audience and embargo (the releases' query layer decides);
    # release staff run it
    "/<event_code>/library/": may(ANYONE),
    "/<event_code>/library/items/<int:media_item_id>": may(ANYONE),  # a public photo
    "/<event_code>/library/items/<int:media_item_id>/image/<size>": may(ANYONE, ids={"size": "size:preview"}),
    "/<event_code>/library/items/<int:media_item_id>/download": may(ANYONE),
    "/<event_code>/library/albums/<int:album_id>": may(ANYONE),
    "/<event_code>/library/albums/<int:album_id>/download.zip": may(ANYONE),
    "/<event_code>/m/<code>": may(ANYONE, ids={"code": "media_code"}),
    "/<event_code>/ma/<code>": may(ANYONE, ids={"code": "album_code"}),
    "/<event_code>/library/manage": may(RELEASE_STAFF),
    "/<event_code>/library/manage/downloads": may(RELEASE_STAFF),
    "/<event_code>/library/manage/albums/<int:album_id>": may(RELEASE_STAFF),
    "/<event_code>/library/manage/albums/<int:album_id>/items": may(RELEASE_STAFF),
    "/<event_code>/library/manage/albums/<int:album_id>/print": may(RELEASE_STAFF),
    "/<event_code>/library/manage/items/<int:media_item_id>": may(RELEASE_STAFF),
    "/<event_code>/library/manage/items/<int:media_item_id>/withdraw": may(RELEASE_STAFF),
    "/<event_code>/library/manage/items/<int:media_item_id>/restore": may(RELEASE_STAFF),
    # --- venue: organisers manage; unit members work their own unit's tasks
    "/<event_code>/venue/": may(VENUE_MANAGERS, UNIT),
    "/<event_code>/venue/board": may(VENUE_MANAGERS, UNIT),
    "/<event_code>/venue/tasks": may(VENUE_MANAGERS, UNIT),
    "/<event_code>/venue/overdue": may(VENUE_MANAGERS, UNIT),
    "/<event_code>/venue/calendar": may(VENUE_MANAGERS, UNIT),
    "/<event_code>/venue/tasks/<int:task_id>": may(VENUE_MANAGERS, own=UNIT),
    "/<event_code>/venue/tasks/<int:task_id>/status/<action>": may(VENUE_MANAGERS, own=UNIT),
    "/<event_code>/venue/tasks/<int:task_id>/block": may(VENUE_MANAGERS, own=UNIT),
    "/<event_code>/venue/tasks/<int:task_id>/evidence": may(VENUE_MANAGERS, own=UNIT),
    "/<event_code>/venue/tasks/<int:task_id>/comments": may(VENUE_MANAGERS, own=UNIT),
    "/<event_code>/venue/evidence/<int:evidence_id>/<size>": may(VENUE_MANAGERS, own=UNIT),
    "/<event_code>/venue/tasks/<int:task_id>/verify": may(VERIFIERS),
    "/<event_code>/venue/tasks/<int:task_id>/send-back": may(VERIFIERS),
    "/<event_code>/venue/tasks/new": may(VENUE_MANAGERS),
    "/<event_code>/venue/tasks/assign": may(VENUE_MANAGERS),
    "/<event_code>/venue/tasks/<int:task_id>/edit": may(VENUE_MANAGERS),
    "/<event_code>/venue/units": may(VENUE_MANAGERS),
    "/<event_code>/venue/units/new": may(VENUE_MANAGERS),
    "/<event_code>/venue/units/<int:unit_id>": may(VENUE_MANAGERS),
    "/<event_code>/venue/locations": may(VENUE_MANAGERS),
    "/<event_code>/venue/locations/new": may(VENUE_MANAGERS),
    "/<event_code>/venue/locations/<int:location_id>": may(VENUE_MANAGERS),
    "/<event_code>/venue/categories": may(VENUE_MANAGERS),
    "/<event_code>/venue/categories/new": may(VENUE_MANAGERS),
    "/<event_code>/venue/categories/<int:category_id>": may(VENUE_MANAGERS),
    "/<event_code>/venue/templates": may(VENUE_MANAGERS),
    "/<event_code>/venue/templates/new": may(VENUE_MANAGERS),
    "/<event_code>/venue/templates/<int:template_id>": may(VENUE_MANAGERS),
    "/<event_code>/venue/templates/<int:template_id>/apply": may(VENUE_MANAGERS),
    "/<event_code>/venue/templates/<int:template_id>/items/new": may(VENUE_MANAGERS),
    "/<event_code>/venue/templates/<int:template_id>/items/<int:item_id>": may(
        VENUE_MANAGERS, ids={"item_id": "template_item"}
    ),
    "/<event_code>/venue/templates/<int:template_id>/items/<int:item_id>/delete": may(
        VENUE_MANAGERS, ids={"item_id": "template_item"}
    ),
    "/<event_code>/venue/progress": may(VENUE_MANAGERS),
    "/<event_code>/venue/report.xlsx": may(VENUE_MANAGERS),
    "/<event_code>/venue/report.pdf": may(VENUE_MANAGERS),
    # --- help desk: journalists ask and read only their own requests; press and accreditation
    # officers answer and lend equipment; the accreditation desk (who prints badges) replaces lost ones
    # --- live notices: press officers send; journalists read their own page and subscribe
    "/<event_code>/notices/": may(NOTICE_STAFF),
    "/<event_code>/notices/<int:notice_id>/retry": may(NOTICE_STAFF),
    "/<event_code>/notices/settings": may(NOTICE_STAFF),
    "/<event_code>/notices/settings/rotate-screen": may(NOTICE_STAFF),
    "/<event_code>/notices/mine": may(JOURNALISTS),
    "/<event_code>/notices/push/subscribe": may(JOURNALISTS),
    "/<event_code>/notices/push/unsubscribe": may(JOURNALISTS),
    # the hall screen: no sign-in, the long random token in the URL is the key
    "/<event_code>/screen/<token>": may(ANYONE, ids={"token": "screen_token"}),
    "/<event_code>/screen/<token>/state.json": may(ANYONE, ids={"token": "screen_token"}),
    "/<event_code>/helpdesk/": may(JOURNALISTS),
    "/<event_code>/helpdesk/new": may(JOURNALISTS),
    "/<event_code>/helpdesk/lost-badge": may(JOURNALISTS),
    "/<event_code>/helpdesk/requests/<int:help_request_id>": may(HELPDESK_STAFF, own=JOURNALISTS),
    "/<event_code>/helpdesk/requests/<int:help_request_id>/photo/<size>": may(
        HELPDESK_STAFF, own=JOURNALISTS
    ),
    "/<event_code>/helpdesk/requests/<int:help_request_id>/reply": may(HELPDESK_STAFF, own=JOURNALISTS),
    "/<event_code>/helpdesk/requests/<int:help_request_id>/take": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/requests/<int:help_request_id>/state": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/requests/<int:help_request_id>/replace-badge": may(DESK),
    "/<event_code>/helpdesk/lost-badge/desk": may(DESK),
    "/<event_code>/helpdesk/board": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/poster": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/report": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/report.xlsx": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/equipment": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/equipment/new": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/equipment/<int:equipment_item_id>": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/loans/lend": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/loans/return": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/loans/remind": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/found": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/found/new": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/found/<int:found_item_id>/return": may(HELPDESK_STAFF),
    "/<event_code>/helpdesk/found/<int:found_item_id>/photo/<size>": may(HELPDESK_STAFF),
    # --- dashboard and coverage: staff overview; journalists log their own pieces
    "/<event_code>/dashboard": may(OVERVIEW),
    "/<event_code>/dashboard/closing-report.pdf": may(OVERVIEW),
    "/<event_code>/coverage/": may(COVERAGE_STAFF),
    "/<event_code>/coverage/report": may(OVERVIEW),
    "/<event_code>/coverage/report.xlsx": may(OVERVIEW),
    "/<event_code>/coverage/mine": may(JOURNALISTS),
    "/<event_code>/coverage/new": may(COVERAGE_STAFF, JOURNALISTS),
    "/<event_code>/coverage/<int:item_id>/edit": may(COVERAGE_STAFF, own=JOURNALISTS),
    "/<event_code>/coverage/<int:item_id>/delete": may(COVERAGE_STAFF, own=JOURNALISTS),
}

# ----------------------------------------------------------------------------- known gaps
# (rule, role) where the application answers differently from the domain today, and why.
# The matrix expects the gap (so the suite stays green) and fails when it closes, so the
# line is removed together with the fix.
_APPROVER_RUNS_BRIEFINGS = (
    "the approver holds manage_briefings: the head of the press centre approves releases and "
    "reads the audit; press officers run press conferences (README 'Who does what')"
)
KNOWN_GAPS: dict[tuple[str, str], str] = {
    **{
        (rule, APPROVER): _APPROVER_RUNS_BRIEFINGS
        for rule, spec in ROUTES.items()
        if spec.roles == set(BRIEFING_STAFF) and rule.startswith("/<event_code>/briefings/")
    },
}
# (rule, role) whose answer shows that role something it may not read (test_get_matrix's
# check of the other owner's data and of releases and conferences for some readers only).
KNOWN_LEAKS: dict[tuple[str, str], str] = {}

# ----------------------------------------------------------------------------- objects for some readers
# Some objects are seen by some readers only, whichever route shows them: a conference for
# accredited journalists, a release for accredited readers, under embargo, or still a draft.
# One line per object: the URL with world objects in braces → who sees it. Here
# ``JOURNALIST`` is an accredited journalist and ``UNACCREDITED`` one without an approved
# application. Everyone else gets 404, like a missing object (anonymous visitors may get
# the sign-in page instead).
UNACCREDITED = "journalist (not accredited)"
PERSONAS = (*ROLES, UNACCREDITED)
READ_ACCREDITED = (ADMIN, ACCREDITATION_OFFICER, PRESS_OFFICER, APPROVER)  # staff who read every audience

VISIBLE_TO: dict[str, May] = {
    # the head of the press centre reads (not runs) the programme
    "/DH16/briefings/{accredited_conference}": may(BRIEFING_STAFF, APPROVER, JOURNALIST),
    "/DH16/releases/{accredited_release}": may(READ_ACCREDITED, JOURNALIST),
    "/DH16/releases/{accredited_release}/files/{accredited_attachment}": may(READ_ACCREDITED, JOURNALIST),
    "/DH16/releases/{embargoed_release}": may(RELEASE_STAFF),
    "/DH16/releases/{embargoed_release}/files/{embargoed_attachment}": may(RELEASE_STAFF),
    "/DH16/releases/{draft_release}": may(RELEASE_STAFF),
    "/DH16/releases/{draft_release}/files/{draft_attachment}": may(RELEASE_STAFF),
    "/DH16/library/items/{accredited_media_item}": may(READ_ACCREDITED, JOURNALIST),
    "/DH16/library/items/{accredited_media_item}/download": may(READ_ACCREDITED, JOURNALIST),
    "/DH16/library/items/{accredited_media_item}/image/thumb": may(READ_ACCREDITED, JOURNALIST),
    "/DH16/m/{accredited_media_code}": may(READ_ACCREDITED, JOURNALIST),
    "/DH16/library/items/{embargoed_media_item}": may(RELEASE_STAFF),
    "/DH16/library/items/{embargoed_media_item}/download": may(RELEASE_STAFF),
    "/DH16/library/items/{embargoed_media_item}/image/preview": may(RELEASE_STAFF),
    "/DH16/m/{embargoed_media_code}": may(RELEASE_STAFF),
}
