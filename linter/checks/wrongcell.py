"""The wrong-cell finder: when relations of 表三/表四 fail, the smallest set of cells whose change
satisfies every relation of the table.

Every relation instance (linter.document.relations.instances) is a zero-sum equation Σ w·cell = 0 over
cells. The evidence is the instances whose cells were all read as numbers or left blank; instances
the reader used to split digit runs (`table.used_relations`) and instances with an unreadable cell
say nothing and are left out. A blank cell is an unknown count ≥ 0 (spec X-12): an instance fails
when no blanks ≥ 0 can make it hold (with no blank: when its residual Σ w·cell ≠ 0).

One printed cell c explains the failures when it is in every failing instance and some value of c
(a count: an integer ≥ 0) lets every instance it is in hold for some blanks ≥ 0. An instance
without blanks fixes the value exactly; blanks on one side of an instance only bound it (a part of
a sum whose other parts are blank can be anything up to the total), so the finder gives the range
and, as the suggested value, the one that balances the table with the blanks as 0 (else the one
nearest the printed value). That is the usual typo: in 表三 a cell sits in one row relation and one
column relation, so exactly one cell explains a failing row and a failing column that cross at
it. In 表四 every cell of a block is only in the block's relation, so five cells explain a failing
block equally: the finder says so and lists them.

Nothing here changes the extracted table: the result is a proposal, `Suggestion`, that the
arithmetic rule attaches to its findings.
"""
from __future__ import annotations

import math
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
    balances_with_zero: bool = True  # the suggested value balances every relation with blanks as 0
    # the range of values that blanks ≥ 0 could balance, when it is more than one (None: unbounded)
    low: Optional[int] = None
    high: Optional[int] = None

    @property
    def is_range(self) -> bool:
        return self.low is not None or self.high is not None

    def to_json(self) -> dict:
        out = {"row": self.row, "col": self.col, "printed": self.printed, "suggested": self.suggested}
        if self.is_range:
            out["range"] = [self.low, self.high]
        return out


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


@dataclass
class Constraint:
    """One relation instance as evidence: Σ w·printed + Σ w·blank = 0, the blanks unknown counts
    ≥ 0. `residual` is Σ w·printed; `low`/`high` bound what the blanks can add (Σ w·blank): 0 on
    a side without blanks, unbounded (None) on a side with one."""

    instance: object
    residual: Fraction
    weights: dict  # {(row, col): Fraction} of the printed cells
    blanks: list  # [(row, col)]
    low: Optional[Fraction]
    high: Optional[Fraction]

    @property
    def satisfiable(self) -> bool:
        """Some blanks ≥ 0 make it hold (with no blank: it holds as printed)."""
        return _within(-self.residual, self.low, self.high)

    @property
    def holds_with_zero_blanks(self) -> bool:
        return self.residual == 0

    def shift(self, key) -> tuple:
        """(low, high) of the change δ of the printed cell `key` that lets some blanks ≥ 0
        satisfy this relation (None: unbounded)."""
        w = self.weights[key]
        # residual + w·δ + S = 0 with S in [low, high]  →  w·δ in [−residual − high, −residual − low]
        lo = None if self.high is None else -self.residual - self.high
        hi = None if self.low is None else -self.residual - self.low
        lo, hi = (None if lo is None else lo / w, None if hi is None else hi / w)
        return (lo, hi) if w > 0 else (hi, lo)


def _within(x, low, high) -> bool:
    return (low is None or x >= low) and (high is None or x <= high)


