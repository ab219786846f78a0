"""Reader routes of the releases area: list, detail, attachments, feeds, the live preview.

Every reader route is public and asks the query layer (``queries``) what the visitor
may see; a release outside their audience or still under embargo is simply not found.
The staff routes (writing, review, corrections, download log) are in ``manage``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app.core import conditional
from app.core.dates import maybe_date
from app.core.dbsetup import mark_write
from app.core.forms import EmptyForm
from app.core.i18n import feed_language
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import from_local, utcnow
from app.core.uploads import send_upload
from app.extensions import db
from app.releases import feeds, queries, services
from app.releases.blueprint import bp
from app.releases.diffing import diff_revisions
from app.releases.labels import AUDIENCE_LABELS, CATEGORY_LABELS, STATUS_CLASSES, STATUS_ICONS, STATUS_LABELS
from app.releases.markup import render_markdown
from app.releases.models import BODY_MAX, CATEGORIES, Attachment, Release

nav_item("releases.index", _l("Releases"), Permission.PUBLIC, order=40, group="press")
nav_item("releases.manage", _l("Manage releases"), Permission.WRITE_RELEASES, order=41, group="press")


@bp.app_context_processor
def _labels():
    return {
        "category_labels": CATEGORY_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "status_labels": STATUS_LABELS,
        "status_icons": STATUS_ICONS,
        "status_classes": STATUS_CLASSES,
        "release_status": services.shown_status,
    }


def day_range(day: date) -> tuple[datetime, datetime]:
    """The [start, end) of a local day, in UTC as stored."""
    start = from_local(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


@bp.route("/releases/")
@permission_required(Permission.PUBLIC)
def index():
    """The releases this visitor may read, newest first; search, category and day filters."""
    now = utcnow()
    q = request.args.get("q", "").strip()[:100]
    category = request.args.get("category", "")
    category = category if category in CATEGORIES else ""
    day = maybe_date(request.args.get("day"))
    query = queries.search(
        queries.readable_releases(current_user, now),
        q=q,
        category=category,
        day_range=day_range(day) if day else None,
    )
    page = paginate(queries.with_attachments(queries.newest_first(query)), per_page=20)
    return render_template(
        "releases/index.html",
        page=page,
        filters={"q": q, "category": category, "day": day.strftime("%d/%m/%Y") if day else ""},
        staff=queries.is_release_staff(current_user),
    )


@bp.route("/releases/<int:release_id>")
@permission_required(Permission.PUBLIC)
def detail(release_id: int):
    """One release: current text, attachments, and the history of corrections with diffs."""
    now = utcnow()
    release = queries.find_visible(current_user, release_id, now)
    if release is None:
        abort(404)
    revisions = list(release.revisions)
    history = [(new, diff_revisions(old, new)) for old, new in zip(revisions, revisions[1:], strict=False)]
    return render_template(
        "releases/detail.html",
        release=release,
        body_html=render_markdown(release.body),
        history=list(reversed(history)),
        live=services.is_live(release, now),
        staff=queries.is_release_staff(current_user),
    )


@bp.route("/releases/<int:release_id>/files/<int:attachment_id>")
@permission_required(Permission.PUBLIC)
def download(release_id: int, attachment_id: int):
    """Send an attachment of a release the visitor may read, and log who fetched it."""
    mark_write()  # the download log is written on a GET
    now = utcnow()
    visible_ids = queries.visible_releases(current_user, now).with_only_columns(Release.id)
    attachment = db.session.scalar(
        select(Attachment).where(
            Attachment.id == attachment_id,
            Attachment.release_id == release_id,
            Attachment.release_id.in_(visible_ids),
        )
    )
    if attachment is None:
        abort(404)
    services.log_download(attachment, current_user, request.remote_addr, now)
    db.session.commit()
    return send_upload(attachment.storage_key, download_name=attachment.filename, as_attachment=True)


def _atom(body: bytes) -> Response:
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/releases/feed.atom")
@permission_required(Permission.PUBLIC)
def public_feed():
    """The Atom feed of public releases (what an anonymous visitor may read; ``?lang=en``:
    English titles and summaries where given)."""
    now = utcnow()
    language = feed_language()
    readable = queries.readable_releases(None, now)
    # The version: how many are readable now, the newest change, the newest releases audit
    # entry (an attachment, a correction): one statement; the body is rendered once per version.
    version = tuple(
        db.session.execute(
            readable.with_only_columns(
                func.count(Release.id), func.max(Release.updated_at), conditional.audit_marker("releases")
            ).order_by(None)
        ).one()
    )
    etag = conditional.make_etag("feed.atom", version, language)

    def render() -> bytes:
        releases = db.session.scalars(queries.newest_first(readable).limit(feeds.FEED_SIZE)).all()
        with force_locale(language):
            return feeds.build_feed(
                list(releases),
                title=_("Releases of the press centre"),
                self_url=url_for(
                    "releases.public_feed", lang=language if language != "vi" else None, _external=True
                ),
                now=now,
            )

    return conditional.answer(
        etag, version[1], render, mimetype="application/atom+xml", cache_control="no-cache"
    )


@bp.route("/releases/feed/<token>.atom")
@permission_required(Permission.PUBLIC)
def private_feed(token: str):
    """A journalist's private Atom feed: what its owner may read now (unknown token → 404)."""
    user = feeds.user_for_token(token)
    if user is None:
        abort(404)
    now = utcnow()
    releases = db.session.scalars(
        queries.newest_first(queries.readable_releases(user, now)).limit(feeds.FEED_SIZE)
    ).all()
    with force_locale(user.language or "vi"):  # the owner's language, as their e-mails
        body = feeds.build_feed(
            list(releases),
            title=_("Releases for %(name)s", name=user.full_name),
            self_url=url_for("releases.private_feed", token=token, _external=True),
            now=now,
        )
    response = _atom(body)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/releases/my-feed", methods=["GET", "POST"])
@permission_required(Permission.AUTHENTICATED)
def my_feed():
    """Show the visitor's private feed address; POST creates it, or replaces it with a new one."""
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        had_one = feeds.feed_token(current_user, create=False) is not None
        feeds.reset_feed_token(current_user)
        db.session.commit()
        flash(
            _("Your private feed has a new address; the old one no longer works.")
            if had_one
            else _("Your private feed is ready."),
            "success",
        )
        return redirect(url_for("releases.my_feed"))
    token = feeds.feed_token(current_user, create=False)
    url = url_for("releases.private_feed", token=token, _external=True) if token else None
    return render_template("releases/my_feed.html", feed_url=url, form=form)


@bp.route("/releases/preview", methods=["POST"])
@permission_required(Permission.WRITE_RELEASES)
def preview():
    """The sanitised HTML of a Markdown text, for the editor's live preview (JSON)."""
    text = request.form.get("body", "")[:BODY_MAX]
    return jsonify(html=render_markdown(text))
