"""Generated hostile uploads: wrong types, polyglots, PDFs with scripts or launch actions, EICAR,
oversized files and bad names. Used by the upload tests and the security suite.

`hostile_uploads(count)` yields `Hostile(label, name, content, refused)`: `refused` is True when
the upload must be refused at the field (and nothing stored), False when it must be stored under
a safe name (a hostile *name* on a harmless file).
"""

import io
import random
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from tests.applications.factories import PDF_BYTES, PNG_BYTES
from tests.fake_clamd import EICAR

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


@dataclass
class Hostile:
    label: str
    name: str
    content: bytes
    refused: bool


def _write(writer):
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    return writer


def _action(kind, payload):
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    if kind == "/JavaScript":
        action[NameObject("/JS")] = TextStringObject(payload)
    elif kind == "/Launch":
        action[NameObject("/F")] = TextStringObject(payload)
    return action


def pdf_with_document_js(script="app.alert(1)"):
    """A script in the document's /Names /JavaScript tree (runs when the document opens)."""
    writer = _writer()
    tree = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("init"), writer._add_object(_action("/JavaScript", script))]
            )
        }
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _write(writer)


def pdf_with_open_action(kind="/JavaScript", payload="app.alert(document.title)"):
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_action(kind, payload))
    return _write(writer)


def pdf_with_page_action(kind="/JavaScript", payload="this.print()"):
    writer = _writer()
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(_action(kind, payload))})
    return _write(writer)


def pdf_with_link_annotation(kind="/Launch", payload="cmd.exe"):
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(
                [NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(100)]
            ),
            NameObject("/A"): _action(kind, payload),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _write(writer)


def pdf_with_object_streams(kind="/JavaScript"):
    """The action inside a compressed object stream, where a byte search finds nothing."""
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_action(kind, "app.alert(2)"))
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    try:
        writer = PdfWriter(clone_from=io.BytesIO(data))
        writer._use_object_streams = True  # noqa: SLF001 -- pypdf's switch for object streams
        return _write(writer)
    except Exception:  # noqa: BLE001 -- an older pypdf: the plain file is hostile enough
        return data


def pdf_with_xfa():
    writer = _writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )
    return _write(writer)


def pdf_with_embedded_eicar():
    writer = _writer()
    writer.add_attachment("readme.txt", EICAR)
    return _write(writer)


def clean_pdf(title="Transcript"):
    writer = _writer()
    writer.add_metadata({"/Title": title})
    return _write(writer)


BAD_NAMES = [
    "../../../etc/passwd.pdf",
    "..\\..\\windows\\system32\\transcript.pdf",
    "<script>alert(1)</script>.pdf",
    "transcript.pdf.exe",
    "invoice\u202efdp.exe",
    "con.pdf",
    "a" * 400 + ".pdf",
    "résumé 😀 final.pdf",
    ".htaccess",
    "transcript%00.pdf",
    "'; DROP TABLE applications_document; --.pdf",
    "file\nname.pdf",
    "  .pdf",
]


def _pdf_cases():
    scripts = ["app.alert(1)", "this.exportDataObject({cName:'x', nLaunch:2})", "eval(unescape('%61'))"]
    for script in scripts:
        yield "PDF with document JavaScript", pdf_with_document_js(script)
        yield "PDF with an OpenAction script", pdf_with_open_action("/JavaScript", script)
        yield "PDF with a page-open script", pdf_with_page_action("/JavaScript", script)
        yield "PDF with a script link", pdf_with_link_annotation("/JavaScript", script)
    for program in ["cmd.exe", "/bin/sh", "calc.exe"]:
        yield "PDF with a Launch OpenAction", pdf_with_open_action("/Launch", program)
        yield "PDF with a Launch link", pdf_with_link_annotation("/Launch", program)
        yield "PDF with a Launch page action", pdf_with_page_action("/Launch", program)
    yield "PDF with an ImportData action", pdf_with_open_action("/ImportData", "data.fdf")
    yield "PDF with the script in an object stream", pdf_with_object_streams()
    yield "PDF with an XFA form", pdf_with_xfa()
    yield "PDF with EICAR attached", pdf_with_embedded_eicar()


