"""Check-in rules: the scan decision (DESIGN §3) and the zone and gate administration.

The scan path is the busiest code of the application, so :func:`decide_scan` keeps to
three statements: one indexed lookup of the badge joined with its application (locking
the badge row on PostgreSQL so two scans of one badge are decided one after the other),
one look-up of the gate together with the duplicate check (and, at a gate bound to a hall
session, whether the holder has a place in it: app/positions), and one insert.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from sqlalchemy import Select, bindparam, case, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.accounts.models import User
from app.accounts.services import users_with
from app.accreditation.models import Application, MediaOrganisation
from app.badges import qr
from app.badges.models import Badge
from app.checkin.models import Gate, Scan, ScanAlarm
from app.core import audit
from app.core.outbox import queue_email
from app.core.permissions import Permission
from app.core.timeutil import DEFAULT_TZ, event_tz, to_local, utcnow
from app.events.models import Event, Zone
from app.events.services import current_event_id, scoped
from app.extensions import db
from app.positions.models import HOLDING, PositionRequest

# The same badge shown again at the same gate within this many seconds of an accepted
# scan is a duplicate: recorded, not counted as a second entry.
DUPLICATE_WINDOW_SECONDS = 60
# A scanned-at time later than the server's clock by more than this is taken as "now".
CLOCK_SKEW = timedelta(minutes=2)

# Why a scan was not accepted, in the order the rules are applied.
REASON_TEXTS = {
    "gate_closed": _l("Gate closed: scan at an open gate"),
    "unknown": _l("Not a badge of this press centre"),
    "other_event": _l("Badge of another event"),
    "superseded": _l("Old badge: it has been reprinted"),
    "lost": _l("Badge reported lost: keep it and call the duty officer"),
    "revoked": _l("Badge revoked"),
    "not_approved": _l("Accreditation is not approved"),
    "outside_dates": _l("Badge not valid today"),
    "wrong_zone": _l("Badge does not open this zone"),
    "no_place": _l("No place in this session"),
    "duplicate": _l("Already scanned here a moment ago"),
}


DIRECTION_TEXTS = {"in": _l("IN"), "out": _l("OUT")}


def result_text(result: str) -> str:
    """The result in words (with a context: other areas translate a bare "Accepted" differently)."""
    return {
        "accepted": pgettext("scan result", "Accepted"),
        "duplicate": pgettext("scan result", "Duplicate"),
        "denied": pgettext("scan result", "Denied"),
    }[result]


class UnknownGate(LookupError):
    """The gate a scan names does not exist."""


@dataclass(frozen=True)
class Holder:
    """What the gate shows about a badge's holder, so staff can compare the face."""

    application_id: int
    name: str
    organisation: str
    category: str
    has_photo: bool
    serial: str


@dataclass
class ScanDecision:
    """The outcome of one badge presentation, as recorded."""

    scan_id: int
    result: str
    reason: str | None
    gate_id: int
    scanned_at: datetime
    client_uuid: str | None = None
    offline: bool = False
    holder: Holder | None = None
    replayed: bool = False  # True when the client UUID had already been recorded
    direction: str | None = None  # "in" or "out": what the screen says
    overturned: bool = False  # an offline admission the server denied
    changed_ms: int = 0  # when the badge or its application last changed (pack version, ms)
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class BadgeFacts:
    """The columns of a badge and its application that the rules read."""

    badge_id: int
    superseded: bool
    revoked: bool
    approved: bool
    valid_from: date
    valid_until: date
    zones: tuple[str, ...]
    lost: bool = False  # superseded because it was reported lost: a scan of it is an alarm


def category_label(code: str) -> str:
    """The category in words, using the accreditation area's labels when they exist."""
    try:
        from app.accreditation.validation import CATEGORY_LABELS
    except ImportError:  # pragma: no cover - the accreditation area provides them
        return code
    return str(CATEGORY_LABELS.get(code, code))


def photo_url(application_id: int) -> str:
    """The holder's photo at the scanner's size (only holders of valid badges, app/checkin/photos.py)."""
    return url_for("checkin.api_photo", application_id=application_id)


