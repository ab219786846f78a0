"""The navigation bar keeps to one line: set-up pages in one menu, and a crowded bar's
entries gathered by kind of work, while a short bar stays one tap per page."""

from __future__ import annotations

from app.core.nav import FLAT_UP_TO, NavGroup, NavItem, menu


def _item(endpoint, group=None, order=50):
    return NavItem(endpoint, endpoint, "public", order, group)


def test_a_short_bar_stays_flat_but_set_up_pages_are_one_menu():
    items = [_item("a", "gate"), _item("b", "gate"), _item("c", "admin"), _item("d", "admin")]
    entries = menu(items)
    assert entries[:2] == items[:2]
    assert isinstance(entries[2], NavGroup) and entries[2].key == "admin" and len(entries[2].items) == 2


def test_a_crowded_bar_gathers_each_kind_of_work_where_its_first_entry_was():
    items = [
        _item("home"),
        _item("q", "desk"),
        _item("scan", "gate"),
        _item("b", "desk"),
        _item("alarms", "gate"),
    ]
    items += [_item(f"x{n}") for n in range(FLAT_UP_TO)]
    entries = menu(items)
    assert [getattr(e, "key", None) or e.endpoint for e in entries][:3] == ["home", "desk", "gate"]
    assert [i.endpoint for i in entries[1].items] == ["q", "b"]


def test_a_group_of_one_stays_a_plain_link():
    items = [_item("only", "press")] + [_item(f"x{n}") for n in range(FLAT_UP_TO)]
    assert menu(items)[0] == items[0]


def test_the_bar_is_one_line_for_the_administrator(client, auth):
    auth.login("admin")
    html = client.get("/DH16/").get_data(as_text=True)
    bar = html[html.index('<ul class="navbar-nav') : html.index("</nav>")]
    assert 'data-testid="admin-menu"' in bar and 'data-testid="desk-menu"' in bar
    assert bar.count('class="nav-item"') + bar.count('class="nav-item dropdown"') <= FLAT_UP_TO + 1


def test_an_entry_added_after_the_bar_was_ordered_appears(app, client, auth, monkeypatch):
    """The bar's order is worked out once per application; a later entry orders it again."""
    from app.core import nav

    auth.login("admin")
    client.get("/")
    monkeypatch.setitem(nav.NAV, "core.outbox", nav.NAV.get("core.outbox"))  # restored after the test
    nav.nav_item("core.outbox", "Hộp thư đi thử", "public", order=1)
    assert "Hộp thư đi thử" in client.get("/").get_data(as_text=True)


def test_the_bar_follows_a_new_role_and_language_at_once(client, auth, make_user, db):
    """The bar is kept per (kind of page, what the permission rule decides from, language):
    a role given in this congress, or another language, shows on the next page."""
    from sqlalchemy import select

    from app.events import services as events
    from app.events.models import Event

    officer = make_user("accreditation_officer")
    auth.login(user=officer)
    page = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    assert "Quét thẻ" not in page
    events.appoint(officer.id, db.session.scalar(select(Event).where(Event.code == "DH16")), "scanner")
    db.session.commit()
    page = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    assert ">Quét thẻ</a>" in page
    client.submit("/language", {"language": "en"}, form_url="/DH16/accreditation/queue")
    page = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    assert ">Scan badges</a>" in page
