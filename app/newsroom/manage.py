"""Staff routes of the media library: albums, adding items, describing and withdrawing them,
the print sheet of short links and QR codes, the download log.

Release staff (writers and approvers) run the library: the same people who decide what a
release says decide what a photo's caption, credit and audience are.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.core.forms import EmptyForm
from app.core.pagination import paginate
from app.core.permissions import permission_required
from app.core.timeutil import from_local, to_local, utcnow
from app.core.uploads import UploadError, delete_upload
from app.events.scope import get_in_event_or_404
from app.extensions import db
from app.newsroom import services
from app.newsroom.blueprint import bp
from app.newsroom.forms import AlbumForm, DescriptionForm, ItemForm
from app.newsroom.models import Album, MediaItem
from app.newsroom.services import LibraryError
from app.newsroom.views import album_link, item_link, qr_svg
from app.releases.access import STAFF
from app.releases.models import DownloadLog


def _form_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "danger")


@bp.route("/library/manage", methods=["GET", "POST"])
@permission_required(*STAFF)
def manage():
    """Every album with its item counts; POST creates a new album."""
    form = AlbumForm()
    if form.validate_on_submit():
        try:
            album = services.create_album(
                current_user, title=form.title.data, title_en=form.title_en.data or "", kind=form.kind.data
            )
        except LibraryError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Album created. Add its photos, videos and documents."), "success")
            return redirect(url_for("newsroom.manage_album", album_id=album.id))
    counts = dict(
        db.session.execute(
            select(MediaItem.album_id, func.count(MediaItem.id)).group_by(MediaItem.album_id)
        ).all()
    )
    albums = db.session.scalars(select(Album).order_by(Album.id.desc())).all()
    status = 400 if form.errors else 200
    return render_template("newsroom/manage.html", form=form, albums=albums, counts=counts), status


def _album_page(album: Album, *, album_form=None, item_form=None, status: int = 200):
    items = db.session.scalars(
        select(MediaItem).where(MediaItem.album_id == album.id).order_by(MediaItem.id)
    ).all()
    link = album_link(album)
    return (
        render_template(
            "newsroom/manage_album.html",
            album=album,
            items=items,
            album_form=album_form or AlbumForm(obj=album, prefix="album"),
            item_form=item_form or ItemForm(prefix="item"),
            link=link,
            qr=qr_svg(link),
            now=utcnow(),
        ),
        status,
    )


@bp.route("/library/manage/albums/<int:album_id>", methods=["GET", "POST"])
@permission_required(*STAFF)
def manage_album(album_id: int):
    """An album's staff page: rename it, add items, see each item's state."""
    album = get_in_event_or_404(Album, album_id)
    form = AlbumForm(prefix="album")
    if request.method == "POST":
        if not form.validate_on_submit():
            return _album_page(album, album_form=form, status=400)
        try:
            services.update_album(
                album,
                current_user,
                title=form.title.data,
                title_en=form.title_en.data or "",
                kind=form.kind.data,
            )
        except LibraryError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return _album_page(album, album_form=form, status=400)
        db.session.commit()
        flash(_("Album saved."), "success")
        return redirect(url_for("newsroom.manage_album", album_id=album.id))
    return _album_page(album)


def _embargo(field) -> object:
    return from_local(field.data) if field.data is not None else None


@bp.route("/library/manage/albums/<int:album_id>/items", methods=["POST"])
@permission_required(*STAFF)
def add_item(album_id: int):
    """Add one file to the album with its caption, credit, terms, audience and embargo."""
    album = get_in_event_or_404(Album, album_id)
    form = ItemForm(prefix="item")
    if not form.validate_on_submit():
        return _album_page(album, item_form=form, status=400)
    item = None
    try:
        item = services.add_item(
            album,
            current_user,
            form.file.data,
            caption=form.caption.data,
            caption_en=form.caption_en.data or "",
            credit=form.credit.data,
            terms=form.terms.data,
            audience=form.audience.data,
            embargo_until=_embargo(form.embargo_until),
        )
        db.session.commit()
    except (LibraryError, UploadError) as error:
        db.session.rollback()
        form.file.errors = [str(error)]
        return _album_page(album, item_form=form, status=400)
    except Exception:
        db.session.rollback()
        for key in services.stored_keys(item) if item is not None else ():
            delete_upload(key)
        raise
    flash(_("%(name)s added to the album.", name=item.filename), "success")
    return redirect(url_for("newsroom.manage_album", album_id=album.id) + "#items")


@bp.route("/library/manage/items/<int:media_item_id>", methods=["GET", "POST"])
@permission_required(*STAFF)
def manage_item(media_item_id: int):
    """Change an item's caption, credit, terms, audience or embargo; withdraw or restore it."""
    item = get_in_event_or_404(MediaItem, media_item_id)
    form = DescriptionForm(obj=item if request.method == "GET" else None)
    if request.method == "GET" and item.embargo_until is not None:
        form.embargo_until.data = to_local(item.embargo_until).replace(tzinfo=None)
    if request.method == "POST":
        form.keep_embargo = True  # an embargo already over may stay as it was; the service decides
        if form.validate_on_submit():
            try:
                services.update_item(
                    item,
                    current_user,
                    caption=form.caption.data,
                    caption_en=form.caption_en.data or "",
                    credit=form.credit.data,
                    terms=form.terms.data,
                    audience=form.audience.data,
                    embargo_until=_embargo(form.embargo_until),
                )
            except LibraryError as error:
                db.session.rollback()
                form.caption.errors = [*form.caption.errors, str(error)]
            else:
                db.session.commit()
                flash(_("Item saved."), "success")
                return redirect(url_for("newsroom.manage_item", media_item_id=item.id))
    link = item_link(item)
    status = 400 if form.errors else 200
    return render_template(
        "newsroom/manage_item.html", item=item, form=form, link=link, qr=qr_svg(link), now=utcnow()
    ), status


