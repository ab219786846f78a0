"""Embargo and audience: every reader surface, every kind of reader, before and after the embargo.

Surfaces: the list, the detail page, the attachment URL, search, the public feed and the
private feed, and every report and export that names releases or could (the closing
report PDF, the dashboard, the coverage report and its XLSX). Readers: anonymous, a
journalist without accreditation, an accredited journalist outside the release's press
group (local press), one inside it (central press), an organiser (staff who may open the
dashboard and the reports but read only public releases), and release staff. Nothing may
show up where or before it should.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.models import OutboxMessage
from app.releases import feeds, services
from app.releases.models import Release
from tests.dashboard.test_closing_report import pdf_text
from tests.releases.conftest import pdf_bytes, reader_clients

START = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
# One unique word per release, so a page "shows" a release iff the word is in it.
WORDS = {
    "A": "alphaq",  # central press only, embargoed one hour, with attachment
    "B": "bravoq",  # public, embargoed one hour, with attachment
    "C": "charlieq",  # all accredited journalists, published now
    "D": "deltaq",  # public, published now
    "E": "echoq",  # public draft
    "F": "foxtrotq",  # public, withdrawn
    "G": "golfq",  # local press only, published now
}
LIVE_BEFORE = {"C", "D", "G"}
EXPECTED_BEFORE = {
    "anonymous": {"D"},
    "unaccredited": {"D"},
    "outsider": {"C", "D", "G"},
    "insider": {"C", "D"},
    "organiser": {"D"},
    "staff": LIVE_BEFORE,  # lists and feeds show staff the readers' view
}
EXPECTED_AFTER = {
    "anonymous": {"B", "D"},
    "unaccredited": {"B", "D"},
    "outsider": {"B", "C", "D", "G"},
    "insider": {"A", "B", "C", "D"},
    "organiser": {"B", "D"},
    "staff": {"A", "B", "C", "D", "G"},
}
# Approved releases still under embargo: only release staff see them announced (dashboard).
SCHEDULED_BEFORE = {"A", "B"}


def _shown(text: str) -> set[str]:
    return {key for key, word in WORDS.items() if word in text.lower()}


def _listed(page: str) -> set[str]:
    """Releases in the result list (the search box echoes the query above it)."""
    marker = 'class="list-unstyled release-list"'
    assert marker in page
    return _shown(page.split(marker, 1)[1])


@pytest.fixture
def world(db, make_user, make_release, journalist):
    """The releases and the readers, created at START."""
    with time_machine.travel(START, tick=False):
        officer = make_user("press_officer")
        approver = make_user("approver")
        embargo = START.replace(tzinfo=None) + timedelta(hours=1)
        common = {"author": officer, "approver": approver}
        releases = {
            "A": make_release(
                "approved",
                title=f"Danh sách Ban Chấp hành khóa mới {WORDS['A']}",
                audience="central",
                embargo_until=embargo,
                attachments=[("ban-chap-hanh.pdf", pdf_bytes())],
                **common,
            ),
            "B": make_release(
                "approved",
                title=f"Diễn văn khai mạc {WORDS['B']}",
                embargo_until=embargo,
                attachments=[("dien-van.pdf", pdf_bytes())],
                **common,
            ),
            "C": make_release(
                "published", title=f"Thông cáo số 2 {WORDS['C']}", audience="accredited", **common
            ),
            "D": make_release("published", title=f"Thông cáo số 1 {WORDS['D']}", **common),
            "E": make_release("draft", title=f"Dự thảo {WORDS['E']}", **common),
            "F": make_release("withdrawn", title=f"Thông cáo thu hồi {WORDS['F']}", **common),
            "G": make_release("published", title=f"Lịch tác nghiệp {WORDS['G']}", audience="local", **common),
        }
        readers = {
            "anonymous": None,
            "unaccredited": journalist(None),
            "outsider": journalist("local"),
            "insider": journalist("central"),
            "organiser": make_user("organiser"),
            "staff": officer,
        }
        tokens = {name: feeds.feed_token(user) for name, user in readers.items() if user is not None}
        db.session.commit()
    return releases, readers, tokens


def _walk(client, releases, token):
    """What one reader sees on each surface (sets of release keys)."""
    seen = {}
    seen["list"] = _listed(client.get("/DH16/releases/").get_data(as_text=True))
    seen["search"] = set()
    for key, word in WORDS.items():
        page = client.get("/DH16/releases/", query_string={"q": word.upper()}).get_data(as_text=True)
        assert _listed(page) <= {key}
        seen["search"] |= _listed(page)
    seen["detail"] = {
        key
        for key, release in releases.items()
        if client.get(f"/DH16/releases/{release.id}").status_code == 200
    }
    seen["attachment"] = set()
    for key, release in releases.items():
        for attachment in release.attachments:
            response = client.get(f"/DH16/releases/{release.id}/files/{attachment.id}")
            assert response.status_code in (200, 404)
            if response.status_code == 200:
                assert response.data.startswith(b"%PDF-")
                seen["attachment"].add(key)
    public = feedparser.parse(client.get("/DH16/releases/feed.atom").data)
    assert not public.bozo
    seen["public feed"] = _shown(" ".join(entry.title for entry in public.entries))
    if token:
        private = feedparser.parse(client.get(f"/DH16/releases/feed/{token}.atom").data)
        assert not private.bozo
        seen["private feed"] = _shown(" ".join(entry.title for entry in private.entries))
    if token:  # signed in: the reports and exports this reader may open
        seen.update(_reports(client))
    return seen


def _reports(client) -> dict[str, set[str] | None]:
    """Release words in every report and export (None: the reader may not open it)."""
    seen: dict[str, set[str] | None] = {}
    pdf = client.get("/DH16/dashboard/closing-report.pdf")
    seen["closing report"] = _shown(pdf_text(pdf.data)) if pdf.status_code == 200 else None
    dashboard = client.get("/DH16/dashboard")
    seen["dashboard"] = _shown(dashboard.get_data(as_text=True)) if dashboard.status_code == 200 else None
    report = client.get("/DH16/coverage/report")
    seen["coverage report"] = _shown(report.get_data(as_text=True)) if report.status_code == 200 else None
    export = client.get("/DH16/coverage/report.xlsx")
    if export.status_code == 200:
        book = load_workbook(io.BytesIO(export.data))
        cells = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
        seen["coverage xlsx"] = _shown(" ".join(cells))
    else:
        seen["coverage xlsx"] = None
    return seen


def _mailed(db, readers) -> dict[str, set[str]]:
    """Which of the embargoed releases A and B each journalist has been e-mailed about."""
    messages = db.session.scalars(select(OutboxMessage)).all()
    return {
        name: {key for m in messages if m.recipient == user.email for key in _shown(m.subject + m.body_text)}
        & {"A", "B"}
        for name, user in readers.items()
        if name in ("unaccredited", "outsider", "insider")
    }


def _check(clients, world, expected, *, staff_opens: set[str], scheduled: set[str]):
    releases, readers, tokens = world
    with_attachments = {key for key, release in releases.items() if release.attachments}
    for name, client in clients.items():
        seen = _walk(client, releases, tokens.get(name))
        want = expected[name]
        assert seen["list"] == want, name
        assert seen["search"] == want, name
        assert seen["public feed"] == expected["anonymous"], name
        if readers[name] is not None:
            assert seen["private feed"] == want, name
        opens = staff_opens if name == "staff" else want
        assert seen["detail"] == opens, name
        assert seen["attachment"] == opens & with_attachments, name
        if readers[name] is None:
            continue
        # Reports and exports: what the reader may read, never more.
        may_open = {key for key, value in seen.items() if value is not None}
        assert may_open >= {"list", "detail"}, name
        if name in ("organiser", "staff"):
            assert {"closing report", "dashboard", "coverage report", "coverage xlsx"} <= may_open, name
        if seen.get("closing report") is not None:
            assert seen["closing report"] == want, name
        if seen.get("dashboard") is not None:
            announced = want | (scheduled if name == "staff" else set())
            assert seen["dashboard"] == (announced if name == "staff" else set()), name
        for export in ("coverage report", "coverage xlsx"):
            if seen.get(export) is not None:
                assert seen[export] == set(), (name, export)


def test_nothing_leaks_before_or_after_the_embargo(app, db, make_user, world):
    releases, readers, _tokens = world
    everything = set(WORDS)
    with time_machine.travel(START + timedelta(minutes=59), tick=False) as traveller:
        clients = reader_clients(app, make_user, readers)
        # Before the embargo: staff open every release; readers see only live ones of their audience.
        _check(clients, world, EXPECTED_BEFORE, staff_opens=everything, scheduled=SCHEDULED_BEFORE)
        assert services.publish_due_releases() == 0
        db.session.commit()
        assert _mailed(db, readers) == {"unaccredited": set(), "outsider": set(), "insider": set()}

        # After the embargo but before the worker ran: the query layer already shows them.
        traveller.shift(timedelta(minutes=2))
        _check(clients, world, EXPECTED_AFTER, staff_opens=everything, scheduled=set())
        statuses = {key: db.session.get(Release, r.id).status for key, r in releases.items()}
        assert statuses["A"] == statuses["B"] == "approved"

        # The worker publishes them; what each reader sees does not change.
        assert services.publish_due_releases() == 2
        db.session.commit()
        assert db.session.get(Release, releases["A"].id).status == "published"
        # Publication e-mails go to the audience only: B (public) to every accredited journalist.
        assert _mailed(db, readers) == {"unaccredited": set(), "outsider": {"B"}, "insider": {"A", "B"}}
        _check(clients, world, EXPECTED_AFTER, staff_opens=everything, scheduled=set())


def test_wrong_or_reset_private_feed_token_is_not_found(client, db, journalist):
    user = journalist("central")
    token = feeds.feed_token(user)
    db.session.commit()
    assert client.get(f"/DH16/releases/feed/{token}.atom").status_code == 200
    assert client.get(f"/DH16/releases/feed/{token[:-1]}x.atom").status_code == 404
    assert client.get("/DH16/releases/feed/not-a-token.atom").status_code == 404
    new = feeds.reset_feed_token(user)
    db.session.commit()
    assert client.get(f"/DH16/releases/feed/{token}.atom").status_code == 404
    assert client.get(f"/DH16/releases/feed/{new}.atom").status_code == 200


def test_a_deactivated_users_feed_is_gone(client, db, journalist):
    user = journalist("central")
    token = feeds.feed_token(user)
    user.active = False
    db.session.commit()
    assert client.get(f"/DH16/releases/feed/{token}.atom").status_code == 404


def test_losing_accreditation_narrows_the_private_feed(client, db, journalist, make_release):
    from app.accreditation.models import Application

    user = journalist("central")
    make_release(title="Chỉ Trung ương kiloq", audience="central")
    token = feeds.feed_token(user)
    db.session.commit()
    assert "kiloq" in client.get(f"/DH16/releases/feed/{token}.atom").get_data(as_text=True)
    application = db.session.scalar(select(Application).where(Application.user_id == user.id))
    application.status = "rejected"
    db.session.commit()
    assert "kiloq" not in client.get(f"/DH16/releases/feed/{token}.atom").get_data(as_text=True)


def test_staff_see_scheduled_releases_in_their_own_list(client, auth, make_release, in_an_hour):
    release = make_release("approved", title="Nghị quyết Đại hội limaq", embargo_until=in_an_hour)
    auth.login("press_officer")
    page = client.get("/DH16/releases/manage").get_data(as_text=True)
    assert "limaq" in page
    detail = client.get(f"/DH16/releases/{release.id}").get_data(as_text=True)
    assert 'data-testid="not-public"' in detail
