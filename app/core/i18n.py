"""Interface language: selection per request, and the per-area message catalogues.

Every area keeps its own catalogue in ``app/<area>/translations/<lang>/LC_MESSAGES/
messages.po`` (Flask-Babel merges them), extracted from ``app/<area>/`` and
``templates/<area>/`` plus ``templates/email/<area>/``; the core area also owns the
shared templates (``base.html``, ``_*.html``, ``errors/``). Message ids are English;
the ``en`` catalogue repeats them, the ``vi`` catalogue translates them.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import current_app, g, has_request_context, request, session
from flask_babel import Domain
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup, escape

from app.core.urls import is_api_request

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("vi", "en")
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}


def _escaped_html(self) -> str:
    return str(escape(str(self)))


# Flask-Babel's lazy strings declare themselves safe HTML (``__html__`` returns the raw text),
# so a lazy message formatted with user input would reach templates unescaped. Escape it:
# a translated message is text, never markup.
LazyString.__html__ = _escaped_html


class RequestDomain(Domain):
    """Flask-Babel's message domain, answering "which catalogue?" once per request and
    language instead of once per message (a page translates 50 to 100 of them, and each
    asked for the request's context, locale and catalogue again: 12 µs a message in a
    template, a sixth of a signed-in page's floor; issue 18).

    The catalogue is kept on Flask-Babel's own per-request namespace beside the locale it
    was found for: ``force_locale`` (e-mails in the recipient's language) and ``refresh``
    put another locale object there, so a kept catalogue only serves its own locale."""

    def get_translations(self):
        kept = _kept_catalogue()
        if kept is not None:
            return kept
        translations = super().get_translations()
        space = _babel_space()
        locale = getattr(space, "babel_locale", None)  # the lookup above chose it
        if locale is not None:
            space.request_translations = (locale, translations)
        return translations


def _babel_space():
    """Flask-Babel's per-request namespace (its locale, and the catalogue kept here), or None."""
    return g.get("_flask_babel") if has_request_context() else None


def _kept_catalogue():
    space = _babel_space()
    kept = getattr(space, "request_translations", None)
    return kept[1] if kept is not None and kept[0] is getattr(space, "babel_locale", None) else None


@pass_context
def template_gettext(context, string: str, **variables):
    """Jinja's "new style" ``_()`` and ``gettext()`` (autoescaped, ``%``-formatted with the
    keyword arguments), reading the request's kept catalogue directly, and not formatting a
    message that has nothing to format (Jinja formats every one, which costs as much as
    the lookup)."""
    catalogue = _kept_catalogue()
    if catalogue is None:
        from flask_babel import get_translations

        catalogue = get_translations()
    text = catalogue.ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - as Jinja does: a message is the template's own text
    return text % variables if variables or "%" in text else text


def init_app(app) -> None:
    """Install :class:`RequestDomain` and the templates' ``_()``; after ``babel.init_app``."""
    app.extensions["babel"].instance.domain_instance = RequestDomain()
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = template_gettext


def select_locale() -> str:
    """The signed-in user's language, else the one chosen this session, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    if is_api_request(request.path):
        # API clients without a signed-in user (paired scanner devices) say it in Accept-Language.
        best = request.accept_languages.best_match(languages)
        if best:
            return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """Times are always shown in the event's time zone."""
    from app.core.timeutil import event_tz_name

    return event_tz_name()


def reader_text(vietnamese: str, english: str | None) -> str:
    """What a reader sees of a text kept in both languages: the English version for a reader
    of English when there is one, else the Vietnamese (the original, always present)."""
    return english if english and current_language() == "en" else vietnamese


def feed_language() -> str:
    """The language a public feed is written in: its ``?lang=`` (a calendar or feed reader
    sends no cookie), else Vietnamese. Pages link to the feed in the reader's language."""
    asked = request.args.get("lang", "")
    return asked if asked in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The language of the current request (``vi`` or ``en``)."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "vi"


def _sources(area: str) -> list[Path]:
    sources = [ROOT / "app" / area, ROOT / "templates" / area, ROOT / "templates" / "email" / area]
    return [path for path in sources if path.exists()]


def extract(area: str) -> Catalog:
    """Every translatable message in an area's code and templates."""
    catalog = Catalog(project="presscentre")
    for source in _sources(area):
        for filename, lineno, message, comments, context in extract_from_dir(
            str(source),
            METHOD_MAP,
            keywords=KEYWORDS,
            options_map={
                "**.html": {"extensions": "jinja2.ext.do", "trimmed": "true"},
                "**.txt": {"extensions": "jinja2.ext.do", "trimmed": "true"},
            },
        ):
            catalog.add(
                message,
                None,
                [(f"{source.name}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    if area == "core":
        templates = ROOT / "templates"
        shared = [*templates.glob("*.html"), *(templates / "errors").glob("*.html")]
        for path in sorted(shared):
            for lineno, message, comments, context in extract_from_file(
                "jinja2",
                str(path),
                keywords=KEYWORDS,
                options={"trimmed": "true", "extensions": "jinja2.ext.do"},
            ):
                catalog.add(message, None, [(path.name, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(area: str, language: str) -> Path:
    return ROOT / "app" / area / "translations" / language / "LC_MESSAGES" / "messages.po"


def load(area: str, language: str) -> Catalog:
    path = po_path(area, language)
    if not path.exists():
        return Catalog(locale=language, project="presscentre")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _key(message) -> object:
    return (message.id, message.context)


def update(area: str) -> dict[str, int]:
    """Merge freshly extracted messages into the area's catalogues.

    Existing translations are kept; ``en`` gets the English id as its text; new
    ``vi`` entries are left empty for a translator (``check`` then fails).
    """
    template = extract(area)
    missing = {}
    for language in LANGUAGES:
        old = load(area, language)
        old_by_key = {_key(m): m for m in old if m.id}
        new = Catalog(locale=language, project="presscentre")
        for message in template:
            if not message.id:
                continue
            previous = old_by_key.get(_key(message))
            string = previous.string if previous is not None else None
            if language == "en" and not _filled(string):
                string = message.id
            new.add(message.id, string, message.locations, context=message.context)
        path = po_path(area, language)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_po(buffer, new, width=100, omit_header=False, sort_output=True)
        path.write_bytes(buffer.getvalue())
        missing[language] = sum(1 for m in new if m.id and not _filled(m.string))
    return missing


def _filled(string) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def check(area: str) -> list[str]:
    """Problems with an area's catalogues: messages missing or untranslated in either language."""
    problems = []
    template = extract(area)
    for language in LANGUAGES:
        catalog = load(area, language)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context)
            if found is None or not _filled(found.string) or found.fuzzy:
                ident = message.id if isinstance(message.id, str) else message.id[0]
                problems.append(f"{area}/{language}: {ident!r} has no translation")
    return problems


def compile_all(areas) -> int:
    """Write ``messages.mo`` next to every catalogue; returns how many were written."""
    count = 0
    for area in areas:
        for language in LANGUAGES:
            path = po_path(area, language)
            if not path.exists():
                continue
            catalog = load(area, language)
            with path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)
            count += 1
    return count
