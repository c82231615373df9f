"""The pdfminer/pdfplumber fallback: glyphs and ruling lines in the same records as PDFium's.

Why a second source: PDFium drops the single-glyph text runs of non-embedded CID fonts
(reportlab's STSong-Light, an unembedded 仿宋_GB2312: `2023年` loses `年`), and pdfminer reads
them. Parsing with pdfminer costs ~15 ms a page against ~2 ms with PDFium, so it is opened only
when a page needs it, or for every page with `options["pdf_backend"] = "pdfplumber"` (same
pipeline: a cross-check for PDFs where PDFium and pdfminer disagree).
"""
from __future__ import annotations

import io

from .cells import MIN_PATHS_FOR_TABLES
from .lines import Glyph


def open_document(data: bytes):
    """The file opened with pdfplumber, its pdfminer warnings silenced."""
    import logging

    import pdfplumber

    # pdfminer logs every oddity of a damaged file as a WARNING on stderr; the reader
    # reports what matters as InputError or notes instead
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    return pdfplumber.open(io.BytesIO(data))


def _visible(obj: dict) -> bool:
    """pdfminer path objects that show on a white page."""
    def white(color) -> bool:
        if not isinstance(color, (tuple, list)) or not color:
            return False
        if not all(isinstance(v, (int, float)) for v in color):
            return False
        if len(color) == 4:  # CMYK
            return all(v <= 0.02 for v in color)
        return all(v >= 0.98 for v in color)

    if obj.get("stroke") and not white(obj.get("stroking_color")):
        return True
    return bool(obj.get("fill")) and not white(obj.get("non_stroking_color"))


def glyphs_and_edges(page) -> tuple:
    """(glyphs, edges) of a pdfplumber page, converted to the same records as the PDFium path."""
    chars = []
    for c in page.chars:
        # pdfminer's coordinates are already those of the page as displayed (rotation applied):
        # the baseline is the glyph matrix's y, measured from the glyph's own bottom edge
        matrix = c.get("matrix")
        base = c["bottom"] - (matrix[5] - c["y0"]) if matrix else c["bottom"]
        chars.append(Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], base, c["x0"]))
    paths = len(page.lines) + len(page.rects) + len(page.curves)
    edges = []
    if paths >= MIN_PATHS_FOR_TABLES:
        import pdfplumber.utils as pu

        for obj in page.lines + page.rects + page.curves:
            if not _visible(obj):
                continue
            for e in pu.obj_to_edges(obj):
                if e.get("orientation") in ("h", "v"):
                    edges.append(e)
    return chars, edges
