"""Every route × every role (and anonymous), against the hand-written specification.

The expected answers come from ``tests/core/route_spec.py`` (route → who may, written
from the domain), never from the permission table the decorator reads. URL ids are
real objects of every kind, owned by ANOTHER journalist and ANOTHER member unit than
the requesting user's, so object-level access is walked too:

- a role the spec admits gets a working answer (not 401/403/404, no sign-in redirect);
- a role the spec admits only for its own objects gets 404 for someone else's;
- any other role gets 403, an anonymous visitor the sign-in page (401 on ``/api/``);
- no answer shows a role what it may not read (another person's data, another unit's
  task, a release or conference outside its audience), in pages, JSON, feeds, PDFs, workbooks;
- someone else's object answers exactly like a missing one;
- a refused POST (valid CSRF token) writes nothing, neither a row nor a file; an allowed
  POST passes the permission check and a bare form is never a 500;
- the owners themselves reach their own objects; a paired device only its own gates.

See docs/access.md.
"""

from __future__ import annotations

import io
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select
from werkzeug.datastructures import FileStorage

from app.accounts.services import make_token
from app.accreditation import importing
from app.badges.services import issue_badge
from app.briefings import ical, signups
from app.briefings.models import Conference, Room, Speaker
from app.checkin import devices
from app.checkin.models import Gate, Scan, ScanAlarm
from app.core import uploads
from app.core.timeutil import local_today, utcnow
from app.dashboard.models import CoverageItem
from app.extensions import db
from app.releases import corrections, feeds
from app.releases import services as releases
from app.venue.models import (
    ChecklistTemplate,
    Comment,
    Evidence,
    Location,
    Task,
    TaskCategory,
    TemplateItem,
    Unit,
)
from tests.core import route_spec
from tests.core.route_spec import KNOWN_GAPS, KNOWN_LEAKS, ROLES, ROUTES

ALL = [None, *ROLES]


