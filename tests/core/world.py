"""The test world: one real object of every kind a route names, in one event.

Used by the route × role matrix (tests/core/test_route_matrix.py) and by the isolation
test (tests/events/test_isolation.py), which builds one world per event.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.accounts.services import make_token
from app.accreditation import importing
from app.badges.services import issue_badge
from app.briefings import ical, signups
from app.briefings.models import Conference, Room, Speaker
from app.checkin import devices
from app.checkin.models import Gate, Scan, ScanAlarm
from app.core import eventinfo, uploads
from app.core.models import OutboxMessage
from app.core.timeutil import local_today, utcnow
from app.dashboard.models import CoverageItem
from app.events.models import EventOwned, Membership
from app.extensions import db
from app.helpdesk import found as helpdesk_found
from app.helpdesk import loans as helpdesk_loans
from app.helpdesk import services as helpdesk
from app.interviews import services as interviews
from app.newsroom import services as library
from app.notices import services as notices
from app.positions import services as positions
from app.releases import corrections, feeds
from app.releases import services as releases
from app.venue.models import ChecklistTemplate, Evidence, Location, Task, TaskCategory, TemplateItem, Unit
from tests.core import route_spec
from tests.core.route_spec import ROUTES


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
    owned: set[str]  # the keys of ``ids`` naming an object that belongs to the event
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


def build_world(make_user, make_application, make_zone, make_organisation, mark: str = "") -> World:
    """One object of each kind, in the current event (``scope.in_event`` picks another).

    ``mark`` is added to every name and title of the event's own objects, so a test can
    tell one event's world from another's (tests/events/test_isolation.py). Site-wide
    objects (the media organisation, the task category, the checklist template) and
    e-mails get it in lower case only, to stay unique: every event may show them.
    """
    session = db.session
    m = f" {mark}" if mark else ""
    tag = f".{mark.lower()}" if mark else ""
    officer = make_user("accreditation_officer")
    zone = make_zone("PC")
    organisation = make_organisation(name=f"Báo Nhân Dân{tag}")

    # another journalist's accreditation: application with its files, badge, feeds, coverage
    owner = make_user("journalist", full_name=f"Trần Thị Bích{m}", email=f"tran.thi.bich{tag}@nhandan.vn")
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
    letter_key = f"letters/route-matrix{tag}.pdf"
    uploads.path_of(letter_key).parent.mkdir(parents=True, exist_ok=True)
    uploads.path_of(letter_key).write_bytes(_pdf("Giay gioi thieu"))
    application.letter_key = letter_key
    badge = issue_badge(application, officer)
    coverage = CoverageItem(
        journalist_id=owner.id,
        url=f"https://nhandan.vn/dai-hoi{tag}.html",
        title=f"Khai mạc Đại hội{m}",
        outlet="Báo Nhân Dân",
        published_on=local_today(),
        medium="online",
    )
    coverage.refresh_search_key()
    session.add(coverage)

    # gates and press conferences; the owner signed up and asked a question
    gate = Gate(zone_id=zone.id, name=f"Cổng A – Trung tâm báo chí{m}", direction="both", active=True)
    session.add(gate)
    session.flush()
    room = Room(name=f"Phòng họp báo 1{m}", capacity=50, gate_id=gate.id, location="Tầng 2")
    speaker = Speaker(full_name=f"Nguyễn Văn Phát{m}", position="Người phát ngôn", organisation="Tỉnh ủy")
    session.add_all([room, speaker])
    session.flush()
    start = (utcnow() + timedelta(days=1)).replace(second=0, microsecond=0)
    conference = Conference(
        title=f"Họp báo trước Đại hội{m}",
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
    question = signups.submit_question(conference, owner, f"Đại hội bầu bao nhiêu ủy viên?{m}")
    calendar_token = ical.feed_token(ical.feed_for(owner))
    atom_token = feeds.feed_token(owner)

    # releases with an attachment each, written by another press officer: a published public
    # one (the routes' release), and ones for some readers only (VISIBLE_TO)
    author, approver = make_user("press_officer"), make_user("approver")
    release, attachment = _release(author, approver, f"Thông cáo số 1: chương trình Đại hội{m}")
    accredited_release, accredited_attachment = _release(
        author, approver, f"Thông cáo số 2: danh sách đại biểu{m}", audience="accredited"
    )
    embargoed_release, embargoed_attachment = _release(
        author, approver, f"Thông cáo số 3: kết quả bầu cử{m}", embargo_until=utcnow() + timedelta(days=1)
    )
    draft_release, draft_attachment = _release(author, None, f"Thông cáo số 4: dự thảo nghị quyết{m}")
    correction = corrections.propose_correction(
        release,
        author,
        title=f"Thông cáo số 1 (đính chính): chương trình Đại hội đã sửa{m}",
        summary="Chương trình Đại hội, bản đính chính.",
        body="Đại hội làm việc trong **hai ngày rưỡi**.",
        note="Sửa thời lượng",
    )
    accredited_conference = Conference(
        title=f"Họp báo dành cho phóng viên được cấp thẻ{m}",
        room_id=room.id,
        starts_at=start + timedelta(hours=3),
        ends_at=start + timedelta(hours=4),
        capacity=50,
        visibility="accredited",
    )
    session.add(accredited_conference)

    # the media library: an album with a public photo, and items for some readers only (VISIBLE_TO)
    album = library.create_album(author, title=f"Phiên khai mạc{m}")

    def _media(caption, **kw):
        photo = FileStorage(stream=io.BytesIO(_jpeg((800, 600))), filename="khai-mac.jpg")
        return library.add_item(
            album, author, photo, caption=caption, credit="Ảnh: TTXVN", terms="editorial_credit", **kw
        )

    media_item = _media(f"Toàn cảnh phiên khai mạc{m}")
    accredited_media_item = _media(f"Đại biểu bỏ phiếu kín{m}", audience="accredited")
    embargoed_media_item = _media(f"Kết quả bầu Ban Chấp hành{m}", embargo_until=utcnow() + timedelta(days=1))

    # another member unit's task, with an evidence photo; a checklist template
    unit = Unit()
    unit.set_name(f"Sở Văn hóa, Thể thao và Du lịch{m}")
    location = Location(name=f"Hội trường Trung tâm Hội nghị tỉnh{m}", kind="hall")
    category = TaskCategory(name=f"Pano, áp phích{tag}")
    template = ChecklistTemplate(name=f"Trang trí hội trường{tag}")
    session.add_all([unit, location, category, template])
    session.flush()
    item = TemplateItem(template_id=template.id, title="Phông sân khấu", category_id=category.id)
    task = Task(
        title=f"Dựng pano tuyên truyền{m}",
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
    device, _code = devices.create_device(
        f"Điện thoại cổng A{m}", [gate.id], days=3, actor=make_user("admin")
    )
    scan = Scan(token_hash="0" * 64, badge_id=badge.id, gate_id=gate.id, result="denied", reason="revoked")
    session.add(scan)
    session.flush()
    alarm = ScanAlarm(scan_id=scan.id)
    session.add(alarm)
    session.commit()

    # the other journalist's help-desk request, with a photo and the desk's reply; a loan to them
    help_request = helpdesk.file_request(
        owner,
        category="wifi",
        text=f"Wi-Fi ở bàn 12 không vào được mạng{m}",
        place=f"Trung tâm báo chí, bàn 12{m}",
        photo=FileStorage(stream=io.BytesIO(_jpeg((640, 480))), filename="wifi.jpg"),
    )
    helpdesk.staff_reply(help_request, officer, f"Anh/chị thử mạng DaiHoi-BaoChi-2, mật khẩu ở quầy{m}.")
    # a notice to everyone accredited, and the hall screen's address
    notice = notices.send_notice(
        eventinfo.current_id(), f"Xe đưa đón phóng viên khởi hành lúc 7h00{m}", "all", author=officer
    )
    screen_token = notices.screen_token(notices.settings_for(eventinfo.current_id()))
    equipment = helpdesk_loans.save_item(
        None, kind="charger", label=f"Sạc USB-C 65 W{m}", count=5, active=True, actor=officer
    )
    helpdesk_loans.lend(equipment, badge.serial, officer)
    found_item = helpdesk_found.log_found(
        f"Nắp ống kính Canon 77 mm{m}",
        "Hội trường, tầng 2",
        FileStorage(stream=io.BytesIO(_jpeg((640, 480))), filename="nap.jpg"),
        officer,
    )
    # the other journalist's interview request, consent recorded and scheduled in the room;
    # the interviewee's contact details are the desk's
    interviewee = interviews.save_interviewee(
        None,
        interviews.IntervieweeData(
            full_name=f"Hoàng Văn Nam{m}",
            title="Bí thư Huyện ủy",
            organisation="Huyện ủy Diễn Châu",
            email=f"hoang.van.nam{tag}@dienchau.gov.vn",
            phone="+84238111222",
        ),
        officer,
    )
    interview = interviews.file_request(
        owner,
        interviews.RequestData(
            topic=f"Chuyển đổi số ở cấp huyện{m}",
            medium="online",
            language="vi",
            duration_minutes=20,
            preferred=[start + timedelta(hours=5)],
            interviewee_id=interviewee.id,
        ),
    )
    interviews.contact(interview, officer)
    interviews.record_consent(
        interview, officer, consent_by=interviewee.full_name, consent_at=utcnow(), channel="phone"
    )
    interviews.schedule(
        interview, officer, starts_at=start + timedelta(hours=5), duration_minutes=20, room_id=room.id
    )
    session.commit()
    # a session in the hall two days later (requests still open), its photo position, the other
    # journalist's request for it; the outlet in a priority class
    hall_session = positions.save_session(
        None,
        positions.SessionData(
            title=f"Phiên bế mạc Đại hội{m}",
            kind="closing",
            starts_at=start + timedelta(days=2),
            ends_at=start + timedelta(days=2, hours=3),
        ),
        officer,
    )
    photo = positions.save_position(hall_session, "photo", 4, "Hàng ghế sau", officer)
    position_request = positions.request_position(owner, hall_session, photo.id)
    priority = positions.save_priority(organisation.id, f"Cơ quan báo Đảng{m}", 1, 1, officer)
    session.commit()

    import_id = importing.start_import(
        f"Họ và tên,Số CCCD\nLê Văn Cường{m},001090000001\n".encode(),
        "danh-sach.csv",
        None,
        organisation_id=organisation.id,
        zone_ids=[zone.id],
        user_id=officer.id,
    )
    unverified = make_user("journalist", email_verified_at=None)

    # the other journalist as their outlet's focal point (asked, then approved), with one person put forward and a
    # request for more places (issue 19)
    from app.accreditation import services as accreditation_services
    from app.outlets import services as outlets

    focal_user = owner  # the other journalist is also their outlet's focal point
    focal = outlets.request_focal_point(
        email=focal_user.email,
        full_name=focal_user.full_name,
        organisation_id=organisation.id,
        phone="+84911222333",
        position="Thư ký tòa soạn",
        message=f"Đầu mối báo{m}",
    )
    outlets.decide_focal_point(focal.id, officer, approve=True)
    nominee = accreditation_services.Details(
        full_name=f"Vũ Thị Đề Cử{m}",
        date_of_birth=application.date_of_birth,
        national_id=f"0350{sum(map(ord, mark)) * 7919 % 10**8:08d}",
        press_card_number=None,
        organisation_id=organisation.id,
        position="Phóng viên",
        category="reporter",
        phone="+84912000111",
        email=f"decu{tag}@nhandan.vn",
        zone_ids=[zone.id],
    )
    ready, _errors = outlets.check_people(focal, [(1, nominee)])
    (nomination,) = outlets.add_people(focal, ready, focal_user)
    quota_request = outlets.request_places(focal, "reporter", 2, f"Thêm phóng viên{m}", focal_user)
    session.commit()

    membership = session.scalar(select(Membership).where(Membership.user_id == officer.id))
    objects = {
        "application": application,
        "badge": badge,
        "conference": conference,
        "question": question,
        "release": release,
        "attachment": attachment,
        "user": owner,
        "organisation": organisation,
        "gate": gate,
        "zone": zone,
        "room": room,
        "speaker": speaker,
        "coverage_item": coverage,
        "template": template,
        "template_item": item,
        "category": category,
        "location": location,
        "task": task,
        "unit": unit,
        "evidence": evidence,
        "device": device,
        "correction": correction,
        "alarm": alarm,
        "help_request": help_request,
        "equipment": equipment,
        "found_item": found_item,
        "interview": interview,
        "interviewee": interviewee,
        "hall_session": hall_session,
        "position_request": position_request,
        "priority": priority,
        "nomination": nomination,
        "focal_point": focal,
        "quota_request": quota_request,
        "accredited_conference": accredited_conference,
        "accredited_release": accredited_release,
        "accredited_attachment": accredited_attachment,
        "embargoed_release": embargoed_release,
        "embargoed_attachment": embargoed_attachment,
        "draft_release": draft_release,
        "draft_attachment": draft_attachment,
        "album": album,
        "media_item": media_item,
        "accredited_media_item": accredited_media_item,
        "embargoed_media_item": embargoed_media_item,
    }
    message = OutboxMessage(
        recipient=owner.email, subject="Xác nhận địa chỉ e-mail", body_text="Mở liên kết.\n"
    )
    session.add(message)
    session.flush()
    ids = {
        "nomination": nomination.id,
        "focal_point": focal.id,
        "quota_request": quota_request.id,
        "outbox_message": message.id,
        "membership": membership.id,
        "event": eventinfo.current_id(),
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
        "help_request": help_request.id,
        "notice": notice.id,
        "screen_token": screen_token,
        "equipment": equipment.id,
        "found_item": found_item.id,
        "interview": interview.id,
        "interviewee": interviewee.id,
        "hall_session": hall_session.id,
        "position_request": position_request.id,
        "priority": priority.id,
        "accredited_conference": accredited_conference.id,
        "accredited_release": accredited_release.id,
        "accredited_attachment": accredited_attachment.id,
        "embargoed_release": embargoed_release.id,
        "embargoed_attachment": embargoed_attachment.id,
        "draft_release": draft_release.id,
        "draft_attachment": draft_attachment.id,
        "album": album.id,
        "album_code": album.short_code,
        "media_item": media_item.id,
        "media_code": media_item.short_code,
        "accredited_media_item": accredited_media_item.id,
        "accredited_media_code": accredited_media_item.short_code,
        "embargoed_media_item": embargoed_media_item.id,
        "embargoed_media_code": embargoed_media_item.short_code,
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
        help_request.text: ("the other journalist's help-desk request", s.HELPDESK_STAFF),
        interview.topic: ("the other journalist's interview request", s.INTERVIEW_STAFF),
        interviewee.email: ("the interviewee's e-mail", s.INTERVIEW_STAFF),
        interviewee.phone: ("the interviewee's phone", s.INTERVIEW_STAFF),
        nominee.national_id: ("another outlet's nominee's national ID", s.DESK),
        accredited_release.title: ("a release for accredited readers", (*s.READ_ACCREDITED, s.JOURNALIST)),
        embargoed_release.title: ("a release under embargo", s.RELEASE_STAFF),
        draft_release.title: ("a draft release", s.RELEASE_STAFF),
        accredited_media_item.caption: (
            "a library photo for accredited readers",
            (*s.READ_ACCREDITED, s.JOURNALIST),
        ),
        embargoed_media_item.caption: ("a library photo under embargo", s.RELEASE_STAFF),
        correction.title: ("a correction not yet approved", s.RELEASE_STAFF),
        # staff reports (the closing report) count every conference
        accredited_conference.title: (
            "a conference for accredited journalists",
            (*s.BRIEFING_STAFF, *s.OVERVIEW, s.JOURNALIST),
        ),
    }
    return World(
        ids={k: str(v) for k, v in ids.items()},
        owned={key for key, obj in objects.items() if isinstance(obj, EventOwned)},
        private=private,
        owner_journalist=owner,
        owner_member=member,
        officer=officer,
        make_user=make_user,
        make_application=make_application,
    )


def text_of(response) -> str:
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
