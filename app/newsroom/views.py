"""Reader routes of the media library: list and search, item and album pages, previews,
downloads (single file and album ZIP), short links.

Every route is public and asks the query layer (``queries``, i.e. the releases' rule) what
the visitor may see; an item under embargo or outside their audience is simply not found,
and an album none of whose items they may see is not found either.
"""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from app.core.dbsetup import mark_write
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import utcnow
from app.core.uploads import send_upload
from app.extensions import db
from app.newsroom import queries, services
from app.newsroom.blueprint import bp
from app.newsroom.labels import ALBUM_KIND_LABELS, ITEM_KIND_LABELS, STATUS_LABELS, TERMS_LABELS
from app.newsroom.models import ITEM_KINDS, SHORT_CODE_LENGTH, Album, MediaItem
from app.releases.labels import AUDIENCE_LABELS

nav_item("newsroom.index", _l("Media library"), Permission.PUBLIC, order=42, group="press")
nav_item(
    "newsroom.manage", _l("Manage the media library"), Permission.WRITE_RELEASES, order=43, group="press"
)

PER_PAGE = 24
ALBUM_PER_PAGE = 48
IMAGE_SIZES = ("preview", "thumb")


@bp.app_context_processor
def _labels():
    return {
        "library_kind_labels": ITEM_KIND_LABELS,
        "library_album_kind_labels": ALBUM_KIND_LABELS,
        "library_terms_labels": TERMS_LABELS,
        "library_status_labels": STATUS_LABELS,
        "library_audience_labels": AUDIENCE_LABELS,
    }


def qr_svg(link: str) -> Markup:
    """The QR code of a short link as inline SVG (our own markup: no user text is in it);
    the mask pattern is fixed, so drawing it costs no search."""
    image = qrcode.make(
        link, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2, mask_pattern=0
    )
    svg = image.to_string(encoding="unicode").replace(' id="qr-path"', "")  # many codes on one page
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" class="library-qr" ', 1))  # noqa: S704


def item_link(item: MediaItem) -> str:
    """The item's short link, to print (pigeonholes, screens)."""
    return url_for("newsroom.item_short", code=item.short_code, _external=True)


def album_link(album: Album) -> str:
    """The album's short link, to print."""
    return url_for("newsroom.album_short", code=album.short_code, _external=True)


@bp.route("/library/")
@permission_required(Permission.PUBLIC)
def index():
    """The items this visitor may see, newest first, with the albums; search by text and kind."""
    now = utcnow()
    q = request.args.get("q", "").strip()[:100]
    kind = request.args.get("kind", "")
    kind = kind if kind in ITEM_KINDS else ""
    query = queries.search(queries.readable_items(current_user, now), q=q, kind=kind)
    page = paginate(queries.newest_first(query), per_page=PER_PAGE)
    return render_template(
        "newsroom/index.html",
        page=page,
        albums=queries.readable_albums(current_user, now) if not (q or kind) else [],
        filters={"q": q, "kind": kind},
        staff=queries.is_library_staff(current_user),
    )


@bp.route("/library/items/<int:media_item_id>")
@permission_required(Permission.PUBLIC)
def item(media_item_id: int):
    """One item: preview, caption, credit, usage terms, download, short link and QR code."""
    found = queries.find_item(current_user, media_item_id, utcnow())
    if found is None:
        abort(404)
    link = item_link(found)
    return render_template(
        "newsroom/item.html",
        item=found,
        link=link,
        qr=qr_svg(link),
        staff=queries.is_library_staff(current_user),
    )


@bp.route("/library/items/<int:media_item_id>/image/<size>")
@permission_required(Permission.PUBLIC)
def image(media_item_id: int, size: str):
    """A photo's web preview or thumbnail (no metadata: for the page, not for publication)."""
    found = queries.find_item(current_user, media_item_id, utcnow())
    if found is None or found.kind != "photo" or size not in IMAGE_SIZES:
        abort(404)
    return send_upload(found.preview_key if size == "preview" else found.thumb_key)


@bp.route("/library/items/<int:media_item_id>/download")
@permission_required(Permission.PUBLIC)
def download(media_item_id: int):
    """The full file (a photo with caption, credit and terms in its IPTC/XMP), logged per
    reader and outlet."""
    mark_write()  # the download log is written on a GET
    now = utcnow()
    found = queries.find_item(current_user, media_item_id, now)
    if found is None:
        abort(404)
    data = services.download_bytes(found)
    services.log_downloads([found], current_user, request.remote_addr, now)
    db.session.commit()
    return _send(data, found.filename, found.mimetype)


def _send(data, name: str, mimetype: str):
    import io

    response = send_file(
        io.BytesIO(data) if isinstance(data, bytes) else data,
        mimetype=mimetype,
        as_attachment=True,
        download_name=name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/library/albums/<int:album_id>")
@permission_required(Permission.PUBLIC)
def album(album_id: int):
    """An album: the items this visitor may see, its ZIP, short link and QR code."""
    now = utcnow()
    found = queries.find_album(current_user, album_id, now)
    if found is None:
        abort(404)
    page = paginate(queries.album_items(current_user, found, now), per_page=ALBUM_PER_PAGE)
    link = album_link(found)
    return render_template(
        "newsroom/album.html",
        album=found,
        page=page,
        link=link,
        qr=qr_svg(link),
        staff=queries.is_library_staff(current_user),
    )


@bp.route("/library/albums/<int:album_id>/download.zip")
@permission_required(Permission.PUBLIC)
def album_zip(album_id: int):
    """Every item of the album this visitor may see, in one ZIP; each logged as downloaded."""
    mark_write()
    now = utcnow()
    found = queries.find_album(current_user, album_id, now)
    if found is None:
        abort(404)
    items = db.session.scalars(queries.album_items(current_user, found, now)).all()
    if not items:
        abort(404)
    archive = services.album_zip(found, items)
    services.log_downloads(items, current_user, request.remote_addr, now, album=found)
    db.session.commit()
    return _send(archive, services.zip_download_name(found), "application/zip")


def _valid_code(code: str) -> bool:
    return len(code) == SHORT_CODE_LENGTH and code.isalnum()


@bp.route("/m/<code>")
@permission_required(Permission.PUBLIC)
def item_short(code: str):
    """An item's short link (printed as a QR code): to its page, if the visitor may see it."""
    code = code.upper()
    item_id = None
    if _valid_code(code):
        item_id = db.session.scalar(
            queries.visible_items(current_user, utcnow())
            .where(MediaItem.short_code == code)
            .with_only_columns(MediaItem.id)
        )
    if item_id is None:
        abort(404)
    return redirect(url_for("newsroom.item", media_item_id=item_id))


@bp.route("/ma/<code>")
@permission_required(Permission.PUBLIC)
def album_short(code: str):
    """An album's short link (printed as a QR code): to its page, if the visitor may see it."""
    code = code.upper()
    album_id = None
    if _valid_code(code):
        album_id = db.session.scalar(db.select(Album.id).where(Album.short_code == code))
    if album_id is None or queries.find_album(current_user, album_id, utcnow()) is None:
        abort(404)
    return redirect(url_for("newsroom.album", album_id=album_id))
