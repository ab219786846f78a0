"""The one place the live notices hear of the media library: a signal, not an import.

``album_published`` is sent by :func:`app.newsroom.services.add_item` when an album gets its
first item, inside the uploader's transaction (before the commit), with::

    sender     the Album
    item       the MediaItem just added
    publish_at when readers of its audience see it (naive UTC; later than now under embargo)
    audience   "public", "accredited", "central", "local" or "foreign"

A receiver (the notices area, when the lead wires it) should queue its notice in the same
session (so it is rolled back with the upload) and send it no earlier than ``publish_at``
and to that audience only: a notice must not leak an embargoed album. Connect with::

    from app.newsroom.hooks import album_published
    album_published.connect(announce_album)   # def announce_album(album, *, item, publish_at, audience)
"""

from __future__ import annotations

from flask.signals import Namespace

_signals = Namespace()

album_published = _signals.signal("library-album-published")
