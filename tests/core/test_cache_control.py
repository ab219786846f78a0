"""No page of a signed-in user, and no file with personal data, is kept in a browser or proxy cache."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from app.core import uploads
from tests.badges.conftest import approved, portrait_jpeg  # noqa: F401  (fixture)
from tests.checkin.conftest import make_gate  # noqa: F401  (fixture)


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("role", "urls"),
    [
        (
            "admin",
            ["/", "/admin/users", "/admin/audit", "/admin/users/new", "/DH16/dashboard", "/DH16/releases/"],
        ),
        (
            "journalist",
            ["/", "/DH16/accreditation/status", "/DH16/accreditation/apply", "/DH16/briefings/mine"],
        ),
        ("accreditation_officer", ["/DH16/accreditation/queue", "/DH16/badges"]),
        ("press_officer", ["/DH16/releases/manage"]),
        ("scanner", ["/DH16/scanner/"]),
    ],
)
def test_signed_in_pages_are_not_stored(client, auth, role, urls):
    auth.login(role)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        assert _no_store(response), (url, response.headers.get("Cache-Control"))


def test_the_gate_pack_is_not_stored_but_still_answers_304(client, auth, make_gate):  # noqa: F811
    auth.login("scanner")
    gate = make_gate()
    first = client.get(f"/DH16/api/v1/gates/{gate.id}/pack")
    assert first.status_code == 200 and _no_store(first)
    again = client.get(f"/DH16/api/v1/gates/{gate.id}/pack", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304  # the scanner page keeps the ETag itself (static/checkin/scanner.js)


def test_badge_photo_and_letter_files_are_not_stored(db, client, auth, approved):  # noqa: F811
    application, badge = approved()
    application.letter_key = uploads.save_pdf(
        FileStorage(stream=io.BytesIO(_pdf()), filename="giay.pdf"), "letters"
    )
    thumb = uploads.save_image_bytes(portrait_jpeg(), "photos", sizes={"thumb": (120, 160)})
    application.photo_thumb_key = thumb.keys["thumb"]
    db.session.commit()
    auth.login("accreditation_officer")
    for url in (
        f"/DH16/badges/{badge.id}.pdf",
        f"/DH16/accreditation/applications/{application.id}/photo/full",
        f"/DH16/accreditation/applications/{application.id}/photo/thumb",
        f"/DH16/accreditation/applications/{application.id}/letter",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_static_files_stay_cacheable_for_signed_in_users(client, auth):
    auth.login("admin")
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and not _no_store(response)


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(100, 750, "Giay gioi thieu")
    page.save()
    return out.getvalue()
