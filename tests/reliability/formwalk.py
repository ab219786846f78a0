"""Find every page and every form of the app, with real ids, for generic abuse tests.

Routes are taken from ``app.url_map``; URL arguments named ``<thing>_id`` are filled
with the id of an existing row of the model named ``Thing`` (so the demo data must be
seeded first); GET pages that answer 200 with HTML are parsed for ``<form method=post>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sqlalchemy import select

from app.extensions import db

SKIP_ENDPOINTS = {"accounts.logout", "core.set_language", "static"}


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, file, hidden, email, date, number, ...
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    enctype: str
    fields: list[Field]


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = Form(self.page, attrs.get("action") or self.page, attrs.get("enctype") or "", [])
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind not in ("submit", "button", "reset", "image"):
                self._form.fields.append(Field(attrs["name"], kind, [attrs.get("value") or "y"]))
        elif tag == "textarea" and attrs.get("name"):
            self._form.fields.append(Field(attrs["name"], "textarea"))
        elif tag == "select" and attrs.get("name"):
            self._select = Field(attrs["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def _models_by_name() -> dict[str, type]:
    return {mapper.class_.__name__.lower(): mapper.class_ for mapper in db.Model.registry.mappers}


def _id_for(arg: str, models: dict[str, type]) -> str | None:
    if arg == "event_code":  # the congress the test's objects belong to
        from app.core import eventinfo

        return eventinfo.current().code
    base = arg[:-3] if arg.endswith("_id") else arg
    candidates = [
        base.replace("_", ""),
        {"org": "mediaorganisation", "organisation": "mediaorganisation"}.get(base, ""),
    ]
    for name in candidates:
        model = models.get(name)
        if model is not None:
            value = db.session.scalar(select(model.id).order_by(model.id.desc()).limit(1))
            return None if value is None else str(value)
    return None


def get_pages(app) -> list[tuple[str, str]]:
    """(endpoint, url) of every GET route whose arguments can be filled with real ids."""
    models = _models_by_name()
    pages = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS or "GET" not in rule.methods:
            continue
        values = {}
        for arg in rule.arguments:
            value = _id_for(arg, models)
            if value is None:
                break
            values[arg] = value
        else:
            pages.append((rule.endpoint, rule.build(values)[1] if values else rule.rule))
    return sorted(pages)


def forms_on(client, url: str) -> list[Form]:
    """The POST forms of a page (empty when it is not a 200 HTML page)."""
    response = client.get(url)
    if response.status_code != 200 or not response.mimetype == "text/html":
        return []
    parser = _FormParser(url)
    parser.feed(response.get_data(as_text=True))
    # Removing a staff role takes the walk's own accounts out of the congress, so the forms
    # drawn after it would no longer open: a bare button, left out of the walk.
    return [
        f
        for f in parser.forms
        if not f.action.endswith(("/logout", "/language"))
        and not re.search(r"/admin/staff/\d+/remove$", f.action)
    ]
