"""Bad input is refused with a clear message and nothing is saved (no row, no file)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.timeutil import to_local, utcnow
from app.releases.models import Attachment, Release
from tests.releases.conftest import BAD_FILES, pdf_bytes


def _stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]


def _form(**overrides):
    data = {
        "title": "Thông cáo báo chí số 1",
        "summary": "Tóm tắt",
        "body": "Nội dung",
        "category": "press_release",
        "audience": "public",
        "embargo_until": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * 201, "200"),
        ("summary", "S" * 1001, "1000"),
        ("body", "B" * 50_001, "50000"),
        ("title", "", None),
        ("body", "", None),
        ("category", "secret", None),
        ("audience", "everyone", None),
        ("embargo_until", "32/13/2025 25:00", "dd/mm/yyyy"),
    ],
)
def test_bad_fields_are_refused(client, auth, db, field, value, message):
    auth.login("press_officer")
    response = client.submit("/DH16/releases/new", _form(**{field: value}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="invalid-feedback d-block"' in page
    if message:
        assert message in page
    assert db.session.scalar(select(func.count(Release.id))) == 0


def test_an_embargo_in_the_past_is_refused(client, auth, db):
    auth.login("press_officer")
    past = to_local(utcnow() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.submit("/DH16/releases/new", _form(embargo_until=past))
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Release.id))) == 0


def test_embargo_is_typed_in_local_time_and_stored_in_utc(client, auth, db):
    auth.login("press_officer")
    response = client.submit("/DH16/releases/new", _form(embargo_until="14/10/2099 08:00"))
    assert response.status_code == 302
    release = db.session.scalar(select(Release))
    assert release.embargo_until.isoformat() == "2099-10-14T01:00:00"  # Asia/Ho_Chi_Minh is UTC+7


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_attachments_are_refused_and_nothing_is_kept(app, client, auth, db, kind):
    auth.login("press_officer")
    name, data = BAD_FILES[kind]
    form = _form()
    # A good file first: it must be removed again when the bad one is refused.
    form["attachments"] = [(io.BytesIO(pdf_bytes()), "tot.pdf"), (io.BytesIO(data), name)]
    response = client.submit("/DH16/releases/new", form, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "PDF" in page  # the message names what is accepted / what is wrong
    assert db.session.scalar(select(func.count(Release.id))) == 0
    assert db.session.scalar(select(func.count(Attachment.id))) == 0
    assert _stored_files(app) == []


def test_a_bad_attachment_leaves_an_existing_draft_unchanged(app, client, auth, db, make_release):
    author = auth.login("press_officer")
    release = make_release("draft", author=author, title="Bản cũ", attachments=[("a.pdf", pdf_bytes())])
    before = _stored_files(app)
    name, data = BAD_FILES["svg"]
    form = _form(title="Bản mới")
    form["attachments"] = [(io.BytesIO(pdf_bytes()), "b.pdf"), (io.BytesIO(data), name)]
    response = client.submit(
        f"/DH16/releases/manage/{release.id}/edit", form, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    db.session.expire_all()
    release = db.session.get(Release, release.id)
    assert release.title == "Bản cũ" and len(release.attachments) == 1
    assert _stored_files(app) == before


def test_another_officer_cannot_edit_the_draft(client, auth, db, make_release):
    release = make_release("draft", title="Bản của người khác")
    auth.login("press_officer")
    response = client.get(f"/DH16/releases/manage/{release.id}/edit")
    assert response.status_code == 302
    client.post(f"/DH16/releases/manage/{release.id}/edit", data=_form(title="Đổi"))
    db.session.expire_all()
    assert db.session.get(Release, release.id).title == "Bản của người khác"
