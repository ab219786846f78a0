"""Template helpers shared by every area: time formatting, navigation, forms."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from markupsafe import Markup, escape

from app.core import audit, eventinfo, fragments, uploads
from app.core.forms import EmptyForm, OnFirstUse, csrf_input
from app.core.i18n import current_language
from app.core.nav import bar
from app.core.permissions import ROLE_LABELS
from app.core.timeutil import format_date, format_datetime, to_local
from app.core.urls import current_path, id_url, link_args, safe_next


def iso_datetime(value) -> str:
    """A stored (naive UTC) moment for ``<time datetime>``: whole seconds, ``Z``."""
    return value.replace(microsecond=0).isoformat() + "Z" if value else ""


def select_options(choices, selected=None) -> Markup:
    """``<option>`` elements for ``(value, label)`` pairs, ``selected`` marked: a filter of a
    hundred organisations costs a tenth of what a template loop does (issue 18)."""
    chosen = "" if selected is None else str(selected)
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
        for value, label in choices
    )
    return Markup(options)  # noqa: S704 - both values pass through escape() above


def init_app(app: Flask) -> None:
    app.jinja_env.filters["localdt"] = format_datetime
    app.jinja_env.filters["isodatetime"] = iso_datetime
    app.jinja_env.globals["megabytes"] = uploads.megabytes
    app.jinja_env.globals.update(
        audit_action=audit.action_label,
        audit_subject=audit.subject_label,
        audit_details=audit.describe_details,
    )
    app.jinja_env.filters["localdate"] = lambda value: (
        format_date(value) if not hasattr(value, "hour") else format_datetime(value, with_time=False)
    )
    app.jinja_env.filters["localtime"] = lambda value: to_local(value).strftime("%H:%M") if value else ""
    app.jinja_env.add_extension("jinja2.ext.do")
    # The one check for next/return URLs (app/core/urls.py), for links as for redirects.
    app.jinja_env.globals["safe_next"] = safe_next
    app.jinja_env.filters["safe_next"] = safe_next
    app.jinja_env.globals["link_args"] = link_args
    app.jinja_env.globals["id_url"] = id_url
    app.jinja_env.globals["select_options"] = select_options
    app.jinja_env.globals["csrf_input"] = csrf_input
    app.jinja_env.globals["role_labels"] = ROLE_LABELS

    @app.context_processor
    def _globals():
        event = eventinfo.shown()
        items, entries, shown = bar(current_user._get_current_object())

        def nav_html(others) -> Markup:
            """The bar's congress, switcher (``others``: code and name rows) and menu, drawn
            once per content (app/core/fragments.py)."""
            return fragments.render(
                "_nav.html",
                nav_menu=shown,
                endpoint=request.endpoint,
                event_code=event.code if event else "",
                event_name=event.name if event else "",
                others=others,
            )

        return {
            "nav_items": items,  # every entry the user may follow, in order
            "nav_menu": entries,  # the same, as the bar shows them (some in menus)
            "nav_html": nav_html,
            "language": current_language(),
            # formdata=None: this form is only drawn, never read here, and reading the request
            # body of a request over MAX_CONTENT_LENGTH raised 413 again inside the 413 page (a 500)
            "empty_form": OnFirstUse(lambda: EmptyForm(formdata=None)),
            "event_name": event.name if event else "",
            "event_code": event.code if event else "",
            "current_path": current_path(),
        }