# ----------------------------------------------------------------------------- the test world
def _jpeg(size=(600, 800), colour=(120, 140, 170)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


@dataclass
class World:
    """Real objects of every kind a route names, owned by someone other than the requester."""

    ids: dict[str, str]
    # what only its owner and some staff may read → (what it is, the roles who may)
    private: dict[str, tuple[str, tuple[str, ...]]]
    owner_journalist: object  # owns the application, photo, letter, badge, coverage entry
    owner_member: object  # a member of the unit that owns the task and the evidence
    officer: object
    make_user: object
    make_application: object

    def url(self, rule, *, missing: bool = False) -> str:
        """The rule's URL with every argument filled from this world (``missing``: with ids
        of objects that do not exist)."""
        spec = ROUTES[rule.rule]
        values = {}
        for arg in rule.arguments:
            key = spec.ids.get(arg) or route_spec.ARGS[arg]
            values[arg] = key.split(":", 1)[1] if ":" in key else ("999999" if missing else self.ids[key])
        return rule.build(values, append_unknown=False)[1]

    def requester(self, role: str):
        """A fresh user of ``role`` who owns things of their own (so "own" means something).

        The journalist is accredited (approved, with a badge); ``UNACCREDITED`` is one whose
        application still waits."""
        if role == route_spec.UNACCREDITED:
            return self.make_application(status="submitted", zones=("PC",)).user
        if role == "journalist":
            application = self.make_application(status="approved", zones=("PC",))
            issue_badge(application, self.officer)
            db.session.commit()
            return application.user
        if role == "unit_member":
            unit = Unit()
            unit.set_name("Đơn vị của người hỏi")
            db.session.add(unit)
            db.session.commit()
            return self.make_user("unit_member", unit_id=unit.id)
        return self.make_user(role)


def _release(author, approver, title: str, *, audience: str = "public", embargo_until=None):
    """A release with one PDF attachment; approved (live or embargoed) unless ``approver`` is None."""
    release = releases.create_release(
        author,
        title=title,
        summary="Chương trình Đại hội.",
        body="Đại hội làm việc trong **ba ngày**.",
        category="press_release",
        audience=audience,
        embargo_until=embargo_until,
    )
    pdf = FileStorage(stream=io.BytesIO(_pdf("Thong cao")), filename="thong-cao.pdf")
    attachment = releases.add_attachment(release, author, pdf)
    if approver is not None:
        releases.submit_for_review(release, author)
        releases.approve_release(release, approver)
    return release, attachment


@pytest.fixture
def world(make_user, make_application, make_zone, make_organisation) -> World:
    """One object of each kind: cheap enough to build for every test function."""
    session = db.session
    officer = make_user("accreditation_officer")
    zone = make_zone("PC")
    organisation = make_organisation(name="Báo Nhân Dân")

    # another journalist's accreditation: application with its files, badge, feeds, coverage
    owner = make_user("journalist", full_name="Trần Thị Bích", email="tran.thi.bich@nhandan.vn")
    application = make_application(
        status="approved",
        user=owner,
        organisation=organisation,
        zones=("PC",),
        national_id="040187654321",
        press_card_number="NB-987654",
        phone="+84987654321",
    )
    photo = uploads.save_image_bytes(_jpeg(), "photos", sizes={"full": (300, 400), "thumb": (90, 120)})
    application.photo_key, application.photo_thumb_key = photo.keys["full"], photo.keys["thumb"]
    letter_key = "letters/route-matrix.pdf"
    uploads.path_of(letter_key).parent.mkdir(parents=True, exist_ok=True)
    uploads.path_of(letter_key).write_bytes(_pdf("Giay gioi thieu"))
    application.letter_key = letter_key
    badge = issue_badge(application, officer)
    coverage = CoverageItem(
        journalist_id=owner.id,
        url="https://nhandan.vn/dai-hoi.html",
        title="Khai mạc Đại hội",
        outlet="Báo Nhân Dân",
        published_on=local_today(),
        medium="online",
    )
    coverage.refresh_search_key()
    session.add(coverage)

    # gates and press conferences; the owner signed up and asked a question
    gate = Gate(zone_id=zone.id, name="Cổng A – Trung tâm báo chí", direction="both", active=True)
    session.add(gate)
    session.flush()
    room = Room(name="Phòng họp báo 1", capacity=50, gate_id=gate.id, location="Tầng 2")
    speaker = Speaker(full_name="Nguyễn Văn Phát", position="Người phát ngôn", organisation="Tỉnh ủy")
    session.add_all([room, speaker])
    session.flush()
    start = (utcnow() + timedelta(days=1)).replace(second=0, microsecond=0)
    conference = Conference(
        title="Họp báo trước Đại hội",
        topic="Công tác chuẩn bị",
        room_id=room.id,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=50,
        visibility="public",
    )
    conference.speakers = [speaker]
    session.add(conference)
    session.flush()
    signups.sign_up(conference.id, owner)
    question = signups.submit_question(conference, owner, "Đại hội bầu bao nhiêu ủy viên?")
    calendar_token = ical.feed_token(ical.feed_for(owner))
    atom_token = feeds.feed_token(owner)

    # releases with an attachment each, written by another press officer: a published public
    # one (the routes' release), and ones for some readers only (VISIBLE_TO)
    author, approver = make_user("press_officer"), make_user("approver")
    release, attachment = _release(author, approver, "Thông cáo số 1: chương trình Đại hội")
    accredited_release, accredited_attachment = _release(
        author, approver, "Thông cáo số 2: danh sách đại biểu", audience="accredited"
    )
    embargoed_release, embargoed_attachment = _release(
        author, approver, "Thông cáo số 3: kết quả bầu cử", embargo_until=utcnow() + timedelta(days=1)
    )
    draft_release, draft_attachment = _release(author, None, "Thông cáo số 4: dự thảo nghị quyết")
    correction = corrections.propose_correction(
        release,
        author,
        title="Thông cáo số 1 (đính chính): chương trình Đại hội đã sửa",
        summary="Chương trình Đại hội, bản đính chính.",
        body="Đại hội làm việc trong **hai ngày rưỡi**.",
        note="Sửa thời lượng",
    )
    accredited_conference = Conference(
        title="Họp báo dành cho phóng viên được cấp thẻ",
        room_id=room.id,
        starts_at=start + timedelta(hours=3),
        ends_at=start + timedelta(hours=4),
        capacity=50,
        visibility="accredited",
    )
    session.add(accredited_conference)

    # another member unit's task, with an evidence photo; a checklist template
    unit = Unit()
    unit.set_name("Sở Văn hóa, Thể thao và Du lịch")
    location = Location(name="Hội trường Trung tâm Hội nghị tỉnh", kind="hall")
    category = TaskCategory(name="Pano, áp phích")
    template = ChecklistTemplate(name="Trang trí hội trường")
    session.add_all([unit, location, category, template])
    session.flush()
    item = TemplateItem(template_id=template.id, title="Phông sân khấu", category_id=category.id)
    task = Task(
        title="Dựng pano tuyên truyền",
        spec="pano 4×8 m",
        quantity=4,
        category_id=category.id,
        location_id=location.id,
        unit_id=unit.id,
        due_at=utcnow() + timedelta(days=3),
        status="in_progress",
    )
    task.refresh_search_key()
    session.add_all([item, task])
    session.flush()
    shot = uploads.save_image_bytes(
        _jpeg((640, 480)), "venue", sizes={"full": (1600, 1600), "thumb": (320, 320)}
    )
    evidence = Evidence(task_id=task.id, full_key=shot.keys["full"], thumb_key=shot.keys["thumb"])
    session.add(evidence)
    session.commit()
    member = make_user("unit_member", unit_id=unit.id)
    device, _code = devices.create_device("Điện thoại cổng A", [gate.id], days=3, actor=make_user("admin"))
    scan = Scan(token_hash="0" * 64, badge_id=badge.id, gate_id=gate.id, result="denied", reason="revoked")
    session.add(scan)
    session.flush()
    alarm = ScanAlarm(scan_id=scan.id)
    session.add(alarm)
    session.commit()

    import_id = importing.start_import(
        "Họ và tên,Số CCCD\nLê Văn Cường,001090000001\n".encode(),
        "danh-sach.csv",
        None,
        organisation_id=organisation.id,
        zone_ids=[zone.id],
        user_id=officer.id,
    )
    unverified = make_user("journalist", email_verified_at=None)

    ids = {
        "application": application.id,
        "badge": badge.id,
        "conference": conference.id,
        "question": question.id,
        "release": release.id,
        "attachment": attachment.id,
        "user": owner.id,
        "organisation": organisation.id,
        "import": import_id,
        "gate": gate.id,
        "zone": zone.id,
        "room": room.id,
        "speaker": speaker.id,
        "coverage_item": coverage.id,
        "template": template.id,
        "template_item": item.id,
        "category": category.id,
        "location": location.id,
        "task": task.id,
        "unit": unit.id,
        "evidence": evidence.id,
        "device": device.id,
        "correction": correction.id,
        "alarm": alarm.id,
        "accredited_conference": accredited_conference.id,
        "accredited_release": accredited_release.id,
        "accredited_attachment": accredited_attachment.id,
        "embargoed_release": embargoed_release.id,
        "embargoed_attachment": embargoed_attachment.id,
        "draft_release": draft_release.id,
        "draft_attachment": draft_attachment.id,
        "calendar_token": calendar_token,
        "atom_token": atom_token,
        "verify_token": make_token(unverified, "verify"),
        "reset_token": make_token(owner, "reset"),
    }
    session.commit()
    s = route_spec
    private = {
        application.national_id: ("the other journalist's national ID", s.DESK),
        application.press_card_number: ("the other journalist's press-card number", s.DESK),
        application.phone: ("the other journalist's phone", s.DESK),
        # the e-mail also identifies signed-up journalists to press officers, and people in the audit log
        owner.email: ("the other journalist's e-mail", (*s.DESK, *s.BRIEFING_STAFF, *s.AUDITORS)),
        question.text: ("the other journalist's question", (*s.BRIEFING_STAFF, s.APPROVER)),
        # a published piece: in the staff's coverage report, not in another journalist's pages
        coverage.url: ("the other journalist's coverage entry", (*s.COVERAGE_STAFF, *s.OVERVIEW)),
        task.title: ("the other unit's task", s.VENUE_MANAGERS),
        accredited_release.title: ("a release for accredited readers", (*s.READ_ACCREDITED, s.JOURNALIST)),
        embargoed_release.title: ("a release under embargo", s.RELEASE_STAFF),
        draft_release.title: ("a draft release", s.RELEASE_STAFF),
        correction.title: ("a correction not yet approved", s.RELEASE_STAFF),
        # staff reports (the closing report) count every conference
        accredited_conference.title: (
            "a conference for accredited journalists",
            (*s.BRIEFING_STAFF, *s.OVERVIEW, s.JOURNALIST),
        ),
    }
    return World(
        ids={k: str(v) for k, v in ids.items()},
        private=private,
        owner_journalist=owner,
        owner_member=member,
        officer=officer,
        make_user=make_user,
        make_application=make_application,
    )


# ----------------------------------------------------------------------------- helpers
def _rules(app, method: str):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static" and method in r.methods]
    return sorted(rules, key=lambda r: r.rule)


def _to_login(response) -> bool:
    """Sent to sign in by the permission check (Flask-Login adds where to come back)."""
    location = response.headers.get("Location", "")
    return response.status_code == 302 and "/login" in location and "next=" in location


def _works(response) -> bool:
    """A working answer: no refusal, no missing object, no sign-in redirect, no crash."""
    return (
        response.status_code < 500 and response.status_code not in (401, 403, 404) and not _to_login(response)
    )


def _refused(response, url: str, role: str | None) -> bool:
    if role is None:
        return response.status_code == 401 if url.startswith("/api/") else _to_login(response)
    return response.status_code == 403


def _expectation(spec, role):
    if spec.allows(role):
        return "works", _works
    if spec.owner_only(role):
        return "404 (someone else's object)", lambda response, url: response.status_code == 404
    return "refused", None


def _check(spec, role, response, url) -> str | None:
    """None when the answer is the one the spec expects for ``role``, else what was expected."""
    expected, predicate = _expectation(spec, role)
    if predicate is None:
        ok = _refused(response, url, role)
    elif expected == "works":
        ok = predicate(response)
    else:
        ok = predicate(response, url)
    return None if ok else expected


def _sign_in(auth, world, persona):
    if persona is not None:
        role = "journalist" if persona == route_spec.UNACCREDITED else persona
        auth.login(role, user=world.requester(persona))


def _compare(failures: list[str], surprises: list[str], rule: str, role, message: str | None) -> None:
    gap = KNOWN_GAPS.get((rule, role))
    if message is not None and gap is None:
        failures.append(message)
    elif message is None and gap is not None:
        surprises.append(f"{rule} as {role}: answers as the spec says now; remove it from KNOWN_GAPS")


def _snapshot(db, upload_dir: Path):
    """Every row of every table and every stored file: what a refused request must not change."""
    rows = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows[table.name] = sorted(map(repr, connection.execute(select(table)).all()))
    return rows, _files(upload_dir)


@contextmanager
def _write_statements():
    """The INSERT/UPDATE/DELETE statements run meanwhile: a cheap sign that a request may
    have written, confirmed by a full snapshot only when it says so."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _files(upload_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(upload_dir)) for p in upload_dir.rglob("*") if p.is_file())


def _diff(before, after) -> str:
    changed = [name for name in before[0] if before[0][name] != after[0][name]]
    if before[1] != after[1]:
        changed.append("uploaded files")
    return ", ".join(changed)


# ----------------------------------------------------------------------------- the spec itself
def test_spec_lists_every_route(app):
    """A new route needs its line in route_spec.ROUTES; a line for a removed route fails too."""
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"}
    problems = [f"{rule}: missing from tests/core/route_spec.py" for rule in sorted(rules - set(ROUTES))]
    problems += [
        f"{rule}: in tests/core/route_spec.py, no longer a route" for rule in sorted(set(ROUTES) - rules)
    ]
    assert not problems, "\n".join(problems)


def test_spec_knows_every_role_and_argument(app, world):
    """Only the application's roles; every URL argument filled with a real object of the world."""
    from app.core.permissions import Role

    assert set(ROLES) == {str(r) for r in Role}, "a role was added or renamed: update route_spec.ROLES"
    for name, spec in [*ROUTES.items(), *route_spec.VISIBLE_TO.items()]:
        unknown = (spec.roles | spec.own) - set(route_spec.PERSONAS)
        assert not unknown, f"{name}: unknown role(s) {sorted(unknown)}"
    missing = []
    for rule in app.url_map.iter_rules():
        spec = ROUTES.get(rule.rule)
        for arg in rule.arguments if spec is not None else ():
            key = spec.ids.get(arg) or route_spec.ARGS.get(arg, "")
            if ":" not in key and key not in world.ids:
                missing.append(f"{rule.rule}: <{arg}> needs an ARGS line and an object in world()")
    assert not missing, "\n".join(missing)
    for rule, role in [*KNOWN_GAPS, *KNOWN_LEAKS]:
        assert rule in ROUTES and role in ROLES, (rule, role)


def test_every_route_declares_a_permission(app):
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and getattr(app.view_functions[rule.endpoint], "required_permissions", None) is None
    ]
    assert missing == [], f"routes without permission_required: {missing}"


