"""Roles and permissions: the single table of who may do what (DESIGN §2).

Routes check permissions, never role names. Every route declares what it needs
with :func:`permission_required`; the route × role test fails for a route that
declares nothing.
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.urls import is_api_request
from app.extensions import login_manager


class Role(StrEnum):
    """The roles a user can hold."""

    ADMIN = "admin"
    OVERVIEW = "overview"  # central overview: reads every congress's dashboard, nothing else
    ACCREDITATION_OFFICER = "accreditation_officer"
    SCANNER = "scanner"
    PRESS_OFFICER = "press_officer"
    APPROVER = "approver"
    ORGANISER = "organiser"
    UNIT_MEMBER = "unit_member"
    JOURNALIST = "journalist"


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.OVERVIEW: _l("Central overview"),
    Role.ACCREDITATION_OFFICER: _l("Accreditation officer"),
    Role.SCANNER: _l("Gate staff (scanner)"),
    Role.PRESS_OFFICER: _l("Press officer"),
    Role.APPROVER: _l("Head of the press centre (approver)"),
    Role.ORGANISER: _l("Organiser (decoration subcommittee)"),
    Role.UNIT_MEMBER: _l("Member unit staff"),
    Role.JOURNALIST: _l("Journalist"),
}

# Site roles hold in every congress (kept on the account). Every other role is a staff role
# held in one congress (a membership: user, event, role): it counts only in that event.
SITE_ROLES = (Role.ADMIN, Role.OVERVIEW, Role.JOURNALIST)
STAFF_ROLES = tuple(role for role in Role if role not in SITE_ROLES)
# What an administrator may do as a site role only: an event's own administrator (a
# membership with the role "admin") runs that congress but not the installation.


class Permission(StrEnum):
    """What a route or a service may require."""

    # pseudo-permissions for routes
    PUBLIC = "public"
    AUTHENTICATED = "authenticated"
    # accounts, events and core
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    MANAGE_EVENTS = "manage_events"  # create congresses, open and archive them, appoint their staff
    VIEW_OVERVIEW = "view_overview"  # the site overview: every congress's figures side by side
    MANAGE_STAFF = "manage_staff"  # appoint a congress's staff (its own administrator too)
    MANAGE_OUTBOX = "manage_outbox"  # see the e-mails sent and waiting, send failed ones again
    # accreditation and badges
    APPLY = "apply"
    NOMINATE = "nominate"  # an outlet's focal point sends its people (its focal-point row is checked)
    REVIEW_ACCREDITATION = "review_accreditation"
    MANAGE_ORGANISATIONS = "manage_organisations"
    PRINT_BADGES = "print_badges"
    # check-in
    SCAN = "scan"
    MANAGE_GATES = "manage_gates"
    HANDLE_SCAN_ALARMS = "handle_scan_alarms"  # the duty officer's list of overturned offline admissions
    # briefings
    MANAGE_BRIEFINGS = "manage_briefings"
    ATTEND_BRIEFINGS = "attend_briefings"
    # interviews (the desk brokers interviews with delegates and spokespeople)
    BROKER_INTERVIEWS = "broker_interviews"  # the list of interviewees, the board, consent, scheduling
    REQUEST_INTERVIEWS = "request_interviews"  # ask for an interview, see one's own requests
    # positions in the hall (sessions, places by kind, allocation at the deadline)
    MANAGE_POSITIONS = "manage_positions"  # sessions, positions, priority classes, allocation, gates
    REQUEST_POSITIONS = "request_positions"  # ask for a position, confirm or cancel one's own
    # releases
    WRITE_RELEASES = "write_releases"
    APPROVE_RELEASES = "approve_releases"
    READ_ACCREDITED = "read_accredited"
    # venue
    MANAGE_VENUE = "manage_venue"
    VERIFY_TASKS = "verify_tasks"
    WORK_TASKS = "work_tasks"
    # help desk
    WORK_HELPDESK = "work_helpdesk"  # the board of journalists' requests, equipment loans, the report
    ASK_HELPDESK = "ask_helpdesk"  # file a request, report one's own badge lost
    # live notices
    SEND_NOTICES = "send_notices"  # send a notice, its delivery report, automatic notices, the hall screen
    RECEIVE_NOTICES = "receive_notices"  # one's own notices page, muting, push subscriptions
    # dashboard and coverage
    VIEW_DASHBOARD = "view_dashboard"
    REPORT_COVERAGE = "report_coverage"
    MANAGE_COVERAGE = "manage_coverage"


P = Permission

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            P.MANAGE_USERS,
            P.MANAGE_EVENTS,
            P.VIEW_OVERVIEW,
            P.MANAGE_STAFF,
            P.MANAGE_OUTBOX,
            P.VIEW_AUDIT,
            P.REVIEW_ACCREDITATION,
            P.MANAGE_ORGANISATIONS,
            P.PRINT_BADGES,
            P.SCAN,
            P.MANAGE_GATES,
            P.HANDLE_SCAN_ALARMS,
            P.MANAGE_BRIEFINGS,
            P.BROKER_INTERVIEWS,
            P.MANAGE_POSITIONS,
            P.WRITE_RELEASES,
            P.READ_ACCREDITED,
            P.MANAGE_VENUE,
            P.VIEW_DASHBOARD,
            P.MANAGE_COVERAGE,
            P.WORK_HELPDESK,
            P.SEND_NOTICES,
        }
    ),
    Role.ACCREDITATION_OFFICER: frozenset(
        {
            P.WORK_HELPDESK,
            P.REVIEW_ACCREDITATION,
            P.MANAGE_ORGANISATIONS,
            P.PRINT_BADGES,
            P.VIEW_DASHBOARD,
            P.READ_ACCREDITED,
            P.HANDLE_SCAN_ALARMS,
        }
    ),
    Role.OVERVIEW: frozenset({P.VIEW_OVERVIEW, P.VIEW_DASHBOARD}),
    Role.SCANNER: frozenset({P.SCAN}),
    Role.PRESS_OFFICER: frozenset(
        {
            P.MANAGE_BRIEFINGS,
            P.BROKER_INTERVIEWS,
            P.MANAGE_POSITIONS,
            P.WRITE_RELEASES,
            P.READ_ACCREDITED,
            P.VIEW_DASHBOARD,
            P.MANAGE_COVERAGE,
            P.WORK_HELPDESK,
            P.SEND_NOTICES,
        }
    ),
    Role.APPROVER: frozenset(
        {
            P.APPROVE_RELEASES,
            P.WRITE_RELEASES,
            P.READ_ACCREDITED,
            P.VIEW_DASHBOARD,
            P.VIEW_AUDIT,
            P.MANAGE_COVERAGE,
            P.MANAGE_BRIEFINGS,
            P.SEND_NOTICES,
        }
    ),
    Role.ORGANISER: frozenset({P.MANAGE_VENUE, P.VERIFY_TASKS, P.WORK_TASKS, P.VIEW_DASHBOARD}),
    Role.UNIT_MEMBER: frozenset({P.WORK_TASKS}),
    Role.JOURNALIST: frozenset(
        {
            P.APPLY,
            P.NOMINATE,
            P.ATTEND_BRIEFINGS,
            P.REPORT_COVERAGE,
            P.ASK_HELPDESK,
            P.REQUEST_INTERVIEWS,
            P.REQUEST_POSITIONS,
            P.RECEIVE_NOTICES,
        }
    ),
}


SITE_ONLY = frozenset({P.MANAGE_USERS, P.MANAGE_EVENTS, P.VIEW_OVERVIEW})


def user_can(site_role: str, event_roles, permission: Permission) -> bool:
    """The one rule: a site role holds everywhere; a staff role only in its congress.

    ``event_roles()`` gives the user's roles in the event of the URL (none on site pages);
    it is called only when the site role does not already decide.
    """
    if permission in (P.PUBLIC, P.AUTHENTICATED):
        return True
    if site_role in SITE_ROLES and role_can(site_role, permission):
        return True
    return permission not in SITE_ONLY and any(role_can(role, permission) for role in event_roles())


def role_can(role: str, permission: Permission) -> bool:
    """Whether a role holds a permission (pseudo-permissions included)."""
    if permission in (P.PUBLIC, P.AUTHENTICATED):
        return True
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def permission_required(*permissions: Permission):
    """Declare what a route needs; any one of ``permissions`` admits the user.

    Anonymous users are sent to sign in (HTML) or get 401 (``/api/``); signed-in
    users without the permission get 403. The declaration is kept on the view
    as ``required_permissions`` for the route × role test.
    """
    if not permissions:
        raise ValueError("declare at least one permission")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if Permission.PUBLIC not in permissions:
                if not current_user.is_authenticated:
                    if is_api_request(request.path):
                        abort(401)
                    return login_manager.unauthorized()
                if not any(current_user.can(p) for p in permissions):
                    abort(403)
            return view(*args, **kwargs)

        wrapped.required_permissions = frozenset(permissions)
        return wrapped

    return decorator
