"""Routes of the releases area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("releases", __name__)
