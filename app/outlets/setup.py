"""Outlets in a congress's set-up (see app/events/setup.py): whether it vets and the default
places per outlet level are copied; focal points, people, places granted to an outlet and
vetting results belong to that congress and are never copied."""

from __future__ import annotations

from datetime import timedelta

from app.accreditation.outlet_models import OutletSettings
from app.events.models import Event
from app.events.setup import copy_rows


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    return copy_rows(OutletSettings, source, target, copied, ("vetting_required", "default_quotas_json"))
