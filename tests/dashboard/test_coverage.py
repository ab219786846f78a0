"""Coverage: journalists log their pieces, staff add and correct, the report and its XLSX."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.models import AuditEvent
from app.core.timeutil import local_today
from app.dashboard import services
from app.dashboard.coverage_report import CoverageFilters, summary
from app.dashboard.models import CoverageItem
from tests.dashboard.conftest import by_testid, first_int


def today_text(offset: int = 0) -> str:
    return (local_today() - timedelta(days=offset)).strftime("%d/%m/%Y")


def piece(**overrides) -> dict:
    data = {
        "url": "https://baonghean.vn/khai-mac-dai-hoi.html",
        "title": "Khai mạc Đại hội đại biểu Đảng bộ tỉnh",
        "outlet": "",
        "published_on": today_text(),
        "medium": "online",
    }
    data.update(overrides)
    return data


@pytest.fixture
def accredited(make_application, make_organisation):
    """An accredited journalist of Báo Nghệ An (the user)."""
    organisation = make_organisation("Báo Nghệ An", level="local")
    return make_application(status="approved", organisation=organisation).user


def items(db) -> list[CoverageItem]:
    return list(db.session.scalars(select(CoverageItem).order_by(CoverageItem.id)))


# ----------------------------------------------------------------------------- journalists
def test_accredited_journalist_logs_a_piece_with_their_organisation_as_outlet(client, auth, db, accredited):
    auth.login(user=accredited)
    form = client.get("/DH16/coverage/new").get_data(as_text=True)
    assert 'value="Báo Nghệ An"' in form  # the outlet is prefilled
    response = client.submit("/DH16/coverage/new", piece(url="HTTPS://BaoNgheAn.vn/khai-mac.html#top"))
    assert response.status_code == 302
    [item] = items(db)
    assert item.journalist_id == accredited.id
    assert item.outlet == "Báo Nghệ An"  # empty outlet → the journalist's organisation
    assert item.url == "https://baonghean.vn/khai-mac.html"  # scheme and host lower-cased, no fragment
    assert item.published_on == local_today()
    assert (
        db.session.scalar(select(AuditEvent.action).where(AuditEvent.subject_type == "CoverageItem"))
        == "coverage.log"
    )
    mine = client.get("/DH16/coverage/mine").get_data(as_text=True)
    assert "Khai mạc Đại hội đại biểu Đảng bộ tỉnh" in mine


def test_journalist_without_accreditation_cannot_log(client, auth, db, make_application):
    user = make_application(status="submitted").user
    auth.login(user=user)
    assert "/DH16/coverage/new" not in client.get("/DH16/coverage/mine").get_data(as_text=True)
    response = client.submit("/DH16/coverage/new", piece(), form_url="/DH16/coverage/mine")
    assert response.status_code == 302 and response.headers["Location"].endswith("/DH16/coverage/mine")
    assert items(db) == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.vn/file",
        "baonghean.vn/bai-viet",
        "https://",
        "https://localhost/x",
        "https://bao nghean.vn/x",
        'https://baonghean.vn/"onmouseover=x',
        "https://baonghean.vn:99999/x",
        "data:text/html,hello",
    ],
)
def test_links_must_be_complete_http_addresses(client, auth, db, accredited, url):
    auth.login(user=accredited)
    response = client.submit("/DH16/coverage/new", piece(url=url))
    assert response.status_code == 400
    assert items(db) == []
    assert "⚠" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "<b>Tin</b>"),
        ("published_on", "31/02/2025"),
        ("published_on", "hôm qua"),
        ("medium", "newsletter"),
        ("medium", ""),
    ],
)
def test_bad_fields_are_refused_with_a_message(client, auth, db, accredited, field, value):
    auth.login(user=accredited)
    response = client.submit("/DH16/coverage/new", piece(**{field: value}))
    assert response.status_code == 400
    assert items(db) == []


def test_a_date_in_the_future_is_refused(client, auth, db, accredited):
    auth.login(user=accredited)
    tomorrow = (local_today() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.submit("/DH16/coverage/new", piece(published_on=tomorrow))
    assert response.status_code == 400
    assert items(db) == []


def test_the_same_link_is_logged_once(client, auth, db, accredited, make_coverage):
    make_coverage(url="https://baonghean.vn/khai-mac.html")
    auth.login(user=accredited)
    response = client.submit("/DH16/coverage/new", piece(url="https://BAONGHEAN.vn/khai-mac.html"))
    assert response.status_code == 400
    assert len(items(db)) == 1


def test_journalist_edits_own_entries_but_not_others(
    client, auth, db, accredited, make_application, make_coverage
):
    mine = make_coverage(accredited, title="Bài của tôi")
    other = make_coverage(make_application(status="approved").user, title="Bài của người khác")
    auth.login(user=accredited)
    response = client.submit(
        f"/DH16/coverage/{mine.id}/edit", piece(url=mine.url, title="Bài của tôi (sửa)", medium="print")
    )
    assert response.status_code == 302
    db.session.refresh(mine)
    assert (mine.title, mine.medium) == ("Bài của tôi (sửa)", "print")
    assert client.get(f"/DH16/coverage/{other.id}/edit").status_code == 404
    token = client.csrf_token("/DH16/coverage/mine")
    assert client.post(f"/DH16/coverage/{other.id}/delete", data={"csrf_token": token}).status_code == 404
    assert "Bài của người khác" not in client.get("/DH16/coverage/mine").get_data(as_text=True)


def test_edit_page_offers_the_form_and_the_remove_button(client, auth, accredited, make_coverage):
    item = make_coverage(accredited)
    auth.login(user=accredited)
    response = client.get(f"/DH16/coverage/{item.id}/edit")
    assert response.status_code == 200
    assert f'action="/DH16/coverage/{item.id}/delete"' in response.get_data(as_text=True)


def test_journalist_removes_an_entry_logged_by_mistake(client, auth, db, accredited, make_coverage):
    item = make_coverage(accredited)
    auth.login(user=accredited)
    response = client.submit(f"/DH16/coverage/{item.id}/delete", form_url=f"/DH16/coverage/{item.id}/edit")
    assert response.status_code == 302
    assert items(db) == []
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "coverage.delete"))


# ----------------------------------------------------------------------------- staff
def test_staff_add_a_piece_for_a_journalist_and_for_nobody(client, auth, db, accredited):
    officer = auth.login("press_officer")
    form = client.get("/DH16/coverage/new").get_data(as_text=True)
    assert accredited.full_name in form  # accredited journalists are offered
    response = client.submit(
        "/DH16/coverage/new",
        piece(journalist=str(accredited.id), outlet="", medium="tv", url="https://vtv.vn/a.html"),
    )
    assert response.status_code == 302
    response = client.submit(
        "/DH16/coverage/new", piece(journalist="0", outlet="VOV", medium="radio", url="https://vov.vn/b.html")
    )
    assert response.status_code == 302
    first, second = items(db)
    assert (first.journalist_id, first.outlet, first.created_by_id) == (
        accredited.id,
        "Báo Nghệ An",
        officer.id,
    )
    assert (second.journalist_id, second.outlet) == (None, "VOV")
    listing = client.get("/DH16/coverage/").get_data(as_text=True)
    assert first_int(by_testid(listing)["coverage-count"]) == 2


def test_staff_cannot_choose_someone_not_accredited(client, auth, db, make_application):
    stranger = make_application(status="rejected").user
    auth.login("press_officer")
    response = client.submit("/DH16/coverage/new", piece(journalist=str(stranger.id)))
    assert response.status_code == 400
    assert items(db) == []


def test_staff_correct_and_reassign_an_entry(client, auth, db, accredited, make_coverage):
    item = make_coverage(None, outlet="Báo Nghệ An", medium="online")
    auth.login("approver")
    response = client.submit(
        f"/DH16/coverage/{item.id}/edit",
        piece(
            journalist=str(accredited.id),
            url=item.url,
            title="Tiêu đề đúng",
            outlet="Báo Nghệ An",
            medium="print",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.journalist_id, item.title, item.medium) == (accredited.id, "Tiêu đề đúng", "print")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "coverage.correct"))
    assert event.details["changed"]["medium"] == ["online", "print"]


def test_staff_list_filters_without_accents(client, auth, make_coverage):
    make_coverage(title="Bế mạc Đại hội", outlet="Báo Nghệ An")
    make_coverage(title="Khai mạc", outlet="VTV", medium="tv")
    auth.login("admin")
    html = client.get("/DH16/coverage/?q=be+mac+dai+hoi").get_data(as_text=True)
    assert "Bế mạc Đại hội" in html and "Khai mạc<" not in html
    html = client.get("/DH16/coverage/?medium=tv").get_data(as_text=True)
    assert "Khai mạc" in html and "Bế mạc" not in html


# ----------------------------------------------------------------------------- report
def test_report_counts_per_outlet_medium_and_day(client, auth, make_coverage):
    yesterday = local_today() - timedelta(days=1)
    for medium in ("tv", "tv", "radio", "online"):
        make_coverage(outlet="Đài PT-TH Nghệ An", medium=medium, published_on=yesterday)
    make_coverage(outlet="Báo Nhân Dân", medium="print")
    make_coverage(outlet="Báo Nhân Dân", medium="online")
    report = summary()
    assert [(row.key, row.total) for row in report.by_outlet] == [
        ("Đài PT-TH Nghệ An", 4),
        ("Báo Nhân Dân", 2),
    ]
    assert report.by_outlet[0].counts == {"print": 0, "online": 1, "tv": 2, "radio": 1}
    assert [(row.key, row.total) for row in report.by_day] == [(yesterday, 4), (local_today(), 2)]
    assert report.totals.counts == {"print": 1, "online": 2, "tv": 2, "radio": 1}
    only_today = summary(CoverageFilters(start=local_today()))
    assert only_today.total == 2

    auth.login("accreditation_officer")  # VIEW_DASHBOARD may read the report
    ids = by_testid(client.get("/DH16/coverage/report").get_data(as_text=True))
    assert (ids["report-total"], ids["report-tv"], ids["report-print"]) == ("6", "2", "1")
    ids = by_testid(client.get("/DH16/coverage/report?medium=tv").get_data(as_text=True))
    assert ids["report-total"] == "2"


def test_xlsx_export_has_the_totals_and_keeps_text_as_text(client, auth, make_coverage):
    make_coverage(outlet="VTV", medium="tv", title='=HYPERLINK("http://evil")')
    make_coverage(outlet="VTV", medium="tv")
    make_coverage(outlet="VOV", medium="radio", published_on=date(2025, 1, 2))
    auth.login("press_officer")
    response = client.get("/DH16/coverage/report.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.data))
    by_outlet, by_day, pieces = workbook.worksheets
    rows = list(by_outlet.iter_rows(values_only=True))
    assert rows[1][0] == "VTV" and rows[1][-1] == 2
    assert rows[-1][-1] == 3  # grand total
    assert list(by_day.iter_rows(values_only=True))[1][0] == "02/01/2025"
    titles = [row[3] for row in pieces.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://evil")' in titles
    cell = next(c for c in pieces["D"] if c.value == '=HYPERLINK("http://evil")')
    assert cell.data_type == "s"  # stored as text, never run as a formula


def test_xlsx_export_follows_the_filters(client, auth, make_coverage):
    make_coverage(outlet="VTV", medium="tv")
    make_coverage(outlet="VOV", medium="radio")
    auth.login("admin")
    workbook = load_workbook(io.BytesIO(client.get("/DH16/coverage/report.xlsx?outlet=VOV").data))
    assert [row[1] for row in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)] == ["VOV"]


def test_normalise_url_rules():
    assert services.normalise_url(" https://VOV.vn ") == "https://vov.vn/"
    assert services.normalise_url("http://vov.vn:8080/a?b=1#c") == "http://vov.vn:8080/a?b=1"
    with pytest.raises(services.CoverageError):
        services.normalise_url("https://" + "a" * 1000 + ".vn")


def test_journalist_menu_and_staff_menu(client, auth, accredited):
    auth.login(user=accredited)
    home = client.get("/DH16/").get_data(as_text=True)
    assert 'href="/DH16/coverage/mine"' in home and 'href="/DH16/coverage/"' not in home
    assert client.get("/DH16/coverage/").status_code == 403
    assert client.get("/DH16/coverage/report").status_code == 403


def test_staff_can_correct_an_entry_of_a_journalist_no_longer_accredited(
    client, auth, db, make_application, make_coverage
):
    application = make_application(status="approved")
    item = make_coverage(application.user, title="Tiêu đề cũ")
    application.status = "rejected"
    db.session.commit()
    auth.login("press_officer")
    response = client.submit(
        f"/DH16/coverage/{item.id}/edit",
        piece(journalist=str(application.user_id), url=item.url, title="Tiêu đề mới", outlet="VTV"),
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.journalist_id, item.title) == (application.user_id, "Tiêu đề mới")
