"""Dashboard figures kept for a minute, and the page says when they were computed (issue 18).

The numbers still equal the areas' pages: at once after they are computed, and again once
the minute has passed after a change."""

from __future__ import annotations

import time_machine

from tests.dashboard.conftest import by_testid, first_int
from tests.dashboard.test_dashboard import compare_with_pages

NOON = "2025-10-15T03:00:00Z"  # 10:00 in Hà Nội


def test_figures_are_kept_a_minute_and_say_when(
    app, client, auth, build_world, make_application, count_queries, monkeypatch
):
    monkeypatch.setitem(app.config, "DASHBOARD_FRESH_SECONDS", 60)
    with time_machine.travel(NOON, tick=False) as clock:
        auth.login("admin")
        build_world(6)
        client.get("/DH16/dashboard")  # warm-up: catalogues and templates load
        from app.dashboard.views import forget_figures

        forget_figures()
        with count_queries() as cold:
            html = client.get("/DH16/dashboard").get_data(as_text=True)
        dash = by_testid(html)
        assert dash["dashboard-as-of"] == "Số liệu cập nhật lúc 10:00 (tối đa mỗi phút một lần)"
        compare_with_pages(client, dash)
        submitted = first_int(dash["funnel-submitted"])

        make_application(status="submitted")
        clock.move_to("2025-10-15T03:00:30Z")
        with count_queries() as warm:
            kept = by_testid(client.get("/DH16/dashboard").get_data(as_text=True))
        assert first_int(kept["funnel-submitted"]) == submitted  # kept: said so on the page
        assert kept["dashboard-as-of"].endswith("10:00 (tối đa mỗi phút một lần)")
        assert len(warm) < len(cold)

        clock.move_to("2025-10-15T03:01:01Z")
        fresh = by_testid(client.get("/DH16/dashboard").get_data(as_text=True))
        assert first_int(fresh["funnel-submitted"]) == submitted + 1
        assert "10:01" in fresh["dashboard-as-of"]
        compare_with_pages(client, fresh)


def test_a_kept_block_is_kept_per_set_of_permissions(app, client, auth, build_world, monkeypatch):
    """A block kept for an administrator (its labels link to the queue) is not shown to a
    central overview reader, who may not open the queue."""
    monkeypatch.setitem(app.config, "DASHBOARD_FRESH_SECONDS", 60)
    auth.login("admin")
    build_world(3)
    admin_page = client.get("/DH16/dashboard").get_data(as_text=True)
    assert "/DH16/accreditation/queue" in _block(admin_page, "funnel")
    auth.logout()
    auth.login("overview")
    overview_page = client.get("/DH16/dashboard").get_data(as_text=True)
    assert "/DH16/accreditation/queue" not in _block(overview_page, "funnel")


def test_while_one_request_computes_again_the_others_show_the_kept_blocks(
    app, client, auth, build_world, make_application, monkeypatch
):
    from app.dashboard import views

    monkeypatch.setitem(app.config, "DASHBOARD_FRESH_SECONDS", 60)
    with time_machine.travel(NOON, tick=False) as clock:
        auth.login("admin")
        build_world(4)
        submitted = first_int(
            by_testid(client.get("/DH16/dashboard").get_data(as_text=True))["funnel-submitted"]
        )
        make_application(status="submitted")
        clock.move_to("2025-10-15T03:02:00Z")  # the minute is over
        assert views._refreshing.acquire(blocking=False)  # another request is computing them
        try:
            kept = by_testid(client.get("/DH16/dashboard").get_data(as_text=True))
        finally:
            views._refreshing.release()
        assert first_int(kept["funnel-submitted"]) == submitted
        assert kept["dashboard-as-of"].endswith("10:00 (tối đa mỗi phút một lần)")  # says it is older
        fresh = by_testid(client.get("/DH16/dashboard").get_data(as_text=True))
        assert first_int(fresh["funnel-submitted"]) == submitted + 1
        assert "10:02" in fresh["dashboard-as-of"]


def _block(html: str, name: str) -> str:
    start = html.index(f'data-testid="block-{name}"')
    return html[start : html.index("</section>", start)]
