"""The open PDF: PDFium always, pdfplumber only when a page needs it.

Why both and why lazily: PDFium is the fast source for every page; pdfplumber (pdfminer) is the
fallback for pages PDFium misreads (see plumber.py) and costs ~15 ms a page against ~2 ms, so it
is opened on first use. Opening is also where PDFium's load errors become the InputError a clerk
can act on (password, truncated file, damaged file).
"""
from __future__ import annotations

from ...errors import InputError
from . import plumber


def open_pdfium(data: bytes):
    """Open with PDFium, turning its load errors into the InputError a clerk can act on."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (4, 5):  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
            raise InputError("pdf-encrypted", "PDF is password-protected: save an unprotected copy "
                                              "(print to PDF or export again) and check that") from None
        if b"%%EOF" not in data[-2048:]:
            raise InputError("truncated", "PDF file is truncated (it has no end marker): download or "
                                          "export it again") from None
        raise InputError("corrupt", "PDF file is damaged and cannot be read: export it again from "
                                    "the source document") from None


class PdfSource:
    """The open document: `pdf` (PDFium), `plumber` (pdfplumber, opened on first use) and the
    `backend` asked for in the options."""

    def __init__(self, data: bytes, options: dict):
        self.data = data
        self.pdf = open_pdfium(data)
        self.backend = options.get("pdf_backend") or "pdfium"
        self._plumber = None
        self.notes: list = []  # reader notes (RawDocument.notes) about pages read another way

    @property
    def plumber(self):
        if self._plumber is None:
            self._plumber = plumber.open_document(self.data)
        return self._plumber

    def close(self) -> None:
        """Release both documents. Never raises: a library failing again while closing a damaged
        file must not replace the text already read (or the error already raised) by its own."""
        for doc in (self._plumber, self.pdf):
            if doc is None:
                continue
            try:
                doc.close()
            except Exception:
                pass
