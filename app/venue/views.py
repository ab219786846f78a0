"""Routes of the venue area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("venue", __name__)
