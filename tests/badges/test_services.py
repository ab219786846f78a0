"""Badge rules: issue, print runs, reprint (superseded at once) and revoke, with their audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.badges import qr, services
from app.badges.models import Badge
from app.core.models import AuditEvent, OutboxMessage


@pytest.fixture(autouse=True)
def _request(app):
    """Error messages are lazy translations, read in a request as the officer would see them."""
    with app.test_request_context():
        yield


def _events(db, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_issue_on_approval_sets_everything_the_badge_needs(db, approved, app):
    application, badge = approved(category="photographer", zones=("PC", "HT"))
    assert badge.serial == f"PC-{application.id:04d}" and badge.version == 1
    token = services.token_of(badge)
    assert len(token) == 22 and badge.token_hash == qr.hash_token(token)
    assert token not in (badge.token_hash, badge.token_nonce)
    assert badge.zones == ["PC", "HT"]
    assert badge.colour == services.CATEGORY_COLOURS["photographer"]
    assert badge.valid_from <= badge.valid_until
    assert [e.subject_id for e in _events(db, "badge.issue")] == [str(badge.id)]
    # Idempotent: approving twice never yields two badges.
    assert services.issue_badge(application, None).id == badge.id


def test_issue_refuses_an_application_that_is_not_approved(make_application):
    with pytest.raises(ValueError):
        services.issue_badge(make_application(status="submitted"), None)


def test_reprint_supersedes_the_old_version_at_once(db, approved, make_user):
    officer = make_user("accreditation_officer")
    application, old = approved()
    old_hash = old.token_hash
    new = services.reprint_badge(old, officer, "mất thẻ")
    db.session.commit()
    assert old.superseded_at is not None and new.superseded_at is None
    assert (new.serial, new.version) == (old.serial, 2)
    assert new.token_hash != old_hash and new.token_hash == qr.hash_token(services.token_of(new))
    assert services.current_badge(application).id == new.id
    event = _events(db, "badge.reprint")[0]
    assert event.details["replaces"] == old.id and event.details["reason"] == "mất thẻ"
    assert event.actor_id == officer.id
    mail = db.session.scalars(select(OutboxMessage)).all()
    assert len(mail) == 1 and new.serial in mail[0].subject


def test_only_the_current_unrevoked_version_can_be_reprinted(db, approved, make_user):
    officer = make_user("accreditation_officer")
    _application, old = approved()
    services.reprint_badge(old, officer)
    db.session.commit()
    with pytest.raises(services.BadgeError):
        services.reprint_badge(old, officer)
    _other, revoked = approved("Trần Thị Bích")
    services.revoke_badge(revoked, officer, "Đổi phóng viên")
    db.session.commit()
    with pytest.raises(services.BadgeError):
        services.reprint_badge(revoked, officer)


def test_the_database_allows_one_current_version_per_application(db, approved):
    application, badge = approved()
    second = Badge(
        application_id=application.id,
        serial=badge.serial,
        version=2,
        token_nonce=qr.new_nonce(),
        token_hash=qr.hash_token(qr.new_token()),
        valid_from=badge.valid_from,
        valid_until=badge.valid_until,
    )
    db.session.add(second)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_revoke_records_the_reason_audits_and_tells_the_holder(db, approved, make_user):
    officer = make_user("accreditation_officer")
    application, badge = approved()
    services.revoke_badge(badge, officer, "Cơ quan đề nghị thay người")
    db.session.commit()
    assert badge.revoked_at is not None and badge.revoked_by_id == officer.id
    assert badge.revoke_reason == "Cơ quan đề nghị thay người"
    assert _events(db, "badge.revoke")[0].details["reason"] == "Cơ quan đề nghị thay người"
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == application.user.email and "Cơ quan đề nghị thay người" in mail.body_text
    with pytest.raises(services.BadgeError):
        services.revoke_badge(badge, officer, "again")


def test_a_print_run_marks_every_badge_with_one_time_and_printer(db, approved, make_user):
    officer = make_user("accreditation_officer")
    badges = [approved(f"Phóng viên {i}")[1] for i in range(3)]
    chosen = services.badges_to_print([b.id for b in badges[:2]])
    assert [b.id for b in chosen] == [b.id for b in badges[:2]]
    services.mark_printed(chosen, officer)
    db.session.commit()
    assert badges[0].printed_at == badges[1].printed_at is not None
    assert {b.printed_by_id for b in badges[:2]} == {officer.id}
    assert badges[2].printed_at is None
    assert sorted(e.subject_id for e in _events(db, "badge.print")) == sorted(str(b.id) for b in badges[:2])


def test_a_print_run_refuses_printed_revoked_and_missing_badges(db, approved, make_user):
    officer = make_user("accreditation_officer")
    (_, printed), (_, revoked), (_, fresh) = approved("A"), approved("B"), approved("C")
    services.mark_printed([printed], officer)
    services.revoke_badge(revoked, officer, "Không còn tác nghiệp")
    db.session.commit()
    with pytest.raises(services.BadgeError, match=printed.serial):
        services.badges_to_print([printed.id, fresh.id])
    with pytest.raises(services.BadgeError, match=revoked.serial):
        services.badges_to_print([revoked.id])
    with pytest.raises(services.BadgeError):
        services.badges_to_print([fresh.id, 999999])
    with pytest.raises(services.BadgeError):
        services.badges_to_print([])


def test_all_unprinted_means_current_unrevoked_unprinted_and_approved(db, approved, make_user):
    officer = make_user("accreditation_officer")
    (_, printed), (_, revoked), (_, fresh), (_d, old) = (
        approved("A"),
        approved("B"),
        approved("C"),
        approved("D"),
    )
    services.mark_printed([printed, old], officer)
    services.revoke_badge(revoked, officer, "Không còn tác nghiệp")
    new = services.reprint_badge(old, officer)
    app_withdrawn, withdrawn = approved("E")
    app_withdrawn.status = "rejected"
    db.session.commit()
    assert {b.id for b in services.badges_to_print(None)} == {fresh.id, new.id}
    assert services.count_unprinted() == 2
    assert withdrawn.id not in {b.id for b in services.badges_to_print(None)}


def test_queue_filters_and_accent_insensitive_search(db, approved, make_user):
    officer = make_user("accreditation_officer")
    (_, anh), (_, duc), (_, lan) = (
        approved("Nguyễn Văn Ánh"),
        approved("Đặng Minh Đức"),
        approved("Lê Thị Lan"),
    )
    services.mark_printed([duc], officer)
    services.revoke_badge(lan, officer, "Không còn tác nghiệp")
    db.session.commit()

    def serials(status, search=""):
        return {b.serial for b in db.session.scalars(services.queue_query(status, search)).unique()}

    assert serials("unprinted") == {anh.serial}
    assert serials("printed") == {duc.serial}
    assert serials("revoked") == {lan.serial}
    assert serials("all") == {anh.serial, duc.serial, lan.serial}
    assert serials("all", "nguyen van anh") == {anh.serial}
    assert serials("all", "dang minh duc") == {duc.serial}
    assert serials("all", duc.serial.lower()) == {duc.serial}
    assert serials("all", "100%_") == set()
    # a search finds a badge whatever the filter: a printed serial under "not printed"
    assert serials("unprinted", duc.serial) == {duc.serial}
    assert serials("printed", "le thi lan") == {lan.serial}


def test_journalist_badge_is_only_the_current_unrevoked_one(db, approved, make_user):
    officer = make_user("accreditation_officer")
    application, badge = approved()
    assert services.journalist_badge(application.user_id).id == badge.id
    new = services.reprint_badge(badge, officer)
    db.session.commit()
    assert services.journalist_badge(application.user_id).id == new.id
    services.revoke_badge(new, officer, "Thu hồi thẻ")
    db.session.commit()
    assert services.journalist_badge(application.user_id) is None
    assert db.session.scalar(select(func.count(Badge.id))) == 2
