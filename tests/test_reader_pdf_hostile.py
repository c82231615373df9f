"""PDFs on which a library fails partly: our own failure must never be called "corrupt file".

pdfminer seeing fewer pages than PDFium, or failing on one page, keeps the page (read with PDFium,
noted as INP005); a library raising again in `close()` does not replace the text read; running out
of memory is "too large", not a parse error.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from xxgk_lint.readers import read_path
from xxgk_lint.readers.pdf import plumber, source
from xxgk_lint.run.engine import lint_file

PDFS = Path(__file__).resolve().parent / "fixtures" / "pdf"
STSONG = PDFS / "typo_stsong.pdf"  # non-embedded CID font: pages need the pdfminer fallback


class _FewerPages:
    """pdfplumber's document as pdfminer sees a damaged file: fewer pages than PDFium."""

    def __init__(self, real):
        self.real = real
        self.pages = real.pages[:-1]

    def close(self):
        self.real.close()
        raise RuntimeError("pdfminer fails again while closing")


def test_page_pdfminer_cannot_see_is_kept_and_noted(monkeypatch):
    clean = read_path(str(STSONG))
    pages = clean.meta["pages"]
    opened = plumber.open_document
    monkeypatch.setattr(source.plumber, "open_document", lambda data: _FewerPages(opened(data)))
    doc = read_path(str(STSONG))
    assert doc.meta["pages"] == pages
    assert {ln.location.page for ln in doc.lines if ln.location.page} == \
        {ln.location.page for ln in clean.lines if ln.location.page}
    notes = [n for n in doc.notes if n["code"] == "pdf-page-fallback"]
    assert [n["page"] for n in notes] == [pages]
    result = lint_file(str(STSONG))  # unpatched engine run still fine; the patched one is a report too
    assert result.error is None
    monkeypatch.setattr(source.plumber, "open_document", lambda data: _FewerPages(opened(data)))
    patched = lint_file(str(STSONG))
    assert patched.error is None
    assert any(f.code == "INP005" and f.location.page == pages for f in patched.findings)


def test_out_of_memory_in_a_reader_is_too_large_not_corrupt(monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(source.plumber, "glyphs_and_edges", exhausted)
    result = lint_file(str(STSONG))
    assert result.error is not None and result.error.code == "too-large"


@pytest.mark.parametrize("name", ["typo_stsong.pdf", "split_embedded.pdf"])
def test_close_raising_does_not_hide_the_text(monkeypatch, name):
    import pypdfium2

    real_close = pypdfium2.PdfDocument.close

    def close_then_fail(self):
        real_close(self)
        raise RuntimeError("PDFium fails again while closing")

    monkeypatch.setattr(pypdfium2.PdfDocument, "close", close_then_fail)
    doc = read_path(str(PDFS / name))
    assert any("政府信息公开" in ln.text for ln in doc.lines)
