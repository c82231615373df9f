"""表三 收到和处理政府信息公开申请情况: 7 columns, 25 rows (2021 edition) or 23 (2019 edition,
a single （六）其他处理 row). Rows are found by their labels in template order; where labels are
garbled (PDF-to-Markdown conversions) but the rows of seven values are all there, in order, the
template order itself assigns them."""
from __future__ import annotations

from typing import Optional

from ..model import Table
from .columns import ColumnPlacer
from .rows import (RowRead, blank_row, find_labels, make_cells, resolve_jointly, resolve_values,
                   value_tokens)
from .tokens import tokenize
from .zone import TABLE3_ANCHOR, table_zone

NCOLS = 7


def _row_sum(values: list) -> bool:
    return None not in values and sum(values[:-1]) == values[-1]


def _read_layout(doc, specs, start, end, labels) -> list:
    text = doc.text
    found, _missing = find_labels(text, specs, start, end)
    line_of = doc.raw.line_index
    placer = ColumnPlacer(doc.raw, NCOLS)
    zone_tokens = tokenize(doc.raw, start, end)
    if found:
        placer.from_header(line_of(start), line_of(found[0][1]), labels)
        placer.check(zone_tokens)
    rows, retry = [], []
    for i, (spec, s, e) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else end
        stop_line = line_of(stop) if i + 1 < len(found) else None
        row = RowRead(spec.key, s, e, value_tokens(tokenize(doc.raw, e, stop), e, stop, stop_line))
        if not placer.fill(row):
            resolve_values(row, NCOLS, _row_sum)
        if row.values is None:
            row = _label_again(doc, spec, row, stop, stop_line, placer) or row
        placer.learn(row)
        if row.values is None and not blank_row(row, NCOLS, text[e:stop]):
            retry.append(row)
        rows.append(row)
    placer.settle()  # pages without the header: positions of their complete rows
    placer.check(zone_tokens)
    for row in retry:
        if row.tokens and not row.candidates:
            placer.fill(row)
    return rows


def _label_again(doc, spec, row: RowRead, stop: int, stop_line, placer) -> Optional[RowRead]:
    """A row label printed twice: once as a heading (`一、本年新收政府信息公开申请数量` on its own
    line, with a column header such as `类别 数据1 数据2 … 总计` under it) and again, often without
    its numbering, in front of the row's values. When the first reading fails and the label
    occurs exactly once more before the next row, the row is read after that occurrence; it is
    taken only if it reads completely."""
    again = list(spec.pattern.finditer(doc.text, row.label_end, stop))
    if len(again) != 1:
        return None
    s, e = again[0].span()
    retry = RowRead(spec.key, s, e, value_tokens(tokenize(doc.raw, e, stop), e, stop, stop_line))
    if not placer.fill(retry):
        resolve_values(retry, NCOLS, _row_sum)
    return retry if retry.values is not None else None


def _by_order(doc, tokens, specs) -> list:
    """Rows of exactly seven values in order, when there are exactly as many as the layout has.

    Only table rows count: a stray digit of a garbled conversion outside them is no cell."""
    if any(t.cell for t in tokens):
        tokens = [t for t in tokens if t.cell]
    groups, current = [], []
    for tok in tokens:
        if current and tok.line != current[-1].line:  # a table row is one line
            groups.append(current)
            current = []
        if tok.is_value and not tok.splittable:
            current.append(tok)
            continue
        if tok.kind == "num":  # a splittable digit run: cannot count on its values
            return []
        if current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    rows7 = []
    for group in groups:
        while len(group) > NCOLS and group[-1].kind == "blank":
            group = group[:-1]
        while len(group) > NCOLS and group[0].kind == "blank":
            group = group[1:]
        if len(group) == NCOLS:
            rows7.append(group)
    if len(rows7) != len(specs):
        return []
    out = []
    for spec, group in zip(specs, rows7):
        row = RowRead(spec.key, group[0].start, group[0].start, group)
        resolve_values(row, NCOLS, None)
        out.append(row)
    return out


def _complete(rows: list, specs: list) -> int:
    """Rows read, less the rows of the layout whose label was not found."""
    return sum(1 for r in rows if r.values is not None) - (len(specs) - len(rows))


def read_table3(doc, pack):
    """The Table, or None when section 3 is missing or holds no table 3 rows at all."""
    sec = doc.section(3)
    if sec is None:
        return None
    start, end = table_zone(doc, sec.body_start, sec.end, TABLE3_ANCHOR)
    tokens = tokenize(doc.raw, start, end)
    spec = pack.table("table3")
    layouts = [(pack.edition, pack.table3_rows()),
               (spec.get("foreign_layout", ""), pack.table3_rows(spec.get("foreign_other_rows", [])))]
    attempts = []
    for name, specs in layouts:
        rows = _read_layout(doc, specs, start, end, spec.get("column_labels", []))
        joint = any(r.candidates for r in rows) and resolve_jointly(
            rows, lambda a, rows=rows: _relations_hold(rows, a, pack))
        attempts.append((_complete(rows, specs), name, specs, rows, "labels", joint))
        if attempts[-1][0] == len(specs):  # every row of this layout read: no need to try the other
            break
    attempts.sort(key=lambda a: -a[0])
    score, name, specs, rows, source, joint = attempts[0]
    if score < len(specs):
        for lname, lspecs in layouts:
            ordered = _by_order(doc, tokens, lspecs)
            if ordered:
                score, name, specs, rows, source, joint = len(lspecs), lname, lspecs, ordered, "order", False
                break
    if not rows or all(r.values is None for r in rows):
        return None
    table = Table(key="table3", layout=name, start=start, end=end, source=source)
    cols = spec["columns"]
    found_keys = {r.key for r in rows}
    for row in rows:
        if row.values is None:
            for col in cols:
                table.unreadable.append((row.key, col, row.problem, row.label_start))
            continue
        for cell in make_cells(row, cols, doc):
            table.cells[(cell.row, cell.col)] = cell
        if row.used:  # the row total chose the split
            table.used_relations.update(f"{rel.id}:{row.key}" for rel in _relations(pack, "row"))
    if joint:  # the column relations chose between splits: they are not evidence either
        table.used_relations.update(f"{rel.id}:{col}" for rel in _relations(pack, "column") for col in cols)
    for s in specs:
        if s.key not in found_keys:
            for col in cols:
                table.unreadable.append((s.key, col, "未找到该行", None))
    return table


def _relations(pack, scope: str) -> list:
    return [rel for rel in pack.relations if rel.table == "table3" and rel.scope == scope]


def _relations_hold(rows: list, assignment: dict, pack) -> bool:
    """Do the column relations of table 3 hold with these candidate rows filled in?"""
    values = {r.key: r.values for r in rows if r.values is not None}
    values.update(assignment)
    present = {r.key for r in rows}
    for rel in _relations(pack, "column"):
        for c in range(NCOLS):
            total, complete = 0, True
            for term in rel.terms:
                row = values.get(term["row"])
                if term["row"] not in present:
                    continue
                if row is None or row[c] is None:
                    complete = False
                    break
                total += term["weight"] * row[c]
            if complete and total != 0:
                return False
    return True
