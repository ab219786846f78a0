"""Many congresses: staff roles per congress, the switcher, new congresses from earlier ones,
the staff page, a journalist's home across congresses, the profile, and the site overview."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.accreditation.models import Application
from app.briefings.models import Room
from app.checkin.models import Gate
from app.core.timeutil import utcnow
from app.events import scope
from app.events import services as events
from app.events.models import Event, Membership, Zone
from app.extensions import db
from app.venue.models import Location, Task, TaskCategory, Unit


@pytest.fixture
def other(db):
    """A second congress, running: the district congress."""
    created = events.create_event(
        "DHB", "Đại hội Đảng bộ huyện Bình Xuyên", level="district", status="running"
    )
    db.session.commit()
    return created


def test_a_staff_role_holds_only_in_its_own_congress(client, auth, other):
    auth.login("press_officer")  # appointed in DH16 only
    assert client.get("/DH16/releases/manage").status_code == 200
    assert client.get("/DHB/releases/manage").status_code == 403
    assert client.get("/DHB/releases/").status_code == 200  # public pages stay public
    assert client.get("/admin/audit").status_code == 403  # no staff role on a site page


def test_someone_with_roles_in_two_congresses_gets_a_switcher(client, auth, make_user, event, other):
    officer = make_user("accreditation_officer")
    page = auth.client.get("/login")
    auth.login(user=officer)
    page = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    assert 'data-testid="event-switcher"' not in page  # one congress: nothing to switch
    events.appoint(officer.id, other, "accreditation_officer")
    db.session.commit()
    page = client.get("/DHB/accreditation/queue").get_data(as_text=True)
    assert (
        'data-testid="event-switcher"' in page and "/DH16/" in page and 'data-testid="current-event"' in page
    )


def _setup(event, first_day):
    """Zones, a gate, a room, a unit, a location and a task in ``event``."""
    event.first_day, event.last_day = first_day, first_day + timedelta(days=3)
    with scope.in_event(event):
        zone = Zone(code="PC", name="Trung tâm báo chí")
        db.session.add(zone)
        db.session.flush()
        gate = Gate(zone_id=zone.id, name="Cổng A", direction="both")
        db.session.add(gate)
        db.session.flush()
        db.session.add(Room(name="Phòng họp báo 1", capacity=60, gate_id=gate.id))
        unit = Unit(name="Sở Văn hóa", name_key="so van hoa")
        location = Location(name="Hội trường", kind="hall")
        category = TaskCategory(name="Pano")
        db.session.add_all([unit, location, category])
        db.session.flush()
        task = Task(
            title="Dựng pano",
            category_id=category.id,
            location_id=location.id,
            unit_id=unit.id,
            due_at=utcnow().replace(microsecond=0),
            status="done",
        )
        task.refresh_search_key()
        db.session.add(task)
    db.session.commit()
    return task


def test_the_site_administrator_creates_a_congress_from_an_earlier_one_and_opens_it(
    client, auth, event, make_application
):
    task = _setup(event, date(2025, 10, 14))
    make_application(status="approved")
    auth.login("admin")
    response = client.submit(
        "/admin/events/new",
        {
            "code": "dh17",
            "name": "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII",
            "level": "provincial",
            "timezone": "Asia/Ho_Chi_Minh",
            "first_day": "2030-10-10",
            "last_day": "2030-10-13",
            "copy_from": str(event.id),
        },
    )
    assert response.status_code == 302
    new = db.session.scalar(select(Event).where(Event.code == "DH17"))
    assert new.status == "draft" and new.key_id != event.key_id
    with scope.in_event(new):
        assert [z.code for z in db.session.scalars(select(Zone))] == ["PC"]
        assert [g.name for g in db.session.scalars(select(Gate))] == ["Cổng A"]
        room = db.session.scalar(select(Room))
        assert room.gate_id == db.session.scalar(select(Gate.id))  # the copy's gate, not the old one
        copied = db.session.scalar(select(Task))
        assert copied.status == "todo" and copied.unit_id != task.unit_id
        assert copied.due_at - task.due_at == date(2030, 10, 10) - date(2025, 10, 14)
        assert db.session.scalar(select(func.count(Application.id))) == 0  # never people
    # anonymous visitors do not see a congress in preparation; the administrator opens it
    assert client.get("/DH17/").status_code == 200
    form = client.get(f"/admin/events/{new.id}").get_data(as_text=True)
    assert "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII" in form
    data = {
        "code": "DH17",
        "name": new.name,
        "level": "provincial",
        "timezone": "Asia/Ho_Chi_Minh",
        "first_day": "2030-10-10",
        "last_day": "2030-10-13",
        "status": "open",
    }
    assert client.submit(f"/admin/events/{new.id}", data).status_code == 302
    db.session.refresh(new)
    assert new.status == "open"
    auth.logout()
    home = client.get("/").get_data(as_text=True)
    assert "/DH17/" in home


@pytest.mark.parametrize(
    ("code", "message"),
    [("ADMIN", "trùng với các trang"), ("DH16", "đã dùng mã này"), ("a b", "chữ cái"), ("", "")],
)
def test_a_bad_code_is_refused_with_a_message_and_nothing_is_created(client, auth, code, message):
    auth.login("admin")
    before = db.session.scalar(select(func.count(Event.id)))
    response = client.submit(
        "/admin/events/new",
        {"code": code, "name": "Đại hội thử", "level": "other", "timezone": "Asia/Ho_Chi_Minh"},
    )
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Event.id))) == before


def test_bad_dates_and_time_zone_are_refused(client, auth):
    auth.login("admin")
    response = client.submit(
        "/admin/events/new",
        {
            "code": "X1",
            "name": "Đại hội thử",
            "level": "other",
            "timezone": "Mars/Olympus",
            "first_day": "2030-10-10",
            "last_day": "2030-10-01",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "Múi giờ không hợp lệ" in text and "Ngày cuối" in text


def test_a_draft_congress_is_not_public(client, auth):
    events.create_event("NHAP", "Đại hội sắp tới", status="draft")
    db.session.commit()
    assert client.get("/NHAP/").status_code == 404
    auth.login("admin")
    assert client.get("/NHAP/").status_code == 200


def test_the_staff_page_appoints_and_removes_roles(client, auth, make_user, other):
    person = make_user("journalist", email="can.bo@example.vn")
    auth.login("admin")
    response = client.submit("/DHB/admin/staff", {"email": "CAN.BO@example.vn", "role": "press_officer"})
    assert response.status_code == 302
    membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
    assert (membership.event_id, membership.role) == (other.id, "press_officer")
    unknown = client.submit("/DHB/admin/staff", {"email": "nobody@example.vn", "role": "scanner"})
    assert unknown.status_code == 400 and "Không có tài khoản" in unknown.get_data(as_text=True)
    # another congress's membership is not this page's to remove
    assert (
        client.submit(f"/DH16/admin/staff/{membership.id}/remove", form_url="/DH16/admin/staff").status_code
        == 404
    )
    assert (
        client.submit(f"/DHB/admin/staff/{membership.id}/remove", form_url="/DHB/admin/staff").status_code
        == 302
    )
    assert db.session.scalar(select(func.count(Membership.id)).where(Membership.user_id == person.id)) == 0


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (120, 140, 170)).save(out, "JPEG")
    return out.getvalue()


def test_a_new_application_is_prefilled_from_the_profile_and_reuses_its_photo(
    client, auth, make_user, make_application, make_zone, other, event
):
    from app.core import uploads

    reporter = make_user("journalist", full_name="Lê Thị Hoa")
    photo = uploads.save_image_bytes(_jpeg(), "photos", sizes={"full": (300, 400), "thumb": (90, 120)})
    with scope.in_event(other):
        earlier = make_application(
            status="approved",
            user=reporter,
            national_id="040190001234",
            press_card_number="NB-00777",
            photo_key=photo.keys["full"],
            photo_thumb_key=photo.keys["thumb"],
        )
    with scope.in_event(event):
        zone = make_zone("PC")
    auth.login(user=reporter)
    page = client.get("/DH16/accreditation/apply").get_data(as_text=True)
    assert 'data-testid="profile-prefill"' in page and "040190001234" in page and "NB-00777" in page
    from tests.accreditation.conftest import pdf_bytes

    letter = io.BytesIO(pdf_bytes())
    form = {
        "full_name": "Lê Thị Hoa",
        "date_of_birth": "1985-05-17",
        "national_id": "040190001234",
        "press_card_number": "NB-00777",
        "organisation": str(earlier.organisation_id),
        "position": "Phóng viên",
        "category": "reporter",
        "phone": "+84912345678",
        "email": reporter.email,
        "zones": [str(zone.id)],
        "letter": (letter, "giay-gioi-thieu.pdf"),
    }
    response = client.submit("/DH16/accreditation/apply", form, content_type="multipart/form-data")
    assert response.status_code == 302, re.findall(r"⚠[^<]+", response.get_data(as_text=True))
    new = db.session.scalar(select(Application).where(Application.event_id == event.id))
    assert new.national_id == "040190001234" and new.photo_key and new.photo_key != earlier.photo_key
    assert uploads.read_upload(new.photo_key)


def test_me_lists_every_congress_of_the_journalist(
    client, auth, make_user, make_application, make_badge, other
):
    reporter = make_user("journalist")
    make_application(status="submitted", user=reporter)
    with scope.in_event(other):
        application = make_application(status="approved", user=reporter, national_id="040190009999")
        make_badge(application)
    auth.login(user=reporter)
    page = client.get("/me").get_data(as_text=True)
    assert "/DH16/accreditation/status" in page and "/DHB/accreditation/status" in page
    assert "/DHB/badges/mine.pdf" in page and "/DH16/badges/mine.pdf" not in page


def test_the_overview_shows_each_congresss_own_dashboard_figures_in_fixed_queries(
    client, auth, make_application, make_badge, other, event
):
    from app.dashboard import queries
    from tests.checkin.conftest import count_statements

    make_application(status="approved")
    make_application(status="submitted")
    with scope.in_event(other):
        make_badge(make_application(status="approved", national_id="040190008888"))[0].printed_at = utcnow()
    db.session.commit()
    auth.login("overview")
    page = client.get("/admin/overview").get_data(as_text=True)
    for each in (event, other):
        with scope.in_event(each):
            funnel = queries.accreditation_funnel()
        row = page[page.index(f'data-code="{each.code}"') :].split("</tr>")[0]
        assert f"<strong>{funnel.total}</strong>" in row
        assert f"<td>{funnel.badges_printed}</td>" in row
    with count_statements(db.engine) as few:
        client.get("/admin/overview")
    for n in range(6):
        events.create_event(f"X{n}", f"Đại hội {n}", status="closed")
    db.session.commit()
    with count_statements(db.engine) as many:
        client.get("/admin/overview")
    statements = [len([s for s in run if not s.startswith("BEGIN")]) for run in (few, many)]
    assert statements[0] == statements[1]  # closed congresses cost no query of their own
    assert client.get("/DH16/dashboard").status_code == 200  # and every congress's dashboard
    assert client.get("/DH16/accreditation/queue").status_code == 403  # nothing else


def test_a_new_key_reissues_that_congresss_badges_only(
    client, auth, make_application, make_badge, other, event
):
    from app.badges.models import Badge
    from app.badges.services import token_matches

    mine = make_badge(make_application(status="approved"))[0]
    with scope.in_event(other):
        theirs = make_badge(make_application(status="approved", national_id="040190007777"))[0]
        assert token_matches(theirs)
    old_key = event.key_id
    auth.login("admin")
    response = client.submit(f"/admin/events/{event.id}/rotate-key", form_url=f"/admin/events/{event.id}")
    assert response.status_code == 302
    db.session.refresh(event)
    db.session.refresh(mine)
    db.session.refresh(theirs)
    assert event.key_id != old_key
    assert mine.superseded_at is not None  # the printed badge no longer opens the gates
    with scope.in_event(event):
        new = db.session.scalar(select(Badge).where(Badge.superseded_at.is_(None)))
        assert new.version == 2 and token_matches(new)
    assert theirs.superseded_at is None  # the other congress is not touched
    with scope.in_event(other):
        assert token_matches(theirs)


def test_the_review_queue_costs_the_same_queries_beside_more_congresses(
    client, auth, make_application, make_organisation
):
    """The desk's queue of DH16 reads the same number of statements with 1 and with 7
    congresses in the database, each of the others with applications of its own."""
    from tests.checkin.conftest import count_statements

    organisation = make_organisation("Báo Nhân Dân")
    for n in range(3):
        make_application(organisation=organisation, national_id=f"0010900000{n:02d}")
    db.session.commit()
    auth.login("accreditation_officer")
    url = "/DH16/accreditation/queue?status=all"
    with count_statements(db.engine) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        other = events.create_event(f"Q{n}", f"Đại hội huyện {n}", status="open")
        db.session.flush()
        with scope.in_event(other):
            for k in range(4):
                make_application(organisation=organisation, national_id=f"0020{n:02d}00{k:04d}")
    db.session.commit()
    with count_statements(db.engine) as many:
        page = client.get(url).get_data(as_text=True)
    statements = [len([s for s in run if not s.startswith("BEGIN")]) for run in (few, many)]
    assert statements[0] == statements[1], statements
    assert "Tìm thấy 3 hồ sơ." in page  # DH16's own rows only
