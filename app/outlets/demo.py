"""Demo outlets (issue 19): three outlets' focal points (one still a request), their people in
every state (waiting for places, submitted, changes requested, in vetting, cleared, not cleared,
printed, collected), a request for more places; this congress vets, and the lists sent earlier
(every other approved journalist) are cleared."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.accounts.demo import DEMO_PASSWORD
from app.accounts.models import User
from app.accreditation import services as accreditation
from app.accreditation.models import Application, MediaOrganisation
from app.accreditation.outlet_models import VettingRecord
from app.badges import services as badges
from app.core import audit
from app.core.permissions import Role
from app.core.text import fold
from app.core.timeutil import utcnow
from app.events import scope
from app.events.services import current_event
from app.extensions import db
from app.outlets import services, status, vetting

OFFICER = "duyet.the@demo.presscentre.vn"
# (organisation, kind, level, focal e-mail, focal name, active?)
OUTLETS = [
    ("Báo Nhân Dân", "newspaper", "central", "daumoi.nhandan@demo.presscentre.vn", "Đỗ Minh Đức", True),
    (
        "Đài Truyền hình Việt Nam (VTV)",
        "tv",
        "central",
        "daumoi.vtv@demo.presscentre.vn",
        "Trần Thu Hằng",
        True,
    ),
    ("Báo Phú Thọ", "newspaper", "local", "daumoi.baophutho@demo.presscentre.vn", "Nguyễn Văn Hùng", False),
]
# (outlet index, name, category, position, what happens to them)
PEOPLE = [
    (0, "Lê Quang Vinh", "reporter", "Phóng viên Ban Chính trị", "collected"),
    (0, "Phạm Thị Ngọc Anh", "reporter", "Phóng viên Ban Thời sự", "printed"),
    (0, "Hoàng Đức Thắng", "photographer", "Phóng viên ảnh", "in_vetting"),
    (0, "Ngô Thị Thanh Tâm", "reporter", "Biên tập viên", "changes_requested"),
    (0, "Vũ Minh Khoa", "technician", "Kỹ thuật viên truyền dẫn", "submitted"),
    (1, "Đặng Quốc Bảo", "camera", "Quay phim", "cleared"),
    (1, "Bùi Thị Hồng Nhung", "reporter", "Phóng viên Thời sự", "cleared"),
    (1, "Trịnh Văn Long", "camera", "Quay phim", "not_cleared"),
    (1, "Phan Anh Tuấn", "camera", "Quay phim", "held"),
]


def seed() -> None:
    with scope.in_event(current_event()):
        _seed()


def _account(email: str, name: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, full_name=name, role=Role.JOURNALIST, email_verified_at=utcnow())
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.flush()
    return user


def _organisation(name: str, kind: str, level: str) -> MediaOrganisation:
    org = db.session.scalar(select(MediaOrganisation).where(MediaOrganisation.name_key == fold(name)))
    if org is None:
        org = MediaOrganisation(kind=kind, level=level, confirmed=True)
        org.set_name(name)
        db.session.add(org)
        db.session.flush()
    return org


def _seed() -> None:
    officer = db.session.scalar(select(User).where(User.email == OFFICER))
    if officer is None:
        return
    services.save_settings(True, services.settings().default_quotas, officer)
    focals = []
    for name, kind, level, email, focal_name, active in OUTLETS:
        org = _organisation(name, kind, level)
        _account(email, focal_name)
        if active:
            focals.append(
                services.invite_focal_point(
                    email=email,
                    full_name=focal_name,
                    organisation_id=org.id,
                    phone="0912 000 111",
                    position="Thư ký tòa soạn",
                    actor=officer,
                )
            )
        else:
            services.request_focal_point(
                email=email,
                full_name=focal_name,
                organisation_id=org.id,
                phone="0210 3846 123",
                position="Phó Tổng biên tập",
                message="Báo Phú Thọ xin đăng ký đầu mối để gửi danh sách 4 phóng viên dự Đại hội.",
            )
    services.set_quota(focals[1].organisation_id, "camera", 2, officer)
    plan = {}
    for n, (outlet, name, category, position, fate) in enumerate(PEOPLE):
        focal = focals[outlet]
        details = accreditation.Details(
            full_name=name,
            date_of_birth=date(1980 + n, 1 + n, 10 + n),
            national_id=f"0251{80 + n:02d}9100{n:02d}",
            press_card_number=f"NB-7{n:04d}" if category != "technician" else None,
            organisation_id=focal.organisation_id,
            position=position,
            category=category,
            phone=f"+8491{n:07d}",
            email=f"{fold(name).replace(' ', '.')}@{'nhandan' if outlet == 0 else 'vtv'}.example.vn",
        )
        ready, errors = services.check_people(focal, [(1, details)])
        if errors:
            continue
        (nomination,) = services.add_people(focal, ready, focal.user, by="xlsx")
        plan[nomination.application_id] = fate
    services.request_places(
        focals[1],
        "camera",
        1,
        "VTV truyền hình trực tiếp phiên khai mạc: cần thêm một quay phim.",
        focals[1].user,
    )
    db.session.flush()
    approved = []
    for application_id, fate in plan.items():
        if fate == "changes_requested":
            accreditation.request_changes(
                application_id, officer, "Ảnh chân dung bị mờ, đề nghị gửi ảnh khác."
            )
        elif fate not in ("submitted", "held"):
            accreditation.approve(application_id, officer)
            approved.append(application_id)
    db.session.flush()
    sent = [a for a in vetting.to_vet() if a.id in approved]
    vetting.mark_sent(sent, officer)
    for record in db.session.scalars(select(VettingRecord).where(VettingRecord.application_id.in_(approved))):
        fate = plan[record.application_id]
        if fate == "in_vetting":
            continue
        record.status = "not_cleared" if fate == "not_cleared" else "cleared"
        record.reference, record.decided_at, record.decided_by_id = "312/ANCT-PA", utcnow(), officer.id
        application = db.session.get(Application, record.application_id)
        audit.record(
            f"vetting.{record.status}", application, actor=officer, details={"reference": "312/ANCT-PA"}
        )
    db.session.flush()
    to_print = [
        badges.current_badge(db.session.get(Application, a))
        for a, fate in plan.items()
        if fate in ("printed", "collected")
    ]
    badges.mark_printed(to_print, officer)
    for application_id, fate in plan.items():
        if fate == "collected":
            badge = badges.current_badge(db.session.get(Application, application_id))
            status.collect(badge.serial, "Đỗ Minh Đức (đầu mối Báo Nhân Dân)", officer)
    db.session.flush()


def seed_late() -> None:
    """The lists sent before this demo's outlets (every other approved journalist) came back cleared."""
    with scope.in_event(current_event()):
        officer = db.session.scalar(select(User).where(User.email == OFFICER))
        if officer is None:
            return
        earlier = vetting.to_vet()
        vetting.mark_sent(earlier, officer)
        for record in db.session.scalars(
            select(VettingRecord).where(VettingRecord.application_id.in_([a.id for a in earlier] or [0]))
        ):
            record.status, record.reference = "cleared", "287/ANCT-PA"
            record.decided_at, record.decided_by_id = utcnow(), officer.id
        db.session.flush()
