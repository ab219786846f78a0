"""Bulk import: template, own headers mapped to fields, photo ZIP, preview errors, one transaction."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.accounts.models import User
from app.accreditation import sheets
from app.accreditation.models import Application
from app.core.models import AuditEvent, OutboxMessage
from tests.accreditation.conftest import jpeg_bytes, upload_files


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def photo_zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def upload(
    client, sheet: bytes, name="danh-sach.xlsx", photos: bytes | None = None, organisation=0, zones=()
):
    data = {
        "sheet": (io.BytesIO(sheet), name),
        "organisation": str(organisation),
        "zones": [str(z) for z in zones],
    }
    if photos is not None:
        data["photos"] = (io.BytesIO(photos), "anh.zip")
    return client.submit("/DH16/accreditation/import", data, content_type="multipart/form-data")


def import_id_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return re.search(r"/import/([^/]+)/mapping", response.headers["Location"]).group(1)


def accept_mapping(client, import_id: str, overrides: dict | None = None):
    """Send the mapping page's form with the guessed (pre-selected) choices."""
    page = client.get(f"/DH16/accreditation/import/{import_id}/mapping").get_data(as_text=True)
    data = {}
    for index, select_html in re.findall(r'<select[^>]*name="col-(\d+)">(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', select_html)
        data[f"col-{index}"] = chosen.group(1) if chosen else ""
    data.update(overrides or {})
    return client.submit(f"/DH16/accreditation/import/{import_id}/mapping", data)


@pytest.fixture
def officer(auth):
    return auth.login("accreditation_officer")


