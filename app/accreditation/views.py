"""Routes of the accreditation area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accreditation", __name__)
