"""Ruled tables on one page: the grid from the ruling lines, and each cell's text.

Why pdfplumber's `TableFinder` but not its cell text: the lattice finder (default `lines`
strategies) turns the ruling lines into cells reliably, but pdfplumber builds cell text by box
top and so splits lowered digits from their label. Here the glyphs are sorted into the cells
by their centre and each cell's text comes from the baseline line builder (`lines.py`).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from .lines import build_lines, join_wrapped, needs_space

MIN_PATHS_FOR_TABLES = 4  # pages with fewer vector paths have no ruled table
MAX_EDGES = 4000  # ruling lines of a page; more is a drawing (map, chart), not a form table
TABLE_SETTINGS = {"text_y_tolerance": 5}  # default "lines" strategies


@dataclass
class TableCell:
    """A table cell: its text may come in parts from two pages (a row broken by a page break)."""

    bbox: tuple
    page: int
    parts: list = field(default_factory=list)  # [(text, boxes, page, bbox)]

    @property
    def text(self) -> str:
        return "".join(p[0] for p in self.parts)

    def append(self, other: "TableCell") -> None:
        for text, boxes, page, bbox in other.parts:
            if not text:
                continue
            if self.text and needs_space(self.text[-1], text[0]):
                text, boxes = " " + text, [None] + list(boxes)
            self.parts.append((text, boxes, page, bbox))


@dataclass
class TablePart:
    """The part of a table printed on one page: rows of cells (None: covered by a merge)."""

    page: int
    bbox: tuple
    rows: list  # list[list[TableCell | None]]

    def cell_at(self, x: float, y: float) -> Optional[TableCell]:
        for row in self.rows:
            for cell in row:
                if cell is not None and cell.bbox[0] - 1 <= x <= cell.bbox[2] + 1 \
                        and cell.bbox[1] - 1 <= y <= cell.bbox[3] + 1:
                    return cell
        return None


class _EdgePage:
    """The two attributes pdfplumber's TableFinder reads from a page: the finder works on our
    edges (from either backend) without a pdfplumber page."""

    def __init__(self, edges: list, bbox: tuple):
        self.edges = edges
        self.bbox = bbox


def find_tables(edges: list, chars: list, page_no: int, page_bbox: tuple) -> tuple:
    """Table parts found from the edges, and the glyphs that are not inside any table cell."""
    from pdfplumber.table import TableFinder

    edges = [e for e in edges if max(e["width"], e["height"]) >= 3]  # table rules, not hatching
    if len(edges) > MAX_EDGES:  # the finder is quadratic in edges: a vector drawing, read as prose
        return [], chars
    finder = TableFinder(_EdgePage(edges, page_bbox), TABLE_SETTINGS)
    grids = []
    for table in finder.tables:
        rows = [list(r.cells) for r in table.rows]
        if max((sum(c is not None for c in row) for row in rows), default=0) < 2:
            continue  # a box around text (page border, framed note), not a table
        grids.append((table.bbox, rows))
    if not grids:
        return [], chars
    slots = [_slot_index(rows) for _, rows in grids]
    members: list = [dict() for _ in grids]
    prose = []
    boxes = [(k, bbox[0], bbox[1], bbox[2], bbox[3]) for k, (bbox, _) in enumerate(grids)]
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        placed = False
        for k, left, top, right, bottom in boxes:
            if left <= cx <= right and top <= cy <= bottom:
                owner = _lookup(slots[k], cx, cy)
                if owner is not None:
                    members[k].setdefault(owner, []).append(ch)
                    placed = True
                break
        if not placed:
            prose.append(ch)
    parts = []
    for k, (bbox, rows) in enumerate(grids):
        if not members[k]:
            continue  # an empty ruled grid (a form to fill in) carries no text
        out_rows = []
        for row in rows:
            out_row = []
            for cell in row:
                if cell is None:
                    out_row.append(None)
                    continue
                text, boxes = _cell_text(members[k].get(cell, []))
                out_row.append(TableCell(cell, page_no, [(text, boxes, page_no, cell)]))
            out_rows.append(out_row)
        parts.append(TablePart(page_no, bbox, out_rows))
    return parts, prose


def _slot_index(rows: list) -> tuple:
    """A grid index: sorted x and y boundaries and, for every grid slot, the cell covering it
    (so placing a glyph is two bisections, not a scan over all cells)."""
    cells = [c for row in rows for c in row if c is not None]
    xs = sorted({v for c in cells for v in (c[0], c[2])})
    ys = sorted({v for c in cells for v in (c[1], c[3])})
    owner = {}
    for c in cells:
        i0, i1 = bisect.bisect_left(xs, c[0]), bisect.bisect_left(xs, c[2])
        j0, j1 = bisect.bisect_left(ys, c[1]), bisect.bisect_left(ys, c[3])
        for i in range(i0, i1):
            for j in range(j0, j1):
                owner[(i, j)] = c
    return xs, ys, owner


def _lookup(index: tuple, x: float, y: float):
    xs, ys, owner = index
    return owner.get((bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1))


def _cell_text(chars: list) -> tuple:
    """A cell's text: its glyphs as baseline lines, joined as wrapped text."""
    lines = build_lines(chars)
    return join_wrapped([(ln.text, ln.boxes) for ln in lines])
