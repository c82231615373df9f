"""Tables continued on the next page, put back together.

Why: a long table breaks at the page end; Word may repeat its header rows on the next page, and
a row or a merged label may be split by the break (`（五）不予处|理`). The rules read a table as
one grid of rows, so a continuation is appended to the table it continues: repeated header rows
dropped, the fragment of a broken row merged into the row above, cells that carry on a vertical
merge folded into it.
"""
from __future__ import annotations

import re

from .cells import TableCell, TablePart

_NUMERIC = re.compile(r"^[-+]?\d[\d,，.]*%?$")
_ENUMERATOR = re.compile(r"^\s*([（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")


def continues(table: list, part: TablePart) -> bool:
    """A table on the next page, with nothing printed between, continues the previous one when
    its outer edges line up or its column count is the same."""
    last = table[-1]
    if part.page != last.page + 1:
        return False
    aligned = abs(part.bbox[0] - last.bbox[0]) <= 3 and abs(part.bbox[2] - last.bbox[2]) <= 3
    same_cols = len(part.rows[0]) == len(last.rows[-1]) if part.rows and last.rows else False
    return aligned or same_cols


def append_continuation(table: list, part: TablePart) -> None:
    """Append a continuation part to a table (a list of parts): drop the repeated header rows,
    merge a split row's fragment into the row above, and fold the top cells that continue a
    vertical merge of the previous page into it."""
    first, last = table[0], table[-1]
    rows = list(part.rows)
    headers = _header_keys(first.rows)
    while rows and _row_key(rows[0]) in headers:
        rows.pop(0)
    bottom = last.bbox[3] - 1
    if rows and _is_fragment(rows[0], last.rows):
        owners = []
        for cell in rows[0]:
            if cell is not None and cell.text:
                owner = last.cell_at((cell.bbox[0] + cell.bbox[2]) / 2, bottom)
                if owner is None:
                    owners = None
                    break
                owners.append((owner, cell))
        if owners:
            for owner, cell in owners:
                owner.append(cell)
            rows.pop(0)
    if rows:
        _continue_merges(rows, last)
    part.rows = rows
    table.append(part)


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


def _row_key(row: list) -> tuple:
    return tuple(c.text for c in row if c is not None)


def _header_keys(rows: list) -> set:
    """Rows before the first row with a number: the header that Word may repeat on each page."""
    keys = set()
    for row in rows:
        if any(c is not None and _is_numeric(c.text) for c in row):
            break
        key = _row_key(row)
        if any(key):
            keys.add(key)
    return keys


def _is_fragment(row: list, previous: list) -> bool:
    """The rest of a row broken by the page break: label text, empty number cells, and the row
    above (on the previous page) has the numbers. A row whose label starts with a template
    enumerator (`3.`, `（五）`, `四、`) has a label of its own: it is a new row even when its
    cells are blank, never the continuation of the row above."""
    cells = [c for c in row if c is not None]
    if not previous or not any(c is not None and _is_numeric(c.text) for c in previous[-1]):
        return False
    if any(_ENUMERATOR.match(c.text) for c in cells if c.text):
        return False  # `3.要求提供公开出版物` with blank cells: a row of its own, labelled
    return (any(c.text for c in cells) and any(not c.text for c in cells)
            and not any(_is_numeric(c.text) for c in cells))


def _continue_merges(rows: list, last: TablePart) -> None:
    """Cells at the top of a continuation that carry on a vertically merged label of the
    previous page: an empty one is covered by the merge, one with text (`理` of `（五）不予处|理`)
    is the rest of that label. Either way it is not a cell of its own."""
    bottom = last.bbox[3] - 1
    last_top = min(c.bbox[1] for c in last.rows[-1] if c is not None) if any(last.rows[-1]) else bottom
    top_row = rows[0]
    for i, cell in enumerate(top_row):
        if cell is None or _is_numeric(cell.text):
            continue
        owner = last.cell_at((cell.bbox[0] + cell.bbox[2]) / 2, bottom)
        if owner is None or not owner.text or _is_numeric(owner.text):
            continue
        owner_spans = owner.bbox[1] < last_top - 1
        if cell.text:
            if owner_spans and not _ENUMERATOR.match(cell.text):
                owner.append(cell)
                top_row[i] = None
        elif owner_spans or _spans_down(cell, rows):
            top_row[i] = None


def _spans_down(cell: TableCell, rows: list) -> bool:
    """Whether a cell at the top of a part covers more than its first row."""
    first = [c for c in rows[0] if c is not None]
    row_bottom = min(c.bbox[3] for c in first)
    return cell.bbox[3] > row_bottom + 1
