"""The gate on a bad network, server side (issue 13) and closed gates and gate photos (issue 14).

Photos at the scanner's size for valid holders only, the pack's version and delta, the
direction of each scan, overturned offline admissions as alarms, closed gates.
"""

from __future__ import annotations

import io
import struct
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select, update

from app.accreditation.models import Application
from app.badges.models import Badge
from app.checkin import photos
from app.checkin.models import Scan, ScanAlarm
from app.checkin.occupancy import occupancy_by_zone
from app.core.models import AuditEvent, OutboxMessage
from app.core.timeutil import utcnow


def _portrait(seed: int) -> bytes:
    """A 300 × 400 portrait-like JPEG (a face-coloured oval on a background, some texture)."""
    image = Image.new("RGB", (300, 400), (40 + seed % 120, 90, 160))
    pixels = image.load()
    for y in range(400):
        for x in range(300):
            if ((x - 150) / 90) ** 2 + ((y - 170) / 120) ** 2 < 1:
                pixels[x, y] = (225 - (x * seed) % 17, 180 - (y % 13), 150 + (x + y) % 11)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


@pytest.fixture
def with_photo(app):
    """Give an application a stored portrait (as the upload validator would)."""
    counter = {"n": 0}

    def give(application: Application) -> Application:
        counter["n"] += 1
        key = f"photos/test-{counter['n']}-{uuid.uuid4().hex[:6]}.jpg"
        path = Path(app.config["UPLOAD_DIR"]) / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_portrait(counter["n"]))
        application.photo_key = key
        application.photo_thumb_key = key
        return application

    return give


def parse_photos(body: bytes) -> dict[int, tuple[str, bytes]]:
    """The batch format of app/checkin/photos.py, read back."""
    assert body[:4] == photos.MAGIC
    (count,) = struct.unpack(">I", body[4:8])
    offset, result = 8, {}
    for _ in range(count):
        application_id, tag_len = struct.unpack(">IB", body[offset : offset + 5])
        offset += 5
        tag = body[offset : offset + tag_len].decode()
        offset += tag_len
        (length,) = struct.unpack(">I", body[offset : offset + 4])
        offset += 4
        result[application_id] = (tag, body[offset : offset + length])
        offset += length
    assert offset == len(body)
    return result


@pytest.fixture
def holders(db, make_application, make_badge, with_photo):
    """Valid, revoked, rejected and reprinted holders, all with photos: applications by name."""
    valid = with_photo(make_application(status="approved", full_name="Nguyễn Văn Hợp Lệ"))
    valid_badge, valid_token = make_badge(valid)
    revoked = with_photo(make_application(status="approved", full_name="Trần Thị Thu Hồi"))
    make_badge(revoked, revoked_at=utcnow())
    rejected = with_photo(make_application(status="rejected", full_name="Lê Bị Từ Chối"))
    make_badge(rejected)
    reprinted = with_photo(make_application(status="approved", full_name="Phạm In Lại"))
    make_badge(reprinted, superseded_at=utcnow(), serial="PC-9001")
    make_badge(reprinted, version=2, serial="PC-9001")
    db.session.commit()
    return {
        "valid": valid,
        "revoked": revoked,
        "rejected": rejected,
        "reprinted": reprinted,
        "token": valid_token,
    }


# ----------------------------------------------------------------------------- photos
def test_the_photo_batch_holds_only_valid_holders_at_the_scanner_size(api, make_gate, holders):
    gate = make_gate()
    response = api.get(f"/DH16/api/v1/gates/{gate.id}/photos?after=0")
    assert response.status_code == 200 and response.mimetype == photos.MIMETYPE
    got = parse_photos(response.get_data())
    assert set(got) == {holders["valid"].id, holders["reprinted"].id}
    for tag, jpeg in got.values():
        assert len(tag) == 8 and len(jpeg) <= photos.MAX_BYTES
        with Image.open(io.BytesIO(jpeg)) as image:
            assert image.format == "JPEG" and image.width == 120 and image.height == 160
    assert "X-Next-After" not in response.headers  # one page was enough
    # By id (a delta's new holders): an invalid holder's id is silently left out.
    some = api.get(f"/DH16/api/v1/gates/{gate.id}/photos?ids={holders['valid'].id},{holders['revoked'].id}")
    assert set(parse_photos(some.get_data())) == {holders["valid"].id}


