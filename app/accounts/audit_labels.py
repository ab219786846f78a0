"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.permissions import ROLE_LABELS

audit.label_subjects({"User": _l("Account")})
audit.label_actions(
    {
        "account.create": _l("Account created"),
        "account.import": _l("Accounts imported"),
        "account.login": _l("Signed in"),
        "account.logout": _l("Signed out"),
        "account.password_reset": _l("Password reset"),
        "account.reset_requested": _l("Password reset requested"),
        "account.signup": _l("Signed up"),
        "account.update": _l("Account changed"),
        "account.verify_email": _l("E-mail address confirmed"),
    },
    values={"role": ROLE_LABELS},
)
