"""Media organisations: list, create, edit, confirm proposals, merge duplicates (audited)."""

from __future__ import annotations

from sqlalchemy import select

from app.accreditation.models import Application, MediaOrganisation
from app.core.models import AuditEvent


def _event(db, action):
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == action))


def test_create_edit_and_list(client, auth, db, make_application):
    auth.login("accreditation_officer")
    response = client.submit(
        "/DH16/accreditation/organisations/new",
        {"name": "Báo Nghệ An", "kind": "newspaper", "level": "local"},
    )
    assert response.status_code == 302
    org = db.session.scalar(select(MediaOrganisation).where(MediaOrganisation.name == "Báo Nghệ An"))
    assert org.confirmed and org.name_key == "bao nghe an" and _event(db, "organisation.create")

    # the same name, accents aside, is refused
    response = client.submit(
        "/DH16/accreditation/organisations/new",
        {"name": "bao nghe an", "kind": "newspaper", "level": "local"},
    )
    assert response.status_code == 400 and "Đã có cơ quan báo chí với tên này" in response.get_data(
        as_text=True
    )
    response = client.submit(
        "/DH16/accreditation/organisations/new", {"name": "X", "kind": "blog", "level": "galaxy"}
    )
    assert response.status_code == 400

    application = make_application(organisation=org)
    url = f"/DH16/accreditation/organisations/{org.id}/edit"
    response = client.submit(url, {"name": "Báo Nghệ An điện tử", "kind": "online", "level": "local"})
    assert response.status_code == 302
    db.session.expire_all()
    assert org.kind == "online" and "bao nghe an dien tu" in application.search_key
    assert _event(db, "organisation.update").details["kind"] == ["newspaper", "online"]

    page = client.get("/DH16/accreditation/organisations?q=nghe an").get_data(as_text=True)
    assert "Báo Nghệ An điện tử" in page and "Báo điện tử, cổng thông tin" in page


def test_confirm_a_proposed_organisation(client, auth, db, make_organisation):
    proposed = make_organisation("Tạp chí Người Làm Báo", confirmed=False)
    make_organisation("Báo Nhân Dân")
    auth.login("accreditation_officer")
    page = client.get("/DH16/accreditation/organisations?proposed=1").get_data(as_text=True)
    assert "Tạp chí Người Làm Báo" in page and "Báo Nhân Dân" not in page
    assert (
        client.submit(
            f"/DH16/accreditation/organisations/{proposed.id}/confirm",
            form_url="/DH16/accreditation/organisations",
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert proposed.confirmed and _event(db, "organisation.confirm")


def test_merge_moves_applications_and_hides_the_duplicate(
    client, auth, db, make_organisation, make_application
):
    target = make_organisation("Đài Truyền hình Việt Nam (VTV)", kind="tv")
    duplicate = make_organisation("Dai truyen hinh VN", kind="tv", confirmed=False)
    older = make_organisation("VTV", kind="tv")
    older.merged_into_id = duplicate.id  # merged earlier into the duplicate
    db.session.commit()
    moved = [make_application(organisation=duplicate) for _ in range(2)]
    stays = make_application(organisation=target)

    auth.login("accreditation_officer")
    url = f"/DH16/accreditation/organisations/{duplicate.id}/merge"
    assert "Đài Truyền hình Việt Nam (VTV)" in client.get(url).get_data(as_text=True)
    assert client.submit(url, {"target": "-1"}).status_code == 400
    assert client.submit(url, {}).status_code == 400  # no choice sent at all: bad input, not a 500
    assert client.submit(url, {"target": str(duplicate.id)}).status_code == 400  # not into itself
    response = client.submit(url, {"target": str(target.id)})
    assert response.status_code == 302

    db.session.expire_all()
    assert {a.organisation_id for a in moved} == {target.id} and stays.organisation_id == target.id
    assert all("dai truyen hinh viet nam" in a.search_key for a in moved)
    assert duplicate.merged_into_id == target.id and older.merged_into_id == target.id
    event = _event(db, "organisation.merge")
    assert event.details == {
        "into": target.id,
        "into_name": target.name,
        "name": duplicate.name,
        "applications": 2,
    }
    client.get("/DH16/accreditation/organisations")  # shows the flash message, naming both
    page = client.get("/DH16/accreditation/organisations").get_data(as_text=True)
    assert "Dai truyen hinh VN" not in page and "Đài Truyền hình Việt Nam (VTV)" in page
    assert client.get(url).status_code == 404  # a merged organisation is gone
    # proposing the merged name again leads to the survivor
    from app.accreditation.organisations import find_by_name

    assert find_by_name("dai truyen hinh vn").id == target.id
    counts = {
        org_id: n
        for org_id, n in db.session.execute(select(Application.organisation_id, Application.id)).all()
    }
    assert set(counts) == {target.id}


def test_organisation_pages_need_the_permission(client, auth, make_organisation):
    org = make_organisation()
    auth.login("journalist")
    assert client.get("/DH16/accreditation/organisations").status_code == 403
    assert client.get(f"/DH16/accreditation/organisations/{org.id}/merge").status_code == 403
