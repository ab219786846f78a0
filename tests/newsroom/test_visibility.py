"""Embargo and audience on every surface of the library, for every kind of reader, before and
after the embargo — the same readers and the same rule as the releases' walk
(tests/releases/test_visibility.py), because the library asks the same query layer.

Surfaces: the list, search, the item page, the photo preview, the full download, the item's
short link, the album page, the album's ZIP and the album's short link. Readers: anonymous, a
journalist without accreditation, an accredited journalist of the local press (outsider to
"central"), one of the central press (insider), an organiser, and release staff.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from app.newsroom import services
from tests.newsroom.conftest import jpeg_bytes, mp4_bytes, pdf_bytes, upload
from tests.releases.conftest import reader_clients

START = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
WORDS = {
    "A": "alphaq",  # central press only, embargoed one hour (photo, alone in the "secret" album)
    "B": "bravoq",  # public, embargoed one hour (photo)
    "C": "charlieq",  # all accredited journalists, now (PDF)
    "D": "deltaq",  # public, now (photo)
    "F": "foxtrotq",  # public, withdrawn (photo)
    "G": "golfq",  # local press only, now (video)
}
EVERYTHING = set(WORDS)
NOT_WITHDRAWN = EVERYTHING - {"F"}
EXPECTED_BEFORE = {
    "anonymous": {"D"},
    "unaccredited": {"D"},
    "outsider": {"C", "D", "G"},
    "insider": {"C", "D"},
    "organiser": {"D"},
    "staff": {"C", "D", "G"},  # the list shows staff the readers' view
}
EXPECTED_AFTER = {
    "anonymous": {"B", "D"},
    "unaccredited": {"B", "D"},
    "outsider": {"B", "C", "D", "G"},
    "insider": {"A", "B", "C", "D"},
    "organiser": {"B", "D"},
    "staff": {"A", "B", "C", "D", "G"},
}


def test_the_library_expects_exactly_what_the_releases_walk_expects():
    """One rule: the same reader sees the same letters in both walks (A, B, C, D and G mean the
    same audience and embargo there; F is withdrawn in both; E, a draft, has no library twin)."""
    from tests.releases import test_visibility as releases_walk

    for mine, theirs in (
        (EXPECTED_BEFORE, releases_walk.EXPECTED_BEFORE),
        (EXPECTED_AFTER, releases_walk.EXPECTED_AFTER),
    ):
        assert mine == {reader: seen & EVERYTHING for reader, seen in theirs.items()}


def _shown(text: str) -> set[str]:
    return {key for key, word in WORDS.items() if word in text.lower()}


def _listed(page: str) -> set[str]:
    marker = "library-list"
    assert marker in page
    return _shown(page.split(marker, 1)[1])


@pytest.fixture
def world(db, make_user, journalist, officer):
    with time_machine.travel(START, tick=False):
        embargo = START.replace(tzinfo=None) + timedelta(hours=1)
        main = services.create_album(officer, title="Phiên khai mạc")
        secret = services.create_album(officer, title="Kết quả bầu cử")
        files = {
            "A": (
                "ket-qua.jpg",
                jpeg_bytes((800, 600)),
                secret,
                {"audience": "central", "embargo_until": embargo},
            ),
            "B": ("dien-van.jpg", jpeg_bytes((800, 600)), main, {"embargo_until": embargo}),
            "C": ("danh-sach.pdf", pdf_bytes(), main, {"audience": "accredited"}),
            "D": ("toan-canh.jpg", jpeg_bytes((800, 600)), main, {}),
            "F": ("nham.jpg", jpeg_bytes((800, 600)), main, {}),
            "G": ("clip.mp4", mp4_bytes(), main, {"audience": "local"}),
        }
        items = {}
        for key, (name, data, album, extra) in files.items():
            items[key] = services.add_item(
                album,
                officer,
                upload(name, data),
                caption=f"Chú thích {WORDS[key]}",
                credit="Ảnh: TTXVN",
                terms="editorial_credit",
                **extra,
            )
        services.withdraw_item(items["F"], officer)
        readers = {
            "anonymous": None,
            "unaccredited": journalist(None),
            "outsider": journalist("local"),
            "insider": journalist("central"),
            "organiser": make_user("organiser"),
            "staff": officer,
        }
        db.session.commit()
    return items, {"main": main, "secret": secret}, readers


def _walk(client, items, albums) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = {}
    seen["list"] = _listed(client.get("/DH16/library/").get_data(as_text=True))
    seen["search"] = set()
    for key, word in WORDS.items():
        found = _listed(client.get("/DH16/library/", query_string={"q": word.upper()}).get_data(as_text=True))
        assert found <= {key}
        seen["search"] |= found
    seen["detail"], seen["download"], seen["preview"], seen["short link"] = set(), set(), set(), set()
    for key, item in items.items():
        detail = client.get(f"/DH16/library/items/{item.id}")
        assert detail.status_code in (200, 404)
        if detail.status_code == 200:
            assert WORDS[key] in detail.get_data(as_text=True)
            seen["detail"].add(key)
        download = client.get(f"/DH16/library/items/{item.id}/download")
        assert download.status_code in (200, 404)
        if download.status_code == 200:
            seen["download"].add(key)
        if item.kind == "photo":
            preview = client.get(f"/DH16/library/items/{item.id}/image/preview")
            assert preview.status_code in (200, 404)
            if preview.status_code == 200:
                seen["preview"].add(key)
        short = client.get(f"/DH16/m/{item.short_code}")
        assert short.status_code in (302, 404)
        if short.status_code == 302:
            seen["short link"].add(key)
    seen["album page"], seen["zip"], seen["album link"] = set(), set(), set()
    for album in albums.values():
        page = client.get(f"/DH16/library/albums/{album.id}")
        assert page.status_code in (200, 404)
        if page.status_code == 200:
            seen["album page"] |= _listed(page.get_data(as_text=True))
        archive = client.get(f"/DH16/library/albums/{album.id}/download.zip")
        assert archive.status_code in (200, 404)
        if archive.status_code == 200:
            with zipfile.ZipFile(io.BytesIO(archive.data)) as opened:
                seen["zip"] |= _shown(opened.read("chu-thich.txt").decode())
                assert len(opened.namelist()) == len(_shown(opened.read("chu-thich.txt").decode())) + 1
        short = client.get(f"/DH16/ma/{album.short_code}")
        assert short.status_code in (302, 404)
        if short.status_code == 302:
            seen["album link"] |= {key for key, item in items.items() if item.album_id == album.id}
    return seen


def _check(clients, items, albums, expected):
    photos = {key for key, item in items.items() if item.kind == "photo"}
    for name, client in clients.items():
        seen = _walk(client, items, albums)
        want = expected[name]
        staff = name == "staff"
        opens = EVERYTHING if staff else want
        assert seen["list"] == want, name
        assert seen["search"] == want, name
        assert seen["detail"] == opens, name
        assert seen["download"] == opens, name
        assert seen["preview"] == opens & photos, name
        assert seen["short link"] == opens, name
        # albums: readers get the items they may read; staff every item not withdrawn
        assert seen["album page"] == (NOT_WITHDRAWN if staff else want), name
        assert seen["zip"] == (NOT_WITHDRAWN if staff else want), name
        # an album's short link opens when one of its items does (the secret album holds A only)
        albums_open: set[str] = set()
        for album_id in {item.album_id for item in items.values()}:
            keys = {key for key, item in items.items() if item.album_id == album_id}
            if staff or keys & want:
                albums_open |= keys
        assert seen["album link"] == albums_open, name


def test_nothing_of_the_library_leaks_before_or_after_the_embargo(app, db, make_user, world):
    items, albums, readers = world
    with time_machine.travel(START + timedelta(minutes=59), tick=False) as traveller:
        clients = reader_clients(app, make_user, readers)
        _check(clients, items, albums, EXPECTED_BEFORE)
        traveller.shift(timedelta(minutes=2))
        _check(clients, items, albums, EXPECTED_AFTER)


def test_lifting_an_embargo_early_shows_the_item_at_once(app, db, make_user, world, officer):
    items, _albums, _readers = world
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        client = reader_clients(app, make_user, {"anonymous": None})["anonymous"]
        assert client.get(f"/DH16/library/items/{items['B'].id}").status_code == 404
        item = items["B"]
        services.update_item(
            item, officer, caption=item.caption, credit=item.credit, terms=item.terms, embargo_until=None
        )
        db.session.commit()
        assert client.get(f"/DH16/library/items/{item.id}").status_code == 200
