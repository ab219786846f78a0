"""The review queue translates its row labels once per page, not once per cell (issue 18)."""

from __future__ import annotations

import flask_babel

from app.core import fragments


def _translations(client, monkeypatch) -> int:
    calls = {"n": 0}
    original = flask_babel.Domain.gettext

    def counting(self, *args, **kwargs):
        calls["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(flask_babel.Domain, "gettext", counting)
    fragments.forget_all()  # every fragment drawn, none taken as kept
    page = client.get("/DH16/accreditation/queue?status=approved")
    monkeypatch.setattr(flask_babel.Domain, "gettext", original)
    assert page.status_code == 200
    return calls["n"]


def test_more_rows_cost_no_more_translations(client, auth, make_application, monkeypatch):
    auth.login("accreditation_officer")
    for _ in range(3):
        make_application(status="approved")
    _translations(client, monkeypatch)  # the labels kept per language are made by now
    few = _translations(client, monkeypatch)
    for _ in range(20):
        make_application(status="approved")
    many = _translations(client, monkeypatch)
    # approved rows have no check box (its label names the person): nothing per row at all
    assert many == few, (few, many)
