"""Issue 19 rules: focal points, lists, quotas, vetting, collection (services and pages)."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.accreditation import services as accreditation
from app.accreditation.models import Application
from app.accreditation.outlet_models import BadgeCollection, FocalPoint, Nomination, VettingRecord
from app.badges import qr
from app.badges import services as badges
from app.core.models import AuditEvent
from app.outlets import lists, status, vetting
from app.outlets import services as outlets
from tests.outlets.conftest import person_row, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _upload(client, data: bytes, name="list.xlsx"):
    return client.submit(
        "/DH16/outlets/upload", {"sheet": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def _nominate(db, focal, user, rows):
    people, errors = lists.check_sheet([(i + 2, r) for i, r in enumerate(rows)])
    assert not errors
    ready, errors = outlets.check_people(focal, people)
    assert not errors, errors
    created = outlets.add_people(focal, ready, user)
    db.session.commit()
    return created


# ----------------------------------------------------------------------------- focal points
def test_public_request_then_desk_refuses_with_reason(client, auth, db, make_organisation, officer, mailbox):
    org = make_organisation(name="Báo Phú Thọ", level="local")
    token_page = "/DH16/outlets/request"
    response = client.submit(
        token_page,
        {
            "organisation": org.id,
            "full_name": "Lê Thị Hoa",
            "email": "hoa@baophutho.vn",
            "phone": "0912111222",
        },
    )
    assert response.status_code == 200
    row = db.session.scalar(select(FocalPoint))
    assert row.status == "requested"
    auth.login(user=officer)
    client.submit(
        f"/DH16/outlets/desk/focal/{row.id}/decide",
        {"decision": "refuse", "reason": ""},
        form_url="/DH16/outlets/desk",
    )
    db.session.refresh(row)
    assert row.status == "requested"  # a refusal needs a reason
    client.submit(
        f"/DH16/outlets/desk/focal/{row.id}/decide",
        {"decision": "refuse", "reason": "Đã có đầu mối"},
        form_url="/DH16/outlets/desk",
    )
    db.session.refresh(row)
    assert row.status == "refused" and row.reason == "Đã có đầu mối"
    mailbox.deliver()
    assert any("Đã có đầu mối" in mailbox.body(m) for m in mailbox.to("hoa@baophutho.vn"))


def test_public_request_approved_then_the_focal_point_signs_in_to_its_page(
    client, auth, db, make_organisation, officer, mailbox
):
    org = make_organisation(name="Báo Yên Bái", level="local")
    client.submit(
        "/DH16/outlets/request",
        {
            "organisation": org.id,
            "full_name": "Hà Văn Tùng",
            "email": "tung@baoyenbai.vn",
            "phone": "0913222333",
        },
    )
    row = db.session.scalar(select(FocalPoint))
    auth.login(user=officer)
    client.submit(
        f"/DH16/outlets/desk/focal/{row.id}/decide", {"decision": "approve"}, form_url="/DH16/outlets/desk"
    )
    db.session.refresh(row)
    assert row.status == "active" and row.decided_by_id == officer.id
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_id == str(row.id), AuditEvent.action.startswith("outlet."))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["outlet.focal_request", "outlet.focal_approve"]
    auth.logout()
    mailbox.deliver()
    links = [link for message in mailbox.to("tung@baoyenbai.vn") for link in mailbox.links(message)]
    reset = next(link for link in links if "/reset/" in link).replace("http://localhost", "")
    assert (
        client.submit(reset, {"password": "dau-moi-yen-bai-1", "confirm": "dau-moi-yen-bai-1"}).status_code
        == 302
    )
    client.submit("/login", {"email": "tung@baoyenbai.vn", "password": "dau-moi-yen-bai-1"})
    page = client.get("/DH16/outlets/")
    assert page.status_code == 200 and "Báo Yên Bái" in page.get_data(as_text=True)
    # a second decision on the same request changes nothing
    auth.logout()
    auth.login(user=officer)
    client.submit(
        f"/DH16/outlets/desk/focal/{row.id}/decide",
        {"decision": "refuse", "reason": "Nhầm"},
        form_url="/DH16/outlets/desk",
    )
    db.session.refresh(row)
    assert row.status == "active"


def test_a_person_from_an_earlier_congress_is_matched_to_their_profile(
    db, outlet, make_application, make_user, event
):
    from app.events import scope
    from app.events import services as events

    reporter = make_user("journalist", full_name="Nguyễn Văn Thử 7", email="thu7.cu@nhandan.vn")
    earlier = events.create_event("DH15", "Đại hội XV", level="provincial", status="closed")
    with scope.in_event(earlier):
        make_application(status="approved", user=reporter, national_id="001085000007")
    org, focal, user = outlet("Báo Nhân Dân")
    accounts_before = _count(db, type(reporter))
    # same CCCD, new e-mail in the list: the person's account of the earlier congress is used
    people, _ = lists.check_sheet([(2, person_row(7, email="thu7.cu@nhandan.vn"))])
    ready, errors = outlets.check_people(focal, people)
    assert not errors and ready[0].user.id == reporter.id
    (nomination,) = outlets.add_people(focal, ready, user)
    db.session.commit()
    assert nomination.application.user_id == reporter.id
    assert _count(db, type(reporter)) == accounts_before  # matched, not doubled
    # the same CCCD with someone else's e-mail is told, not merged
    people, _ = lists.check_sheet([(2, person_row(7, national_id="001085000007", email="khac@nhandan.vn"))])
    other_focal = outlet("VTV")[1]
    _ready, errors = outlets.check_people(other_focal, people)
    assert errors[2]


def test_invite_creates_account_and_mails_a_link(db, officer, make_organisation, mailbox):
    org = make_organisation(name="VTV")
    row = outlets.invite_focal_point(
        email="daumoi@vtv.vn",
        full_name="Trần Văn Hải",
        organisation_id=org.id,
        phone="0912",
        position="",
        actor=officer,
    )
    db.session.commit()
    assert row.status == "active" and row.user.role == "journalist"
    mailbox.deliver()
    (message,) = mailbox.to("daumoi@vtv.vn")
    assert "/reset/" in mailbox.body(message)


def test_focal_point_sees_only_its_outlet(client, auth, db, outlet):
    org_a, focal_a, user_a = outlet("Báo Nhân Dân")
    org_b, focal_b, user_b = outlet("VTV")
    (mine,) = _nominate(db, focal_a, user_a, [person_row(1)])
    (theirs,) = _nominate(db, focal_b, user_b, [person_row(2)])
    assert [n.id for n in outlets.people_of(focal_a)] == [mine.id]
    auth.login(user=user_a)
    page = client.get("/DH16/outlets/").get_data(as_text=True)
    assert "Nguyễn Văn Thử 1" in page and "Nguyễn Văn Thử 2" not in page
    assert client.get(f"/DH16/outlets/people/{theirs.id}").status_code == 404
    assert client.get(f"/DH16/outlets/people/{mine.id}").status_code == 200
    book = load_workbook(io.BytesIO(client.get("/DH16/outlets/list.xlsx").data))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert "Nguyễn Văn Thử 1" in cells and "Nguyễn Văn Thử 2" not in cells


# ----------------------------------------------------------------------------- lists
def test_list_with_bad_rows_writes_nothing_and_names_each_row(client, auth, db, outlet):
    _org, _focal, user = outlet()
    auth.login(user=user)
    rows = [person_row(n) for n in range(1, 21)]
    rows[4][2] = "00108501234A"  # CCCD with a letter
    rows[9][0] = '=HYPERLINK("http://x")'  # a formula
    response = _upload(client, xlsx(rows))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Dòng 6" in text and "12 chữ số" in text or "Row 6" in text
    assert _count(db, Application) == 0 and _count(db, Nomination) == 0
    rows[4][2], rows[9][0] = "001085000005", "Nguyễn Văn Thử 10"
    response = _upload(client, xlsx(rows))
    assert response.status_code == 302
    assert _count(db, Nomination) == 20


def test_wrong_template_and_large_file_refused(client, auth, db, outlet):
    _org, _focal, user = outlet()
    auth.login(user=user)
    response = _upload(client, xlsx([person_row(1)], headers=("Name", "DOB")))
    assert response.status_code == 400 and "file-error" in response.get_data(as_text=True)
    response = _upload(client, b"PK" + b"0" * (lists.MAX_BYTES + 10))
    assert response.status_code == 400
    assert _count(db, Application) == 0


def test_duplicate_across_outlets_refused_and_profile_matched(db, outlet, make_application, app):
    org_a, focal_a, user_a = outlet("Báo Nhân Dân")
    org_b, focal_b, user_b = outlet("VTV")
    _nominate(db, focal_a, user_a, [person_row(1)])
    people, _ = lists.check_sheet([(2, person_row(1, email="other@vtv.vn"))])
    ready, errors = outlets.check_people(focal_b, people)
    assert not ready and "Báo Nhân Dân" in errors[2][0]
    people, _ = lists.check_sheet([(2, person_row(1))])
    _ready, errors = outlets.check_people(focal_a, people)
    assert errors[2]


def test_two_hundred_rows_checked_in_the_users_language(db, outlet):
    _org, focal, user = outlet()
    rows = [(n + 2, person_row(n)) for n in range(1, 221)]
    rows[100] = (102, person_row(101, national_id="12AB"))
    people, errors = lists.check_sheet(rows)
    assert list(errors) == [102] and len(people) == 219


# ----------------------------------------------------------------------------- quotas
def test_over_quota_is_held_until_places_are_granted(db, outlet, officer):
    org, focal, user = outlet("Báo Phú Thọ", level="local")  # 2 reporters by default
    created = _nominate(db, focal, user, [person_row(n) for n in range(1, 5)])
    assert [n.held for n in created] == [False, False, True, True]
    held = created[2].application
    try:
        accreditation.approve(held.id, officer)
    except accreditation.HeldError:
        db.session.rollback()
    else:  # pragma: no cover
        raise AssertionError("a held person was approved")
    assert accreditation.bulk_approve([n.application_id for n in created], officer) == (2, 2)
    db.session.commit()
    request = outlets.request_places(focal, "reporter", 1, "Thêm một phóng viên", user)
    db.session.commit()
    outlets.decide_places(request.id, officer, grant=True)
    db.session.commit()
    assert [n.held for n in outlets.people_of(focal)] == [False, False, False, True]
    accreditation.approve(held.id, officer)
    db.session.commit()
    assert held.status == "approved"
    refused = outlets.request_places(focal, "reporter", 5, "Thêm", user)
    db.session.commit()
    try:
        outlets.decide_places(refused.id, officer, grant=False, reason="")
    except outlets.OutletError:
        db.session.rollback()
    outlets.decide_places(refused.id, officer, grant=False, reason="Hết chỗ trong hội trường")
    db.session.commit()
    assert outlets.people_of(focal)[3].held


def test_a_rejection_gives_its_place_to_the_next_held_person(db, outlet, officer):
    org, focal, user = outlet("Báo Phú Thọ", level="local")  # 2 reporters by default
    created = _nominate(db, focal, user, [person_row(n) for n in range(1, 6)])
    assert [n.held for n in created] == [False, False, True, True, True]
    accreditation.reject(created[0].application_id, officer, "Không thuộc biên chế cơ quan")
    db.session.commit()
    # the first held person (first submitted first) moves up, the others still wait
    assert [n.held for n in outlets.people_of(focal)] == [False, False, False, True, True]
    assert accreditation.approve(created[2].application_id, officer) is not None
    # a held person who is rejected leaves the line: the place that frees later goes past them
    accreditation.reject(created[3].application_id, officer, "Trùng với người khác")
    accreditation.reject(created[1].application_id, officer, "Thiếu giấy giới thiệu")
    db.session.commit()
    assert [n.held for n in outlets.people_of(focal)] == [False, False, False, False, False]
    assert [n.application.status for n in outlets.people_of(focal)] == [
        "rejected",
        "rejected",
        "approved",
        "rejected",
        "submitted",
    ]
    moved = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "outlet.release")).all()
    assert [event.subject_id for event in moved] == [
        str(created[2].application_id),
        str(created[4].application_id),
    ]


def test_the_queue_and_the_page_say_who_waits_for_places(client, auth, db, outlet, officer):
    _org, focal, user = outlet("Báo Phú Thọ", level="local")
    created = _nominate(db, focal, user, [person_row(n) for n in range(1, 4)])
    auth.login(user=officer)
    page = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    rows = {n.application_id: _row_of(page, n.application_id) for n in created}
    assert ['data-testid="held"' in rows[n.application_id] for n in created] == [False, False, True]
    assert "Chờ chỉ tiêu của cơ quan" in rows[created[2].application_id]
    detail = client.get(f"/DH16/accreditation/applications/{created[2].application_id}").get_data(
        as_text=True
    )
    assert "Chờ chỉ tiêu của cơ quan" in detail
    detail = client.get(f"/DH16/accreditation/applications/{created[0].application_id}").get_data(
        as_text=True
    )
    assert "Chờ chỉ tiêu của cơ quan" not in detail


def _row_of(page: str, application_id: int) -> str:
    start = page.index(f'<tr data-id="{application_id}">')
    return page[start : page.index("</tr>", start)]


# ----------------------------------------------------------------------------- vetting
def _approved(db, outlet, officer, n=3):
    org, focal, user = outlet()
    outlets.save_settings(True, outlets.settings().default_quotas, officer)
    outlets.set_quota(org.id, "reporter", 50, officer)
    created = _nominate(db, focal, user, [person_row(i) for i in range(1, n + 1)])
    for nomination in created:
        accreditation.approve(nomination.application_id, officer)
    db.session.commit()
    return focal, user, created


def _results(rows) -> bytes:
    return xlsx(rows, headers=vetting.RESULT_HEADERS)


def test_vetting_blocks_printing_until_cleared(db, outlet, officer):
    focal, user, created = _approved(db, outlet, officer)
    assert badges.badges_to_print(None) == []
    assert badges.count_unprinted() == 0
    people = vetting.to_vet()
    vetting.mark_sent(people, officer)
    db.session.commit()
    ids = [a.national_id for a in people]
    report = vetting.import_results(
        _results(
            [[ids[0], "Đạt", "123/ANCT"], [ids[1], "Đạt", "124/ANCT"], [ids[2], "Không đạt", "125/ANCT"]]
        ),
        officer,
    )
    db.session.commit()
    assert (report.cleared, report.not_cleared, report.problems) == (2, 1, [])
    printable = badges.badges_to_print(None)
    assert len(printable) == 2
    blocked = [b for b in db.session.scalars(select(badges.Badge)) if b not in printable]
    try:
        badges.badges_to_print([blocked[0].id])
    except badges.BadgeError as error:
        assert blocked[0].serial in str(error)
    else:  # pragma: no cover
        raise AssertionError("an uncleared badge was printable")
    assert "vetting.not_cleared" in set(db.session.scalars(select(AuditEvent.action)))
    shown = status.states(outlets.people_of(focal))
    assert sorted(shown.values()) == ["cleared", "cleared", "not_cleared"]


def test_not_cleared_person_is_told_in_neutral_words(client, auth, db, outlet, officer):
    focal, user, created = _approved(db, outlet, officer, n=1)
    vetting.mark_sent(vetting.to_vet(), officer)
    application = created[0].application
    vetting.import_results(_results([[application.national_id, "Không đạt", "9/ANCT"]]), officer)
    db.session.commit()
    person = application.user
    person.set_password("correct-horse-battery")
    from app.core.timeutil import utcnow

    person.email_verified_at = utcnow()
    db.session.commit()
    auth.login(user=person)
    page = client.get("/DH16/accreditation/status").get_data(as_text=True)
    assert "clearance" in page and "được duyệt" not in page.lower() and "approved" not in page.lower()
    assert client.get("/DH16/badges/mine.pdf").status_code == 404
    mine = client.get("/me").get_data(as_text=True)
    assert "Đang xử lý" in mine and "mine.pdf" not in mine and "Đã duyệt" not in mine


def test_import_refuses_unknown_and_ambiguous_rows_and_writes_nothing(db, outlet, officer):
    _focal, _user, created = _approved(db, outlet, officer)
    vetting.mark_sent(vetting.to_vet(), officer)
    db.session.commit()
    ids = [n.application.national_id for n in created]
    report = vetting.import_results(
        _results(
            [
                [ids[0], "Đạt", "1"],
                [ids[0], "Không đạt", "2"],
                ["999999999999", "Đạt", "3"],
                [ids[1], "???", "4"],
            ]
        ),
        officer,
    )
    db.session.rollback()
    assert len(report.problems) == 3
    assert set(db.session.scalars(select(VettingRecord.status))) == {"in_vetting"}


def test_collection_by_serial_records_who_for_whom(db, outlet, officer):
    _focal, _user, created = _approved(db, outlet, officer, n=1)
    vetting.mark_sent(vetting.to_vet(), officer)
    vetting.import_results(_results([[created[0].application.national_id, "Đạt", "1"]]), officer)
    batch = badges.badges_to_print(None)
    badges.mark_printed(batch, officer)
    db.session.commit()
    row = status.collect(batch[0].serial.lower(), "Nguyễn Văn Thư ký", officer)
    db.session.commit()
    assert row.collected_by_name == "Nguyễn Văn Thư ký"
    assert _count(db, BadgeCollection) == 1
    try:
        status.collect(batch[0].serial, "", officer)
    except status.CollectionError as error:
        assert "Nguyễn Văn Thư ký" in str(error)
    assert status.states(created)[created[0].id] == "collected"


def test_collection_by_the_badges_qr_code(db, outlet, officer):
    _focal, _user, created = _approved(db, outlet, officer, n=2)
    vetting.mark_sent(vetting.to_vet(), officer)
    ids = [n.application.national_id for n in created]
    vetting.import_results(_results([[ids[0], "Đạt", "1"], [ids[1], "Đạt", "2"]]), officer)
    batch = badges.badges_to_print(None)
    badges.mark_printed(batch, officer)
    db.session.commit()
    badge = batch[1]
    payload = qr.make_payload("DH16", badges.token_of(badge))
    row = status.collect(payload, "", officer)  # the USB scanner types the QR code's text
    db.session.commit()
    assert row.badge_id == badge.id
    assert row.collected_by_name == badge.application.full_name  # nobody named: the holder
    other_congress = qr.make_payload("DH16", qr.new_token())
    try:
        status.collect(other_congress, "", officer)
    except status.CollectionError as error:
        assert "Không có thẻ" in str(error) or "No badge" in str(error)
    else:  # pragma: no cover
        raise AssertionError("an unknown QR code was collected")


def test_focal_point_corrects_a_person_the_desk_sent_back(client, auth, db, outlet, officer):
    org, focal, user = outlet("Báo Phú Thọ", level="local")  # 2 reporters, 1 photographer
    created = _nominate(
        db, focal, user, [person_row(1), person_row(2), person_row(3, category="Phóng viên ảnh")]
    )
    photographer = created[2]
    accreditation.request_changes(photographer.application_id, officer, "Sai ngày sinh")
    db.session.commit()
    auth.login(user=user)
    url = f"/DH16/outlets/people/{photographer.id}"
    form = {
        "full_name": "Nguyễn Văn Thử 3",
        "date_of_birth": "18/05/1985",
        "national_id": "001085000003",
        "position": "Phóng viên ảnh",
        "category": "photographer",
        "phone": "0912345678",
        "email": "thu3@nhandan.vn",
    }
    # the CCCD of another of its people is refused, naming them
    response = client.submit(url, {**form, "national_id": "001085000001"})
    assert response.status_code == 400 and "Nguyễn Văn Thử 1" in response.get_data(as_text=True)
    response = client.submit(url, form)
    assert response.status_code == 302
    application = db.session.get(Application, photographer.application_id)
    assert application.status == "submitted" and str(application.date_of_birth) == "1985-05-18"
    assert [z.code for z in application.zones] == ["PC"]
    # turning them into a third reporter puts them over the quota: held
    response = client.submit(url, {**form, "category": "reporter"})
    assert response.status_code == 302
    db.session.refresh(photographer)
    assert photographer.held
    other = outlet("VTV")[2]
    auth.logout()
    auth.login(user=other)
    assert client.get(url).status_code == 404


def test_with_vetting_the_person_hears_approved_only_once_cleared(db, outlet, officer, mailbox):
    _focal, _user, created = _approved(db, outlet, officer, n=2)
    mailbox.deliver()
    first, second = (n.application for n in created)
    subjects = [m["Subject"] for m in mailbox.to(first.email)]
    assert "Hồ sơ đăng ký tác nghiệp của bạn đang được xử lý" in subjects
    assert not any("đã được duyệt" in s for s in subjects), subjects
    mailbox.clear()
    vetting.mark_sent(vetting.to_vet(), officer)
    vetting.import_results(
        _results([[first.national_id, "Đạt", "1"], [second.national_id, "Không đạt", "2"]]), officer
    )
    db.session.commit()
    mailbox.deliver()
    (cleared,) = mailbox.to(first.email)
    (refused,) = mailbox.to(second.email)
    assert cleared["Subject"] == "Hồ sơ đăng ký tác nghiệp của bạn đã được duyệt"
    assert "duyệt" not in mailbox.body(refused).lower() and "thẩm định" not in mailbox.body(refused).lower()


def test_desk_invites_and_sets_places_through_its_page(
    client, auth, db, officer, make_organisation, make_zone
):
    org = make_organisation(name="Báo Phú Thọ", level="local")
    auth.login(user=officer)
    token = client.csrf_token("/DH16/outlets/desk")
    response = client.post(
        "/DH16/outlets/desk/invite",
        data={
            "invite-csrf_token": token,
            "invite-organisation": org.id,
            "invite-full_name": "Nguyễn Văn Hùng",
            "invite-email": "Hung@BaoPhuTho.vn",
            "invite-phone": "0210 3846 123",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    row = db.session.scalar(select(FocalPoint))
    assert row.user.email == "hung@baophutho.vn" and row.status == "active"
    response = client.post(
        "/DH16/outlets/desk/quota",
        data={
            "quota-csrf_token": token,
            "quota-organisation": org.id,
            "quota-category": "camera",
            "quota-places": 3,
        },
    )
    assert response.status_code == 302
    assert outlets.quota_for(org, "camera") == 3
    response = client.post(
        "/DH16/outlets/desk/quota",
        data={
            "quota-csrf_token": token,
            "quota-organisation": org.id,
            "quota-category": "camera",
            "quota-places": -1,
        },
    )
    assert response.status_code == 400 and outlets.quota_for(org, "camera") == 3


def test_a_fifty_megabyte_list_is_refused_with_a_clear_message(client, auth, db, outlet):
    _org, _focal, user = outlet()
    auth.login(user=user)
    big = b"PK" + b"0" * (50 * 1024 * 1024)
    response = client.submit(
        "/DH16/outlets/upload", {"sheet": (io.BytesIO(big), "list.xlsx")}, content_type="multipart/form-data"
    )
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True)
    assert _count(db, Application) == 0


def test_event_home_links_to_the_focal_point_request(client):
    page = client.get("/DH16/").get_data(as_text=True)
    assert "/DH16/outlets/request" in page


def test_a_new_congress_copies_the_outlet_settings_not_the_people(db, outlet, officer):
    from app.events import services as events

    org, focal, user = outlet()
    outlets.save_settings(True, {"central": {"reporter": 7}}, officer)
    _nominate(db, focal, user, [person_row(1)])
    target = events.create_event("DH17", "Đại hội khóa sau", status="draft")
    events.clone_setup(events.current_event(), target, actor=officer)
    db.session.commit()
    from app.accreditation.outlet_models import OutletSettings
    from app.events.scope import in_event

    with in_event(target):
        copied = db.session.scalar(select(OutletSettings).where(OutletSettings.event_id == target.id))
        assert copied.vetting_required and copied.default_quotas["central"]["reporter"] == 7
        assert (
            db.session.scalar(select(func.count(Nomination.id)).where(Nomination.event_id == target.id)) == 0
        )
        assert (
            db.session.scalar(select(func.count(FocalPoint.id)).where(FocalPoint.event_id == target.id)) == 0
        )
