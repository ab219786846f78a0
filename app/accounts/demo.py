"""Demo accounts, one per role (demo data only; the password is printed by ``make run``)."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts import services
from app.accounts.models import User
from app.core.permissions import Role
from app.core.timeutil import utcnow
from app.events.services import current_event_id
from app.extensions import db

DEMO_PASSWORD = "demo-2025-press"  # noqa: S105 - demo data only, printed by make run

DEMO_USERS = [
    ("admin@demo.presscentre.vn", "Nguyễn Quản Trị", Role.ADMIN),
    ("duyet.the@demo.presscentre.vn", "Trần Thị Thu Hà", Role.ACCREDITATION_OFFICER),
    ("cong.a@demo.presscentre.vn", "Lê Văn Cường", Role.SCANNER),
    ("baochi@demo.presscentre.vn", "Phạm Minh Đức", Role.PRESS_OFFICER),
    ("truongtt@demo.presscentre.vn", "Hoàng Thị Lan", Role.APPROVER),
    ("tieuban@demo.presscentre.vn", "Võ Đình Khánh", Role.ORGANISER),
    ("donvi@demo.presscentre.vn", "Đặng Thị Mai", Role.UNIT_MEMBER),
    ("phongvien@demo.presscentre.vn", "Nguyễn Văn An", Role.JOURNALIST),
    ("tonghop@demo.presscentre.vn", "Bùi Quang Vinh", Role.OVERVIEW),
]


def seed() -> dict[str, User]:
    """Create the demo accounts; returns them by role. Staff roles hold in the provincial congress."""
    event_id = current_event_id()
    users = {}
    for email, name, role in DEMO_USERS:
        if role == Role.JOURNALIST:
            user = User(email=email, full_name=name, role=role, email_verified_at=utcnow())
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        else:
            user = services.create_staff_user(email, name, role, password=DEMO_PASSWORD, event_id=event_id)
        users[str(role)] = user
    db.session.flush()
    return users


def seed_season() -> None:
    """The accreditation officer also worked the district congress: two congresses, one switcher."""
    from app.events.demo import district
    from app.events.services import appoint

    event = district()
    officer = db.session.scalar(select(User).where(User.email == "duyet.the@demo.presscentre.vn"))
    if event is not None and officer is not None:
        appoint(officer.id, event, Role.ACCREDITATION_OFFICER)