def evidence(table, pack) -> list:
    """[Constraint] for every instance whose cells were all read as whole numbers or left blank,
    and that the reader did not use to split digits."""
    unreadable = {(u[0], u[1]) for u in table.unreadable}
    out = []
    for inst in instances(table, pack):
        if inst.id in table.used_relations or not inst.terms:
            continue
        weights, blanks, residual, ok = {}, [], Fraction(0), True
        for row, col, weight in inst.terms:
            cell = table.cells.get((row, col))
            if (row, col) in unreadable or cell is None:
                ok = False
                break
            if cell.value is None:
                blanks.append((row, col, weight))
                continue
            value = _value(cell)
            if value is None:
                ok = False
                break
            weights[(row, col)] = Fraction(weight)
            residual += weight * value
        if not ok:
            continue
        low = None if any(w < 0 for _, _, w in blanks) else Fraction(0)
        high = None if any(w > 0 for _, _, w in blanks) else Fraction(0)
        out.append(Constraint(inst, residual, weights, [(r, c) for r, c, _ in blanks], low, high))
    return out


def _as_count(value: Fraction):
    if value.denominator != 1 or value < 0:
        return None
    return int(value)


def _nearest_integer(lo, hi):
    """The integer of [lo, hi] nearest 0 (None bounds are unbounded), or None when there is none."""
    lo_i = None if lo is None else math.ceil(lo)
    hi_i = None if hi is None else math.floor(hi)
    if lo_i is not None and hi_i is not None and lo_i > hi_i:
        return None
    if lo_i is not None and lo_i > 0:
        return lo_i
    if hi_i is not None and hi_i < 0:
        return hi_i
    return 0


def single_cell_fixes(table, ev, order=None) -> list:
    """Every printed cell whose change alone lets every relation hold for some blanks ≥ 0, in
    table order. The suggested value is the one that balances the table with the blanks as 0 when
    there is one, else the value nearest the printed one; `low`/`high` give the whole range when
    the blanks leave more than one."""
    failing = [i for i, con in enumerate(ev) if not con.satisfiable]
    if not failing:
        return []
    candidates = set(ev[failing[0]].weights)
    for i in failing[1:]:
        candidates &= set(ev[i].weights)
    fixes = []
    for key in sorted(candidates, key=order or _default_order):
        printed = table.cells[key].value
        p = Fraction(int(printed))
        lo, hi = -p, None  # the new value is a count ≥ 0
        exact_zero = set()  # δ that balances each relation with the blanks as 0
        for con in ev:
            if key not in con.weights:
                continue
            a, b = con.shift(key)
            lo = a if lo is None or (a is not None and a > lo) else lo
            hi = b if hi is None or (b is not None and b < hi) else hi
            exact_zero.add(-con.residual / con.weights[key])
        delta = _nearest_integer(lo, hi)
        if delta is None or delta == 0:
            continue
        zero = None
        if len(exact_zero) == 1 and all(con.holds_with_zero_blanks for con in ev if key not in con.weights):
            d = exact_zero.pop()
            if d.denominator == 1 and _within(d, lo, hi) and d != 0:
                zero = int(d)
        new = int(p) + (zero if zero is not None else delta)
        span = (None if lo is None else int(p) + math.ceil(lo), None if hi is None else int(p) + math.floor(hi))
        fix = Fix(key[0], key[1], printed, new, [ev[i].instance.id for i in failing],
                  balances_with_zero=zero is not None)
        if span[0] != span[1]:
            fix.low, fix.high = span
        fixes.append(fix)
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