def test_the_photo_batch_pages_and_refuses_bad_input(api, make_gate, holders):
    gate = make_gate()
    body, following = photos.batch(after=0, limit=1)
    assert len(parse_photos(body)) == 1 and following == holders["valid"].id
    for query in ("after=x", "after=-1", "ids=1,a"):
        answer = api.get(f"/DH16/api/v1/gates/{gate.id}/photos?{query}")
        assert answer.status_code == 400 and "ids" in answer.get_json()["message"]
    assert api.get("/DH16/api/v1/gates/999999/photos").status_code == 404


def test_gate_staff_get_no_full_size_photo_and_only_valid_holders(client, auth, make_user, holders):
    auth.login("scanner")
    for application in holders["valid"], holders["rejected"], holders["revoked"]:
        for size in ("full", "thumb"):
            answer = client.get(f"/DH16/accreditation/applications/{application.id}/photo/{size}")
            assert answer.status_code in (403, 404)
    ok = client.get(f"/DH16/api/v1/photos/{holders['valid'].id}")
    assert ok.status_code == 200 and ok.mimetype == "image/jpeg" and len(ok.data) <= photos.MAX_BYTES
    for name in ("revoked", "rejected"):
        assert client.get(f"/DH16/api/v1/photos/{holders[name].id}").status_code == 404
    auth.logout()
    # The desk keeps the full-size photo, rejected applicants' included; the journalist sees their own.
    auth.login("accreditation_officer")
    for application in holders["valid"], holders["rejected"]:
        assert client.get(f"/DH16/accreditation/applications/{application.id}/photo/full").status_code == 200
    auth.logout()
    owner = holders["rejected"].user
    auth.login(user=owner)
    assert (
        client.get(f"/DH16/accreditation/applications/{holders['rejected'].id}/photo/full").status_code == 200
    )


def test_an_online_decision_links_the_scanner_size_photo_only_for_valid_badges(
    api, make_gate, holders, make_badge, payload_of
):
    gate = make_gate()
    holder = api.scan(payload_of(holders["token"]), gate.id).get_json()["holder"]
    assert holder["photo_url"] == f"/DH16/api/v1/photos/{holders['valid'].id}"
    assert api.get(holder["photo_url"]).status_code == 200


# ----------------------------------------------------------------------------- pack version and delta
def _age_everything(db, days: int = 1) -> None:
    """Move every change a day back, as if the pack had been taken yesterday."""
    past = utcnow() - timedelta(days=days)
    db.session.execute(update(Badge).values(issued_at=past))
    db.session.execute(update(Application).values(updated_at=past))
    db.session.execute(update(Badge).where(Badge.revoked_at.is_not(None)).values(revoked_at=past))
    db.session.execute(update(Badge).where(Badge.superseded_at.is_not(None)).values(superseded_at=past))
    db.session.commit()


