"""The demo library: three albums of generated photos, one photo for accredited readers only,
one under embargo; readers see what their audience allows."""

from __future__ import annotations

from sqlalchemy import func, select

from app.newsroom import demo
from app.newsroom.models import Album, MediaItem


def test_demo_library(client, db, make_user):
    make_user("press_officer", email=demo.PRESS_OFFICER)
    demo.seed()
    db.session.commit()
    titles = set(db.session.scalars(select(Album.title)))
    assert titles == {"Phiên khai mạc", "Họp báo", "Trang trí"}
    assert db.session.scalar(select(func.count(MediaItem.id))) == 11
    assert db.session.scalar(select(func.count(MediaItem.id)).where(MediaItem.kind == "photo")) == 10
    page = client.get("/DH16/library/").get_data(as_text=True)
    assert "Pa nô chào mừng Đại hội" in page
    assert "Công bố kết quả bầu" not in page  # under embargo
    assert "biểu quyết thông qua" not in page  # accredited journalists only
    demo.seed()  # a second run adds nothing
    assert db.session.scalar(select(func.count(Album.id))) == 3
