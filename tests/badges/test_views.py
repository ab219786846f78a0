"""The badge pages as officers and journalists use them: queue, print runs, reprint, revoke, downloads."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.badges import services
from app.badges.models import Badge
from app.core.models import AuditEvent, OutboxMessage
from tests.badges.conftest import decode_qr_codes, pdf_text


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("role", ["journalist", "scanner", "press_officer", "organiser"])
def test_staff_pages_need_the_print_permission(client, auth, approved, role):
    _application, badge = approved()
    auth.login(role)
    assert client.get("/DH16/badges").status_code == 403
    assert client.get(f"/DH16/badges/{badge.id}").status_code == 403
    token = client.csrf_token("/")
    response = client.post("/DH16/badges/print", data={"csrf_token": token, "badge_ids": [badge.id]})
    assert response.status_code == 403
    assert badge.printed_at is None


def test_queue_lists_filters_and_searches_without_accents(client, auth, approved, make_user):
    officer = auth.login("accreditation_officer")
    (_a, anh), (_b, duc) = approved("Nguyễn Văn Ánh"), approved("Đặng Minh Đức")
    services.mark_printed([duc], officer)
    page = client.get("/DH16/badges").get_data(as_text=True)
    assert anh.serial in page and duc.serial not in page
    page = client.get("/DH16/badges?status=printed").get_data(as_text=True)
    assert duc.serial in page and anh.serial not in page and officer.full_name in page
    page = client.get("/DH16/badges?status=all&q=dang+minh").get_data(as_text=True)
    assert duc.serial in page and anh.serial not in page
    assert client.get("/DH16/badges?status=bogus&page=x").status_code == 200
    # the officer searches a printed badge's serial with the default filter ("not printed")
    page = client.get(f"/DH16/badges?status=unprinted&q={duc.serial}").get_data(as_text=True)
    assert duc.serial in page and "1 thẻ" in page and "Đã in" in page


def test_printing_selected_badges_gives_a_sheet_and_marks_them_printed(db, client, auth, approved):
    officer = auth.login("accreditation_officer")
    rows = [approved(f"Nguyễn Văn {name}")[1] for name in ("An", "Bình", "Cường")]
    chosen = rows[:2]
    response = client.submit(
        "/DH16/badges/print", {"badge_ids": [b.id for b in chosen]}, form_url="/DH16/badges"
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Badges-Printed"] == "2"
    data = response.get_data()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert sorted(decode_qr_codes(data)) == sorted(services.payload_of(b) for b in chosen)
    assert "Nguyễn Văn An" in pdf_text(data)
    db.session.expire_all()
    assert all(b.printed_at is not None and b.printed_by_id == officer.id for b in chosen)
    assert rows[2].printed_at is None
    assert _count(db, AuditEvent, AuditEvent.action == "badge.print") == 2
    assert rows[2].serial in client.get("/DH16/badges").get_data(as_text=True)


def test_print_all_unprinted_prints_only_what_is_waiting(db, client, auth, approved):
    officer = auth.login("accreditation_officer")
    (_a, done), (_b, waiting), (_c, revoked) = approved("A An"), approved("B Bình"), approved("C Cúc")
    services.mark_printed([done], officer)
    services.revoke_badge(revoked, officer, "Không còn tác nghiệp")
    db.session.commit()
    response = client.submit("/DH16/badges/print", {"scope": "unprinted"}, form_url="/DH16/badges")
    assert response.headers["X-Badges-Printed"] == "1"
    assert decode_qr_codes(response.get_data()) == [services.payload_of(waiting)]
    response = client.submit("/DH16/badges/print", {"scope": "unprinted"}, form_url="/DH16/badges")
    assert response.status_code == 302
    assert "đã được in" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_refused_print_run_changes_nothing(db, client, auth, approved):
    officer = auth.login("accreditation_officer")
    (_a, printed), (_b, fresh) = approved("A An"), approved("B Bình")
    services.mark_printed([printed], officer)
    db.session.commit()
    before = _count(db, AuditEvent)
    response = client.submit(
        "/DH16/badges/print", {"badge_ids": [printed.id, fresh.id]}, form_url="/DH16/badges"
    )
    assert response.status_code == 400
    assert printed.serial in response.get_data(as_text=True)
    response = client.submit("/DH16/badges/print", {}, form_url="/DH16/badges")
    assert response.status_code == 400 and "ít nhất một thẻ" in response.get_data(as_text=True)
    response = client.submit("/DH16/badges/print", {"badge_ids": ["abc"]}, form_url="/DH16/badges")
    assert response.status_code == 400
    db.session.expire_all()
    assert fresh.printed_at is None and _count(db, AuditEvent) == before


def test_reprint_of_a_printed_badge_warns_first_then_supersedes_at_once(
    db, client, auth, approved, make_user
):
    officer = auth.login("accreditation_officer", full_name="Trần Thị Thu Hà")
    application, badge = approved()
    services.mark_printed([badge], officer)
    db.session.commit()

    response = client.submit(f"/DH16/badges/{badge.id}/reprint", {}, form_url=f"/DH16/badges/{badge.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-testid="reprint-warning"' in page
    assert "Trần Thị Thu Hà" in page and badge.printed_at.strftime("%Y") in page
    assert _count(db, Badge) == 1  # nothing happened yet

    response = client.submit(
        f"/DH16/badges/{badge.id}/reprint",
        {"confirm": "1", "reason": "Thẻ bị hỏng"},
        form_url=f"/DH16/badges/{badge.id}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    new = services.current_badge(application)
    assert new.version == 2 and new.id != badge.id and badge.superseded_at is not None
    assert response.headers["Location"].endswith(f"/DH16/badges/{new.id}")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "badge.reprint"))
    assert event.actor_id == officer.id and event.details["reason"] == "Thẻ bị hỏng"
    assert _count(db, OutboxMessage) == 1
    page = client.get(f"/DH16/badges/{new.id}").get_data(as_text=True)
    assert page.count('data-testid="version-row"') == 2

    # The old version cannot be reprinted again (no second current version).
    response = client.submit(
        f"/DH16/badges/{badge.id}/reprint", {"confirm": "1"}, form_url=f"/DH16/badges/{badge.id}"
    )
    assert response.status_code == 302 and _count(db, Badge) == 2


def test_reprint_of_an_unprinted_badge_needs_no_warning(db, client, auth, approved):
    auth.login("accreditation_officer")
    application, badge = approved()
    response = client.submit(f"/DH16/badges/{badge.id}/reprint", {}, form_url=f"/DH16/badges/{badge.id}")
    assert response.status_code == 302
    assert services.current_badge(application).version == 2


def test_revoke_needs_a_reason_and_is_audited(db, client, auth, approved):
    auth.login("accreditation_officer")
    application, badge = approved()
    response = client.submit(
        f"/DH16/badges/{badge.id}/revoke", {"reason": ""}, form_url=f"/DH16/badges/{badge.id}"
    )
    assert response.status_code == 400 and "Vui lòng nêu lý do" in response.get_data(as_text=True)
    db.session.expire_all()
    assert badge.revoked_at is None
    response = client.submit(
        f"/DH16/badges/{badge.id}/revoke",
        {"reason": "Phóng viên vi phạm quy chế"},
        form_url=f"/DH16/badges/{badge.id}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert badge.revoked_at is not None and badge.revoke_reason == "Phóng viên vi phạm quy chế"
    assert _count(db, AuditEvent, AuditEvent.action == "badge.revoke") == 1
    assert "Phóng viên vi phạm quy chế" in client.get(f"/DH16/badges/{badge.id}").get_data(as_text=True)
    assert client.get(f"/DH16/badges/{badge.id}.pdf").status_code == 200  # staff still see it, stamped
    assert services.journalist_badge(application.user_id) is None


def test_journalist_downloads_only_their_own_current_badge(db, client, auth, approved, make_user):
    application_a, badge_a = approved("Nguyễn Văn A")
    application_b, badge_b = approved("Lê Thị B")
    auth.login(user=application_a.user)
    response = client.get("/DH16/badges/mine.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert decode_qr_codes(response.get_data()) == [services.payload_of(badge_a)]
    assert client.get(f"/DH16/badges/{badge_a.id}.pdf").status_code == 200
    # B's badge, by its id: not found, whatever the id.
    assert client.get(f"/DH16/badges/{badge_b.id}.pdf").status_code == 404
    assert client.get("/DH16/badges/999999.pdf").status_code == 404
    assert client.get(f"/DH16/badges/{badge_b.id}").status_code == 403

    services.reprint_badge(badge_a, make_user("accreditation_officer"))
    db.session.commit()
    assert client.get(f"/DH16/badges/{badge_a.id}.pdf").status_code == 404  # the replaced version


def test_a_journalist_without_a_badge_gets_404(db, client, auth, make_application, approved):
    pending = make_application(status="submitted")
    auth.login(user=pending.user)
    assert client.get("/DH16/badges/mine.pdf").status_code == 404
    _application, other = approved()
    assert client.get(f"/DH16/badges/{other.id}.pdf").status_code == 404


def test_staff_download_any_version(db, client, auth, approved):
    auth.login("accreditation_officer")
    _application, badge = approved()
    response = client.get(f"/DH16/badges/{badge.id}.pdf")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert client.get("/DH16/badges/999999.pdf").status_code == 404
    assert client.get("/DH16/badges/999999").status_code == 404


def test_the_badge_page_shows_the_holders_photo_for_reprint_checks(client, auth, approved):
    """Before a reprint the desk compares the person at the counter with the printed photo."""
    auth.login("accreditation_officer")
    application, badge = approved("Phan Thị Thu Trang")
    page = client.get(f"/DH16/badges/{badge.id}").get_data(as_text=True)
    src = f"/DH16/accreditation/applications/{application.id}/photo/full"
    assert f'src="{src}"' in page and 'alt="Ảnh của Phan Thị Thu Trang"' in page
    photo = client.get(src)
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    _app2, no_photo = approved("Lê Văn Không Ảnh", photo=False)
    assert "Chưa có ảnh" in client.get(f"/DH16/badges/{no_photo.id}").get_data(as_text=True)
