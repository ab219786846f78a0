"""Introduction letters are downloaded, never opened inline in the site's origin."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from app.accreditation.models import Application
from tests.accreditation.conftest import pdf_bytes


def test_a_letter_is_served_as_an_attachment_with_a_safe_name(client, auth, db, form_data, submit_form):
    owner = auth.login("journalist")
    submit_form(form_data(letter=(io.BytesIO(pdf_bytes()), 'thư "giới thiệu"/../x.pdf')))
    application = db.session.scalar(select(Application).where(Application.user_id == owner.id))
    auth.logout()
    auth.login("accreditation_officer")
    response = client.get(f"/DH16/accreditation/applications/{application.id}/letter")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    match = re.search(r'filename="?([^";]+)"?', disposition)
    assert match and re.fullmatch(r"[A-Za-z0-9._-]+\.pdf", match.group(1)), disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
