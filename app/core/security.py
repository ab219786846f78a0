"""Security headers on every response, and no caching of what a signed-in user sees."""

from __future__ import annotations

from flask import Flask, g, request, session

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bootstrap's progress bars and a few widths use style attributes; no inline script.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "worker-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# What every answer carries; the answers made before Flask (the lean scan path, a feed's
# repeat request: app/checkin/lean.py, app/core/conditional.py) send the same.
BASE_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(self), microphone=(), geolocation=()"),
)


def keep_out_of_caches(response) -> None:
    """Forbid any cache (browser history, shared proxy) to store a response with personal or
    unpublished data; a route serving such data without sign-in (a token link) calls this itself."""
    cache_control = response.cache_control
    if cache_control.no_store:
        return
    cache_control.no_store = True
    cache_control.public = False
    cache_control.max_age = None
    cache_control.s_maxage = None


def _signed_in() -> bool:
    """Whether this request comes from a signed-in user, without another database query
    (the user the request already loaded, else the session's user id). Static files never
    ask: they stay cacheable."""
    if request.endpoint in (None, "static"):
        return False
    user = g.get("_login_user")
    if user is not None:
        return not user.is_anonymous
    return "_user_id" in session


def init_app(app: Flask) -> None:
    """Attach the headers; HSTS only when the request came over HTTPS.

    Every response to a signed-in user carries ``Cache-Control: no-store``: any page may
    show personal or unpublished data (applications, drafts, badges), and a shared computer
    or proxy must not keep it after sign-out. Static files and anonymous public pages keep
    their own caching.
    """

    @app.after_request
    def _headers(response):
        headers = response.headers
        for name, value in BASE_HEADERS:
            headers.setdefault(name, value)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if _signed_in():
            keep_out_of_caches(response)
        return response
