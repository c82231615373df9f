"""OCR'd lines written as the `Line`s of a `RawDocument`, like every other reader's.

Why a step of its own: this is where OCR meets the project's model (docs/architecture.md,
Readers). A table row is one line of TAB-separated cells with `is_table_row`; every cell (and
every box of a prose line) gets a `Segment` whose `Location` has the place (PDF page and box in
points; DOCX paragraph or HTML source line, plus the picture's number) and what OCR adds: the
recognition `confidence`, the text as read (`ocr_read`) and any other reading
(`ocr_alternatives`), which the doubt rule (linter/checks/ocrdoubt.py) weighs.
"""
from __future__ import annotations

from dataclasses import replace

from ...document.model import Line, Location, Segment


def ocr_lines(lines: list, base: Location, scale: float = 1.0) -> list:
    """`Line`s of OCR'd lines. `base` holds the place every cell shares (page, or paragraph and
    picture); `scale` turns image pixels into the page's units (PDF points), 0 for no bbox."""
    out = []
    for ocr_line in lines:
        text, segments = "", []
        for i, cell in enumerate(ocr_line.cells):
            piece = cell.text if ocr_line.is_table_row else cell.text.strip()
            if ocr_line.is_table_row:
                if i:
                    text += "\t"
            elif not piece:
                continue
            elif text and _latin(text[-1]) and _latin(piece[0]):
                text += " "
            if piece:
                segments.append(Segment(len(text), len(text) + len(piece), _cell_location(base, cell, scale)))
            text += piece
        if ocr_line.is_table_row and len(ocr_line.cells) > 1 and not segments:
            continue
        if not text.strip():
            continue
        conf = min((c.confidence for c in ocr_line.cells), default=None)
        bbox = _scaled(_union([c.bbox for c in ocr_line.cells]), scale)
        location = replace(base, bbox=bbox, confidence=conf)
        out.append(Line(text=text, location=location, segments=segments, is_table_row=ocr_line.is_table_row))
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _cell_location(base: Location, cell, scale: float) -> Location:
    return replace(base, bbox=_scaled(cell.bbox, scale), confidence=cell.confidence,
                   ocr_read=cell.read, ocr_alternatives=tuple(cell.alternatives) or None)


def _scaled(bbox, scale: float):
    if bbox is None or not scale:
        return None
    return tuple(round(v * scale, 2) for v in bbox)


def _union(boxes: list):
    boxes = [b for b in boxes if b]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
