"""表二 主动公开政府信息情况: blocks 第二十条第（一）（五）（六）（八）项 (and （九） in the 2019
edition), rows found by label in template order, with as many values as the row has columns.

A digit run that splits more than one way has no relation to choose by (the table has no sums),
so those cells are reported unreadable rather than guessed."""
from __future__ import annotations

from ..model import Table
from .rows import RowRead, blank_row, find_labels, make_cells, resolve_values, value_tokens
from .tokens import tokenize
from .zone import TABLE2_ANCHOR, table_zone


def read_table2(doc, pack):
    sec = doc.section(2)
    if sec is None:
        return None
    start, end = table_zone(doc, sec.body_start, sec.end, TABLE2_ANCHOR)
    specs = pack.table2_rows()
    # 表二's row labels are distinct words, and garbled conversions print its blocks out of order,
    # so each label is looked for on its own (first occurrence in the section), then in text order.
    found, missing = [], []
    for spec in specs:
        hits = find_labels(doc.text, [spec], start, end)[0]
        taken = {(s, e) for _, s, e in found}
        hit = next((h for h in hits if (h[1], h[2]) not in taken), None)
        if hit is None:
            missing.append(spec.key)
        else:
            found.append(hit)
    found.sort(key=lambda h: h[1])
    if not found:
        return None
    table = Table(key="table2", layout=pack.edition, start=start, end=end, source="labels")
    line_of = doc.raw.line_index
    for i, (spec, s, e) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else end
        stop_line = line_of(stop) if i + 1 < len(found) else None
        row = RowRead(spec.key, s, e, value_tokens(tokenize(doc.raw, e, stop), e, stop, stop_line))
        resolve_values(row, len(spec.cols), None)
        blank_row(row, len(spec.cols), doc.text[e:stop])
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
            table.unreadable.append((key, col, "未找到该行", None))
    return table
