"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit

audit.label_subjects(
    {
        "FocalPoint": _l("Outlet focal point"),
        "QuotaRequest": _l("Request for more places"),
        "OutletSettings": _l("Outlet settings"),
    }
)
audit.label_actions(
    {
        "outlet.focal_invite": _l("Focal point invited"),
        "outlet.focal_request": _l("Focal point requested"),
        "outlet.focal_approve": _l("Focal point approved"),
        "outlet.focal_refuse": _l("Focal point refused"),
        "outlet.submit_list": _l("Outlet list submitted"),
        "outlet.update_person": _l("Person corrected by the outlet"),
        "outlet.quota_set": _l("Outlet places set"),
        "outlet.release": _l("Person moved into a free place"),
        "outlet.places_request": _l("More places requested"),
        "outlet.places_grant": _l("More places granted"),
        "outlet.places_refuse": _l("More places refused"),
        "outlet.settings": _l("Outlet settings changed"),
        "vetting.export": _l("Sent for vetting"),
        "vetting.cleared": _l("Cleared by vetting"),
        "vetting.not_cleared": _l("Not cleared by vetting"),
        "badge.collect": _l("Badge collected"),
    }
)
audit.label_details(
    {
        "organisation": _l("Media organisation"),
        "new_account": _l("New account"),
        "email": _l("E-mail"),
        "held": _l("Waiting for places"),
        "places": _l("Places"),
        "vetting": _l("Vetting"),
        "was_vetting": _l("Vetting before"),
        "defaults": _l("Default places"),
        "reference": _l("Reference number"),
        "collected_by": _l("Collected by"),
        "for": _l("For"),
    }
)