def test_a_delta_holds_only_what_changed_and_the_version_moves(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    badges = [make_badge() for _ in range(5)]
    _age_everything(db)
    latest = badges[4][0]
    db.session.execute(
        update(Badge).where(Badge.id == latest.id).values(issued_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    full = api.get(f"/DH16/api/v1/gates/{gate.id}/pack").get_json()
    assert len(full["b"]) == 5 and not full["delta"]
    version = full["ver"]
    # Nothing changed since: the delta re-sends only what changed within the overlap before the version.
    empty = api.get(f"/DH16/api/v1/gates/{gate.id}/pack?since={version}").get_json()
    assert empty["delta"] is True and [row[0] for row in empty["b"]] == [latest.token_hash]
    assert empty["ver"] == version
    # An officer revokes one badge and a new badge is issued.
    revoked_badge = badges[2][0]
    db.session.execute(update(Badge).where(Badge.id == revoked_badge.id).values(revoked_at=utcnow()))
    db.session.commit()
    new_badge, new_token = make_badge()
    answer = api.get(f"/DH16/api/v1/gates/{gate.id}/pack?since={version}")
    delta = answer.get_json()
    assert {row[0] for row in delta["b"]} == {
        revoked_badge.token_hash,
        new_badge.token_hash,
        latest.token_hash,
    }
    rows = {row[0]: row for row in delta["b"]}
    assert rows[revoked_badge.token_hash][7] == 2 and rows[revoked_badge.token_hash][9] == ""
    assert delta["orgs"][rows[new_badge.token_hash][2]] == new_badge.application.organisation.name
    assert delta["ver"] > version and int(answer.headers["X-Pack-Version"]) == delta["ver"]
    # A scan answer says how new the badge's data is: newer than the device's pack means "refresh".
    scanned = api.scan(payload_of(new_token), gate.id)
    assert int(scanned.headers["X-Pack-Version"]) > version
    assert api.get(f"/DH16/api/v1/gates/{gate.id}/pack?since=abc").status_code == 400


def test_a_closed_gate_reaches_the_device_with_the_next_delta(db, api, make_gate, make_badge):
    gate = make_gate()
    make_badge()
    version = api.get(f"/DH16/api/v1/gates/{gate.id}/pack").get_json()["ver"]
    gate.active = False
    db.session.commit()
    delta = api.get(f"/DH16/api/v1/gates/{gate.id}/pack?since={version}").get_json()
    assert delta["gate"]["closed"] is True


# ----------------------------------------------------------------------------- gate closed
def test_a_closed_gate_denies_online_and_its_pack_says_so(
    db, client, auth, make_gate, make_badge, payload_of
):
    from tests.checkin.conftest import ApiClient

    auth.login("scanner")
    api = ApiClient(client)
    gate = make_gate("PC", "in")
    _badge, token = make_badge()
    assert api.scan(payload_of(token), gate.id).get_json()["result"] == "accepted"
    gate.active = False
    db.session.commit()
    answer = api.scan(payload_of(token), gate.id).get_json()
    assert (answer["result"], answer["reason"]) == ("denied", "gate_closed")
    assert answer["reason_text"] == "Cổng đã đóng: hãy quét ở cổng đang mở"
    assert api.get(f"/DH16/api/v1/gates/{gate.id}/pack").get_json()["gate"]["closed"] is True
    # Offline scans sent later are denied too.
    batch = api.post(
        "/DH16/api/v1/scans/batch",
        {
            "scans": [
                {
                    "payload": payload_of(token),
                    "gate_id": gate.id,
                    "client_uuid": str(uuid.uuid4()),
                    "scanned_at": utcnow().isoformat() + "Z",
                }
            ]
        },
    ).get_json()
    assert batch["results"][0]["reason"] == "gate_closed"


# ----------------------------------------------------------------------------- direction
def test_an_exit_gate_says_out_and_a_two_way_gate_follows_the_holder(
    db, api, make_gate, make_badge, payload_of
):
    exit_gate = make_gate("HT", "out", name="Cổng ra hội trường")
    both = make_gate("PC", "both", name="Cổng hai chiều")
    badge, token = make_badge(zones="PC,HT")
    out = api.scan(payload_of(token), exit_gate.id).get_json()
    assert (out["result"], out["direction"], out["direction_text"]) == ("accepted", "out", "RA")
    start = utcnow() - timedelta(minutes=10)

    def at(minutes: int) -> str:
        return (start + timedelta(minutes=minutes)).isoformat() + "Z"

    first = api.scan(payload_of(token), both.id, scanned_at=at(1)).get_json()
    assert (first["direction"], first["direction_text"]) == ("in", "VÀO")
    assert occupancy_by_zone(since=start)["PC"] == 1
    again = api.scan(payload_of(token), both.id, scanned_at=at(1)).get_json()  # a duplicate keeps "in"
    assert (again["result"], again["direction"]) == ("duplicate", "in")
    second = api.scan(payload_of(token), both.id, scanned_at=at(3)).get_json()
    assert (second["result"], second["direction"], second["direction_text"]) == ("accepted", "out", "RA")
    assert occupancy_by_zone(since=start)["PC"] == 0
    third = api.scan(payload_of(token), both.id, scanned_at=at(5)).get_json()
    assert third["direction"] == "in" and occupancy_by_zone(since=start)["PC"] == 1
    directions = db.session.scalars(
        select(Scan.direction).where(Scan.gate_id == both.id).order_by(Scan.id)
    ).all()
    assert directions == ["in", "in", "out", "in"]


def test_an_offline_scan_keeps_the_direction_the_device_showed(db, api, make_gate, make_badge, payload_of):
    both = make_gate("PC", "both")
    _badge, token = make_badge()
    item = {
        "payload": payload_of(token),
        "gate_id": both.id,
        "client_uuid": str(uuid.uuid4()),
        "scanned_at": utcnow().isoformat() + "Z",
        "local_result": "accepted",
        "local_direction": "out",
    }
    answer = api.post("/DH16/api/v1/scans/batch", {"scans": [item]}).get_json()
    assert answer["results"][0]["direction"] == "out"
    bad = api.post("/DH16/api/v1/scans/batch", {"scans": [{**item, "local_direction": "sideways"}]})
    assert bad.status_code == 400 and "local_direction" in bad.get_json()["message"]
    # The fields of an offline scan are not accepted on the online path.
    online = api.scan(payload_of(token), both.id, local_result="accepted")
    assert online.status_code == 400


# ----------------------------------------------------------------------------- alarms
def _offline_item(payload: str, gate_id: int, local_result: str = "accepted") -> dict:
    return {
        "payload": payload,
        "gate_id": gate_id,
        "client_uuid": str(uuid.uuid4()),
        "scanned_at": (utcnow() - timedelta(minutes=1)).isoformat() + "Z",
        "local_result": local_result,
        "local_direction": "in",
    }


def test_an_overturned_offline_admission_raises_one_alarm_and_mails_the_duty_officers(
    db, api, make_user, make_gate, make_badge, payload_of
):
    admin = make_user("admin", email="truc.ban@tinh.vn")
    officer = make_user("accreditation_officer", email="le.tan@tinh.vn", language="en")
    make_user("press_officer", email="bao.chi@tinh.vn")
    gate = make_gate("PC", "in", name="Cổng A")
    ok, ok_token = make_badge()
    revoked, revoked_token = make_badge(serial="PC-0777", revoked_at=utcnow())
    items = [
        _offline_item(payload_of(ok_token), gate.id),
        _offline_item(payload_of(revoked_token), gate.id),
        _offline_item(payload_of(revoked_token), gate.id, local_result="denied"),  # the device refused it too
    ]
    answer = api.post("/DH16/api/v1/scans/batch", {"scans": items}).get_json()
    assert [r["overturned"] for r in answer["results"]] == [False, True, False]
    assert answer["overturned"] == 1
    assert db.session.scalar(select(func.count()).select_from(ScanAlarm)) == 1
    scan = db.session.scalar(select(Scan).where(Scan.client_uuid == items[1]["client_uuid"]))
    assert scan.overturned and (scan.result, scan.reason) == ("denied", "revoked")
    mails = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mails) == {admin.email, officer.email}
    assert "PC-0777" in mails[admin.email].body_text and "Cổng A" in mails[admin.email].body_text
    assert "Badge revoked" in mails[officer.email].body_text  # in the officer's language
    # The same batch sent again records nothing new.
    again = api.post("/DH16/api/v1/scans/batch", {"scans": items}).get_json()
    assert again["recorded"] == 0 and again["overturned"] == 0
    assert db.session.scalar(select(func.count()).select_from(ScanAlarm)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_a_late_denial_of_a_scan_the_page_admitted_raises_the_alarm_once(
    db, api, make_user, make_gate, make_badge, payload_of
):
    """The server answered after the page had shown its own "admitted": the queued copy says so.

    The online scan was recorded as denied (the page had no local result to send yet); the
    device then re-sends it in a batch with ``local_result: accepted``, and that re-send is
    the alarm, once, however often it comes back.
    """
    make_user("admin", email="truc.ban@tinh.vn")
    gate = make_gate("PC", "in", name="Cổng A")
    _badge, token = make_badge(serial="PC-0888", revoked_at=utcnow())
    item = _offline_item(payload_of(token), gate.id)
    online = {key: item[key] for key in ("payload", "gate_id", "client_uuid", "scanned_at")}
    assert api.post("/DH16/api/v1/scans", online).get_json()["result"] == "denied"
    assert db.session.scalar(select(func.count()).select_from(ScanAlarm)) == 0

    for _attempt in range(2):
        answer = api.post("/DH16/api/v1/scans/batch", {"scans": [item]}).get_json()
        assert answer["recorded"] == 0 and answer["results"][0]["result"] == "denied"
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1
    assert db.session.scalar(select(func.count()).select_from(ScanAlarm)) == 1
    assert db.session.scalar(select(Scan.overturned))
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_the_duty_officer_lists_and_handles_alarms_with_a_note(
    db, client, auth, make_user, make_gate, make_badge, payload_of, app
):
    from app.checkin.services import decide_scan

    gate = make_gate("PC", "in", name="Cổng A")
    revoked, token = make_badge(serial="PC-0555", revoked_at=utcnow())
    decide_scan(
        payload_of(token), gate.id, None, client_uuid=str(uuid.uuid4()), offline=True, local_result="accepted"
    )
    db.session.commit()
    alarm_id = db.session.scalar(select(ScanAlarm.id))
    name = revoked.application.full_name

    auth.login("scanner")
    assert client.get("/DH16/scanner/alarms").status_code == 403
    auth.logout()
    auth.login("accreditation_officer")
    page = client.get("/DH16/scanner/alarms").get_data(as_text=True)
    assert name in page and "PC-0555" in page and "Cổng A" in page and "Thẻ đã bị thu hồi" in page
    dashboard = client.get("/DH16/dashboard").get_data(as_text=True)
    assert "Cảnh báo ở cổng cần xử lý: 1" in dashboard
    # No note: refused with a message, nothing written.
    refused = client.submit(
        f"/DH16/scanner/alarms/{alarm_id}/handled", {"note": "  "}, form_url="/DH16/scanner/alarms"
    )
    assert refused.status_code == 303
    assert db.session.get(ScanAlarm, alarm_id).handled_at is None
    assert "Hãy ghi lại việc đã làm" in client.get("/DH16/scanner/alarms").get_data(as_text=True)
    done = client.submit(
        f"/DH16/scanner/alarms/{alarm_id}/handled",
        {"note": "Đã tìm thấy, mời ra khỏi khu vực"},
        form_url="/DH16/scanner/alarms",
    )
    assert done.status_code == 303
    db.session.expire_all()
    alarm = db.session.get(ScanAlarm, alarm_id)
    assert alarm.handled_at is not None and alarm.note == "Đã tìm thấy, mời ra khỏi khu vực"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "checkin.alarm_handled"))
    assert event is not None and event.details["note"] == alarm.note
    assert "Cảnh báo ở cổng cần xử lý" not in client.get("/DH16/dashboard").get_data(as_text=True)
    listed = client.get("/DH16/scanner/alarms").get_data(as_text=True)
    assert "Không có cảnh báo nào đang chờ" in listed and "Đã tìm thấy, mời ra khỏi khu vực" in listed
    # Twice: a clear message, not a second note.
    twice = client.submit(
        f"/DH16/scanner/alarms/{alarm_id}/handled", {"note": "Lần hai"}, form_url="/DH16/scanner/alarms"
    )
    assert twice.status_code == 303
    db.session.expire_all()
    assert db.session.get(ScanAlarm, alarm_id).note == "Đã tìm thấy, mời ra khỏi khu vực"
    assert (
        client.submit(
            "/DH16/scanner/alarms/999999/handled", {"note": "x"}, form_url="/DH16/scanner/alarms"
        ).status_code
        == 404
    )
