"""The gate pack: what the scanner page needs offline, small, with an ETag."""

from __future__ import annotations

import gzip
import json
from datetime import date

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.badges import qr
from app.badges.models import Badge
from app.core.timeutil import utcnow


def pack_of(api, gate_id: int, **headers):
    return api.get(f"/DH16/api/v1/gates/{gate_id}/pack", headers=headers)


def test_the_pack_holds_every_badge_with_its_flags(db, api, make_gate, make_badge, make_application):
    gate = make_gate("HT", "in", name="Cổng C")
    ok, ok_token = make_badge(zones="PC,HT", valid_from=date(2025, 10, 13), valid_until=date(2025, 10, 16))
    revoked, _ = make_badge(revoked_at=utcnow())
    old, _ = make_badge(superseded_at=utcnow())
    pending, _ = make_badge(make_application(status="rejected"))
    response = pack_of(api, gate.id)
    assert response.status_code == 200 and response.mimetype == "application/json"
    pack = response.get_json()
    assert pack["v"] == 3 and pack["event"] == "DH16" and pack["tz"] == "Asia/Ho_Chi_Minh"
    assert pack["gate"] == {
        "id": gate.id,
        "name": "Cổng C",
        "zone": "HT",
        "direction": "in",
        "closed": False,
        "session": None,
        "places": [],
    }
    assert pack["delta"] is False and pack["ver"] > 0
    rows = {row[0]: row for row in pack["b"]}
    assert set(rows) == {b.token_hash for b in (ok, revoked, old, pending)}
    row = rows[qr.hash_token(ok_token)]
    assert row[1] == ok.application.full_name
    assert pack["orgs"][row[2]] == ok.application.organisation.name
    assert row[3] == "reporter" and row[4] == "PC,HT"
    assert (row[5], row[6], row[7]) == (20251013, 20251016, 0)
    assert rows[revoked.token_hash][7] == 2
    assert rows[old.token_hash][7] == 1
    assert rows[pending.token_hash][7] == 4
    assert "reporter" in pack["cats"]
    # Nothing that would let a lost phone print or forge a badge.
    text = response.get_data(as_text=True)
    assert ok_token not in text and ok.token_nonce not in text and ok.application.national_id not in text


def test_the_pack_has_an_etag_and_answers_304_when_unchanged(db, api, make_gate, make_badge):
    gate = make_gate()
    badge, _ = make_badge()
    first = pack_of(api, gate.id)
    etag = first.headers["ETag"]
    assert etag and "no-cache" in first.headers["Cache-Control"]
    again = pack_of(api, gate.id, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    badge.revoked_at = utcnow()  # revoked after the pack was taken: the pack changes
    db.session.commit()
    changed = pack_of(api, gate.id, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_pack_is_gzipped_for_clients_that_accept_it(db, api, make_gate, make_badge):
    gate = make_gate()
    make_badge()
    plain = pack_of(api, gate.id).get_data()
    zipped = pack_of(api, gate.id, **{"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == plain


def test_an_unknown_gate_has_no_pack(db, api):
    assert pack_of(api, 999999).status_code == 404


def test_twenty_thousand_badges_fit_in_three_megabytes_gzipped(db, api, make_gate):
    """DESIGN: the pack for 20,000 badges stays under 3 MB compressed."""
    gate = make_gate("PC")
    db.session.execute(
        insert(MediaOrganisation),
        [
            {"name": f"Báo Điện tử Tỉnh số {i}", "name_key": f"bao {i}", "kind": "online", "level": "local"}
            for i in range(150)
        ],
    )
    org_ids = db.session.scalars(select(MediaOrganisation.id)).all()
    password = generate_password_hash("x", method="pbkdf2:sha256:1")
    n = 20_000
    db.session.execute(
        insert(User),
        [
            {"email": f"pv{i}@load.vn", "password_hash": password, "full_name": "x", "role": "journalist"}
            for i in range(n)
        ],
    )
    user_ids = db.session.scalars(
        select(User.id).where(User.email.like("pv%@load.vn")).order_by(User.id)
    ).all()
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    given = ["Văn An", "Thị Bình", "Minh Cường", "Thu Hà", "Quốc Hùng", "Ngọc Lan", "Thanh Tâm", "Hữu Nghĩa"]
    db.session.execute(
        insert(Application),
        [
            {
                "user_id": uid,
                "full_name": f"{surnames[i % 8]} {given[(i // 8) % 8]} {i}",
                "date_of_birth": date(1980, 1, 1),
                "national_id": f"{i:012d}",
                "organisation_id": org_ids[i % len(org_ids)],
                "category": ("reporter", "photographer", "camera")[i % 3],
                "phone": "+84912345678",
                "email": f"pv{i}@load.vn",
                "status": "approved",
                "photo_thumb_key": f"thumbs/{i}.jpg",
            }
            for i, uid in enumerate(user_ids)
        ],
    )
    app_ids = db.session.scalars(select(Application.id).order_by(Application.id)).all()
    db.session.execute(
        insert(Badge),
        [
            {
                "application_id": aid,
                "serial": f"PC-{aid:05d}",
                "version": 1,
                "token_hash": qr.hash_token(qr.new_token()),
                "token_nonce": qr.new_nonce(),
                "zone_codes": "PC,HT,HB",
                "valid_from": date(2025, 10, 13),
                "valid_until": date(2025, 10, 16),
            }
            for aid in app_ids
        ],
    )
    db.session.commit()
    response = pack_of(api, gate.id, **{"Accept-Encoding": "gzip"})
    body = response.get_data()
    assert len(json.loads(gzip.decompress(body))["b"]) == n
    assert len(body) < 3 * 1024 * 1024, len(body)


def test_rows_name_the_person_the_photo_version_and_the_serial(
    db, api, app, make_gate, make_badge, make_application, payload_of
):
    gate = make_gate()
    application = make_application(
        status="approved", photo_key="photos/x.jpg", photo_thumb_key="thumbs/x.jpg"
    )
    badge, token = make_badge(application)
    revoked, _ = make_badge(
        make_application(status="approved", photo_key="photos/y.jpg"), revoked_at=utcnow()
    )
    make_badge()  # no photo
    pack = pack_of(api, gate.id).get_json()
    rows = {row[0]: row for row in pack["b"]}
    assert "{id}" in pack["photo"] and pack["photos"].endswith(f"/gates/{gate.id}/photos")
    assert rows[badge.token_hash][8] == application.id and rows[badge.token_hash][10] == badge.serial
    assert len(rows[badge.token_hash][9]) == 8  # the photo's version tag
    assert rows[revoked.token_hash][9] == ""  # no photo of a holder whose badge is not valid
    assert sorted(row[9] for row in pack["b"])[0] == ""
    holder = api.scan(payload_of(token), gate.id).get_json()["holder"]
    assert holder["photo_url"] == pack["photo"].replace("{id}", str(application.id))
