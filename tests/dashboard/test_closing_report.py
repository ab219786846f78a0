"""The closing report PDF: Vietnamese text intact, the figures of every area."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from pypdf import PdfReader

from app.briefings.models import Conference, Room, Signup
from app.checkin.models import Gate, Scan
from app.core.timeutil import utcnow
from app.releases.models import Release


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_closing_report_in_vietnamese_with_every_section(
    client, auth, db, make_application, make_organisation, make_badge, make_zone, make_user, make_coverage
):
    central = make_organisation("Báo Nhân Dân", level="central")
    local = make_organisation("Đài Phát thanh và Truyền hình Nghệ An", kind="tv", level="local")
    people = [make_application(status="approved", organisation=local) for _ in range(3)]
    make_application(status="approved", organisation=central)
    make_application(status="rejected", organisation=central)
    make_application(status="submitted", organisation=local)

    now = utcnow()
    gate = Gate(zone_id=make_zone("HB").id, name="Cửa phòng họp báo", direction="both")
    db.session.add(gate)
    db.session.flush()
    room = Room(name="Phòng họp báo số 1", capacity=80, gate_id=gate.id)
    db.session.add(room)
    db.session.flush()
    conference = Conference(
        title="Họp báo khai mạc Đại hội",
        room_id=room.id,
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
        capacity=60,
    )
    db.session.add(conference)
    db.session.flush()
    for application in people:
        db.session.add(Signup(conference_id=conference.id, user_id=application.user_id, status="registered"))
    for application in people[:2]:  # two of the three came
        badge, _token = make_badge(application, zones="HB")
        scan = Scan(token_hash=badge.token_hash, badge_id=badge.id, gate_id=gate.id, result="accepted")
        scan.scanned_at = now - timedelta(hours=2, minutes=10)
        db.session.add(scan)
    author = make_user("press_officer")
    for title, status, when in (
        ("Thông cáo báo chí số 1 về Đại hội", "published", now - timedelta(days=1)),
        ("Thông cáo còn hạn chế công bố", "approved", now + timedelta(days=1)),
    ):
        release = Release(author_id=author.id, status=status, publish_at=when)
        release.set_text(title, "", "")
        db.session.add(release)
    db.session.commit()
    for medium in ("tv", "tv", "radio"):
        make_coverage(outlet="Đài Phát thanh và Truyền hình Nghệ An", medium=medium)

    auth.login("approver")
    response = client.get("/DH16/dashboard/closing-report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Báo cáo tổng kết Trung tâm báo chí" in text  # the Vietnamese heading, diacritics intact
    assert "Đài Phát thanh và Truyền hình Nghệ An" in text
    # accreditation: the local station has 3 accredited of 4 applications
    assert re.search(r"Đài Phát thanh và Truyền hình Nghệ An Báo chí địa phương 3 4", text), text[:1500]
    # the conference: 60 seats, 3 signed up, nobody waiting, 2 present
    assert re.search(r"Họp báo khai mạc Đại hội \S+ \S+ 60 3 0 2", text), text
    # only the published release is listed, not the one under embargo
    assert "Thông cáo báo chí số 1 về Đại hội" in text
    assert "Thông cáo còn hạn chế công bố" not in text
    assert "Đã ghi nhận 3 tin, bài phản ánh Đại hội." in text


def test_closing_report_of_an_empty_congress(client, auth):
    auth.login("organiser")
    response = client.get("/DH16/dashboard/closing-report.pdf")
    assert response.status_code == 200
    assert "Báo cáo tổng kết" in pdf_text(response.data)


def test_closing_report_needs_the_dashboard_permission(client, auth):
    auth.login("scanner")
    assert client.get("/DH16/dashboard/closing-report.pdf").status_code == 403
