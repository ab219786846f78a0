"""Media library fixtures: real JPEG, MP4, PDF and DOCX bytes; albums and items in any state."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from werkzeug.datastructures import FileStorage

from app.newsroom import services
from tests.releases.conftest import docx_bytes, in_an_hour, journalist, pdf_bytes  # noqa: F401  (fixtures re-exported)


def jpeg_bytes(size=(1600, 1067), colour=(179, 20, 27)) -> bytes:
    """A real JPEG photo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle(
        (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill=(250, 220, 0)
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return (len(payload) + 8).to_bytes(4, "big") + kind + payload


def mp4_bytes() -> bytes:
    """A tiny MP4 container: ftyp, moov and mdat boxes (enough for the content check)."""
    return (
        _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41")
        + _box(b"moov", _box(b"mvhd", b"\x00" * 100))
        + _box(b"mdat", b"\x00" * 256)
    )


def upload(name: str, data: bytes) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def exiftool(data: bytes, tmp_path) -> dict:
    """Every tag exiftool (an independent reader) finds in a file, by group:name."""
    assert shutil.which("exiftool"), "exiftool (Debian libimage-exiftool-perl) is needed"
    path = tmp_path / "download.jpg"
    path.write_bytes(data)
    out = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", "-charset", "iptc=UTF8", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return json.loads(out.stdout)[0]


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", full_name="Lê Thị Hồng")


@pytest.fixture
def make_album(db, officer):
    def make(title: str = "Phiên khai mạc", **kw):
        album = services.create_album(officer, title=title, **kw)
        db.session.commit()
        return album

    return make


@pytest.fixture
def make_item(db, officer, make_album):
    """Factory: an item added by a press officer (a photo unless ``name``/``data`` say otherwise)."""

    def make(
        album=None,
        *,
        name: str = "khai-mac.jpg",
        data: bytes | None = None,
        caption: str = "Toàn cảnh phiên khai mạc Đại hội",
        credit: str = "Ảnh: TTXVN",
        terms: str = "editorial_credit",
        **kw,
    ):
        album = album or make_album()
        item = services.add_item(
            album,
            officer,
            upload(name, data if data is not None else jpeg_bytes()),
            caption=caption,
            credit=credit,
            terms=terms,
            **kw,
        )
        db.session.commit()
        return item

    return make
