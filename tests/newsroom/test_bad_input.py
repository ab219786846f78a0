"""Bad input: each refusal is a clear message in the user's language, and nothing is
half-written (no item row, no stored file)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.uploads import UploadError
from app.newsroom import services
from app.newsroom.models import MediaItem
from tests.newsroom.conftest import docx_bytes, jpeg_bytes, mp4_bytes, pdf_bytes, upload


@pytest.fixture
def english(app):
    """Service messages in English (outside a request they follow the default, Vietnamese)."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        yield


def _nothing_written(app, db) -> None:
    assert db.session.scalar(select(func.count(MediaItem.id))) == 0
    library = Path(app.config["UPLOAD_DIR"]) / "library"
    assert not library.exists() or not any(library.iterdir())


DESCRIPTION = {"caption": "Toàn cảnh hội trường", "credit": "Ảnh: TTXVN", "terms": "editorial_credit"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"caption": "   "}, "caption in Vietnamese"),
        ({"credit": ""}, "credit"),
        ({"terms": "anything"}, "usage terms"),
        ({"audience": "everyone"}, "who may see it"),
        ({"caption": "x" * 1001}, "caption is too long"),
        ({"credit": "x" * 101}, "credit is too long"),
    ],
)
def test_a_description_missing_or_wrong_is_refused_before_the_file_is_read(
    app, db, officer, make_album, english, fields, message
):
    album = make_album()
    with pytest.raises(services.LibraryError, match=message):
        services.add_item(album, officer, upload("anh.jpg", jpeg_bytes()), **{**DESCRIPTION, **fields})
    db.session.rollback()
    _nothing_written(app, db)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anh.jpg", pdf_bytes(), r"does not match its name \(\.jpg\): the file is not in JPEG format"),
        ("thong-cao.pdf", jpeg_bytes(), r"does not match its name \(\.pdf\): the file is not in PDF format"),
        ("nghi-quyet.docx", pdf_bytes(), r"\(\.docx\): the file is not in DOCX format"),
        ("thong-cao.pdf", docx_bytes(), r"\(\.pdf\): the file is not in PDF format"),
        ("clip.mp4", b"MZ\x90\x00" + b"\x00" * 400, r"\(\.mp4\): the file is not in MP4 format"),
        ("anh.jpeg", b"<svg onload='alert(1)'/>", r"the file is not in JPEG format"),
        ("clip.mp4", mp4_bytes()[:-40], "not a valid MP4 video"),  # cut off mid-box
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 300, "not a valid JPEG or PNG image"),
        ("anh.png", jpeg_bytes(), r"Only photos \(JPEG\), videos \(MP4\) and documents"),
        ("virus.exe", b"MZ" + b"\x00" * 100, "Only photos"),
        ("anh.jpg", b"", "empty"),
    ],
)
def test_content_that_does_not_match_its_name_is_refused(
    app, db, officer, make_album, english, name, data, message
):
    album = make_album()
    with pytest.raises((services.LibraryError, UploadError), match=message):
        services.add_item(album, officer, upload(name, data), **DESCRIPTION)
    db.session.rollback()
    _nothing_written(app, db)


def test_too_large_files_are_refused(app, db, officer, make_album, english, monkeypatch):
    album = make_album()
    big = jpeg_bytes() + b"\x00" * (services.PHOTO_MAX_BYTES)
    with pytest.raises(UploadError, match=r"too large \(at most 25[.,]0 MB\)"):
        services.add_item(album, officer, upload("anh.jpg", big), **DESCRIPTION)
    monkeypatch.setattr(services, "VIDEO_MAX_BYTES", 1000)
    monkeypatch.setattr(services, "DOCUMENT_MAX_BYTES", 1000)
    with pytest.raises(UploadError, match="too large"):
        services.add_item(album, officer, upload("clip.mp4", mp4_bytes() + b"\x00" * 1000), **DESCRIPTION)
    with pytest.raises(UploadError, match="too large"):
        services.add_item(album, officer, upload("thong-cao.pdf", pdf_bytes() * 3), **DESCRIPTION)
    db.session.rollback()
    _nothing_written(app, db)


def test_a_failure_after_storing_leaves_no_file(app, db, officer, make_album, monkeypatch):
    album = make_album()

    def broken(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.add_item(album, officer, upload("anh.jpg", jpeg_bytes()), **DESCRIPTION)
    db.session.rollback()
    _nothing_written(app, db)


def _post(client, album, name, data, **fields):
    url = f"/DH16/library/manage/albums/{album.id}"
    form = {
        "item-caption": "Toàn cảnh hội trường",
        "item-caption_en": "",
        "item-credit": "Ảnh: TTXVN",
        "item-terms": "editorial_credit",
        "item-audience": "public",
        "item-embargo_until": "",
        "item-file": (io.BytesIO(data), name),
        **fields,
    }
    return client.submit(f"{url}/items", form, form_url=url, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("name", "data", "fields", "message"),
    [
        ("anh.jpg", jpeg_bytes(), {"item-caption": ""}, "Vui lòng viết chú thích bằng tiếng Việt."),
        ("anh.jpg", jpeg_bytes(), {"item-credit": " "}, "Vui lòng ghi nguồn, ví dụ"),
        (
            "thong-cao.pdf",
            jpeg_bytes(),
            {},
            "Nội dung tệp không khớp với tên tệp (.pdf): tệp không ở định dạng PDF.",
        ),
        ("anh.jpg", jpeg_bytes() + b"\x00" * (26 * 1024 * 1024), {}, "Tệp quá lớn"),
        (
            "anh.jpg",
            jpeg_bytes(),
            {"item-embargo_until": "01/01/2020 08:00"},
            "Thời điểm hạn chế công bố đã qua",
        ),
        ("anh.jpg", jpeg_bytes(), {"item-embargo_until": "31/02/2030 08:00"}, "dd/mm/yyyy"),
    ],
)
def test_the_upload_page_answers_bad_input_in_vietnamese(
    app, client, auth, db, make_album, name, data, fields, message
):
    album = make_album()
    auth.login("press_officer")
    response = _post(client, album, name, data, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page, page[-4000:]
    _nothing_written(app, db)


def test_a_missing_file_is_a_clear_message(app, client, auth, db, make_album):
    album = make_album()
    auth.login("press_officer")
    url = f"/DH16/library/manage/albums/{album.id}"
    response = client.submit(
        f"{url}/items",
        {
            "item-caption": "Ảnh",
            "item-credit": "Ảnh: TTXVN",
            "item-terms": "free_credit",
            "item-audience": "public",
        },
        form_url=url,
    )
    assert response.status_code == 400
    assert "Vui lòng chọn tệp" in response.get_data(as_text=True)
    _nothing_written(app, db)


def test_an_album_needs_a_title(client, auth, db):
    auth.login("press_officer")
    response = client.submit("/DH16/library/manage", {"title": " ", "kind": "session"})
    assert response.status_code == 400
    assert "Vui lòng nhập tên album." in response.get_data(as_text=True)
