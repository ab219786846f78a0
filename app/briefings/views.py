"""Routes of the briefings area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("briefings", __name__)