def explainable_by_two(table, ev, order=None) -> Optional[bool]:
    """Whether changing two printed cells can satisfy all the evidence (each cell changed, to a
    count): True, False, or None when blank cells leave it undecided (a pair found still counts;
    no pair found is then no proof that two do not suffice)."""
    failing = [i for i, con in enumerate(ev) if not con.satisfiable]
    if not failing:
        return False
    has_blanks = any(con.blanks for con in ev)
    undecided = None if has_blanks else False
    union = set().union(*(ev[i].weights for i in failing))
    if len(union) > MAX_PAIR_SEARCH:
        return undecided
    order = order or _default_order
    for a in sorted(ev[failing[0]].weights, key=order):
        for b in sorted(union, key=order):
            if a == b:
                continue
            if any(a not in ev[i].weights and b not in ev[i].weights for i in failing):
                continue
            touched = [i for i in range(len(ev)) if a in ev[i].weights or b in ev[i].weights]
            exact = [i for i in touched if not ev[i].blanks]
            rows = [[ev[i].weights.get(a, 0), ev[i].weights.get(b, 0)] for i in exact]
            x = _solve(rows, [-ev[i].residual for i in exact], 2)
            if x is None or 0 in x:
                continue
            if any(not _within(-(ev[i].residual + ev[i].weights.get(a, 0) * x[0] + ev[i].weights.get(b, 0) * x[1]),
                               ev[i].low, ev[i].high) for i in touched if ev[i].blanks):
                continue
            if all(_as_count(Fraction(int(table.cells[k].value)) + d) is not None for k, d in zip((a, b), x)):
                return True
    return undecided


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
    """The suggestion for a table whose relations fail, or None when every relation holds or
    could hold for some values ≥ 0 of its blank cells.

    Blank cells are unknown counts ≥ 0: a printed cell explains the failures when, with it
    changed and the blanks free, every relation can hold. When several cells could, but exactly
    one of them balances every relation with the blanks as 0 (what a blank usually means), that
    one is named: the others would need a blank cell to hide a non-zero count."""
    ev = evidence(table, pack)
    failing = [con.instance.id for con in ev if not con.satisfiable]
    if not failing:
        return None
    order = _table_order(table, pack)
    fixes = single_cell_fixes(table, ev, order)
    key = table.key
    others = []
    if len(fixes) > 1:
        zero = [f for f in fixes if f.balances_with_zero]
        if len(zero) == 1:
            others = [f for f in fixes if f is not zero[0]]
            fixes = zero
    if len(fixes) == 1:
        f = fixes[0]
        text = (f"“{cell_name(pack, key, f.row, f.col)}”印为{f.printed}；{_value_text(f)}，其{_roles(f)}均成立"
                f"（改正这一个单元格即可解释全部{len(failing)}处不成立的关系）")
        if others:
            text += (f"；另有{len(others)}个单元格只有在空白单元格不为0时才能解释："
                     + "、".join(f"“{cell_name(pack, key, o.row, o.col)}”" for o in others))
        return Suggestion("single-cell", fixes, text, failing)
    if fixes:
        listed = "；".join(f"“{cell_name(pack, key, f.row, f.col)}”{f.printed}→{_short_value(f)}" for f in fixes)
        text = f"有{len(fixes)}个单元格同样可以解释这些不成立的关系，无法确定是哪一个：{listed}"
        return Suggestion("several", fixes, text, failing)
    two = explainable_by_two(table, ev, order)
    if two is None:
        text = "不成立的关系不能用单个单元格的笔误解释（表中有空白单元格，未判断至少需要改动几个单元格）"
    else:
        text = ("不成立的关系不能用单个单元格的笔误解释" +
                ("，至少需要改动两个单元格" if two else "，至少需要改动三个及以上单元格（或表格读取有误）"))
    return Suggestion("none", [], text, failing, 2 if two else None)


def bound_words(low, high) -> str:
    """The range a cell may take, in words: 不小于9 / 不大于258 / 在3至8之间."""
    if high is None:
        return f"不小于{low}"
    if low in (None, 0):
        return f"不大于{high}"
    return f"在{low}至{high}之间"


def _value_text(f: Fix) -> str:
    """若为46 / 若不大于258（空白单元格按0计为258） / 若不小于9."""
    if not f.is_range:
        return f"若为{f.suggested}"
    bound = "若" + bound_words(f.low, f.high)
    return bound + (f"（空白单元格按0计为{f.suggested}）" if f.balances_with_zero else "（空白单元格取适当的非负数）")


def _short_value(f: Fix) -> str:
    if not f.is_range:
        return str(f.suggested)
    if f.high is None:
        return f"≥{f.low}"
    if f.low in (None, 0):
        return f"≤{f.high}"
    return f"{f.low}～{f.high}"