# ----------------------------------------------------------------------------- the matrix
@pytest.mark.parametrize("role", ALL, ids=lambda r: r or "anonymous")
def test_get_matrix(app, client, auth, world, role):
    """Every GET route as ``role``, with real ids of another owner."""
    _sign_in(auth, world, role)
    failures: list[str] = []
    surprises: list[str] = []
    for rule in _rules(app, "GET"):
        spec = ROUTES.get(rule.rule)
        if spec is None:
            continue  # test_spec_lists_every_route reports it
        url = world.url(rule)
        response = client.get(url)
        expected = _check(spec, role, response, url)
        message = f"GET {url} as {role}: {response.status_code} (expected {expected})" if expected else None
        _compare(failures, surprises, rule.rule, role, message)
        if "token" not in rule.arguments and response.status_code == 200:
            leaks = _leaks(world, response, role, f"GET {url} as {role}")
            if (rule.rule, role) not in KNOWN_LEAKS:
                failures.extend(leaks)
            elif not leaks:
                surprises.append(f"{rule.rule} as {role}: no longer shows it; remove it from KNOWN_LEAKS")
    assert not failures + surprises, "\n".join(failures + surprises)


def _text(response) -> str:
    """What a person reads in the answer: the page, the JSON, or the text of a PDF or workbook."""
    mimetype = response.mimetype or ""
    data = response.get_data()
    if mimetype == "application/pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if mimetype.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    if mimetype.startswith("text/") or mimetype.endswith(("json", "xml")):
        return response.get_data(as_text=True)
    return ""