def _wrong_types(rng):
    yield "Windows program", b"MZ\x90\x00\x03\x00\x00\x00" + rng.randbytes(64)
    yield "ELF program", b"\x7fELF\x02\x01\x01" + rng.randbytes(64)
    yield "ZIP archive", b"PK\x03\x04" + rng.randbytes(64)
    yield "HTML page", b"<!doctype html><script>alert(1)</script>"
    yield "SVG with a script", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    yield "GIF image", b"GIF89a" + rng.randbytes(32)
    yield "random bytes", rng.randbytes(256)
    yield "empty file", b""
    yield "PHP script", b"<?php system($_GET['c']); ?>"
    yield "shell script", b"#!/bin/sh\nrm -rf /\n"
    yield "PDF signature later in the file", b"hello" + PDF_BYTES
    yield "PDF header and nothing else", b"%PDF-1.7\n"
    yield "truncated PDF", PDF_BYTES[: len(PDF_BYTES) // 2]


def _polyglots():
    """(label, content, refused): a polyglot with nothing active in it is stored as its detected
    type and served with that type and `nosniff`; the rest are refused."""
    html_pdf = PDF_BYTES.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<html><script>alert(1)</script>\n", 1)
    yield "PDF that is also HTML", html_pdf, False
    yield "PNG with PHP appended", PNG_BYTES + b"<?php system('id'); ?>", False
    yield (
        "PDF with a script appended after EOF",
        pdf_with_document_js() + b"\n<script>alert(1)</script>",
        True,
    )
    yield "JPEG with EICAR in its body", JPEG_BYTES + EICAR, True
    yield "PNG with EICAR in its body", PNG_BYTES + EICAR, True
    yield (
        "EICAR in a clean PDF's comment",
        PDF_BYTES.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + EICAR + b"\n", 1),
        True,
    )


def hostile_uploads(count=500, *, seed=11, max_bytes=10 * 1024 * 1024):
    """At least `count` hostile uploads, reproducible from `seed`."""
    rng = random.Random(seed)
    base = []
    base += [(label, "transcript.pdf", content, True) for label, content in _pdf_cases()]
    base += [(label, "transcript.pdf", content, True) for label, content in _wrong_types(rng)]
    base += [(label, "scan.png", content, refused) for label, content, refused in _polyglots()]
    base.append(("EICAR test file", "eicar.pdf", EICAR, True))
    base.append(
        ("oversized by one byte", "big.pdf", PDF_BYTES + b"\0" * (max_bytes + 1 - len(PDF_BYTES)), True)
    )
    base += [(f"bad name {name[:30]!r}", name, clean_pdf(), False) for name in BAD_NAMES]
    made = 0
    for label, name, content, refused in base:
        yield Hostile(label, name, content, refused)
        made += 1
    # Variations until `count`: each hostile PDF under other names and scripts, each wrong type
    # with other bytes.
    while made < count:
        variant = made % 5
        marker = rng.randbytes(8).hex()
        if variant == 0:
            content = pdf_with_document_js(f"app.alert('{marker}')")
            yield Hostile("PDF with document JavaScript (variant)", f"{marker}.pdf", content, True)
        elif variant == 1:
            content = pdf_with_link_annotation("/Launch", f"{marker}.exe")
            yield Hostile("PDF with a Launch link (variant)", f"{marker}.pdf", content, True)
        elif variant == 2:
            content = PNG_BYTES + marker.encode() + EICAR
            yield Hostile("PNG with EICAR (variant)", f"{marker}.png", content, True)
        elif variant == 3:
            content = rng.choice([b"MZ", b"PK\x03\x04", b"<html>", b"\x7fELF", b"GIF8"]) + rng.randbytes(128)
            yield Hostile("wrong type (variant)", f"{marker}.pdf", content, True)
        else:
            content = pdf_with_page_action(rng.choice(["/JavaScript", "/Launch"]), marker)
            yield Hostile("PDF with a page action (variant)", rng.choice(BAD_NAMES), content, True)
        made += 1