def test_template_round_trip_with_photos(
    client, db, app, officer, zones, make_organisation, make_user, mailbox
):
    org = make_organisation("Báo Nghệ An", kind="newspaper", level="local")
    existing = make_user("journalist", email="da.co@example.vn")
    response = client.get("/DH16/accreditation/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "Họ và tên" and "Số CCCD" in headers
    sheet.delete_rows(2)  # the example row
    sheet.append(
        [
            "Hồ Thị Hoa",
            "02/09/1990",
            "040190001111",
            "",
            "",
            "Phóng viên",
            "Phóng viên ảnh",
            "0987 654 321",
            "hoa.ho@example.vn",
            "PC,AN",
        ]
    )
    sheet.append(
        [
            "Phan Văn Khải",
            date(1979, 12, 1),
            40079002222,
            "NB-2222",
            "Báo Nghệ An",
            "Quay phim",
            "quay phim",
            912000111,
            "da.co@example.vn",
            "",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    photos = photo_zip({"040190001111.jpg": jpeg_bytes(), "__MACOSX/._040190001111.jpg": b"junk"})

    import_id = import_id_of(
        upload(client, out.getvalue(), photos=photos, organisation=org.id, zones=[zones["PC"].id])
    )
    mapping_page = client.get(f"/DH16/accreditation/import/{import_id}/mapping").get_data(as_text=True)
    assert "Hồ Thị Hoa" in mapping_page  # sample values shown
    response = accept_mapping(client, import_id)
    assert response.status_code == 302 and response.headers["Location"].endswith("/preview")

    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 dòng hợp lệ" in preview and "0 dòng có lỗi" in preview
    assert "Chưa có ảnh" in preview  # Phan Văn Khải has no photo: a warning, not an error
    assert db.session.scalar(select(func.count(Application.id))) == 0  # nothing yet

    response = client.submit(
        f"/DH16/accreditation/import/{import_id}/run",
        form_url=f"/DH16/accreditation/import/{import_id}/preview",
    )
    assert response.status_code == 302
    apps = {a.full_name: a for a in db.session.scalars(select(Application))}
    hoa, khai = apps["Hồ Thị Hoa"], apps["Phan Văn Khải"]
    assert hoa.status == "submitted" and hoa.organisation_id == org.id and hoa.category == "photographer"
    assert [z.code for z in hoa.zones] == ["PC", "AN"] and hoa.phone == "+84987654321"
    assert hoa.photo_key and hoa.photo_thumb_key
    assert khai.national_id == "040079002222" and khai.phone == "+84912000111"  # Excel numbers repaired
    assert khai.date_of_birth == date(1979, 12, 1) and [z.code for z in khai.zones] == ["PC"]
    assert khai.user_id == existing.id and khai.photo_key is None

    new_user = db.session.scalar(select(User).where(User.email == "hoa.ho@example.vn"))
    assert new_user.role == "journalist" and new_user.email_verified_at is None
    assert not new_user.check_password("")  # no usable password until the journalist sets one
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.import")).details[
            "count"
        ]
        == 2
    )

    mailbox.deliver()
    [mail] = mailbox.to("hoa.ho@example.vn")
    assert any("/reset/" in link for link in mailbox.links(mail))
    [mail] = mailbox.to("da.co@example.vn")
    assert not any("/reset/" in link for link in mailbox.links(mail))
    # the import's stored sheet, ZIP and manifest are gone; the photos stay
    assert [p for p in upload_files(app) if "imports" in p.parts] == []
    assert client.get(f"/DH16/accreditation/import/{import_id}/preview").status_code == 404

    # the new journalist sets a password from the link and sees the application
    client.submit("/logout", form_url="/")
    link = next(link for link in mailbox.links(mailbox.to("hoa.ho@example.vn")[0]) if "/reset/" in link)
    path = link.replace("http://localhost", "")
    assert (
        client.submit(path, {"password": "mat-khau-moi-2025", "confirm": "mat-khau-moi-2025"}).status_code
        == 302
    )
    client.submit("/login", {"email": "hoa.ho@example.vn", "password": "mat-khau-moi-2025"})
    assert "Hồ Thị Hoa" in client.get("/DH16/accreditation/status").get_data(as_text=True)


def test_own_headers_under_a_title_row_are_found_and_guessed(client, db, officer, zones, make_organisation):
    make_organisation("Đài Phát thanh và Truyền hình Nghệ An", kind="tv", level="local")
    rows = [
        ["DANH SÁCH PHÓNG VIÊN ĐĂNG KÝ TÁC NGHIỆP"],  # a title row above the headers is common
        [],
        [
            "STT",
            "Họ tên",
            "Ngày, tháng, năm sinh",
            "Số CMND/CCCD",
            "Đơn vị công tác",
            "Chức danh",
            "Nghiệp vụ",
            "SĐT",
            "Thư điện tử",
            "Ghi chú",
        ],
        [
            1,
            "Lê Thị Mai",
            "05/06/1992",
            "040192003333",
            "Đài Phát thanh và Truyền hình Nghệ An",
            "Biên tập viên",
            "Biên tập viên",
            "0912 111 222",
            "mai.le@example.vn",
            "PH",
        ],
    ]
    import_id = import_id_of(upload(client, xlsx(rows), zones=[zones["PC"].id]))
    page = client.get(f"/DH16/accreditation/import/{import_id}/mapping").get_data(as_text=True)
    selected = {}
    for index, options in re.findall(r'<select[^>]*name="col-(\d+)">(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        if chosen:
            selected[index] = chosen.group(1)
    assert selected == {
        "1": "full_name",
        "2": "date_of_birth",
        "3": "national_id",
        "4": "organisation",
        "5": "position",
        "6": "category",
        "7": "phone",
        "8": "email",
    }
    # "Ghi chú" (notes) holds zone codes here: the officer maps it by hand
    response = accept_mapping(client, import_id, {"col-9": "zones"})
    assert response.status_code == 302
    assert "1 dòng hợp lệ" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.submit(
        f"/DH16/accreditation/import/{import_id}/run",
        form_url=f"/DH16/accreditation/import/{import_id}/preview",
    )
    mai = db.session.scalar(select(Application))
    assert mai.organisation.name == "Đài Phát thanh và Truyền hình Nghệ An" and [
        z.code for z in mai.zones
    ] == ["PH"]
    assert mai.category == "editor" and mai.position == "Biên tập viên"


def test_guess_mapping_vietnamese_and_english(app):
    with app.test_request_context():
        vi = sheets.guess_mapping(
            [
                "STT",
                "Họ và tên",
                "Ngày sinh",
                "Số CCCD",
                "Số thẻ nhà báo",
                "Cơ quan",
                "Chức vụ",
                "Nghiệp vụ",
                "Điện thoại",
                "Email",
                "Khu vực",
                "Ảnh",
            ]
        )
        assert vi == {
            1: "full_name",
            2: "date_of_birth",
            3: "national_id",
            4: "press_card_number",
            5: "organisation",
            6: "position",
            7: "category",
            8: "phone",
            9: "email",
            10: "zones",
            11: "photo",
        }
        en = sheets.guess_mapping(
            [
                "Full name",
                "Date of birth",
                "ID number",
                "Press card no",
                "Media organization",
                "Job title",
                "Role",
                "Mobile",
                "E-mail",
                "Notes",
            ]
        )
        assert en == {
            0: "full_name",
            1: "date_of_birth",
            2: "national_id",
            3: "press_card_number",
            4: "organisation",
            5: "position",
            6: "category",
            7: "phone",
            8: "email",
        }
        assert sheets.guess_mapping(["Họ tên phóng viên (*)", "SĐT liên hệ"]) == {0: "full_name", 1: "phone"}


def test_own_csv_with_semicolons_mapped_by_hand(client, db, officer, zones, make_organisation):
    org = make_organisation("Báo Thanh Hóa", level="local")
    text = "Tên;Sinh ngày;Giấy tờ;Loại;Tel;Mail\nVũ Văn Nam;1/2/1988;038088004444;PV;0903 333 444;nam.vu@example.vn\n"
    import_id = import_id_of(
        upload(client, text.encode("utf-8-sig"), name="ds.csv", organisation=org.id, zones=[zones["HT"].id])
    )
    mapping = {
        "col-0": "full_name",
        "col-1": "date_of_birth",
        "col-2": "national_id",
        "col-3": "category",
        "col-4": "phone",
        "col-5": "email",
    }
    response = client.submit(f"/DH16/accreditation/import/{import_id}/mapping", mapping)
    assert response.status_code == 302
    assert "1 dòng hợp lệ" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.submit(
        f"/DH16/accreditation/import/{import_id}/run",
        form_url=f"/DH16/accreditation/import/{import_id}/preview",
    )
    nam = db.session.scalar(select(Application))
    assert (
        nam.full_name == "Vũ Văn Nam"
        and nam.date_of_birth == date(1988, 2, 1)
        and nam.organisation_id == org.id
    )
    assert [z.code for z in nam.zones] == ["HT"] and nam.category == "reporter"


def test_mapping_mistakes_are_explained(client, officer, zones):
    rows = [
        ["Họ và tên", "Ngày sinh", "Số CCCD", "Loại", "Điện thoại", "Email"],
        ["A B", "01/01/1990", "001090000001", "pv", "0912345678", "a@example.vn"],
    ]
    import_id = import_id_of(upload(client, xlsx(rows), zones=[zones["PC"].id]))
    response = accept_mapping(client, import_id, {"col-1": "full_name"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "được chọn hai lần" in page and "Chọn cột cho" in page
    # without an organisation column or a default organisation, the organisation is required
    assert "Cơ quan báo chí" in page[page.find("Chọn cột cho") :][:300]


def test_preview_lists_each_rows_errors(
    client, db, officer, zones, make_organisation, make_application, make_user
):
    org = make_organisation("Báo Hà Tĩnh", level="local")
    taken = make_application(national_id="042085005555", full_name="Người Đã Đăng Ký")
    make_user("accreditation_officer", email="canbo@example.vn")
    rows = [
        ["Họ và tên", "Ngày sinh", "Số CCCD", "Cơ quan", "Loại", "Điện thoại", "Email", "Khu vực"],
        ["Đúng Hết", "01/01/1990", "042090000001", "", "pv", "0912345678", "dung@example.vn", "PC"],
        ["Sai CCCD", "01/01/1990", "12345", "", "pv", "0912345678", "b@example.vn", "PC"],
        ["Sai Ngày", "31/02/1990", "042090000002", "", "pv", "0912345678", "c@example.vn", "PC"],
        ["Trùng Dòng", "01/01/1990", "042090000001", "", "pv", "0912345678", "d@example.vn", "PC"],
        ["Đã Có", "01/01/1990", "042085005555", "", "pv", "0912345678", "e@example.vn", "PC"],
        ["Cán Bộ", "01/01/1990", "042090000003", "", "pv", "0912345678", "canbo@example.vn", "PC"],
        [
            "Lạ Cơ Quan",
            "01/01/1990",
            "042090000004",
            "Báo Không Tồn Tại",
            "pv",
            "0912345678",
            "f@example.vn",
            "PC",
        ],
        ["Lạ Khu Vực", "01/01/1990", "042090000005", "", "pv", "0912345678", "g@example.vn", "ZZ"],
        ["Sai Điện Thoại", "01/01/1990", "042090000006", "", "pv", "12345", "h@example.vn", "PC"],
        ["Sai Loại", "01/01/1990", "042090000007", "", "đạo diễn", "0912345678", "not-an-email", "PC"],
        ["Ảnh Hỏng", "01/01/1990", "042090000008", "", "pv", "0912345678", "i@example.vn", "PC"],
    ]
    photos = photo_zip({"042090000008.jpg": jpeg_bytes()[:300]})
    import_id = import_id_of(upload(client, xlsx(rows), photos=photos, organisation=org.id))
    response = accept_mapping(client, import_id)
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 dòng hợp lệ" in preview and "10 dòng có lỗi" in preview

    def problems(row_number: int) -> str:
        match = re.search(rf'data-row="{row_number}">(.*?)</tr>', preview, re.S)
        return match.group(1)

    assert "12 chữ số" in problems(3)
    assert "Không có ngày 31/02/1990" in problems(4)
    assert "trùng với dòng 2" in problems(5)
    assert f"hồ sơ số {taken.id}" in problems(6) and "Người Đã Đăng Ký" in problems(6)
    assert "tài khoản cán bộ" in problems(7)
    assert "Báo Không Tồn Tại" in problems(8)
    assert "ZZ" in problems(9)
    assert "0912 345 678" in problems(10)
    assert "Loại không hợp lệ" in problems(11) and "e-mail không hợp lệ" in problems(11)
    assert "Ảnh:" in problems(12) and "không phải ảnh JPEG" in problems(12)
    assert "hợp lệ" in problems(2)

    client.submit(
        f"/DH16/accreditation/import/{import_id}/run",
        form_url=f"/DH16/accreditation/import/{import_id}/preview",
    )
    assert sorted(db.session.scalars(select(Application.full_name))) == ["Người Đã Đăng Ký", "Đúng Hết"]


def test_import_is_one_transaction(client, db, app, officer, zones, monkeypatch):
    """A failure on the second row leaves no application, account, e-mail or photo behind."""
    from app.accreditation import importing, services

    rows = [["Họ và tên", "Ngày sinh", "Số CCCD", "Cơ quan", "Loại", "Điện thoại", "Email", "Khu vực"]]
    for n in range(3):
        rows.append(
            [f"Người {n}", "01/01/1990", f"04209000001{n}", "", "pv", "0912345678", f"p{n}@example.vn", "PC"]
        )
    photos = photo_zip({f"04209000001{n}.jpg": jpeg_bytes() for n in range(3)})
    from app.accreditation.models import MediaOrganisation

    org = MediaOrganisation(kind="newspaper", level="local")
    org.set_name("Báo Test")
    db.session.add(org)
    db.session.commit()
    import_id = import_id_of(upload(client, xlsx(rows), photos=photos, organisation=org.id))
    accept_mapping(client, import_id)
    files_before = set(upload_files(app))

    real = services.build_application
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing.services, "build_application", failing)
    response = client.submit(
        f"/DH16/accreditation/import/{import_id}/run",
        form_url=f"/DH16/accreditation/import/{import_id}/preview",
    )
    assert response.status_code == 500
    assert db.session.scalar(select(func.count(Application.id))) == 0
    assert db.session.scalar(select(func.count(User.id)).where(User.email.like("p%@example.vn"))) == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert set(upload_files(app)) == files_before  # photos stored for rows 1-2 were deleted

    monkeypatch.setattr(importing.services, "build_application", real)
    client.submit(
        f"/DH16/accreditation/import/{import_id}/run",
        form_url=f"/DH16/accreditation/import/{import_id}/preview",
    )
    assert db.session.scalar(select(func.count(Application.id))) == 3


def _zip_with_entry(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, jpeg_bytes())
    return out.getvalue()


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        (_zip_with_entry("../../etc/evil.jpg"), "đường dẫn không an toàn"),
        (_zip_with_entry("/abs/001090000001.jpg"), "đường dẫn không an toàn"),
        (b"MZ\x90\x00not a zip", "không phải tệp ZIP hợp lệ"),
    ],
)
def test_unsafe_photo_archives_are_refused(client, app, officer, zones, photos, message):
    rows = [["Họ và tên"], ["A"]]
    response = upload(client, xlsx(rows), photos=photos)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert upload_files(app) == []


def test_archive_limits(client, app, officer, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ZIP_ENTRIES", 2)
    many = photo_zip({f"00109000000{n}.jpg": b"x" for n in range(3)})
    response = upload(client, xlsx([["Họ và tên"], ["A"]]), photos=many)
    assert response.status_code == 400 and "quá nhiều tệp" in response.get_data(as_text=True)
    monkeypatch.setattr(sheets, "MAX_UNCOMPRESSED", 1000)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("001090000001.jpg", b"\x00" * 100_000)
    response = upload(client, xlsx([["Họ và tên"], ["A"]]), photos=bomb.getvalue())
    assert response.status_code == 400 and "quá nhiều dữ liệu" in response.get_data(as_text=True)
    assert upload_files(app) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "ds.xlsx", "XLSX"),
        (photo_zip({"word/document.xml": b"<w/>"}), "ds.xlsx", "không phải bảng tính Excel"),
        (b"", "ds.csv", "Bảng không có dữ liệu"),
    ],
)
def test_bad_sheets_are_refused(client, app, officer, content, name, message):
    response = upload(client, content, name=name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert upload_files(app) == []


def test_missing_sheet_and_cancel(client, app, officer, zones):
    response = client.submit(
        "/DH16/accreditation/import", {"organisation": "0"}, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "Vui lòng chọn danh sách cần nhập" in response.get_data(
        as_text=True
    )
    import_id = import_id_of(upload(client, xlsx([["Họ và tên"], ["A"]])))
    assert len(upload_files(app)) == 3  # the sheet, its parsed rows and the manifest, under instance/uploads
    client.submit(
        f"/DH16/accreditation/import/{import_id}/cancel",
        form_url=f"/DH16/accreditation/import/{import_id}/mapping",
    )
    assert upload_files(app) == []


def test_the_upload_page_has_a_progress_indicator(client, officer):
    page = client.get("/DH16/accreditation/import").get_data(as_text=True)
    assert "data-upload-progress" in page and "<progress" in page
    assert "/static/accreditation/accreditation.js" in page and "<script>" not in page
    script = client.get("/static/accreditation/accreditation.js")
    assert b'upload.addEventListener("progress"' in script.data
    script.close()
