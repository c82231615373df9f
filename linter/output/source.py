"""`--show-source`: the line of the document (as read) where a finding is, with a caret under the
place. A report saved from a web page is often one line of thousands of characters, so the line
is cut to a window around the place; widths are display widths (a CJK character takes two
columns, measured by rich), so the caret stands under the right character in a terminal.
The line is found through the document's source map, so this works for every input format: a
text line, an HTML text node, a PDF text run or a DOCX table cell (a table row is shown with its
cells separated by │)."""
from __future__ import annotations

from typing import Optional

from rich.cells import cell_len

WINDOW = 36  # characters kept on each side of the place in a long line
CELL_SEPARATOR = " │ "


def _within(seg_loc, loc) -> Optional[int]:
    """The offset of `loc` within a segment (or line) starting at `seg_loc`, else None."""
    if loc.line is not None and seg_loc.line == loc.line and seg_loc.column is not None and loc.column is not None:
        return loc.column - seg_loc.column if loc.column >= seg_loc.column else None
    if loc.page is not None and seg_loc.page == loc.page and seg_loc.bbox and loc.bbox:
        a, b = seg_loc.bbox, loc.bbox
        if a[0] - 0.5 <= b[0] <= a[2] + 0.5 and a[1] - 0.5 <= b[1] <= a[3] + 0.5:
            return 0
        return None
    if loc.table_index is not None and (seg_loc.table_index, seg_loc.row, seg_loc.col) == (loc.table_index, loc.row, loc.col):
        return 0
    if loc.paragraph is not None and seg_loc.paragraph == loc.paragraph and loc.line is None:
        return 0
    return None


def find_place(raw, loc) -> Optional[tuple]:
    """(line text, offset in it) of the document line holding `loc`, or None."""
    for line in raw.lines:
        for seg in line.segments:
            off = _within(seg.location, loc)
            if off is not None and off <= max(0, seg.end - seg.start):
                if seg.char_boxes and loc.bbox:
                    off = next((i for i, bx in enumerate(seg.char_boxes) if bx and abs(bx[0] - loc.bbox[0]) < 0.5), off)
                return line.text, seg.start + off
        if not line.segments:
            off = _within(line.location, loc)
            if off is not None and off <= len(line.text):
                return line.text, off
    return None


def snippet(text: str, offset: int, length: int = 1) -> list:
    """Two lines: the (windowed) text and a caret line under text[offset:offset+length] (a long
    span is marked by its first WINDOW characters)."""
    length = max(1, min(length, WINDOW))
    start = max(0, offset - WINDOW)
    end = min(len(text), offset + length + WINDOW)
    before = ("…" if start > 0 else "") + text[start:offset].replace("\t", CELL_SEPARATOR)
    marked = text[offset:offset + max(1, length)].replace("\t", CELL_SEPARATOR) or " "
    after = text[offset + max(1, length):end].replace("\t", CELL_SEPARATOR) + ("…" if end < len(text) else "")
    return [before + marked + after, " " * cell_len(before) + "^" * max(1, cell_len(marked))]


def source_lines(document, finding) -> list:
    """The snippet of `finding` in `document`, or [] when the place cannot be shown."""
    if document is None or getattr(document, "raw", None) is None or not document.raw.lines:
        return []
    loc = finding.location
    place = find_place(document.raw, loc)
    if place is None:
        return []
    text, offset = place
    length = 1
    if loc.end_line is not None and loc.end_line == loc.line and loc.end_column and loc.column:
        length = max(1, loc.end_column - loc.column)
    return snippet(text, offset, length)
