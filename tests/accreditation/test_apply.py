"""A journalist applies through the form, follows the status page and sees only their own files."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select

from app.accreditation.models import Application, MediaOrganisation
from app.core import uploads
from app.core.models import AuditEvent, OutboxMessage
from tests.accreditation.conftest import jpeg_bytes, png_bytes, upload_files


def test_the_form_shows_every_field_and_the_photo_guidance(client, auth, zones):
    auth.login("journalist")
    page = client.get("/DH16/accreditation/apply").get_data(as_text=True)
    for label in (
        "Họ và tên",
        "Ngày sinh",
        "Số CCCD",
        "Số thẻ nhà báo",
        "Cơ quan báo chí",
        "Chức vụ",
        "Loại tác nghiệp",
        "Điện thoại",
        "E-mail",
        "Ảnh chân dung",
        "Giấy giới thiệu",
        "Khu vực",
    ):
        assert label in page, label
    assert "phông nền trơn" in page.lower()  # plain background guidance
    for vietnamese in ("Phóng viên", "Phóng viên ảnh", "Quay phim", "Kỹ thuật viên", "Biên tập viên"):
        assert vietnamese in page
    assert "Trung tâm báo chí" in page and "Phòng họp báo" in page


def test_a_journalist_applies_and_follows_the_status(client, auth, db, form_data, submit_form, mailbox, app):
    user = auth.login("journalist", email="a.nguyen@example.vn")
    assert "Bạn chưa đăng ký" in client.get("/DH16/accreditation/status").get_data(as_text=True)

    response = submit_form(form_data())
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/DH16/accreditation/status")

    application = db.session.scalar(select(Application))
    assert application.user_id == user.id
    assert application.full_name == "Nguyễn Văn A"
    assert application.phone == "+84912345678"
    assert application.status == "submitted"
    assert application.search_key.startswith("nguyen van a bao tuoi tre")
    assert [z.code for z in application.zones] == ["PC", "HT"]

    # photo: re-encoded without EXIF, in the printed size and a thumbnail; the letter kept as PDF
    full = Image.open(uploads.path_of(application.photo_key))
    thumb = Image.open(uploads.path_of(application.photo_thumb_key))
    assert full.size == (300, 400) and thumb.size == (90, 120)
    assert b"SpyCam" not in uploads.read_upload(application.photo_key)
    assert uploads.read_upload(application.letter_key).startswith(b"%PDF-")
    assert len(upload_files(app)) == 3

    page = client.get("/DH16/accreditation/status").get_data(as_text=True)
    assert "Nguyễn Văn A" in page and "chờ duyệt" in page
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.subject_type == "Application")) == (
        "application.submit"
    )
    mailbox.deliver()
    [message] = mailbox.to("a.nguyen@example.vn")
    assert "đã nhận" in message["Subject"].lower()
    assert "http://localhost/DH16/accreditation/status" in mailbox.links(message)

    # a second visit to the form goes to the status page: one application per person
    response = client.get("/DH16/accreditation/apply")
    assert response.status_code == 302 and response.headers["Location"].endswith("/DH16/accreditation/status")


def test_png_photo_and_international_phone(client, auth, db, form_data, submit_form):
    auth.login("journalist")
    data = form_data(photo=(io.BytesIO(png_bytes((400, 500))), "anh.png"), phone="+33 6 12 34 56 78")
    assert submit_form(data).status_code == 302
    application = db.session.scalar(select(Application))
    assert application.phone == "+33612345678"
    assert Image.open(uploads.path_of(application.photo_key)).format == "JPEG"


def test_a_journalist_can_propose_a_new_organisation(client, auth, db, form_data, submit_form):
    auth.login("journalist")
    data = form_data(
        organisation="0", new_organisation="Tạp chí Người Làm Báo", new_organisation_kind="online"
    )
    assert submit_form(data).status_code == 302
    org = db.session.scalar(
        select(MediaOrganisation).where(MediaOrganisation.name == "Tạp chí Người Làm Báo")
    )
    assert org is not None and org.confirmed is False and org.kind == "online"
    assert db.session.scalar(select(Application)).organisation_id == org.id
    # a journalist picking neither gets a clear message
    auth.logout()
    auth.login("journalist")
    response = submit_form(form_data(organisation="0", national_id="001085099999", press_card_number=""))
    assert response.status_code == 400
    assert "đề xuất" in response.get_data(as_text=True)


def test_proposing_an_existing_name_reuses_it(client, auth, db, form_data, submit_form):
    auth.login("journalist")
    data = form_data(organisation="0", new_organisation="bao tuoi tre")
    assert submit_form(data).status_code == 302
    assert db.session.scalar(select(func.count(MediaOrganisation.id))) == 1


def test_photo_route_owner_staff_and_others(client, auth, make_application, db, app):
    from app.accreditation import services

    application = make_application()
    stored = services.store_files(
        _storage(jpeg_bytes(), "p.jpg"),
        None,
    )
    application.photo_key, application.photo_thumb_key = stored.photo_key, stored.photo_thumb_key
    db.session.commit()
    url = f"/DH16/accreditation/applications/{application.id}/photo/thumb"

    auth.login(user=application.user)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/DH16/accreditation/applications/{application.id}/photo/huge").status_code == 404
    assert (
        client.get(f"/DH16/accreditation/applications/{application.id}/letter").status_code == 404
    )  # none sent
    auth.logout()

    auth.login("journalist")  # someone else's photo: as if it did not exist
    assert client.get(url).status_code == 404
    auth.logout()
    for role in ("accreditation_officer", "admin"):
        auth.login(role)
        assert client.get(url).status_code == 200, role
        auth.logout()
    # Gate staff get only valid holders' photos at the scanner's size (/api/v1/photos/<id>).
    for role in ("scanner", "press_officer"):
        auth.login(role)
        assert client.get(url).status_code == 403, role
        assert client.get(url.replace("/thumb", "/full")).status_code == 403, role
        auth.logout()


def test_letter_route_owner_and_reviewers_only(client, auth, db, form_data, submit_form):
    owner = auth.login("journalist")
    submit_form(form_data())
    application = db.session.scalar(select(Application).where(Application.user_id == owner.id))
    url = f"/DH16/accreditation/applications/{application.id}/letter"
    response = client.get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    auth.logout()
    auth.login("journalist")
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login("scanner")
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login("accreditation_officer")
    assert client.get(url).status_code == 200


def test_nav_shows_my_accreditation_to_journalists(client, auth):
    auth.login("journalist")
    page = client.get("/DH16/").get_data(as_text=True)
    assert "/DH16/accreditation/status" in page
    assert "/DH16/accreditation/queue" not in page


def test_no_outbox_or_rows_on_get(client, auth, db, zones):
    auth.login("journalist")
    client.get("/DH16/accreditation/apply")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def _storage(data, name):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename=name)
