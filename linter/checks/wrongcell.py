"""The wrong-cell finder: when relations of 表三/表四 fail, the smallest set of cells whose change
satisfies every relation of the table.

Every relation instance (linter.document.relations.instances) is a zero-sum equation Σ w·cell = 0 over
cells. The evidence is the instances whose cells were all read as numbers; instances the reader
used to split digit runs (`table.used_relations`) and instances with a blank or unreadable cell say
nothing and are left out. A failing instance has a residual r = Σ w·cell ≠ 0.

One cell c explains the failures when it is in every failing instance, in no instance that holds
(changing it would break that one), and all failing instances agree on the change: c + δ with
δ = −r/w the same for each, and c + δ a count (an integer ≥ 0). That is the usual typo: in 表三 a
cell sits in one row relation and one column relation, so exactly one cell explains a failing
row and a failing column that cross at it. In 表四 every cell of a block is only in the block's
relation, so five cells explain a failing block equally: the finder says so and lists them.

Nothing here changes the extracted table: the result is a proposal, `Suggestion`, that the
arithmetic rule attaches to its findings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Optional

from ..document.relations import instances, layout_rows, table_columns

RELATION_ROLE = {"T3-A": "勾稽关系（第一项加第二项之和等于第三项加第四项之和）", "T3-B": "所在行（总计＝各类申请人之和）",
                 "T3-C": "所在列（（七）总计＝各项办理结果之和）", "T4-A": "所在行（总计＝结果维持＋结果纠正＋其他结果＋尚未审结）"}
ROLE_SHORT = {"T3-A": "勾稽关系", "T3-B": "所在行", "T3-C": "所在列", "T4-A": "所在行"}
GROUPS = {"denied_": "（三）不予公开", "unable_": "（四）无法提供", "declined_": "（五）不予处理", "other_": "（六）其他处理"}
T4_ROWS = {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
           "litigation_after_review": "行政诉讼（复议后起诉）"}
MAX_PAIR_SEARCH = 400  # candidate cells beyond which the two-cell search is skipped


@dataclass
class Fix:
    row: str
    col: str
    printed: object
    suggested: object
    relations: list = field(default_factory=list)  # relation ids of the evidence the cell is in

    def to_json(self) -> dict:
        return {"row": self.row, "col": self.col, "printed": self.printed, "suggested": self.suggested}


@dataclass
class Suggestion:
    kind: str  # "single-cell", "several", "none"
    fixes: list  # [Fix]
    text: str
    failing: list  # ids of the failing instances explained
    min_cells: Optional[int] = None  # for "none": 2 when two cells would do, None when more

    def to_json(self) -> dict:
        out = {"kind": self.kind, "cells": [f.to_json() for f in self.fixes], "text": self.text,
               "relations": list(self.failing)}
        if self.kind == "none":
            out["min_cells"] = self.min_cells
        return out


def _value(cell):
    """The cell's value as an exact number, or None when it is not evidence."""
    if cell is None or cell.value is None or isinstance(cell.value, bool):
        return None
    value = cell.value
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return Fraction(value)


def evidence(table, pack) -> list:
    """[(instance, residual)] for every instance whose cells were all read as whole numbers and
    that the reader did not use to split digits."""
    unreadable = {(u[0], u[1]) for u in table.unreadable}
    out = []
    for inst in instances(table, pack):
        if inst.id in table.used_relations or not inst.terms:
            continue
        values = []
        for row, col, weight in inst.terms:
            if (row, col) in unreadable:
                break
            value = _value(table.cells.get((row, col)))
            if value is None:
                break
            values.append(weight * value)
        else:
            out.append((inst, sum(values)))
    return out


def _weights(ev) -> list:
    return [{(r, c): Fraction(w) for r, c, w in inst.terms} for inst, _ in ev]


def _as_count(value: Fraction):
    if value.denominator != 1 or value < 0:
        return None
    return int(value)


def single_cell_fixes(table, ev, order=None) -> list:
    """Every cell whose change alone satisfies all the evidence, in table order."""
    weights = _weights(ev)
    failing = [i for i, (_, r) in enumerate(ev) if r != 0]
    if not failing:
        return []
    holding = [i for i, (_, r) in enumerate(ev) if r == 0]
    candidates = set(weights[failing[0]])
    for i in failing[1:]:
        candidates &= set(weights[i])
    for i in holding:
        candidates -= set(weights[i])
    fixes = []
    for key in sorted(candidates, key=order or _default_order):
        deltas = {-ev[i][1] / weights[i][key] for i in failing}
        if len(deltas) != 1:
            continue
        printed = table.cells[key].value
        new = _as_count(Fraction(int(printed)) + deltas.pop())
        if new is None:
            continue
        fixes.append(Fix(key[0], key[1], printed, new, [ev[i][0].id for i in failing]))
    return fixes


