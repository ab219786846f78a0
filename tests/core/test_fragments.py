"""Fragments drawn once per content (app/core/fragments.py): the review queue's rows and
filter form are kept by what they show, so a change shows at once and a repeat draws nothing."""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest
from flask import render_template_string
from jinja2 import ChoiceLoader, DictLoader

from app.core import fragments
from app.events import services as events

QUEUE = "/DH16/accreditation/queue?status=all"


@pytest.fixture
def draws(app, monkeypatch):
    """The names of the fragment templates drawn (not taken from the kept ones)."""
    drawn: list[str] = []
    get_template = app.jinja_env.get_template

    def counting(name, *args, **kwargs):
        if name.startswith("accreditation/_queue_") or name.startswith("test/"):
            drawn.append(name)
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "get_template", counting)
    fragments.forget_all()
    yield drawn
    fragments.forget_all()


def _row(page: str, name: str) -> str:
    row = page[page.find(name) :]
    return row[: row.find("</tr>")]


def test_a_repeat_of_the_queue_draws_no_fragment_and_answers_the_same_page(
    client, auth, make_application, draws
):
    make_application(full_name="Nguyễn Thị Hoa")
    auth.login("accreditation_officer")
    first = client.get(QUEUE).get_data(as_text=True)
    assert draws == ["accreditation/_queue_rows.html", "accreditation/_queue_filters.html"]
    second = client.get(QUEUE).get_data(as_text=True)
    assert draws == ["accreditation/_queue_rows.html", "accreditation/_queue_filters.html"]
    assert _row(second, "Nguyễn Thị Hoa") == _row(first, "Nguyễn Thị Hoa") != ""


def test_a_decision_shows_on_the_next_load_of_the_queue(client, auth, make_application, draws):
    application = make_application(full_name="Nguyễn Thị Hoa")
    auth.login("accreditation_officer")
    assert 'data-status="submitted"' in _row(client.get(QUEUE).get_data(as_text=True), "Nguyễn Thị Hoa")
    token = client.csrf_token(QUEUE)
    client.post("/DH16/accreditation/queue/approve", data={"csrf_token": token, "ids": [str(application.id)]})
    row = _row(client.get(QUEUE).get_data(as_text=True), "Nguyễn Thị Hoa")
    assert 'data-status="approved"' in row and 'data-status="submitted"' not in row


def test_a_renamed_organisation_shows_in_the_rows_and_in_the_filter(
    client, auth, make_application, make_organisation, draws
):
    org = make_organisation("Báo Nghệ An", kind="newspaper", level="local")
    make_application(full_name="Nguyễn Thị Hoa", organisation=org)
    auth.login("accreditation_officer")
    assert "Báo Nghệ An</option>" in client.get(QUEUE).get_data(as_text=True)
    url = f"/DH16/accreditation/organisations/{org.id}/edit"
    assert (
        client.submit(url, {"name": "Báo Nghệ An điện tử", "kind": "online", "level": "local"}).status_code
        == 302
    )
    page = client.get(QUEUE).get_data(as_text=True)
    assert "Báo Nghệ An điện tử" in _row(page, "Nguyễn Thị Hoa")
    assert "Báo Nghệ An điện tử</option>" in page and "Báo Nghệ An</option>" not in page


def test_each_language_and_each_address_has_its_own_fragment(client, auth, make_application, draws):
    make_application(full_name="Nguyễn Thị Hoa")
    auth.login("accreditation_officer")
    vietnamese = client.get(QUEUE).get_data(as_text=True)
    sorted_page = client.get(QUEUE + "&sort=name").get_data(as_text=True)
    # the detail link carries the page's own address back
    assert "sort%3Dname" in _row(sorted_page, "Nguyễn Thị Hoa") and "sort%3Dname" not in _row(
        vietnamese, "Nguyễn Thị Hoa"
    )
    client.submit("/language", {"language": "en", "next": QUEUE}, form_url=QUEUE)
    english = client.get(QUEUE).get_data(as_text=True)
    assert "Đã nộp, chờ duyệt" in _row(vietnamese, "Nguyễn Thị Hoa")
    assert (
        "Đã nộp, chờ duyệt" not in _row(english, "Nguyễn Thị Hoa") and "Submitted, awaiting review" in english
    )
    assert draws.count("accreditation/_queue_rows.html") == 3


