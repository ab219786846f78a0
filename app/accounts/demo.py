"""Demo accounts, one per role (demo data only; the password is printed by ``make run``)."""

from __future__ import annotations

from app.accounts import services
from app.accounts.models import User
from app.core.permissions import Role
from app.core.timeutil import utcnow
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
]


def seed() -> dict[str, User]:
    """Create the demo accounts; returns them by role."""
    users = {}
    for email, name, role in DEMO_USERS:
        if role == Role.JOURNALIST:
            user = User(email=email, full_name=name, role=role, email_verified_at=utcnow())
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        else:
            user = services.create_staff_user(email, name, role, password=DEMO_PASSWORD)
        users[str(role)] = user
    db.session.flush()
    return users
