"""Generated bad input to every help-desk form, as the journalist and as the desk: never a 500."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db, limiter
from app.helpdesk import found, loans, services
from tests.conftest import PASSWORD
from tests.helpdesk.conftest import jpeg
from tests.reliability.formwalk import forms_on
from tests.reliability.test_bad_input import FILES, TEXT


def _forms(client, user, pages):
    client.submit("/logout", form_url="/")
    limiter.reset()
    client.submit("/login", {"email": user.email, "password": PASSWORD})
    return [(user, form) for url in pages for form in forms_on(client, url)]


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_generated_values_never_cause_a_500(client, accredited, officer, data):
    state = test_generated_values_never_cause_a_500.__dict__
    if "forms" not in state:
        user, _a, badge = accredited()
        request = services.report_lost_badge(user)
        item = loans.save_item(None, kind="cable", label="Cáp HDMI 3 m", count=2, active=True, actor=officer)
        loans.lend(item, badge.serial, officer)
        thing = found.log_found("Ô màu xanh", "Sảnh", _file(jpeg()), officer)
        db.session.commit()
        mine = [
            "/DH16/helpdesk/",
            "/DH16/helpdesk/new",
            "/DH16/helpdesk/lost-badge",
            f"/DH16/helpdesk/requests/{request.id}",
        ]
        desk = [
            "/DH16/helpdesk/board",
            f"/DH16/helpdesk/requests/{request.id}",
            "/DH16/helpdesk/equipment",
            f"/DH16/helpdesk/equipment/{item.id}",
            "/DH16/helpdesk/found",
            f"/DH16/helpdesk/lost-badge/desk?serial={badge.serial}",
            "/DH16/helpdesk/poster",
        ]
        state["forms"] = _forms(client, user, mine) + _forms(client, officer, desk)
        state["forms"] = [(u.email, f) for u, f in state["forms"] if "/helpdesk/" in f.action]
        assert len(state["forms"]) >= 10 and thing.id
    email, form = data.draw(st.sampled_from(state["forms"]))
    client.submit("/logout", form_url="/")
    limiter.reset()
    client.submit("/login", {"email": email, "password": PASSWORD})
    values = {}
    for fld in form.fields:
        if fld.name == "csrf_token":
            continue
        if fld.kind == "file":
            values[fld.name] = (
                io.BytesIO(data.draw(FILES)),
                data.draw(st.sampled_from(["a.jpg", "a.pdf", "x"])),
            )
        elif fld.kind == "select" and fld.options and data.draw(st.booleans()):
            values[fld.name] = data.draw(st.sampled_from(fld.options))
        elif fld.kind == "checkbox":
            if data.draw(st.booleans()):
                values[fld.name] = fld.options[0] if fld.options else "y"
        else:
            values[fld.name] = data.draw(TEXT)
    response = client.submit(form.action, values, form_url=form.page, content_type="multipart/form-data")
    assert response.status_code < 500, (email, form.action, values, response.get_data(as_text=True)[:500])


def _file(data: bytes):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename="a.jpg")
