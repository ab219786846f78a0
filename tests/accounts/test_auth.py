"""Sign-up, e-mail verification, sign-in, sign-out and password reset, through the forms."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.core.models import AuditEvent, OutboxMessage
from tests.conftest import PASSWORD


def _signup(client, **overrides):
    data = {
        "full_name": "Nguyễn Thị Hồng",
        "email": "Hong.Nguyen@Baonhandan.vn",
        "password": "mat-khau-an-toan",
        "confirm": "mat-khau-an-toan",
        "language": "vi",
    }
    data.update(overrides)
    return client.submit("/signup", data)


def test_signup_verify_and_sign_in(client, db, mailbox):
    response = _signup(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "hong.nguyen@baonhandan.vn"
    assert user.role == "journalist" and user.email_verified_at is None
    assert user.password_hash != "mat-khau-an-toan"

    # Not verified yet: sign-in is refused with a hint.
    response = client.submit("/login", {"email": user.email, "password": "mat-khau-an-toan"})
    assert response.status_code == 302 and "/verify" in response.headers["Location"]

    assert mailbox.deliver() == 1
    (message,) = mailbox.to("hong.nguyen@baonhandan.vn")
    assert "Xác nhận" in message["Subject"] or "xác nhận" in mailbox.body(message)
    link = next(link for link in mailbox.links(message) if "/verify/" in link)
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is not None

    response = client.submit("/login", {"email": "HONG.nguyen@baonhandan.vn", "password": "mat-khau-an-toan"})
    assert response.status_code == 302
    home = client.get("/")
    assert "Nguyễn Thị Hồng" in home.get_data(as_text=True)


def test_failed_sign_in_has_one_generic_message(client, make_user):
    user = make_user("admin")
    wrong_password = client.submit("/login", {"email": user.email, "password": "nope-nope-nope"})
    unknown = client.submit("/login", {"email": "nobody@example.vn", "password": "nope-nope-nope"})
    assert wrong_password.status_code == unknown.status_code == 200
    for response in (wrong_password, unknown):
        assert "Sai e-mail hoặc mật khẩu." in response.get_data(as_text=True)


def test_sign_out_ends_the_session(client, auth):
    auth.login("admin")
    assert client.get("/admin/users").status_code == 200
    assert auth.logout().status_code == 302
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_deactivation_ends_existing_sessions(client, auth, db):
    user = auth.login("press_officer")
    assert client.get("/").status_code == 200
    db.session.get(User, user.id).active = False
    db.session.commit()
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_password_reset_link_works_once_and_expires(app, client, make_user, db, mailbox):
    user = make_user("journalist", email="pv@vtv.vn")
    response = client.submit("/reset", {"email": "pv@vtv.vn"})
    assert response.status_code == 302
    # Unknown addresses get the same answer and no e-mail.
    client.submit("/reset", {"email": "ghost@vtv.vn"})
    assert mailbox.deliver() == 1
    link = next(link for link in mailbox.links(mailbox.to("pv@vtv.vn")[0]) if "/reset/" in link)
    path = link.replace("http://localhost", "")
    response = client.submit(path, {"password": "mat-khau-moi-123", "confirm": "mat-khau-moi-123"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("mat-khau-moi-123")
    # Used once: the token no longer matches the password.
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/reset")


def test_password_reset_link_expires(app, client, make_user, mailbox):
    import time_machine

    make_user("journalist", email="pv2@vtv.vn")
    with time_machine.travel("2026-11-20 08:00:00+00:00", tick=False):
        client.submit("/reset", {"email": "pv2@vtv.vn"})
    mailbox.deliver()
    link = next(link for link in mailbox.links(mailbox.to("pv2@vtv.vn")[0]) if "/reset/" in link)
    with time_machine.travel("2026-11-20 09:30:00+00:00", tick=False):
        response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302 and response.headers["Location"].endswith("/reset")


def test_admin_creates_deactivates_and_changes_role(client, auth, db, mailbox):
    admin = auth.login("admin")
    response = client.submit(
        "/admin/users/new",
        {
            "full_name": "Bùi Văn Gác",
            "email": "gac@tinh.gov.vn",
            "role": "scanner",
            "unit_id": "0",
            "language": "vi",
        },
    )
    assert response.status_code == 302
    staff = db.session.scalar(select(User).where(User.email == "gac@tinh.gov.vn"))
    assert staff.role == "scanner"
    assert mailbox.deliver() == 1  # the link to choose a password

    response = client.submit(f"/admin/users/{staff.id}", {"role": "press_officer", "unit_id": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    staff = db.session.get(User, staff.id)
    assert staff.role == "press_officer" and staff.active is False
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == admin.id)).all()
    assert "account.create" in actions and "account.update" in actions

    # An admin cannot lock themselves out.
    response = client.submit(f"/admin/users/{admin.id}", {"role": "admin", "unit_id": "0"})
    db.session.expire_all()
    assert db.session.get(User, admin.id).active is True


def test_bad_sign_up_input_is_refused_and_writes_nothing(client, db):
    cases = [
        {"full_name": ""},
        {"full_name": "x" * 500},
        {"full_name": "<script>alert(1)</script>"},
        {"email": "not-an-email"},
        {"email": "a" * 300 + "@example.vn"},
        {"password": "short", "confirm": "short"},
        {"confirm": "different-password"},
        {"language": "xx"},
        {"full_name": "\x00\x01"},
    ]
    for overrides in cases:
        response = _signup(client, **overrides)
        assert response.status_code == 400, overrides
        assert "invalid-feedback" in response.get_data(as_text=True), overrides
    # Bytes that are not UTF-8 at all.
    token = client.csrf_token("/signup")
    raw = (
        f"csrf_token={token}&full_name=".encode() + b"\xff\xfe\xc3(&email=a%40b.vn"
        b"&password=mat-khau-an-toan&confirm=mat-khau-an-toan&language=vi"
    )
    response = client.post("/signup", data=raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    # A U+FFFD left by a lenient decoder is refused by name too.
    response = _signup(client, full_name="Nguy\ufffdn")
    assert response.status_code == 400 and "sai bảng mã" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_bad_sign_in_input_never_500(client, make_user):
    make_user("admin", email="a@example.vn")
    for data in (
        {},
        {"email": "a@example.vn"},
        {"email": "x" * 10000, "password": "y" * 10000},
        {"email": "a@example.vn", "password": "\x00\ufffd"},
        {"email": "' OR 1=1 --", "password": "x"},
    ):
        response = client.submit("/login", data)
        assert response.status_code in (200, 400), data


def test_duplicate_sign_up_is_refused(client, make_user, db):
    make_user("journalist", email="hong.nguyen@baonhandan.vn")
    response = _signup(client)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_open_redirect_after_sign_in_is_ignored(client, make_user):
    user = make_user("admin")
    response = client.submit(
        "/login?next=https://evil.example/", {"email": user.email, "password": PASSWORD}, form_url="/login"
    )
    assert response.headers["Location"] == "/"


def test_a_link_opened_signed_out_asks_in_vietnamese_and_lands_where_it_pointed(client, make_user):
    """The link of a "changes requested" e-mail, opened on a phone that is signed out."""
    user = make_user("journalist")
    link = "/DH16/accreditation/status"
    response = client.get(link)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vui lòng đăng nhập để mở trang này." in page
    assert "Please log in" not in page
    response = client.submit(
        "/login",
        {"email": user.email, "password": PASSWORD},
        form_url="/login",
        query_string={"next": link},
    )
    assert response.headers["Location"] == link
