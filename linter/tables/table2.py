"""表二 主动公开政府信息情况: blocks 第二十条第（一）（五）（六）（八）项 (and （九） in the 2019
edition), rows found by label in template order, with as many values as the row has columns.

A digit run that splits more than one way has no relation to choose by (the table has no sums),
so those cells are reported unreadable rather than guessed."""
from __future__ import annotations

from ..model import Table
from .rows import RowRead, find_labels, make_cells, resolve_values, value_tokens
from .tokens import tokenize


def read_table2(doc, pack):
    sec = doc.section(2)
    if sec is None:
        return None
    start, end = sec.body_start, sec.end
    specs = pack.table2_rows()
    tokens = tokenize(doc.raw, start, end)
    found, missing = find_labels(doc.text, specs, start, end)
    if not found:
        return None
    table = Table(key="table2", layout=pack.edition, start=start, end=end, source="labels")
    line_of = doc.raw.line_index
    for i, (spec, s, e) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else end
        stop_line = line_of(stop) if i + 1 < len(found) else None
        row = RowRead(spec.key, s, e, value_tokens(tokenize(doc.raw, e, stop), e, stop, stop_line))
        resolve_values(row, len(spec.cols), None)
        if row.values is None:
            for col in spec.cols:
                table.unreadable.append((spec.key, col, row.problem, s))
            continue
        for cell in make_cells(row, spec.cols, doc):
            table.cells[(cell.row, cell.col)] = cell
        label = doc.text[s:e]
        if spec.label not in label.replace(" ", ""):
            table.label_notes.append((spec.key, label, s, e))
    for key in missing:
        spec = next(sp for sp in specs if sp.key == key)
        for col in spec.cols:
            table.unreadable.append((key, col, "row label not found", None))
    return table