def _act(media_item_id: int, action, success: str):
    item = get_in_event_or_404(MediaItem, media_item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        action(item, current_user)
    except LibraryError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("newsroom.manage_item", media_item_id=item.id))


@bp.route("/library/manage/items/<int:media_item_id>/withdraw", methods=["POST"])
@permission_required(*STAFF)
def withdraw_item(media_item_id: int):
    """Take an item back from every reader."""
    return _act(media_item_id, services.withdraw_item, _("Item withdrawn: readers no longer see it."))


@bp.route("/library/manage/items/<int:media_item_id>/restore", methods=["POST"])
@permission_required(*STAFF)
def restore_item(media_item_id: int):
    """Hand a withdrawn item out again."""
    return _act(media_item_id, services.restore_item, _("Item handed out again."))


@bp.route("/library/manage/albums/<int:album_id>/print")
@permission_required(*STAFF)
def print_sheet(album_id: int):
    """A printable sheet: the album's short link and QR code, then each item's (pigeonholes, screens)."""
    album = get_in_event_or_404(Album, album_id)
    items = db.session.scalars(
        select(MediaItem)
        .where(MediaItem.album_id == album.id, MediaItem.status != "withdrawn")
        .order_by(MediaItem.id)
    ).all()
    link = album_link(album)
    codes = [(item, item_link(item)) for item in items]
    return render_template(
        "newsroom/print.html",
        album=album,
        link=link,
        qr=qr_svg(link),
        codes=[(item, url, qr_svg(url)) for item, url in codes],
    )


@bp.route("/library/manage/downloads")
@permission_required(*STAFF)
def downloads():
    """Who downloaded which library item, for which outlet, and when (newest first)."""
    query = (
        select(DownloadLog)
        .where(DownloadLog.media_item_id.is_not(None))
        .options(joinedload(DownloadLog.user), joinedload(DownloadLog.organisation))
        .order_by(DownloadLog.id.desc())
    )
    page = paginate(query, per_page=50)
    ids = {entry.media_item_id for entry in page.items}
    items = {
        item.id: item
        for item in db.session.scalars(select(MediaItem).where(MediaItem.id.in_(ids or {0}))).all()
    }
    by_outlet = db.session.execute(
        select(DownloadLog.organisation_id, func.count(DownloadLog.id))
        .where(DownloadLog.media_item_id.is_not(None))
        .group_by(DownloadLog.organisation_id)
    ).all()
    outlet_names = _outlet_names([org_id for org_id, _n in by_outlet if org_id])
    return render_template(
        "newsroom/downloads.html",
        page=page,
        items=items,
        by_outlet=[(outlet_names.get(org_id), n) for org_id, n in by_outlet],
    )


def _outlet_names(ids: list[int]) -> dict[int, str]:
    from app.accreditation.models import MediaOrganisation

    if not ids:
        return {}
    return dict(
        db.session.execute(
            select(MediaOrganisation.id, MediaOrganisation.name).where(MediaOrganisation.id.in_(ids))
        ).all()
    )
