"""Lost and found: logged with a photo, handed back against the owner's valid badge."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import func, select

from app.badges import services as badges
from app.extensions import db
from app.helpdesk.models import FoundItem
from tests.helpdesk.conftest import audit_actions, jpeg


def _log(client, data, photo: bytes | None):
    data = {"description": "Nắp ống kính Canon 77 mm màu đen", "place": "Hội trường, tầng 2", **data}
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), "nap.jpg")
    return client.submit(
        "/DH16/helpdesk/found/new", data, form_url="/DH16/helpdesk/found", content_type="multipart/form-data"
    )


def test_found_item_logged_with_a_photo_and_handed_back_by_badge(app, client, auth, accredited, officer):
    owner, _a, badge = accredited("Đỗ Thị Hạnh")
    auth.login("press_officer")
    uploads = Path(app.config["UPLOAD_DIR"])
    before = sorted(uploads.rglob("*"))
    no_photo = _log(client, {}, None)
    assert no_photo.status_code == 400 and "ảnh" in no_photo.get_data(as_text=True)
    not_image = _log(client, {}, b"GIF89a not really")
    assert not_image.status_code == 400
    assert db.session.scalar(select(func.count(FoundItem.id))) == 0 and sorted(uploads.rglob("*")) == before

    assert _log(client, {}, jpeg()).status_code == 302
    item = db.session.scalars(select(FoundItem)).one()
    page = client.get("/DH16/helpdesk/found").get_data(as_text=True)
    assert "Nắp ống kính Canon" in page
    assert client.get(f"/DH16/helpdesk/found/{item.id}/photo/thumb").mimetype == "image/jpeg"

    # a revoked badge cannot claim it; the owner's valid badge can
    _u, _a2, revoked = accredited("Người Khác")
    badges.revoke_badge(revoked, officer, "Vi phạm quy chế")
    db.session.commit()
    form_url = "/DH16/helpdesk/found"
    refused = client.submit(
        f"/DH16/helpdesk/found/{item.id}/return", {f"item{item.id}-badge": revoked.serial}, form_url=form_url
    )
    assert refused.status_code == 409 and "thu hồi" in refused.get_data(as_text=True)
    response = client.submit(
        f"/DH16/helpdesk/found/{item.id}/return",
        {f"item{item.id}-badge": badges.payload_of(badge)},
        form_url=form_url,
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.returned_application_id == badge.application_id and item.returned_badge_id == badge.id
    again = client.submit(
        f"/DH16/helpdesk/found/{item.id}/return", {f"item{item.id}-badge": badge.serial}, form_url=form_url
    )
    assert again.status_code == 409
    assert {"helpdesk.found_logged", "helpdesk.found_returned"} <= set(audit_actions())


def test_journalists_do_not_see_the_found_list(client, auth, accredited):
    user, _a, _b = accredited()
    auth.login("journalist", user=user)
    assert client.get("/DH16/helpdesk/found").status_code == 403