@pytest.fixture
def test_templates(app):
    loader = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader(
        [
            DictLoader(
                {
                    "test/reads_user.html": "{{ rows|length }} {{ current_user.email }}",
                    "test/imports_session.html": '{% from "test/macro.html" import m %}{{ m() }}',
                    "test/macro.html": "{% macro m() %}{{ session.get('x') }}{% endmacro %}",
                    "test/two.html": "{{ rows|length }} {{ extra }}",
                    "test/plain.html": "{% for a, b in rows %}{{ a }}={{ b }};{% endfor %}{{ _('Zone') }}",
                    "test/named.html": "{% for row in rows %}{{ row.a }}/{{ row.b }};{% endfor %}",
                }
            ),
            loader,
        ]
    )
    fragments.forget_all()
    yield
    app.jinja_env.loader = loader
    fragments.forget_all()


@pytest.mark.parametrize(
    ("template", "read"), [("test/reads_user.html", "current_user"), ("test/imports_session.html", "session")]
)
def test_a_fragment_that_reads_what_its_key_does_not_hold_is_refused(app, test_templates, template, read):
    with app.test_request_context("/"), pytest.raises(fragments.FragmentError, match=read):
        fragments.render(template, rows=[])


def test_a_fragment_is_checked_again_when_given_other_names(app, test_templates):
    with app.test_request_context("/"):
        assert fragments.render("test/two.html", rows=[], extra="x") == "0 x"
        with pytest.raises(fragments.FragmentError, match="extra"):
            fragments.render("test/two.html", rows=[])


def test_a_value_that_is_not_plain_data_is_refused(app, test_templates, make_user):
    # an object's repr names its address, which another object may reuse with other content
    user = make_user()
    with app.test_request_context("/"):
        for rows in ([user], [(1, user)], [(1, "a"), (2, {"x": user})]):
            with pytest.raises(fragments.FragmentError, match="User"):
                fragments.render("test/plain.html", rows=rows)


def test_values_of_another_type_or_content_draw_again(app, test_templates, draws):
    with app.test_request_context("/"):
        assert fragments.render("test/plain.html", rows=[(1, "a")]) == "1=a;Khu vực"
        assert fragments.render("test/plain.html", rows=[("1", "a")]) == "1=a;Khu vực"
        assert fragments.render("test/plain.html", rows=[(1, "b")]) == "1=b;Khu vực"
        assert fragments.render("test/plain.html", rows=[(1, "a")]) == "1=a;Khu vực"
        assert draws == ["test/plain.html"] * 3
        assert render_template_string(
            "{{ x }}", x=fragments.render("test/plain.html", rows=[(1, "<b>")])
        ) == ("1=&lt;b&gt;;Khu vực")


class _Pair(NamedTuple):
    a: object
    b: str


class _Swapped(NamedTuple):
    b: object
    a: str


def test_named_tuples_are_keyed_by_content_and_by_kind(app, test_templates, draws):
    """A named tuple is read by field name: two kinds with the same values in other fields
    draw differently, so each kind has its own key; a non-plain field is still refused."""
    with app.test_request_context("/"):
        assert fragments.render("test/named.html", rows=[_Pair(1, "x")]) == "1/x;"
        assert fragments.render("test/named.html", rows=[_Swapped(1, "x")]) == "x/1;"
        assert fragments.render("test/named.html", rows=[_Pair(1, "x")]) == "1/x;"
        assert draws == ["test/named.html"] * 2
        with pytest.raises(fragments.FragmentError, match="object"):
            fragments.render("test/named.html", rows=[_Pair(object(), "x")])


def _active(page: str) -> list[str]:
    return re.findall(r'aria-current="page" href="([^"]+)"', page)


def test_the_bar_marks_the_page_it_is_on_and_shows_a_new_congress_of_the_user_at_once(
    client, auth, make_user, db
):
    officer = make_user("accreditation_officer")
    auth.login(user=officer)
    queue = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    organisations = client.get("/DH16/accreditation/organisations").get_data(as_text=True)
    assert _active(queue) == ["/DH16/accreditation/queue"]
    assert _active(organisations) == ["/DH16/accreditation/organisations"]
    assert 'data-testid="event-switcher"' not in queue  # one congress: nothing to switch
    other = events.create_event("DHB", "Đại hội Đảng bộ huyện Bình Xuyên", level="district", status="running")
    events.appoint(officer.id, other, "accreditation_officer")
    db.session.commit()
    queue = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    assert 'data-testid="event-switcher"' in queue and 'href="/DHB/"' in queue
