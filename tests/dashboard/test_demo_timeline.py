"""SLOW (runs the whole ``flask seed-demo``): the demo tells one believable story. Its congress
opens in two days: what is public was published before now and is about the run-up (the
speeches wait approved under embargo, results are drafts), coverage speaks only of what has
happened, and past press conferences had people at the door."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.briefings.attendance import present_users
from app.briefings.models import Conference, Signup
from app.core.timeutil import local_today, to_local, utcnow
from app.dashboard.models import CoverageItem
from app.events import scope
from app.releases.models import Release

AFTER_OPENING = (
    "phiên khai mạc",
    "khai mạc trọng thể",
    "diễn văn",
    "bế mạc",
    "kết quả bầu",
    "kết quả đại hội",
    "trúng cử",
    "phiên làm việc",
    "thông qua",
)


def test_the_demo_timeline_holds_together(app, db, event):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    now, today = utcnow(), local_today()
    with scope.in_event(event):
        conferences = db.session.scalars(select(Conference)).all()
        opening = min(to_local(c.starts_at).date() for c in conferences if "khai mạc" in c.title.lower())
        assert opening == today + timedelta(days=2)

        for release in db.session.scalars(select(Release)):
            if release.status in ("published", "withdrawn"):
                assert release.publish_at <= now, release.title
            if release.status == "published":
                assert not any(word in release.title.lower() for word in AFTER_OPENING), release.title
            if release.status == "approved":  # waiting for its embargo, which is in the future
                assert release.publish_at > now, release.title

        for item in db.session.scalars(select(CoverageItem)):
            assert item.published_on <= today
            assert not any(word in item.title.lower() for word in AFTER_OPENING), item.title

        past = [c for c in conferences if c.ends_at < now and c.status != "cancelled"]
        assert past, "the weekly briefings before the congress"
        for conference in past:
            seated = db.session.scalars(
                select(Signup.user_id).where(
                    Signup.conference_id == conference.id, Signup.status == "registered"
                )
            ).all()
            if seated:
                present = present_users(conference)
                assert len(present) >= len(seated) // 2, conference.title
