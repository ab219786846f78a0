"""Outlet fixtures: a desk officer, an outlet with its focal point, XLSX builders."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from app.outlets import lists
from app.outlets import services as outlets


def person_row(n: int, **overrides) -> list:
    row = {
        "full_name": f"Nguyễn Văn Thử {n}",
        "date_of_birth": "17/05/1985",
        "national_id": f"0010850{n:05d}",
        "press_card_number": "",
        "position": "Phóng viên",
        "category": "Phóng viên",
        "phone": "0912345678",
        "email": f"thu{n}@nhandan.vn",
    }
    row.update(overrides)
    return [row[field] for field, _h in lists.COLUMNS]


def xlsx(rows: list[list], headers=lists.HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def officer(make_user):
    return make_user("accreditation_officer", full_name="Phạm Thu Trang")


@pytest.fixture
def outlet(db, make_user, make_organisation, make_zone, officer):
    """Factory: (organisation, focal point row, focal user) for a new outlet."""

    def make(name: str = "Báo Nhân Dân", level: str = "central"):
        make_zone("PC")
        org = make_organisation(name=name, level=level)
        user = make_user("journalist", full_name=f"Đầu mối {name}")
        focal = outlets.invite_focal_point(
            email=user.email,
            full_name=user.full_name,
            organisation_id=org.id,
            phone="0912000000",
            position="Thư ký tòa soạn",
            actor=officer,
        )
        db.session.commit()
        return org, focal, user

    return make