def epoch_ms(moment: datetime | None) -> int:
    """A naive UTC time as milliseconds since 1970 (0 for None): the pack's version unit."""
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000) if moment else 0


def day_start_of(moment: datetime, tz: ZoneInfo | None = None) -> datetime:
    """Local midnight of the event day of ``moment`` (naive UTC in, naive UTC out).

    ``tz`` is the event's time zone (the current event's unless given).
    """
    tz = tz or event_tz()
    local = datetime.combine(moment.replace(tzinfo=UTC).astimezone(tz).date(), time.min, tzinfo=tz)
    return local.astimezone(UTC).replace(tzinfo=None)


def raw_hash(payload: str) -> str:
    """What is logged for a payload that is not one of ours: its SHA-256, never the text."""
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def apply_rules(
    facts: BadgeFacts | None,
    zone_code: str,
    day: date,
    accepted_recently: bool,
    gate_open: bool = True,
    has_place: bool | None = None,
) -> tuple[str, str | None]:
    """(result, reason) for a known payload, applying DESIGN §3's rules in order.

    A closed (deactivated) gate admits nobody, before any other rule. ``has_place`` is None at
    a gate not bound to a hall session; at a bound one, whether the holder has a place in it.
    """
    if not gate_open:
        return "denied", "gate_closed"
    if facts is None:
        return "denied", "unknown"
    if facts.superseded:
        return "denied", "lost" if facts.lost else "superseded"
    if facts.revoked:
        return "denied", "revoked"
    if not facts.approved:
        return "denied", "not_approved"
    if not facts.valid_from <= day <= facts.valid_until:
        return "denied", "outside_dates"
    if zone_code not in facts.zones:
        return "denied", "wrong_zone"
    if has_place is False:
        return "denied", "no_place"
    if accepted_recently:
        return "duplicate", "duplicate"
    return "accepted", None


_badges, _applications, _organisations = Badge.__table__, Application.__table__, MediaOrganisation.__table__
_gates, _zones, _scans = Gate.__table__, Zone.__table__, Scan.__table__
_events = Event.__table__
_places = PositionRequest.__table__

