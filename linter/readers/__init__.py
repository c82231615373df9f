"""Pick the reader for a file by sniffing its first bytes, then by extension.

Each reader module exposes `read(path: str, data: bytes, options: dict) -> RawDocument` and raises
`InputError` for a file it cannot read. Heavy libraries (pdfplumber, pypdfium2, python-docx) are
imported inside the reader, so linting a text file does not pay for them.
"""
from __future__ import annotations

import importlib
import os

from ..errors import InputError
from ..document.model import RawDocument

# extension -> reader module (relative to this package)
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
LEGACY_BINARY = {".doc": "Word 97-2003 .doc", ".wps": "WPS .wps"}
REPORT_EXTENSIONS = tuple(EXTENSIONS)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# a password-protected .docx is an OLE container holding an "EncryptedPackage" stream
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def sniff(data: bytes, ext: str) -> str:
    """The reader to use, from the content first: a PDF named .txt is still a PDF."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return "docx"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2: legacy .doc/.wps/.xls
        return "ole"
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered:
        return "html"
    return "text"


def read_path(path: str, options: dict | None = None) -> RawDocument:
    """Read one report file into a RawDocument, or raise InputError naming the problem."""
    options = options or {}
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise InputError("unreadable", f"cannot open file: {exc.strerror or exc}") from None
    if os.path.isdir(path):
        try:
            os.listdir(path)
        except OSError as exc:  # discovery hands on a folder it could not walk, so that it is named
            raise InputError("unreadable", f"folder cannot be read ({exc.strerror or exc}): "
                                           "the report files in it were not checked") from None
        raise InputError("unreadable", "is a directory")
    limit = int(options.get("max_bytes") or DEFAULT_MAX_BYTES)
    if size > limit:
        raise InputError("too-large", f"file is {size} bytes, over the limit of {limit} bytes (--max-bytes)")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError("unreadable", f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError("empty", "file is empty: nothing to check")
    ext = os.path.splitext(path)[1].lower()
    kind = sniff(data, ext)
    if kind == "ole" and _ENCRYPTED_OOXML in data:
        raise InputError("docx-encrypted", "password-protected Office document: save it without a password and check that")
    if kind == "ole" or (ext in LEGACY_BINARY and kind not in ("pdf", "docx")):
        what = LEGACY_BINARY.get(ext, "legacy binary Office/WPS")
        raise InputError("legacy-binary", f"{what} file is not supported: save it as .docx (or PDF) and check that")
    if ext == ".pdf" and kind != "pdf":
        raise InputError("not-pdf", "has a .pdf extension but is not a PDF file")
    if ext == ".docx" and kind != "docx":
        raise InputError("not-docx", "has a .docx extension but is not a .docx (zip) file")
    return _safely(importlib.import_module(f".{kind}", __name__).read, path, data, options)


def _safely(read, path: str, data: bytes, options: dict) -> RawDocument:
    """Run a reader: a bad file is an InputError, never a crash, whatever a library raises on it.
    (A reader maps the errors it expects to codes of its own; this net catches the rest, and the
    property tests check it never has to.)"""
    try:
        return read(path, data, options)
    except (InputError, MemoryError):  # out of memory: the engine reports "too large", not a reader bug
        raise
    except RecursionError:
        raise InputError("too-complex", "document structure is too deeply nested to read") from None
    except Exception as exc:
        detail = " ".join(str(exc).split())[:160]
        raise InputError("reader-internal", f"the reader failed on this file ({type(exc).__name__}: {detail}); "
                                            "please report it") from None


def read_text(text: str, path: str = "<text>", fmt: str = "text") -> RawDocument:
    """Read a report given as a string (used by tests and the library API)."""
    if fmt not in ("text", "markdown", "html"):
        raise ValueError(f"read_text reads text, markdown or html, not {fmt!r}")
    return _safely(importlib.import_module(f".{fmt}", __name__).read, path, text.encode("utf-8"), {})
