"""No raw audit codes on screen: every action, subject kind and detail key has a label in
both languages, and the audit and history pages show the labels."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from app.core import audit
from tests.core.world import build_world

APP = Path(__file__).resolve().parents[2] / "app"
LITERAL = re.compile(r"audit\.record\(\s*\"([a-z_.]+[a-z_])\"[,)]")


class _Text(HTMLParser):
    """The text a reader sees (attribute values and scripts left out)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_every_action_written_in_the_code_has_a_label(app):
    written = {m for path in APP.rglob("*.py") for m in LITERAL.findall(path.read_text(encoding="utf-8"))}
    assert len(written) > 40
    missing = sorted(code for code in written if code not in audit._ACTIONS)
    assert missing == [], f"actions without a label: {missing}"


def test_an_unlabelled_action_fails_under_test(app, db):
    import pytest

    with pytest.raises(LookupError, match="audit labels missing"):
        audit.record("something.new", None)
    with pytest.raises(LookupError, match="detail 'mystery'"):
        audit.record("account.login", None, details={"mystery": 1})


def test_the_audit_page_shows_words_not_codes(
    client, auth, make_user, make_application, make_zone, make_organisation
):
    build_world(make_user, make_application, make_zone, make_organisation)
    auth.login("admin")
    for url in ("/admin/audit", "/DH16/audit", "/admin/audit?action=application.submit&subject=Application"):
        html = client.get(url).get_data(as_text=True)
        text = visible_text(html)
        shown = [code for code in audit._ACTIONS if code in text]
        assert shown == [], f"{url} shows raw codes: {shown}"
        assert not re.search(r"\b(Application|Task|Release|Badge):\d+", text)
        assert '{"' not in text
    text = visible_text(client.get("/admin/audit").get_data(as_text=True))
    assert "Nộp hồ sơ" in text and "Cấp thẻ" in text


def test_details_read_as_words(app):
    with app.test_request_context():
        words = dict(
            audit.describe_details("venue.task_verify", {"from": "done", "to": "verified", "note": ""})
        )
    assert words == {"Từ": "Đã xong, chờ nghiệm thu", "Thành": "Đã nghiệm thu", "Ghi chú": "—"}
