"""Prose lines and table parts written out as the `Line`s of a `RawDocument`.

Why a step of its own: this is where the reader's records meet the project's model
(docs/architecture.md, Readers): a table row is one line of TAB-separated cells with
`is_table_row`, and every cell part keeps a `Segment` with its page, bbox and character boxes,
so a finding can point at the cell even when the cell's text came from two pages.
"""
from __future__ import annotations

from ...document.model import Line, Location, Segment
from .lines import TextLine


def prose_line(line: TextLine, page: int) -> Line:
    """A prose line: one Segment covering it, with the box of each character."""
    loc = Location(page=page, bbox=line.bbox)
    seg = Segment(0, len(line.text), Location(page=page, bbox=line.bbox), char_boxes=line.boxes)
    return Line(text=line.text, location=loc, segments=[seg])


def table_lines(table: list) -> list:
    """One Line per row: cells joined by TAB, covered cells omitted, a Segment per cell part."""
    out = []
    for part in table:
        for row in part.rows:
            cells = [c for c in row if c is not None]
            if not cells:
                continue
            texts, segments, pos = [], [], 0
            for cell in cells:
                text = cell.text
                offset = pos
                for piece, boxes, page, bbox in cell.parts:
                    segments.append(Segment(offset, offset + len(piece), Location(page=page, bbox=bbox),
                                            char_boxes=list(boxes)))
                    offset += len(piece)
                texts.append(text)
                pos += len(text) + 1
            page = cells[0].page
            on_page = [c.bbox for c in cells if c.page == page]
            bbox = (min(b[0] for b in on_page), min(b[1] for b in on_page),
                    max(b[2] for b in on_page), max(b[3] for b in on_page))
            out.append(Line(text="\t".join(texts), location=Location(page=page, bbox=bbox),
                            segments=segments, is_table_row=True))
    return out
