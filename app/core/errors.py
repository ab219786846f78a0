"""Error pages in the user's language (HTML) or JSON for the API; rollback on failure."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.urls import is_api_request
from app.extensions import db


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Bad request"),
            _("The request could not be understood. Please check what you entered and try again."),
        ),
        401: (_("Sign-in needed"), _("Please sign in to continue.")),
        403: (_("Not allowed"), _("Your account does not have permission to open this page.")),
        404: (_("Not found"), _("The page or item you asked for does not exist, or you may not see it.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        409: (_("Conflict"), _("Someone else changed this at the same moment. Please reload and try again.")),
        413: (_("File too large"), _("The file or form you sent is too large.")),
        429: (
            _("Too many attempts"),
            _("Too many attempts in a short time. Please wait a minute and try again."),
        ),
        500: (
            _("Something went wrong"),
            _("An unexpected error happened. Nothing was saved; please try again."),
        ),
    }


def _render(code: int, detail: str | None = None):
    title, message = _messages().get(code, _messages()[500] if code >= 500 else _messages()[400])
    if is_api_request(request.path) or request.accept_mimetypes.best == "application/json":
        return jsonify(error=title, message=detail or message, status=code), code
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        db.session.rollback()
        return _render(
            400, _("The form had expired or was sent from elsewhere. Please reload the page and try again.")
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        db.session.rollback()
        if error.code in (301, 302, 303, 307, 308):
            return error
        # A few exceptions carry a message for the user (e.g. app.core.jsonbody.JSONBodyError).
        body, code = _render(error.code or 500, getattr(error, "user_message", None))
        response = make_response(body, code)
        if error.code == 429:
            response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error", exc_info=error)
        return _render(InternalServerError.code)
