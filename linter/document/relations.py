"""The table arithmetic of a rule pack, as data made concrete: relation instances over cells.

A relation of the pack (e.g. T3-A, "本年新收 + 上年结转 = 办理结果总计 + 结转下年度") is a zero-sum
equation per column or per row; `instances` turns it into one equation per column/row of the
table as read, with only the rows the table's layout has (the 2019 single （六） row or the three
2021 sub-rows). `evaluate` says for one instance: holds, fails (with the evidence), or cannot be
judged (an unreadable cell, a relation the reader used to split digit runs, or blank cells that
could still make it hold).

A blank cell is an unknown count ≥ 0, not "cannot judge" (spec X-12): 2019-edition tables often
leave zeros blank. With blanks only among the terms of one sign, the printed terms bound the
relation: blanks among the parts of a sum can only raise it, so parts already adding up to more
than the printed total fail whatever the blanks are. Such a failure is "fail" with `bound` ">="
or "<=" (what the printed terms of weight −1 should be, against `expected`); blanks on both sides
leave any relation satisfiable, and it stays "blank".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .packs import Pack, Relation


@dataclass
class Instance:
    relation: Relation
    id: str  # e.g. "T3-A:natural_person"
    terms: list  # [(row, col, weight)]

    @property
    def total_term(self) -> Optional[tuple]:
        """The single term with weight −1 (the printed total), when the relation is a sum."""
        negatives = [t for t in self.terms if t[2] < 0]
        return negatives[0] if len(negatives) == 1 else None


@dataclass
class Outcome:
    instance: Instance
    status: str  # "ok", "fail", "blank", "unreadable", "used"
    expected: object = None
    found: object = None
    blank_cells: list = field(default_factory=list)
    unreadable_cells: list = field(default_factory=list)
    # "=" when every term is printed; ">=" / "<=" when blanks among the terms of weight +1 / −1
    # make `expected` a bound for the printed terms of weight −1 (`found`)
    bound: str = "="


def layout_rows(table, pack: Pack) -> list:
    """Row keys of this table as laid out (cells read or rows known but unreadable)."""
    if table.key == "table3":
        spec = pack.table("table3")
        other = spec.get("other_rows", []) if table.layout == pack.edition else spec.get("foreign_other_rows", [])
        return [r.key for r in pack.table3_rows(other)]
    if table.key == "table4":
        return [r["key"] for r in pack.table("table4")["rows"]]
    return [r.key for r in pack.table2_rows()]


def table_columns(table_key: str, pack: Pack) -> list:
    spec = pack.table(table_key)
    return list(spec.get("columns", []))


def instances(table, pack: Pack) -> list:
    rows = layout_rows(table, pack)
    cols = table_columns(table.key, pack)
    out = []
    for rel in pack.relations:
        if rel.table != table.key:
            continue
        if rel.scope == "column":
            for col in cols:
                terms = [(t["row"], col, t["weight"]) for t in rel.terms if t["row"] in rows]
                out.append(Instance(rel, f"{rel.id}:{col}", terms))
        else:
            for row in rows:
                terms = [(row, t["col"], t["weight"]) for t in rel.terms if t["col"] in cols]
                out.append(Instance(rel, f"{rel.id}:{row}", terms))
    return out


def evaluate(inst: Instance, table) -> Outcome:
    if inst.id in table.used_relations:
        return Outcome(inst, "used")
    unreadable = {(u[0], u[1]) for u in table.unreadable}
    bad = [(r, c) for r, c, _ in inst.terms if (r, c) in unreadable or (r, c) not in table.cells]
    if bad:
        return Outcome(inst, "unreadable", unreadable_cells=bad)
    blanks = [(r, c) for r, c, _ in inst.terms if table.cells[(r, c)].value is None]
    pos = sum(w * (table.cells[(r, c)].value or 0) for r, c, w in inst.terms if w > 0)
    neg = sum(-w * (table.cells[(r, c)].value or 0) for r, c, w in inst.terms if w < 0)
    total = inst.total_term
    if total is not None:
        expected, found = pos, table.cells[(total[0], total[1])].value
    else:
        expected, found = pos, neg
    if blanks:
        weights = {(r, c): w for r, c, w in inst.terms}
        raise_pos = any(weights[b] > 0 for b in blanks)  # blanks can only add to the positive side
        raise_neg = any(weights[b] < 0 for b in blanks)
        if raise_pos and not raise_neg and pos > neg and not _close(pos, neg):
            return Outcome(inst, "fail", pos, neg, blank_cells=blanks, bound=">=")
        if raise_neg and not raise_pos and neg > pos and not _close(pos, neg):
            return Outcome(inst, "fail", pos, neg, blank_cells=blanks, bound="<=")
        # satisfiable by some blanks ≥ 0: judged with blanks as 0, for the ARI002 message only
        return Outcome(inst, "blank", expected, found if found is not None else 0, blank_cells=blanks)
    if _close(pos, neg):
        return Outcome(inst, "ok", expected, found)
    return Outcome(inst, "fail", expected, found)


def _close(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return abs(a - b) < 1e-6
    return a == b


def table_outcomes(doc, pack: Pack, keys=("table3", "table4")):
    """(table, outcomes) for each of the tables `keys` the document has, every relation instance
    of the pack evaluated once."""
    for key in keys:
        table = doc.tables.get(key)
        if table is not None:
            yield table, doc.memo(("outcomes", key), lambda: [evaluate(inst, table) for inst in instances(table, pack)])
