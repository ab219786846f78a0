"""A conference's optional English title and description: shown to readers of English on the
schedule and the page, and in the public calendar with ``?lang=en``; typed on the form."""

from __future__ import annotations

from sqlalchemy import select

from app.briefings.models import Conference


def test_the_english_title_reaches_english_readers_and_their_calendar(db, client, auth, make_conference):
    conference = make_conference(
        title="Họp báo trước Đại hội",
        title_en="Press conference ahead of the Congress",
        description="Giới thiệu chương trình.",
        description_en="The programme, presented.",
        visibility="public",
    )
    assert "Họp báo trước Đại hội" in client.get("/DH16/briefings/schedule").get_data(as_text=True)
    client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    schedule = client.get("/DH16/briefings/schedule").get_data(as_text=True)
    assert "Press conference ahead of the Congress" in schedule and "Họp báo trước Đại hội" not in schedule
    page = client.get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert "The programme, presented." in page and "calendar.ics?lang=en" in page
    assert "SUMMARY:Press conference ahead of the Congress" in client.get(
        "/DH16/briefings/calendar.ics?lang=en"
    ).get_data(as_text=True)
    assert "SUMMARY:Họp báo trước Đại hội" in client.get("/DH16/briefings/calendar.ics").get_data(
        as_text=True
    )


def test_the_press_officer_types_the_english_version_on_the_form(db, client, auth, make_room):
    room = make_room()
    auth.login("press_officer")
    response = client.submit(
        "/DH16/briefings/new",
        {
            "title": "Họp báo kết quả Đại hội",
            "title_en": "Press conference on the results of the Congress",
            "description_en": "Results of the elections.",
            "room_id": room.id,
            "date": "20/12/2030",
            "start_time": "15:00",
            "end_time": "16:00",
            "visibility": "public",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    conference = db.session.scalars(select(Conference)).one()
    assert conference.title_en == "Press conference on the results of the Congress"
    assert conference.description_en == "Results of the elections."