def _leaks(world, response, role, where: str) -> list[str]:
    """What ``response`` shows that ``role`` may not read. Capability URLs (a feed or reset
    token in the URL) are left out by the caller: whoever holds the token is its owner."""
    text = unicodedata.normalize("NFC", _text(response))
    return [
        f"{where}: shows {what}"
        for secret, (what, seers) in world.private.items()
        if unicodedata.normalize("NFC", secret) in text and role not in seers
    ]


@pytest.mark.parametrize("role", ALL, ids=lambda r: r or "anonymous")
def test_refused_posts_write_nothing(app, client, auth, world, role):
    """Every POST the spec refuses to ``role`` (or allows only on its own objects) is refused
    with a valid CSRF token, and leaves every table and the upload folder as they were."""
    _sign_in(auth, world, role)
    token = client.csrf_token("/")
    upload_dir = Path(app.config["UPLOAD_DIR"])
    failures: list[str] = []
    surprises: list[str] = []
    start = before = _snapshot(db, upload_dir)
    checked = gaps = 0
    with _write_statements() as writes:
        for rule in _rules(app, "POST"):
            spec = ROUTES.get(rule.rule)
            if spec is None or spec.allows(role):
                continue
            url = world.url(rule)
            writes.clear()
            response = client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})
            checked += 1
            expected = _check(spec, role, response, url)
            message = (
                f"POST {url} as {role}: {response.status_code} (expected {expected})" if expected else None
            )
            _compare(failures, surprises, rule.rule, role, message)
            if not writes and _files(upload_dir) == before[1]:
                continue
            after = _snapshot(db, upload_dir)
            changed = _diff(before, after)
            if (rule.rule, role) in KNOWN_GAPS:  # a known gap admits, so it may write
                gaps += bool(changed)
            elif changed:
                failures.append(f"POST {url} as {role}: {response.status_code} and wrote: {changed}")
            before = after
    assert checked > 0 or role == "admin"
    assert not failures + surprises, "\n".join(failures + surprises)
    if not gaps:  # the cheap sign missed nothing: the world is as it was at the start
        assert _diff(start, _snapshot(db, upload_dir)) == ""


