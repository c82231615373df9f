"""PDF reports: text lines built from glyphs by baseline, tables from the ruling lines.

Why not `extract_text()`: pdfplumber groups glyphs into lines by their box *top*, so digits in
another font or size (Descent 0 fonts, 12 pt digits in 16 pt text) become a separate line and
move to the end of the sentence (`统计期限自 年 月 日起至⏎2023 1 1`); stream-order extractors
(PDFium ranges, pdfminer, `use_text_flow`) fail when a producer draws a line's digits after its
CJK text. Grouping glyphs by *baseline* and sorting each line by x is immune to both
(../shared/spec/pdf-notes.md §3.2), so that is what this reader does.

The steps, one module each:

- `source.py`: open the file (PDFium; pdfplumber only when a page needs it), load errors;
- `page.py`: one page into prose lines and table parts in reading order, page numbers dropped;
- `pdfium.py`: glyphs, ruling lines and font facts from PDFium (fast: ~2 ms a page);
- `plumber.py`: the same from pdfminer, for pages whose non-embedded CID fonts (reportlab's
  STSong-Light, an unembedded 仿宋_GB2312) PDFium misreads, or every page with
  `options["pdf_backend"] = "pdfplumber"`;
- `lines.py`: the glyph record and the baseline line builder, shared by prose and cells;
- `cells.py`: ruled tables of a page (pdfplumber's `TableFinder` on the edges) and cell text;
- `stitch.py`: a table continued on the next page appended to the one it continues;
- `emit.py`: prose lines and tables written as `Line`s with their source locations;
- `scan.py`: which pages need OCR (`--ocr auto|off|force`) and their lines from the OCR package
  (linter/readers/ocr/), which is loaded only when a page needs it.

This module is the reader's entry point: `read()` and the loop over the pages, which carries a
table across page breaks and maps any library failure to one InputError. pdfplumber and
pypdfium2 are imported inside functions, so importing the reader does not load them.
"""
from __future__ import annotations

from typing import Optional

from ...errors import InputError
from ...document.model import RawDocument
from .cells import TablePart
from ..furniture import furniture_blocks
from .emit import prose_line, table_lines
from .page import read_page
from .scan import PageOcr
from .source import PdfSource
from .stitch import append_continuation, continues

DEFAULT_MAX_PAGES = 500
DEFAULT_MAX_PAGE_SIZE = 14400.0  # points: 200 inches, the largest page the PDF spec allows


def read(path: str, data: bytes, options: dict) -> RawDocument:
    """Read a PDF report into lines (see the module docstring); InputError for unreadable files."""
    options = options or {}
    _check_bytes(data)
    try:
        return _read(path, data, options)
    except (InputError, MemoryError):  # out of memory is "too large" (engine), not damage
        raise
    except Exception as exc:  # any library failure on a damaged file: one line, never a traceback
        raise InputError("corrupt", f"PDF file could not be read ({type(exc).__name__}): export it "
                                    "again from the source document") from None


def _check_bytes(data: bytes) -> None:
    if not data or not data.strip():
        raise InputError("empty", "file is empty: nothing to check")
    if data.lstrip()[:5] != b"%PDF-":
        raise InputError("not-pdf", "is not a PDF file (no %PDF- header): check the file or its extension")


def _check_pages(pdf, options: dict) -> int:
    count = len(pdf)
    limit = int(options.get("max_pages") or DEFAULT_MAX_PAGES)
    if count == 0:
        raise InputError("corrupt", "PDF has no pages: export it again from the source document")
    if count > limit:
        raise InputError("too-many-pages", f"PDF has {count} pages, over the limit of {limit} "
                                           "(--max-pages): is this really one annual report?")
    return count


def _read(path: str, data: bytes, options: dict) -> RawDocument:
    source = PdfSource(data, options)
    try:
        count = _check_pages(source.pdf, options)
        limit = float(options.get("max_page_size") or DEFAULT_MAX_PAGE_SIZE)
        meta = _meta(source.pdf, count)
        lines: list = []
        table: Optional[list] = None  # the table being written, as its parts
        glyphs, blank_pages, pages = 0, [], []
        scans = PageOcr(source, count, options, path)
        ocr_lines: dict = {}  # page index -> the lines OCR read on it (its blocks stay empty)
        for index in range(count):
            blocks, n_chars = read_page(source, index, limit)
            glyphs += n_chars
            if scans.wanted(index, n_chars):
                read = scans.read(index)
                if read:
                    ocr_lines[index] = read
                    glyphs += sum(len(line.text) for line in read)
                    pages.append([])
                    continue
            if not n_chars and index + 1 not in scans.failed:
                blank_pages.append(index + 1)
            pages.append(blocks)
        # running headers and footers (a browser's date/URL lines, the title on every page) are
        # no prose: dropped, so that a table broken by the page still continues
        # (only lines in the top or bottom margin can be; a table part or a body line stands in
        # as one mark that never is)
        heights = [source.pdf.get_page_size(p)[1] for p in range(len(pages))]
        furniture = furniture_blocks([[b.text if _in_margin(b, heights[p]) else "\u25a1"
                                       for b in blocks] for p, blocks in enumerate(pages)])
        drop = {id(pages[p][i]) for p, i in furniture if not isinstance(pages[p][i], TablePart)}
        for index, blocks in enumerate(pages):
            if index in ocr_lines:  # a scanned page ends any table and brings its own lines
                if table is not None:
                    lines.extend(table_lines(table))
                    table = None
                lines.extend(ocr_lines[index])
                continue
            for block in blocks:
                if id(block) in drop:
                    continue
                if isinstance(block, TablePart):
                    # a prose line flushes the table, so a part arriving here follows it directly
                    if table is not None and continues(table, block):
                        append_continuation(table, block)
                        continue
                    if table is not None:
                        lines.extend(table_lines(table))
                    table = [block]
                    continue
                if table is not None:
                    lines.extend(table_lines(table))
                    table = None
                lines.append(prose_line(block, index + 1))
        if table is not None:
            lines.extend(table_lines(table))
        if not glyphs:
            raise InputError("pdf-no-text", "PDF has no text layer (scanned?): OCR it first, or check "
                                            "the Word/WPS original" + scans.hint(),
                             **scans.install_field())
        notes = [{"code": "pdf-page-no-text", "page": p, **scans.install_field(),
                  "message": f"page {p} has no text layer (a scanned page?): its content is not checked"
                             + scans.hint()}
                 for p in blank_pages]
        if scans.pages:
            meta["ocr"] = scans.summary()
        return RawDocument(path=path, format="pdf", lines=lines, meta=meta, notes=notes + source.notes)
    finally:
        source.close()


def _in_margin(block, height: float) -> bool:
    """A prose line in the top or bottom 7.5 % of the page, where headers and footers print."""
    if isinstance(block, TablePart):
        return False
    return block.bbox[3] < 0.075 * height or block.bbox[1] > 0.925 * height


def _meta(pdf, count: int) -> dict:
    meta = {"pages": count}
    try:
        info = pdf.get_metadata_dict()
    except Exception:  # metadata is a nicety: a broken Info dictionary must not stop the read
        info = {}
    for key in ("Producer", "Creator"):
        value = (info.get(key) or "").strip()
        if value:
            meta[key.lower()] = value
    return meta
