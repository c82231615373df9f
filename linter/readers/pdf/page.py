"""One page into blocks in reading order: prose lines and table parts, page numbers dropped.

Pipeline per page: glyphs from PDFium, or from pdfminer where PDFium misreads the fonts (or
everywhere with the pdfplumber backend); on pages with vector paths, the ruling lines become
table parts (cells.py) and the glyphs inside them cell text; the other glyphs become prose
lines. Each table is placed at its top, so the text keeps reading order.
"""
from __future__ import annotations

import re

from ...errors import InputError
from . import cells, pdfium, plumber
from .lines import build_lines
from .source import PdfSource

_FOOTER_PATTERNS = (
    re.compile(r"^[-—–－~〜]+\s*\d{1,4}\s*[-—–－~〜]+$"),  # -3-, — 3 —
    re.compile(r"^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"),  # 第3页, 第3页 共10页
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),  # 3 / 10
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")


def read_page(source: PdfSource, index: int, limit: float) -> tuple:
    """(blocks in reading order, glyph count) of one page, closing the page afterwards."""
    page = source.pdf[index]
    try:
        width, height = page.get_size()
        if width > limit or height > limit or width <= 0 or height <= 0:
            raise InputError("page-too-large", f"page {index + 1} is {width:.0f}×{height:.0f} pt, over "
                                               f"the limit of {limit:.0f} pt (--max-page-size)")
        mediabox, rotation = page.get_mediabox(), page.get_rotation()
        tf = pdfium.page_transform(mediabox, rotation)
        paths, unmappable = pdfium.scan_objects(page)
        edges = pdfium.ruling_edges(paths, tf)
        chars = None
        if source.backend == "pdfplumber" or unmappable:
            found = _plumber_page(source, index)
            if found is not None:
                chars, plumber_edges = found
                if source.backend == "pdfplumber":
                    edges = plumber_edges
        if chars is None:
            chars = pdfium.glyphs(page, tf, pdfium.unrotated_offset(mediabox, rotation))
        n_chars = len(chars) - [c.space for c in chars].count(True)
        parts: list = []
        if edges and n_chars:
            parts, chars = cells.find_tables(edges, chars, index + 1, (0, 0, width, height))
        return _page_blocks(chars, parts, height), n_chars
    finally:
        page.close()


def _plumber_page(source: PdfSource, index: int):
    """(glyphs, edges) of the page from pdfminer, or None when pdfminer cannot give them (it sees
    fewer pages than PDFium, or fails on this page): the page is then read with PDFium, noted,
    so the report is still checked rather than called corrupt."""
    try:
        ppage = source.plumber.pages[index]
        try:
            return plumber.glyphs_and_edges(ppage)
        finally:
            try:
                ppage.close()
            except Exception:
                pass
    except MemoryError:
        raise
    except Exception as exc:
        source.notes.append({"code": "pdf-page-fallback", "page": index + 1,
                             "message": f"第{index + 1}页的第二个PDF解析器读取失败（{type(exc).__name__}），"
                                        "已只用PDFium读取：未嵌入字体的字符可能缺失"})
        return None


def _page_blocks(chars: list, parts: list, height: float) -> list:
    """Prose lines and table parts of one page in reading order (top to bottom)."""
    blocks = []
    for line in build_lines(chars):
        if is_footer(line.text, line.bbox[1], height):
            continue
        blocks.append((line.bbox[1], 0, line))
    for part in parts:
        blocks.append((part.bbox[1], 1, part))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return [b[2] for b in blocks]


def is_footer(text: str, top: float, page_height: float) -> bool:
    """Page-number lines (`-3-`, `— 3 —`, `第3页`, `3 / 10`) anywhere; a bare number only in the
    top or bottom margin."""
    compact = text.strip()
    if any(p.match(compact) for p in _FOOTER_PATTERNS):
        return True
    return bool(_BARE_NUMBER.match(compact)) and (top > 0.88 * page_height or top < 0.08 * page_height)
