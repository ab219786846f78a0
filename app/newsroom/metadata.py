"""Caption, credit and usage terms written into a downloaded photo (IPTC IIM and XMP).

Photos are stored clean (re-encoded at upload, no EXIF); the metadata is added when a
photo is downloaded, so a corrected caption is in every later download. Two blocks go
right after the JPEG's JFIF header:

* XMP (APP1, ``http://ns.adobe.com/xap/1.0/``): ``dc:description`` (Vietnamese as
  ``x-default`` and ``vi``, English as ``en`` when given), ``dc:title`` (the album),
  ``photoshop:Credit``, ``dc:rights`` and ``xmpRights:UsageTerms`` (the terms in
  Vietnamese and English), ``photoshop:Source`` (the press centre).
* IPTC IIM in a Photoshop resource block (APP13, resource 0x0404), UTF-8 declared by
  dataset 1:90: 2:05 Object Name, 2:120 Caption/Abstract, 2:110 Credit, 2:116 Copyright
  Notice and 2:40 Special Instructions (the terms). Fields longer than IIM allows are cut
  at a character boundary; XMP always holds the whole text.

Written here with no extra library; the tests read both blocks back with exiftool.
Format version 1 (``METADATA_VERSION``): raise it when the fields change.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

METADATA_VERSION = 1
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
_PHOTOSHOP_HEADER = b"Photoshop 3.0\x00"
_MAX_SEGMENT = 65533  # a JPEG segment's payload, its two length bytes excluded


@dataclass(frozen=True)
class PhotoMetadata:
    """What a downloaded photo says about itself."""

    caption: str
    caption_en: str
    credit: str
    terms_vi: str
    terms_en: str
    title: str  # the album
    source: str  # the press centre (event name)


def _alt(values: list[tuple[str, str]]) -> str:
    items = "".join(f'<rdf:li xml:lang="{lang}">{escape(text)}</rdf:li>' for lang, text in values if text)
    return f"<rdf:Alt>{items}</rdf:Alt>"


def xmp_packet(meta: PhotoMetadata) -> bytes:
    """The XMP packet (UTF-8) for ``meta``."""
    caption = [("x-default", meta.caption), ("vi", meta.caption), ("en", meta.caption_en)]
    terms = [("x-default", meta.terms_vi), ("vi", meta.terms_vi), ("en", meta.terms_en)]
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">'
        f"<dc:description>{_alt(caption)}</dc:description>"
        f"<dc:title>{_alt([('x-default', meta.title)])}</dc:title>"
        f"<dc:rights>{_alt([('x-default', meta.credit)])}</dc:rights>"
        f"<photoshop:Credit>{escape(meta.credit)}</photoshop:Credit>"
        f"<photoshop:Source>{escape(meta.source)}</photoshop:Source>"
        f"<xmpRights:UsageTerms>{_alt(terms)}</xmpRights:UsageTerms>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return body.encode("utf-8")


def _cut(text: str, limit: int) -> bytes:
    """``text`` in UTF-8, at most ``limit`` bytes, never splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore").encode("utf-8")


def _dataset(record: int, number: int, value: bytes) -> bytes:
    return bytes((0x1C, record, number)) + len(value).to_bytes(2, "big") + value


def iptc_block(meta: PhotoMetadata) -> bytes:
    """The IPTC IIM datasets (UTF-8) for ``meta``, as bytes."""
    datasets = [
        _dataset(1, 90, b"\x1b%G"),  # coded character set: UTF-8
        _dataset(2, 0, b"\x00\x04"),  # record version 4
        _dataset(2, 5, _cut(meta.title, 64)),
        _dataset(2, 120, _cut(meta.caption, 2000)),
        _dataset(2, 110, _cut(meta.credit, 32)),
        _dataset(2, 116, _cut(meta.terms_vi, 128)),
        _dataset(2, 40, _cut(meta.terms_en or meta.terms_vi, 256)),
    ]
    return b"".join(datasets)


def _segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > _MAX_SEGMENT:
        raise ValueError("metadata too large for one JPEG segment")
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _photoshop_resource(iptc: bytes) -> bytes:
    # 8BIM, resource id 0x0404 (IPTC), empty Pascal name padded to even, size, data padded to even
    data = iptc + (b"\x00" if len(iptc) % 2 else b"")
    return b"8BIM" + b"\x04\x04" + b"\x00\x00" + len(iptc).to_bytes(4, "big") + data


def embed(jpeg: bytes, meta: PhotoMetadata) -> bytes:
    """``jpeg`` with XMP and IPTC blocks for ``meta`` after its JFIF header."""
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    position = 2
    if jpeg[2:4] == b"\xff\xe0":  # keep JFIF (APP0) first, as readers expect
        position = 4 + int.from_bytes(jpeg[4:6], "big")
    xmp = _segment(0xE1, _XMP_HEADER + xmp_packet(meta))
    iptc = _segment(0xED, _PHOTOSHOP_HEADER + _photoshop_resource(iptc_block(meta)))
    return jpeg[:position] + xmp + iptc + jpeg[position:]
