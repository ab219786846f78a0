"""Bad input on the application form: each gets a clear message and nothing is half-saved."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.accreditation import validation
from app.accreditation.models import Application, MediaOrganisation
from app.core.models import AuditEvent, OutboxMessage
from tests.accreditation.conftest import jpeg_bytes, pdf_bytes, upload_files


def _bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")
    return out.getvalue()


def _polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("evil.html", "<script>alert(1)</script>")
    return jpeg_bytes() + archive.getvalue()


BAD_PHOTOS = {
    "renamed executable": (b"MZ\x90\x00\x03" + b"\x00" * 500, "không phải ảnh JPEG hoặc PNG hợp lệ"),
    "svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "không phải ảnh JPEG hoặc PNG hợp lệ",
    ),
    "truncated jpeg": (jpeg_bytes()[:400], "không phải ảnh JPEG hoặc PNG hợp lệ"),
    "decompression bomb": (_bomb(), "quá nhiều điểm ảnh"),
    "polyglot": (_polyglot(), "không phải ảnh JPEG hoặc PNG hợp lệ"),
    "too small": (jpeg_bytes((200, 260)), "300×400"),
    "oversize": (jpeg_bytes((600, 800)) + b"\x00" * (5 * 1024 * 1024), "tối đa 5"),
}


def _nothing_saved(db, app):
    assert db.session.scalar(select(func.count(Application.id))) == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert (
        db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.subject_type == "Application"))
        == 0
    )
    assert upload_files(app) == []


@pytest.mark.parametrize("name", BAD_PHOTOS)
def test_bad_photos_are_refused_with_a_message(client, auth, db, app, form_data, submit_form, name):
    content, message = BAD_PHOTOS[name]
    auth.login("journalist")
    response = submit_form(form_data(photo=(io.BytesIO(content), "anh.jpg")))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page.lower() or message in page, page[page.find("<main") :][:3000]
    assert "Chưa có gì được lưu" in page
    _nothing_saved(db, app)


BAD_LETTERS = {
    "html renamed as pdf": b"<html><body>%PDF-1.4</body></html>",
    "pdf header then html": b"%PDF-1.4\n<html><script>alert(1)</script></html>",
    "executable": b"MZ\x90\x00" + b"\x00" * 100,
    "truncated pdf": pdf_bytes()[:200],
    "a jpeg": jpeg_bytes(),
}


@pytest.mark.parametrize("name", BAD_LETTERS)
def test_bad_letters_are_refused_and_the_good_photo_is_not_kept(
    client, auth, db, app, form_data, submit_form, name
):
    auth.login("journalist")
    response = submit_form(form_data(letter=(io.BytesIO(BAD_LETTERS[name]), "giay.pdf")))
    assert response.status_code == 400
    assert "không phải tài liệu PDF hợp lệ" in response.get_data(as_text=True)
    _nothing_saved(db, app)  # the photo stored first was deleted again


def test_oversize_letter(client, auth, db, app, form_data, submit_form):
    auth.login("journalist")
    big = pdf_bytes() + b"%" + b"0" * (10 * 1024 * 1024)
    response = submit_form(form_data(letter=(io.BytesIO(big), "giay.pdf")))
    assert response.status_code == 400
    assert "tối đa 10" in response.get_data(as_text=True)
    _nothing_saved(db, app)


def test_missing_files_are_asked_for(client, auth, db, app, form_data, submit_form):
    auth.login("journalist")
    response = submit_form(form_data(photo=None, letter=None))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vui lòng chọn ảnh chân dung" in page and "Vui lòng đính kèm giấy giới thiệu" in page
    _nothing_saved(db, app)


def test_every_error_of_a_submission_shows_at_once(client, auth, db, app, form_data, submit_form):
    """A wrong ID number, an impossible date, a photo that is no image and a letter that is no
    PDF: one submission tells all four, not one after the other."""
    auth.login("journalist")
    data = form_data(
        national_id="12345",
        date_of_birth="31/02/1990",
        photo=(io.BytesIO(b"MZ\x90\x00 not a photo"), "anh.jpg"),
        letter=(io.BytesIO(b"<html>not a pdf</html>"), "giay.pdf"),
    )
    response = submit_form(data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "đúng 12 chữ số" in page
    assert "Không có ngày 31/02/1990" in page
    assert "không phải tài liệu PDF hợp lệ" in page
    assert "không phải ảnh JPEG hoặc PNG hợp lệ" in page
    missing = submit_form(form_data(national_id="12345", photo=None, letter=None)).get_data(as_text=True)
    assert "Vui lòng chọn ảnh chân dung" in missing and "Vui lòng đính kèm giấy giới thiệu" in missing
    _nothing_saved(db, app)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/1990", "Không có ngày 31/02/1990"),
        ("1990-13-01", "dd/mm/yyyy"),
        ("hôm qua", "dd/mm/yyyy"),
        ("01/01/1900", "Ngày sinh phải trong khoảng"),
        ("01/01/2030", "Ngày sinh phải trong khoảng"),
        ("", "Vui lòng nhập ngày sinh"),
    ],
)
def test_bad_dates(client, auth, db, app, form_data, submit_form, value, message):
    auth.login("journalist")
    response = submit_form(form_data(date_of_birth=value))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    _nothing_saved(db, app)


@pytest.mark.parametrize("value", ["12345", "abc", "+0912345678", "091234567a", "1234567890"])
def test_bad_phones(client, auth, db, app, form_data, submit_form, value):
    auth.login("journalist")
    response = submit_form(form_data(phone=value))
    assert response.status_code == 400
    assert "0912 345 678" in response.get_data(as_text=True)
    _nothing_saved(db, app)


@pytest.mark.parametrize("value", ["12345678901", "1234567890123", "00108501234X", "001-085-012"])
def test_bad_national_ids(client, auth, db, app, form_data, submit_form, value):
    auth.login("journalist")
    response = submit_form(form_data(national_id=value))
    assert response.status_code == 400
    assert "Số CCCD gồm đúng 12 chữ số" in response.get_data(as_text=True)
    _nothing_saved(db, app)


def test_markup_and_bad_choices_are_refused(client, auth, db, app, form_data, submit_form):
    auth.login("journalist")
    response = submit_form(
        form_data(
            full_name="<script>x</script>", category="astronaut", organisation="999999", zones=["999999"]
        )
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Không được dùng ký tự" in page
    assert "Vui lòng chọn loại tác nghiệp" in page
    assert "Vui lòng chọn cơ quan báo chí" in page
    assert "Chọn khu vực trong danh sách" in page
    _nothing_saved(db, app)


def test_an_empty_post_is_a_clear_400(client, auth, db, app, zones):
    auth.login("journalist")
    response = client.submit("/DH16/accreditation/apply", {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Vui lòng nhập họ và tên" in response.get_data(as_text=True)
    _nothing_saved(db, app)


@pytest.mark.parametrize("field", ["national_id", "press_card_number"])
def test_duplicates_are_refused_with_the_existing_record(
    client, auth, db, app, form_data, submit_form, make_application, field
):
    existing = make_application(national_id="001085012345", press_card_number="NB-12345")
    auth.login("journalist")
    other = {"national_id": "001085099999", "press_card_number": "NB-99999"}
    other.pop(field)
    response = submit_form(form_data(**other))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"số {existing.id}" in page and "Mỗi người chỉ đăng ký một hồ sơ" in page
    assert db.session.scalar(select(func.count(Application.id))) == 1
    assert upload_files(app) == []


def test_a_lost_race_on_the_unique_constraint_leaves_nothing(
    client, auth, db, app, form_data, submit_form, monkeypatch
):
    """The check before insert passes, the database refuses: files deleted, clear message."""
    from app.accreditation import services

    monkeypatch.setattr(services, "find_duplicate", lambda *a, **k: None)
    first = auth.login("journalist")
    assert submit_form(form_data()).status_code == 302
    auth.logout()
    auth.login("journalist")
    response = submit_form(form_data(press_card_number="NB-77777"))
    assert response.status_code == 400
    assert "Đã có hồ sơ với số CCCD hoặc số thẻ nhà báo này" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Application.id))) == 1
    assert len(upload_files(app)) == 3  # only the first application's photo (2 sizes) and letter
    assert db.session.scalar(select(Application.user_id)) == first.id


def test_a_failed_proposal_leaves_no_organisation(
    client, auth, db, app, form_data, submit_form, make_application
):
    make_application(national_id="001085012345")
    auth.login("journalist")
    before = db.session.scalar(select(func.count(MediaOrganisation.id)))
    response = submit_form(form_data(organisation="0", new_organisation="Báo Mới Toanh"))
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(MediaOrganisation.id))) == before


# ----------------------------------------------------------------------------- rules directly
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("(024) 3825 1234", "+842438251234"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+1 (202) 555-0147", "+12025550147"),
    ],
)
def test_phone_normalisation(raw, expected):
    assert validation.normalise_phone(raw) == expected


def test_birth_date_range_is_16_to_90_years(app):
    with app.test_request_context():
        earliest, latest = validation.birth_date_range(date(2026, 3, 1))
        assert earliest == date(1936, 3, 1) and latest == date(2010, 3, 1)
        assert validation.birth_date_range(date(2028, 2, 29))[1] == date(2012, 2, 28)


def test_category_words(app):
    assert validation.parse_category("Phóng viên ảnh") == "photographer"
    assert validation.parse_category("QUAY PHIM") == "camera"
    assert validation.parse_category("editor") == "editor"
    with app.test_request_context(), pytest.raises(validation.FieldError):
        validation.parse_category("đạo diễn")
