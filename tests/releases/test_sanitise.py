"""XSS payloads in a release's title, summary and body come out inert on every surface."""

from __future__ import annotations

from html.parser import HTMLParser

import feedparser
import pytest
from sqlalchemy import select

from app.core.models import OutboxMessage
from app.releases.markup import render_markdown
from app.releases.models import Release

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">bấm vào đây</a>',
    "[bấm vào đây](javascript:alert(4))",
    '<svg onload="alert(5)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '"><b onmouseover=alert(6)>x</b>',
    "<style>body{display:none}</style>",
    '<a href="JaVaScRiPt:alert(7)">x</a>',
    "[x](  javascript:alert(8) )",
    '<form action="https://evil.example"><input name=p></form>',
    '<div style="background:url(javascript:alert(9))">y</div>',
]


class ActiveContent(HTMLParser):
    """Collects markup a browser would act on: foreign scripts, frames, handlers, javascript: URLs.

    It parses like a browser, so escaped text (``&lt;script&gt;``) is text, not a tag.
    The layout's own scripts (``/static/...``) and same-site forms are allowed.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append("inline or foreign script")
        if tag in ("iframe", "svg", "object", "embed", "style", "math", "base"):
            self.found.append(f"<{tag}>")
        if tag == "form" and (attributes.get("action") or "").startswith(("http:", "https:", "//")):
            self.found.append("form posting elsewhere")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= handler")
            if name in ("href", "src", "action", "formaction") and "javascript:" in (
                value or ""
            ).lower().replace(" ", ""):
                self.found.append(f"javascript: in {name}")


def dangerous(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendered_markdown_is_inert(payload):
    html = render_markdown(f"Đoạn văn bình thường.\n\n{payload}\n\n**Đậm** và [liên kết](https://baochi.vn)")
    assert dangerous(html) == [], html
    assert "style=" not in html
    assert "<strong>Đậm</strong>" in html
    assert '<a href="https://baochi.vn" rel="noopener noreferrer">liên kết</a>' in html


def test_payloads_in_every_field_are_inert_on_every_surface(client, auth, db, make_user, journalist):
    payload = " ".join(PAYLOADS)
    reader = journalist("central")
    auth.login("press_officer")
    response = client.submit(
        "/DH16/releases/new",
        {
            "title": '<script>alert("title")</script><img src=x onerror=alert(1)>',
            "summary": '<img src=x onerror=alert("summary")> <script>alert(2)</script>',
            "body": payload,
            "category": "press_release",
            "audience": "public",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    release = db.session.scalar(select(Release))
    client.submit(
        f"/DH16/releases/manage/{release.id}/submit", form_url=f"/DH16/releases/manage/{release.id}"
    )
    auth.logout()
    auth.login("approver")
    client.submit(
        f"/DH16/releases/manage/{release.id}/approve", form_url=f"/DH16/releases/manage/{release.id}"
    )
    db.session.expire_all()
    assert db.session.get(Release, release.id).status == "published"

    pages = {
        "staff detail": client.get(f"/DH16/releases/manage/{release.id}"),
        "staff list": client.get("/DH16/releases/manage"),
        "preview": client.post(
            "/DH16/releases/preview",
            data={"body": payload},
            headers={"X-CSRFToken": client.csrf_token("/DH16/releases/new")},
        ),
    }
    auth.logout()
    pages["list"] = client.get("/DH16/releases/")
    pages["detail"] = client.get(f"/DH16/releases/{release.id}")
    pages["search"] = client.get("/DH16/releases/?q=script")
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert dangerous(page.get_data(as_text=True)) == [], name
    detail = pages["detail"].get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in detail  # shown as text, escaped

    feed_xml = client.get("/DH16/releases/feed.atom").data
    parsed = feedparser.parse(feed_xml)
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.title.startswith('<script>alert("title")')  # the feed carries it as text
    assert dangerous(entry.content[0].value) == []
    # The e-mail is plain text: the title appears verbatim, and nothing there executes.
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == reader.email)).all()
    assert len(mails) == 1 and mails[0].body_html is None


def test_preview_needs_the_csrf_token_and_the_permission(client, auth):
    auth.login("press_officer")
    assert client.post("/DH16/releases/preview", data={"body": "x"}).status_code == 400
    auth.logout()
    auth.login("journalist")
    token = client.csrf_token("/")
    response = client.post("/DH16/releases/preview", data={"body": "x"}, headers={"X-CSRFToken": token})
    assert response.status_code == 403