def _owner_rules(app, role: str):
    return [r for r in _rules(app, "GET") if r.rule in ROUTES and role in ROUTES[r.rule].own]


@pytest.mark.parametrize("role", ["journalist", "unit_member"])
def test_owners_reach_their_own_objects(app, client, auth, world, role):
    """The routes that answer 404 to other people answer their owner."""
    owner = world.owner_journalist if role == "journalist" else world.owner_member
    auth.login(role, user=owner)
    rules = _owner_rules(app, role)
    assert rules, f"the spec names no own-object route for {role}"
    failures = []
    for rule in rules:
        url = world.url(rule)
        response = client.get(url)
        if not _works(response):
            failures.append(f"GET {url} as its owner ({role}): {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["journalist", "unit_member"])
def test_someone_elses_object_answers_like_a_missing_one(app, client, auth, world, role):
    """Nothing tells "it exists but is not yours" from "there is no such thing": same status,
    same page."""
    _sign_in(auth, world, role)
    failures = []
    for rule in _owner_rules(app, role):
        urls = world.url(rule), world.url(rule, missing=True)
        other, missing = (client.get(url) for url in urls)
        # the page names its own address (language switch): that part may differ
        pages = [
            r.get_data(as_text=True).replace(url, "URL")
            for r, url in zip((other, missing), urls, strict=True)
        ]
        if other.status_code != missing.status_code or pages[0] != pages[1]:
            failures.append(
                f"{rule.rule} as {role}: {other.status_code}, a missing one {missing.status_code} (or another page)"
            )
    assert not failures, "\n".join(failures)


def test_owner_only_posts_work_for_the_unit_member(client, auth, world):
    """A unit member's own task takes a comment (the POST refused to other units above)."""
    auth.login("unit_member", user=world.owner_member)
    response = client.submit(
        f"/venue/tasks/{world.ids['task']}/comments",
        {"body": "Đã dựng xong 2/4 pano."},
        form_url=f"/venue/tasks/{world.ids['task']}",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Comment.body)) == "Đã dựng xong 2/4 pano."