def _solve(rows: list, rhs: list, n: int) -> Optional[list]:
    """A solution of the linear system (exact), or None when it is inconsistent. Free unknowns
    are set to 0."""
    m = [list(r) + [b] for r, b in zip(rows, rhs)]
    pivots, r = [], 0
    for c in range(n):
        pivot = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        lead = m[r][c]
        m[r] = [x / lead for x in m[r]]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                factor = m[i][c]
                m[i] = [a - factor * b for a, b in zip(m[i], m[r])]
        pivots.append(c)
        r += 1
    for row in m[r:]:
        if row[-1] != 0:
            return None
    x = [Fraction(0)] * n
    for i, c in enumerate(pivots):
        x[c] = m[i][-1]
    return x


def explainable_by_two(table, ev, order=None) -> bool:
    """Whether changing two cells can satisfy all the evidence (each cell changed, to a count)."""
    weights = _weights(ev)
    failing = [i for i, (_, r) in enumerate(ev) if r != 0]
    if not failing:
        return False
    union = set().union(*(weights[i] for i in failing))
    if len(union) > MAX_PAIR_SEARCH:
        return False
    order = order or _default_order
    for a in sorted(weights[failing[0]], key=order):
        for b in sorted(union, key=order):
            if a == b:
                continue
            if any(a not in weights[i] and b not in weights[i] for i in failing):
                continue
            touched = [i for i in range(len(ev)) if a in weights[i] or b in weights[i]]
            rows = [[weights[i].get(a, 0), weights[i].get(b, 0)] for i in touched]
            rhs = [-ev[i][1] for i in touched]
            x = _solve(rows, rhs, 2)
            if x is None or 0 in x:
                continue
            if all(_as_count(Fraction(int(table.cells[k].value)) + d) is not None for k, d in zip((a, b), x)):
                return True
    return False


def _default_order(key):
    return tuple(str(k) for k in key)


def _table_order(table, pack):
    rows = {r: i for i, r in enumerate(layout_rows(table, pack))}
    cols = {c: i for i, c in enumerate(table_columns(table.key, pack))}
    return lambda key: (rows.get(key[0], len(rows)), cols.get(key[1], len(cols)), str(key))


def cell_name(pack, table_key: str, row: str, col: str) -> str:
    """A short name of a cell for messages: （二）部分公开/自然人, （三）不予公开 1.属于国家秘密/总计."""
    if table_key == "table4":
        return f"{T4_ROWS.get(row, row)}/{pack.col_label('table4', col)}"
    label = pack.row_label(table_key, row)
    label = re.sub(r"（区分处理的[^）]*）", "", label)
    for prefix, group in GROUPS.items():
        if row.startswith(prefix):
            label = f"{group} {label}"
            break
    return f"{label}/{pack.col_label(table_key, col)}"


def _roles(fix: Fix) -> str:
    kinds = []
    for rel in fix.relations:
        kind = rel.split(":")[0]
        if kind not in kinds:
            kinds.append(kind)
    rank = ["T3-B", "T4-A", "T3-C", "T3-A"]
    kinds.sort(key=lambda k: rank.index(k) if k in rank else len(rank))
    names = [ROLE_SHORT.get(k, k) for k in kinds]
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]


def find(table, pack) -> Optional[Suggestion]:
    """The suggestion for a table whose relations fail, or None when every relation that can be
    judged holds."""
    ev = evidence(table, pack)
    failing = [inst.id for inst, r in ev if r != 0]
    if not failing:
        return None
    order = _table_order(table, pack)
    fixes = single_cell_fixes(table, ev, order)
    key = table.key
    if len(fixes) == 1:
        f = fixes[0]
        text = (f"“{cell_name(pack, key, f.row, f.col)}”印为{f.printed}；若为{f.suggested}，其{_roles(f)}均成立"
                f"（改正这一个单元格即可解释全部{len(failing)}处不成立的关系）")
        return Suggestion("single-cell", fixes, text, failing)
    if fixes:
        listed = "；".join(f"“{cell_name(pack, key, f.row, f.col)}”{f.printed}→{f.suggested}" for f in fixes)
        text = f"有{len(fixes)}个单元格同样可以解释这些不成立的关系，无法确定是哪一个：{listed}"
        return Suggestion("several", fixes, text, failing)
    two = explainable_by_two(table, ev, order)
    text = ("不成立的关系不能用单个单元格的笔误解释" +
            ("，至少需要改动两个单元格" if two else "，至少需要改动三个及以上单元格（或表格读取有误）"))
    return Suggestion("none", [], text, failing, 2 if two else None)
