"""The library end to end: staff add items through the pages, readers see, search and download
them; photos carry caption, credit and terms read back by exiftool; albums as one ZIP; short
links and QR codes; the download log per reader and outlet."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select

from app.core.models import AuditEvent
from app.core.timeutil import utcnow
from app.newsroom import hooks
from app.newsroom.models import Album, MediaItem
from app.releases.models import DownloadLog
from tests.newsroom.conftest import docx_bytes, exiftool, jpeg_bytes, mp4_bytes, pdf_bytes


def _item_form(name: str, data: bytes, **fields) -> dict:
    form = {
        "item-caption": "Đại biểu biểu quyết thông qua Nghị quyết Đại hội",
        "item-caption_en": "Delegates vote on the congress resolution",
        "item-credit": "Ảnh: TTXVN",
        "item-terms": "editorial_no_alter",
        "item-audience": "public",
        "item-embargo_until": "",
        "item-file": (io.BytesIO(data), name),
    }
    form.update(fields)
    return form


def test_staff_build_an_album_through_the_pages(client, auth, db):
    auth.login("press_officer")
    response = client.submit(
        "/DH16/library/manage", {"title": "Phiên khai mạc", "title_en": "Opening", "kind": "session"}
    )
    assert response.status_code == 302
    album = db.session.scalar(select(Album))
    page_url = f"/DH16/library/manage/albums/{album.id}"
    for name, data in [
        ("bieu-quyet.jpg", jpeg_bytes()),
        ("clip-khai-mac.mp4", mp4_bytes()),
        ("dien-van.pdf", pdf_bytes()),
        ("nghi-quyet.docx", docx_bytes()),
    ]:
        response = client.submit(
            f"{page_url}/items", _item_form(name, data), form_url=page_url, content_type="multipart/form-data"
        )
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    kinds = sorted(db.session.scalars(select(MediaItem.kind)))
    assert kinds == ["document", "document", "photo", "video"]
    names = set(db.session.scalars(select(MediaItem.filename)))
    assert names == {"bieu-quyet.jpg", "clip-khai-mac.mp4", "dien-van.pdf", "nghi-quyet.docx"}
    photo = db.session.scalar(select(MediaItem).where(MediaItem.kind == "photo"))
    assert (photo.width, photo.height) == (1600, 1067)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"library.album_created", "library.item_added"} <= actions


def test_photo_download_carries_caption_credit_and_terms(client, db, make_item, tmp_path, journalist):
    item = make_item(
        caption="Tổng Bí thư phát biểu khai mạc Đại hội",
        caption_en="The General Secretary opens the congress",
        credit="Ảnh: TTXVN",
        terms="editorial_no_alter",
    )
    response = client.get(f"/DH16/library/items/{item.id}/download")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    tags = exiftool(response.data, tmp_path)
    assert tags["IPTC:Caption-Abstract"] == "Tổng Bí thư phát biểu khai mạc Đại hội"
    assert tags["IPTC:Credit"] == "Ảnh: TTXVN"
    assert tags["XMP-dc:Description"] == "Tổng Bí thư phát biểu khai mạc Đại hội"
    assert tags["XMP-dc:Description-en"] == "The General Secretary opens the congress"
    assert tags["XMP-photoshop:Credit"] == "Ảnh: TTXVN"
    assert (
        tags["XMP-xmpRights:UsageTerms-en"]
        == "Editorial use only, credit as given; no cropping or alteration"
    )
    assert tags["XMP-xmpRights:UsageTerms"] == tags["IPTC:CopyrightNotice"]
    assert "cắt" in tags["XMP-xmpRights:UsageTerms"]  # Vietnamese terms ("không cắt, sửa")
    assert tags["IPTC:SpecialInstructions"] == tags["XMP-xmpRights:UsageTerms-en"]
    assert (tags["File:ImageWidth"], tags["File:ImageHeight"]) == (1600, 1067)  # full size
    # The preview is smaller and carries no metadata (it is for the page).
    preview = client.get(f"/DH16/library/items/{item.id}/image/preview")
    assert preview.status_code == 200
    assert "IPTC:Caption-Abstract" not in exiftool(preview.data, tmp_path)
    assert exiftool(preview.data, tmp_path)["File:ImageWidth"] == 1280


def test_a_corrected_caption_is_in_the_next_download(client, db, make_item, officer, tmp_path):
    from app.newsroom import services

    item = make_item()
    services.update_item(
        item, officer, caption="Chú thích đã sửa", credit="Ảnh: Báo Nhân Dân", terms="free_credit"
    )
    db.session.commit()
    tags = exiftool(client.get(f"/DH16/library/items/{item.id}/download").data, tmp_path)
    assert tags["IPTC:Caption-Abstract"] == "Chú thích đã sửa"
    assert tags["XMP-photoshop:Credit"] == "Ảnh: Báo Nhân Dân"


def test_album_zip_holds_every_item_with_metadata_and_is_logged(
    client, auth, db, make_album, make_item, tmp_path, journalist
):
    album = make_album("Họp báo")
    make_item(album, caption="Người phát ngôn trả lời phóng viên")
    make_item(album, name="thong-cao.pdf", data=pdf_bytes(), caption="Thông cáo số 1", credit="Nguồn: TTBC")
    make_item(album, name="clip.mp4", data=mp4_bytes(), caption="Clip họp báo", credit="Video: VTV")
    reader = journalist("central")
    auth.login(user=reader)
    response = client.get(f"/DH16/library/albums/{album.id}/download.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert len(names) == 4 and "chu-thich.txt" in names
    photo_name = next(name for name in names if name.endswith(".jpg"))
    assert (
        exiftool(archive.read(photo_name), tmp_path)["IPTC:Caption-Abstract"]
        == "Người phát ngôn trả lời phóng viên"
    )
    assert archive.read(next(n for n in names if n.endswith(".pdf"))).startswith(b"%PDF-")
    assert "Video: VTV" in archive.read("chu-thich.txt").decode()
    logs = db.session.scalars(select(DownloadLog)).all()
    assert len(logs) == 3
    assert {log.user_id for log in logs} == {reader.id}
    assert all(log.organisation_id is not None and log.album_id == album.id for log in logs)
    # The staff log shows the reader's outlet.
    auth.logout()
    auth.login("press_officer")
    page = client.get("/DH16/library/manage/downloads").get_data(as_text=True)
    assert page.count('data-testid="download-row"') == 3
    assert logs[0].organisation.name in page


def test_short_links_and_qr_codes(client, db, make_item):
    item = make_item()
    album = item.album
    assert len(item.short_code) == 8 and len(album.short_code) == 8
    response = client.get(f"/DH16/m/{item.short_code.lower()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/DH16/library/items/{item.id}"
    )
    response = client.get(f"/DH16/ma/{album.short_code}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/DH16/library/albums/{album.id}"
    )
    page = client.get(f"/DH16/library/items/{item.id}").get_data(as_text=True)
    assert f"http://localhost/DH16/m/{item.short_code}" in page and "<svg" in page
    assert client.get("/DH16/m/ZZZZZZZZ").status_code == 404
    assert client.get("/DH16/ma/not-a-code").status_code == 404


def test_print_sheet_has_a_qr_code_per_item(client, auth, make_item, make_album):
    album = make_album()
    for n in range(3):
        make_item(album, caption=f"Ảnh trang trí {n}")
    auth.login("press_officer")
    page = client.get(f"/DH16/library/manage/albums/{album.id}/print").get_data(as_text=True)
    assert page.count('data-testid="print-item"') == 3
    assert page.count("<svg") == 4


def test_search_is_accent_insensitive(client, make_item, make_album):
    album = make_album("Trang trí")
    make_item(album, caption="Pa nô chào mừng Đại hội trên đường Trần Phú")
    make_item(album, caption="Cờ hoa ở quảng trường", credit="Ảnh: Báo Nghệ An")
    page = client.get("/DH16/library/", query_string={"q": "tran phu"}).get_data(as_text=True)
    assert "Trần Phú" in page and "quảng trường" not in page
    page = client.get("/DH16/library/", query_string={"q": "BAO NGHE AN"}).get_data(as_text=True)
    assert "quảng trường" in page and "Trần Phú" not in page
    page = client.get("/DH16/library/", query_string={"kind": "video"}).get_data(as_text=True)
    assert 'data-testid="no-items"' in page


def test_an_albums_first_item_announces_it_once(db, make_album, make_item):
    heard = []

    def receiver(album, **kw):
        heard.append((album.id, kw["item"].id, kw["audience"]))

    hooks.album_published.connect(receiver)
    try:
        album = make_album()
        first = make_item(album, audience="accredited")
        make_item(album)
    finally:
        hooks.album_published.disconnect(receiver)
    assert heard == [(album.id, first.id, "accredited")]


def test_withdrawn_item_disappears_for_readers(client, auth, db, make_item):
    item = make_item()
    auth.login("press_officer")
    assert (
        client.submit(
            f"/DH16/library/manage/items/{item.id}/withdraw", form_url=f"/DH16/library/manage/items/{item.id}"
        ).status_code
        == 302
    )
    auth.logout()
    assert client.get(f"/DH16/library/items/{item.id}").status_code == 404
    assert client.get(f"/DH16/library/items/{item.id}/download").status_code == 404
    assert db.session.scalar(select(func.count(DownloadLog.id))) == 0


def test_an_archived_congress_still_hands_out_its_files(client, db, make_item, event):
    item = make_item()
    event.status = "archived"
    db.session.commit()
    assert client.get(f"/DH16/library/items/{item.id}/download").status_code == 200
    assert client.get(f"/DH16/library/albums/{item.album_id}/download.zip").status_code == 200
    assert db.session.scalar(select(func.count(DownloadLog.id))) == 0


def test_staff_edit_an_item_and_an_album_through_the_pages(client, auth, db, make_item, in_an_hour):
    from app.core.timeutil import to_local

    item = make_item(embargo_until=in_an_hour.replace(second=0, microsecond=0), audience="central")
    auth.login("press_officer")
    url = f"/DH16/library/manage/items/{item.id}"
    page = client.get(url).get_data(as_text=True)
    shown = to_local(item.embargo_until).strftime("%d/%m/%Y %H:%M")
    assert shown in page  # the embargo in local time
    form = {
        "caption": "Chú thích mới",
        "caption_en": "",
        "credit": "Ảnh: VNA",
        "terms": "free_credit",
        "audience": "accredited",
        "embargo_until": shown,
    }
    assert client.submit(url, form).status_code == 302
    db.session.refresh(item)
    assert (item.caption, item.credit, item.terms, item.audience) == (
        "Chú thích mới",
        "Ảnh: VNA",
        "free_credit",
        "accredited",
    )
    assert item.publish_at == item.embargo_until  # still embargoed
    response = client.submit(url, {**form, "credit": ""})
    assert response.status_code == 400 and "Vui lòng ghi nguồn" in response.get_data(as_text=True)
    # lifting the embargo: live at once
    assert client.submit(url, {**form, "embargo_until": ""}).status_code == 302
    db.session.refresh(item)
    assert item.embargo_until is None and item.publish_at <= utcnow()

    album_url = f"/DH16/library/manage/albums/{item.album_id}"
    response = client.submit(
        album_url, {"album-title": "Phiên bế mạc", "album-title_en": "", "album-kind": "session"}
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert "phien be mac" in item.search_key  # the album title is searched with its items