def test_owner_only_posts_work_for_the_journalist(client, auth, world):
    """The journalist who logged a piece removes it (the POST refused to other journalists above)."""
    auth.login("journalist", user=world.owner_journalist)
    item = world.ids["coverage_item"]
    response = client.submit(f"/coverage/{item}/delete", form_url=f"/coverage/{item}/edit")
    assert response.status_code == 302
    assert db.session.get(CoverageItem, int(item)) is None


@pytest.mark.parametrize("role", ALL, ids=lambda r: r or "anonymous")
def test_allowed_posts_pass_and_never_fail(app, client, auth, world, role):
    """Every POST the spec allows ``role`` gets past the permission check, and a bare form
    (only the CSRF token) is bad input, never a 500. Sign-out goes last; objects an earlier
    POST used up (an import cancelled, an organisation merged) may then be 404."""
    _sign_in(auth, world, role)
    token = client.csrf_token("/")
    failures = []
    rules = sorted(_rules(app, "POST"), key=lambda r: (r.rule == "/logout", r.rule))
    for rule in rules:
        spec = ROUTES.get(rule.rule)
        if spec is None or not spec.allows(role):
            continue
        url = world.url(rule)
        response = client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})
        # a public route has no permission to pass: its 401 is a wrong credential (a pairing code)
        refused = response.status_code in (401, 403) or _to_login(response)
        if response.status_code >= 500 or (refused and not spec.anonymous):
            failures.append(f"POST {url} as {role}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", [None, *route_spec.PERSONAS], ids=lambda p: p or "anonymous")
def test_objects_for_some_readers(client, auth, world, persona):
    """Conferences and releases meant for some readers: the others get 404 (anonymous
    visitors possibly the sign-in page), whatever route shows them."""
    _sign_in(auth, world, persona)
    failures = []
    for template, spec in route_spec.VISIBLE_TO.items():
        url = template.format(**world.ids)
        response = client.get(url)
        if spec.allows(persona):
            ok = _works(response)
        else:
            ok = response.status_code == 404 or (persona is None and _to_login(response))
        if not ok:
            failures.append(f"GET {url} ({template}) as {persona}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_paired_device_reaches_only_its_own_gates(app, client, world, make_user):
    """A device paired to another gate is refused the world's gate (403, with a message),
    and reaches its own; it opens no page a session would need."""
    own_gate = Gate(
        zone_id=db.session.get(Gate, int(world.ids["gate"])).zone_id, name="Cổng B", direction="in"
    )
    db.session.add(own_gate)
    db.session.commit()
    _device, code = devices.create_device(
        "Điện thoại cổng B", [own_gate.id], days=3, actor=make_user("admin")
    )
    db.session.commit()
    _device, token = devices.pair_device(code)
    db.session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/gates/{own_gate.id}/pack", headers=bearer).status_code == 200
    other = client.get(f"/api/v1/gates/{world.ids['gate']}/pack", headers=bearer)
    assert other.status_code == 403 and other.get_json()["code"] == "gate_not_allowed"
    assert (
        client.get("/api/v1/devices/me", headers=bearer).get_json()["device"]["name"] == "Điện thoại cổng B"
    )
    for url in ("/scanner/", "/occupancy", "/admin/devices"):  # a token is no session
        assert _to_login(client.get(url, headers=bearer)), url
