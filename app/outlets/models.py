"""The outlets area's tables live in the accreditation layer (badges read them): see
``app/accreditation/outlet_models.py``."""

from app.accreditation.outlet_models import (  # noqa: F401
    BadgeCollection,
    FocalPoint,
    Nomination,
    OutletQuota,
    OutletSettings,
    QuotaRequest,
    VettingRecord,
)
