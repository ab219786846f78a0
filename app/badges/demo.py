"""Demo badges: most approved journalists' badges printed, one reprinted, one revoked.

Runs after the accreditation demo (AREAS order), which approves applications and so
issues their badges; any approved application still without one gets it here.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.accreditation.models import Application
from app.badges import services
from app.badges.models import Badge
from app.core.timeutil import utcnow
from app.extensions import db

OFFICER_EMAIL = "duyet.the@demo.presscentre.vn"
JOURNALIST_EMAIL = "phongvien@demo.presscentre.vn"


def seed() -> None:
    """Print about two thirds of the badges in two runs, reprint one, revoke one."""
    officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
    if officer is None:
        return
    approved = db.session.scalars(
        select(Application).where(Application.status == "approved").order_by(Application.id)
    ).all()
    for application in approved:
        services.issue_badge(application, officer)
    db.session.flush()
    badges = db.session.scalars(
        select(Badge).join(Badge.application).where(Badge.superseded_at.is_(None)).order_by(Badge.serial)
    ).all()
    # The demo journalist's own badge stays unprinted, so the queue has a known row to try.
    journalist = db.session.scalar(select(User.id).where(User.email == JOURNALIST_EMAIL))
    printable = [b for b in badges if b.application.user_id != journalist]
    cut = len(printable) * 2 // 3
    now = utcnow()
    first_run, second_run = printable[: cut // 2], printable[cut // 2 : cut]
    services.mark_printed(first_run, officer, now=now - timedelta(days=2, hours=3))
    services.mark_printed(second_run, officer, now=now - timedelta(days=1, hours=5))
    if len(first_run) >= 2:
        services.reprint_badge(first_run[0], officer, "Phóng viên báo mất thẻ tại hội trường", lost=True)
        services.revoke_badge(
            first_run[1], officer, "Cơ quan báo chí đề nghị thay phóng viên khác tác nghiệp"
        )
    db.session.flush()


def seed_season() -> None:
    """The district congress's badges: issued and printed for every approved reporter."""
    from app.events.demo import district
    from app.events.scope import in_event

    event = district()
    officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
    if event is None or officer is None:
        return
    with in_event(event):
        for application in db.session.scalars(
            select(Application).where(Application.status == "approved").order_by(Application.id)
        ).all():
            badge = services.issue_badge(application, officer)
            badge.printed_at, badge.printed_by_id = badge.issued_at, officer.id
        db.session.flush()