# The scan path's three statements are built once, in Core: on this path building a
# statement and the ORM's bookkeeping cost more than running the query.
_BADGE_LOOKUP = (
    select(
        _badges.c.id,
        _badges.c.superseded_at,
        _badges.c.revoked_at,
        _badges.c.zone_codes,
        _badges.c.valid_from,
        _badges.c.valid_until,
        _badges.c.serial,
        _applications.c.id,
        _applications.c.status,
        _applications.c.full_name,
        _applications.c.category,
        _applications.c.photo_key,
        _organisations.c.name,
        _badges.c.issued_at,
        _applications.c.updated_at,
        _badges.c.event_id,
        _events.c.timezone,
        _badges.c.lost_at,
    )
    .select_from(
        _badges.join(_applications, _applications.c.id == _badges.c.application_id)
        .join(_organisations, _organisations.c.id == _applications.c.organisation_id)
        .join(_events, _events.c.id == _badges.c.event_id)
    )
    .where(_badges.c.token_hash == bindparam("token_hash"))
    .with_for_update(of=_badges)  # one badge's scans are decided one after the other (PostgreSQL)
)
_state_scans, _state_gates, _state_badges = _scans.alias("ss"), _gates.alias("sg"), _badges.alias("sb")
_zone_gates = _gates.alias("zg")
# The holder's last accepted direction in the gate's zone today: at a two-way gate the
# next scan is an exit when it was an entry, else an entry. Written as "badge IN (the
# holder's badges) AND gate IN (the zone's gates)" so the look-up walks the index on
# (badge_id, gate_id, scanned_at), a handful of rows, never every scan of the day at
# the zone's gates (5–10 ms a scan on the benchmark's data; issue 18).
_LAST_DIRECTION = (
    select(func.coalesce(_state_scans.c.direction, _state_gates.c.direction))
    .select_from(_state_scans.join(_state_gates, _state_gates.c.id == _state_scans.c.gate_id))
    .where(
        _state_scans.c.badge_id.in_(
            select(_state_badges.c.id).where(_state_badges.c.application_id == bindparam("application_id"))
        ),
        _state_scans.c.gate_id.in_(
            select(_zone_gates.c.id).where(_zone_gates.c.zone_id == _gates.c.zone_id).correlate(_gates)
        ),
        _state_scans.c.result == "accepted",
        _state_scans.c.scanned_at >= bindparam("day_start"),
        _state_scans.c.scanned_at <= bindparam("at"),
    )
    .order_by(_state_scans.c.scanned_at.desc(), _state_scans.c.id.desc())
    .limit(1)
    .scalar_subquery()
)
_GATE_AND_RECENT_ACCEPT = (
    select(
        _zones.c.code,
        _gates.c.active,
        _gates.c.direction,
        _LAST_DIRECTION,
        select(_scans.c.id)
        .where(
            _scans.c.badge_id == bindparam("badge_id"),
            _scans.c.gate_id == _gates.c.id,
            _scans.c.result == "accepted",
            _scans.c.scanned_at > bindparam("since"),
            _scans.c.scanned_at < bindparam("until"),
        )
        .limit(1)
        .scalar_subquery(),
        _gates.c.event_id,
        _events.c.code,
        _events.c.timezone,
        _gates.c.hall_session_id,
        # at a gate bound to a hall session: does the holder have a place in it (app/positions)?
        select(_places.c.id)
        .where(
            _places.c.session_id == _gates.c.hall_session_id,
            _places.c.application_id == bindparam("application_id"),
            # one bound value per state, not an "expanding" IN compiled again at every scan
            _places.c.status.in_([literal(state) for state in HOLDING]),
        )
        .limit(1)
        .scalar_subquery(),
    )
    .select_from(
        _gates.join(_zones, _zones.c.id == _gates.c.zone_id).join(_events, _events.c.id == _gates.c.event_id)
    )
    .where(_gates.c.id == bindparam("gate_id"))
)
# A scan whose client UUID is already recorded inserts nothing and returns no id.
INSERT_SCAN = {
    name: dialect.insert(_scans)
    .on_conflict_do_nothing(index_elements=[_scans.c.client_uuid])
    .returning(_scans.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def badge_read(payload: str) -> tuple[Select, dict] | None:
    """The decision's first read for ``payload`` as (statement, values), or None when the
    payload is not a badge's: a caller that can send it ahead (the lean path, in one round
    trip with the device check on PostgreSQL) gives :func:`decide` a ``run`` that answers it."""
    parsed = qr.parse_payload(payload)
    return None if parsed is None else (_BADGE_LOOKUP, {"token_hash": qr.hash_token(parsed[1])})


def _lookup_badge(run, token_hash: str) -> tuple[BadgeFacts, Holder, int, int, str] | None:
    """The badge with this token hash, its holder, change time, event id and event time zone.

    Locks the badge row on PostgreSQL.
    """
    row = run(_BADGE_LOOKUP, {"token_hash": token_hash})
    if row is None:
        return None
    facts = BadgeFacts(
        badge_id=row[0],
        superseded=row[1] is not None,
        lost=row[17] is not None,
        revoked=row[2] is not None,
        approved=row[8] == "approved",
        valid_from=row[4],
        valid_until=row[5],
        zones=tuple(code for code in row[3].split(",") if code),
    )
    holder = Holder(
        application_id=row[7],
        name=row[9],
        organisation=row[12],
        category=row[10],
        has_photo=bool(row[11]) and row[1] is None and row[2] is None and row[8] == "approved",
        serial=row[6],
    )
    changed_ms = max(epoch_ms(row[13]), epoch_ms(row[14]), epoch_ms(row[1]), epoch_ms(row[2]))
    return facts, holder, changed_ms, row[15], row[16]


# A denial for one of these reasons is a security event as well as a scan (audited; a lost
# badge also raises the duty officer's alarm).
SECURITY_REASONS = frozenset({"unknown", "other_event", "revoked", "superseded", "lost"})


@dataclass(frozen=True)
class Outcome:
    """A scan decided but not yet recorded: what :func:`decide` read and concluded."""

    at: datetime
    token_hash: str
    facts: BadgeFacts | None
    holder: Holder | None
    changed_ms: int
    event_id: int
    result: str
    reason: str | None
    direction: str
    overturned: bool

    @property
    def follows_up(self) -> bool:
        """An alarm or a security audit entry comes with its record."""
        return self.overturned or (self.result == "denied" and self.reason in SECURITY_REASONS)

    def row(self, *, now, gate_id, staff_id, device_id, client_uuid, offline) -> dict:
        """The scan's row, as :data:`INSERT_SCAN` takes it."""
        return {
            "event_id": self.event_id,
            "created_at": now,
            "scanned_at": self.at,
            "token_hash": self.token_hash,
            "badge_id": self.facts.badge_id if self.facts else None,
            "gate_id": gate_id,
            "user_id": staff_id,
            "device_id": device_id,
            "result": self.result,
            "reason": self.reason,
            "client_uuid": client_uuid,
            "offline": offline,
            "direction": self.direction,
            "overturned": self.overturned,
        }

    def decision(self, scan_id: int, gate_id: int, client_uuid: str | None, offline: bool) -> ScanDecision:
        return ScanDecision(
            scan_id=scan_id,
            result=self.result,
            reason=self.reason,
            gate_id=gate_id,
            scanned_at=self.at,
            client_uuid=client_uuid,
            offline=offline,
            holder=self.holder,
            direction=self.direction,
            overturned=self.overturned,
            changed_ms=self.changed_ms,
        )


def decide(
    run,
    payload: str,
    gate_id: int,
    *,
    now: datetime,
    scanned_at: datetime | None = None,
    local_result: str | None = None,
    local_direction: str | None = None,
) -> Outcome:
    """The rules (DESIGN §3, in order) on what two reads find: the badge with its holder, and
    the gate with the duplicate check. ``run(statement, values)`` runs one statement and gives
    its first row (the ORM session's connection, or the lean path's driver cursor: the same
    statements and rules either way). Writes nothing; raises :class:`UnknownGate`.
    """
    at = now if scanned_at is None or scanned_at > now + CLOCK_SKEW else scanned_at
    parsed = qr.parse_payload(payload)
    found = None
    event_code = None
    if parsed is None:
        token_hash, reason = raw_hash(payload), "unknown"
    else:
        event_code, token = parsed
        token_hash, reason = qr.hash_token(token), None
        found = _lookup_badge(run, token_hash)
    facts, holder, changed_ms, badge_event_id, badge_tz = (
        found if found else (None, None, 0, None, DEFAULT_TZ)
    )
    window = timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    gate = run(
        _GATE_AND_RECENT_ACCEPT,
        {
            "gate_id": gate_id,
            "badge_id": facts.badge_id if facts else None,
            "application_id": holder.application_id if holder else None,
            "day_start": day_start_of(at, ZoneInfo(badge_tz)),
            "at": at,
            "since": at - window,
            "until": at + window,
        },
    )
    if gate is None:
        raise UnknownGate(gate_id)
    (
        zone_code,
        gate_open,
        gate_direction,
        last_direction,
        recent_scan_id,
        event_id,
        gate_event_code,
        tz,
        hall_session_id,
        place_id,
    ) = gate
    if reason is None and (event_code != gate_event_code or (facts and badge_event_id != event_id)):
        # The payload names another congress, or the token is another congress's badge.
        reason, facts, holder, changed_ms = "other_event", None, None, 0
    if not gate_open:
        result, reason = "denied", "gate_closed"
    elif reason is None:
        local_day = at.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).date()
        has_place = None if hall_session_id is None else place_id is not None
        result, reason = apply_rules(
            facts, zone_code, local_day, recent_scan_id is not None, has_place=has_place
        )
    else:
        result = "denied"
    if gate_direction in ("in", "out"):
        direction = gate_direction
    elif result == "duplicate":
        direction = last_direction if last_direction in ("in", "out") else "in"
    elif local_direction in ("in", "out") and result == "accepted":
        direction = local_direction
    else:
        direction = "out" if last_direction == "in" else "in"
    return Outcome(
        at=at,
        token_hash=token_hash,
        facts=facts,
        holder=holder,
        changed_ms=changed_ms,
        event_id=event_id,
        result=result,
        reason=reason,
        direction=direction,
        overturned=local_result == "accepted" and result == "denied",
    )


def decide_scan(
    payload: str,
    gate_id: int,
    staff_id: int | None,
    *,
    scanned_at: datetime | None = None,
    client_uuid: str | None = None,
    offline: bool = False,
    device_id: int | None = None,
    local_result: str | None = None,
    local_direction: str | None = None,
) -> ScanDecision:
    """Decide and record one badge presentation at a gate (DESIGN §3, rules in order).

    Every attempt becomes a :class:`Scan` row, denied ones included. A ``client_uuid``
    already recorded returns the stored decision instead of a second row, so a client
    may safely send a scan again. Raises :class:`UnknownGate` for a gate that does not
    exist. ``scanned_at`` (naive UTC) is when the badge was shown; it defaults to now.
    ``staff_id`` is the signed-in staff member, ``device_id`` the paired device (one of them).

    The scan records its direction ("in"/"out"): the gate's, or at a two-way gate the
    holder's next move in the zone (the device's own when it decided offline and the
    server agrees). ``local_result`` is what an offline device decided: an "accepted"
    the server denies is *overturned* and raises an alarm (:func:`raise_alarm`).
    """
    now = utcnow()
    connection = db.session.connection()

    def run(statement, values):
        return connection.execute(statement, values).first()

    outcome = decide(
        run,
        payload,
        gate_id,
        now=now,
        scanned_at=scanned_at,
        local_result=local_result,
        local_direction=local_direction,
    )
    row = outcome.row(
        now=now,
        gate_id=gate_id,
        staff_id=staff_id,
        device_id=device_id,
        client_uuid=client_uuid,
        offline=offline,
    )
    scan_id = connection.execute(INSERT_SCAN[connection.dialect.name], row).scalar()
    if scan_id is None:
        return stored_decisions([client_uuid])[client_uuid]
    if outcome.follows_up:
        _follow_up(outcome, scan_id, gate_id, staff_id, device_id, offline)
    return outcome.decision(scan_id, gate_id, client_uuid, offline)


def _follow_up(outcome: Outcome, scan_id: int, gate_id: int, staff_id, device_id, offline: bool) -> None:
    """The duty officer's alarm (an overturned admission, a lost badge) and the audit entry
    of a forged, foreign or withdrawn badge."""
    reason = outcome.reason
    if outcome.overturned or reason == "lost":
        raise_alarm(scan_id, gate_id, outcome.holder, reason, outcome.at, staff_id)
    if outcome.result == "denied" and reason in SECURITY_REASONS:
        current_app.logger.warning(
            "scan denied (%s) at gate %s, hash %s", reason, gate_id, outcome.token_hash[:12]
        )
        audit.record(
            "checkin.scan_denied",
            None,
            actor=db.session.get(User, staff_id) if staff_id else None,
            details={
                "scan_id": scan_id,
                "gate_id": gate_id,
                "reason": reason,
                "offline": offline,
                "device_id": device_id,
            },
        )


def stored_decisions(client_uuids: list[str]) -> dict[str, ScanDecision]:
    """Decisions already recorded for these client UUIDs (one query), by UUID."""
    wanted = [u for u in client_uuids if u]
    if not wanted:
        return {}
    rows = db.session.execute(
        select(
            Scan.id,
            Scan.client_uuid,
            Scan.result,
            Scan.reason,
            Scan.gate_id,
            Scan.scanned_at,
            Scan.offline,
            Application.id,
            Application.full_name,
            Application.category,
            Application.photo_key,
            MediaOrganisation.name,
            Badge.serial,
            Scan.direction,
            Scan.overturned,
            Badge.revoked_at,
            Badge.superseded_at,
            Application.status,
        )
        .outerjoin(Badge, Badge.id == Scan.badge_id)
        .outerjoin(Application, Application.id == Badge.application_id)
        .outerjoin(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .where(Scan.client_uuid.in_(wanted))
    ).all()
    decisions = {}
    for row in rows:
        holder = None
        if row[7] is not None:
            valid = row[15] is None and row[16] is None and row[17] == "approved"
            holder = Holder(row[7], row[8], row[11], row[9], bool(row[10]) and valid, row[12])
        decisions[row[1]] = ScanDecision(
            scan_id=row[0],
            result=row[2],
            reason=row[3],
            gate_id=row[4],
            scanned_at=row[5],
            client_uuid=row[1],
            offline=row[6],
            holder=holder,
            replayed=True,
            direction=row[13],
            overturned=row[14],
        )
    return decisions


def decide_batch(
    items: list[dict], staff_id: int | None, *, device_id: int | None = None
) -> list[ScanDecision]:
    """Record scans made offline, each re-decided by the server, idempotently by client UUID.

    ``items`` hold ``payload``, ``gate_id``, ``client_uuid`` and ``scanned_at``. A UUID
    seen before (in an earlier batch or earlier in this one) returns its stored decision.
    Raises :class:`UnknownGate` when an item names a gate that does not exist.
    """
    known = stored_decisions([item["client_uuid"] for item in items])
    decisions = []
    for item in items:
        uuid = item["client_uuid"]
        if uuid in known:
            _overturn_on_replay(known[uuid], item.get("local_result"), staff_id)
        else:
            known[uuid] = decide_scan(
                item["payload"],
                item["gate_id"],
                staff_id,
                scanned_at=item.get("scanned_at"),
                client_uuid=uuid,
                offline=True,
                device_id=device_id,
                local_result=item.get("local_result"),
                local_direction=item.get("local_direction"),
            )
        decisions.append(known[uuid])
    return decisions


def _overturn_on_replay(decision: ScanDecision, local_result: str | None, staff_id: int | None) -> None:
    """A scan the server already decided "denied" comes back saying the device admitted it.

    That happens when the server answered late: the page had shown its own "admitted"
    after a moment and queued the scan, then the answer denied it. The person may have
    walked through, so it is an alarm like any overturned offline admission, raised once
    (the conditional update makes a second re-send, or a concurrent one, a no-op).
    """
    if local_result != "accepted" or decision.result != "denied" or decision.overturned:
        return
    marked = db.session.execute(
        update(Scan).where(Scan.id == decision.scan_id, Scan.overturned.is_(False)).values(overturned=True)
    ).rowcount
    if marked:
        decision.overturned = True
        if decision.reason == "lost":
            return  # a scan of a lost copy raised its alarm when it was decided
        raise_alarm(
            decision.scan_id,
            decision.gate_id,
            decision.holder,
            decision.reason,
            decision.scanned_at,
            staff_id,
        )


# ----------------------------------------------------------------------------- alarms
def duty_officers() -> list[User]:
    """Active users whose role may handle scan alarms (one query)."""
    return list(users_with(Permission.HANDLE_SCAN_ALARMS))


def raise_alarm(
    scan_id: int, gate_id: int, holder: Holder | None, reason: str, at: datetime, staff_id
) -> ScanAlarm:
    """Put a scan on the duty officers' list and e-mail them (outbox).

    Two things are alarms: an offline admission the server overturned, and any scan of a
    copy reported lost (whoever holds it is not its holder), whatever the gate decided.
    """
    alarm = ScanAlarm(scan_id=scan_id)
    db.session.add(alarm)
    db.session.flush()
    gate = db.session.get(Gate, gate_id)
    kind = "lost_badge_scanned" if reason == "lost" else "scan_overturned"
    audit.record(
        f"checkin.{kind}",
        alarm,
        actor=db.session.get(User, staff_id) if staff_id else None,
        details={"scan_id": scan_id, "gate_id": gate_id, "reason": reason},
    )
    for officer in duty_officers():
        queue_email(
            officer.email,
            f"checkin/{kind}",
            language=officer.language,
            name=holder.name if holder else "",
            serial=holder.serial if holder else "",
            gate=gate.name if gate else str(gate_id),
            when=to_local(at),
            reason_text=REASON_TEXTS.get(reason, reason),
        )
    return alarm


class AlarmAlreadyHandled(ValueError):
    """The alarm was marked handled already (by someone else, perhaps a moment ago)."""


def alarm_list(*, handled: bool) -> list[tuple[ScanAlarm, Scan, str | None, str | None, str | None]]:
    """Alarms (open or handled, newest first) with their scan, holder name, serial and gate name."""
    rows = db.session.execute(
        select(ScanAlarm, Scan, Application.full_name, Badge.serial, Gate.name)
        .join(Scan, Scan.id == ScanAlarm.scan_id)
        .join(Gate, Gate.id == Scan.gate_id)
        .outerjoin(Badge, Badge.id == Scan.badge_id)
        .outerjoin(Application, Application.id == Badge.application_id)
        .where(ScanAlarm.handled_at.is_not(None) if handled else ScanAlarm.handled_at.is_(None))
        .order_by(ScanAlarm.created_at.desc(), ScanAlarm.id.desc())
        .limit(500)
    ).all()
    return [tuple(row) for row in rows]


def open_alarm_count() -> int:
    """How many overturned offline admissions nobody has handled yet (one query; the dashboard)."""
    return db.session.scalar(
        select(func.count()).select_from(ScanAlarm).where(ScanAlarm.handled_at.is_(None))
    )


def handle_alarm(alarm_id: int, note: str, actor) -> ScanAlarm:
    """Mark an alarm handled with the duty officer's note (audited). Raises LookupError or AlarmAlreadyHandled."""
    # Two officers at once: the row lock (PostgreSQL) makes the second see the first's note.
    locked = db.session.execute(
        select(ScanAlarm.id).where(ScanAlarm.id == alarm_id).with_for_update()
    ).scalar_one_or_none()
    if locked is None:
        raise LookupError(alarm_id)
    alarm = db.session.get(ScanAlarm, alarm_id, populate_existing=True)
    if alarm.handled_at is not None:
        raise AlarmAlreadyHandled(alarm_id)
    alarm.handled_at, alarm.handled_by_id, alarm.note = utcnow(), actor.id, note
    db.session.flush()
    audit.record(
        "checkin.alarm_handled", alarm, actor=actor, details={"scan_id": alarm.scan_id, "note": note}
    )
    return alarm


# ----------------------------------------------------------------------------- administration
def save_zone(zone: Zone | None, *, code: str, name: str, sort_order: int, actor) -> Zone:
    """Create (``zone`` None) or change a zone; the code is stored upper-case."""
    creating = zone is None
    zone = zone or Zone()
    zone.code, zone.name, zone.sort_order = code.upper(), name, sort_order
    db.session.add(zone)
    db.session.flush()
    audit.record(
        "checkin.zone_create" if creating else "checkin.zone_update",
        zone,
        actor=actor,
        details={"code": zone.code, "name": zone.name},
    )
    return zone


def save_gate(gate: Gate | None, *, zone_id: int, name: str, direction: str, active: bool, actor) -> Gate:
    """Create (``gate`` None) or change a gate; a gate with scans is deactivated, never deleted."""
    creating = gate is None
    gate = gate or Gate()
    gate.zone_id, gate.name, gate.direction, gate.active = zone_id, name, direction, active
    db.session.add(gate)
    db.session.flush()
    audit.record(
        "checkin.gate_create" if creating else "checkin.gate_update",
        gate,
        actor=actor,
        details={"zone_id": zone_id, "name": name, "direction": direction, "active": active},
    )
    return gate


def zone_code_taken(code: str, except_id: int | None = None) -> bool:
    """Whether another zone of the current event already uses this code."""
    query = select(Zone.id).where(Zone.code == code.upper(), Zone.event_id == current_event_id())
    if except_id is not None:
        query = query.where(Zone.id != except_id)
    return db.session.scalar(query) is not None


def active_gates() -> list[Gate]:
    """Gates a scanner may choose, by zone order, entrances first (then two-way, then
    exits), then name."""
    entrances_first = case({"in": 0, "both": 1}, value=Gate.direction, else_=2)
    return list(
        db.session.scalars(
            scoped(Gate)
            .join(Zone, Zone.id == Gate.zone_id)
            .where(Gate.active.is_(True))
            .order_by(Zone.sort_order, Zone.code, entrances_first, Gate.name)
        )
    )
