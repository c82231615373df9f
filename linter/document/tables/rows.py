"""Read labelled table rows out of tokens: find each row's label in template order, then take
the first run of values after it, splitting concatenated digit runs where needed.
Shared by 表二 and 表三 (表四 has no row labels of its own)."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model import Cell
from .digits import splits
from .tokens import parse_number


@dataclass
class RowRead:
    key: str
    label_start: int
    label_end: int
    tokens: list = field(default_factory=list)  # the value tokens taken for this row
    values: Optional[list] = None  # parsed values (None entries: blank cells)
    spans: Optional[list] = None  # (start, end) offsets of each value
    raws: Optional[list] = None
    candidates: list = field(default_factory=list)  # several possible splits
    used: bool = False  # a relation chose the split
    problem: str = ""


def find_labels(text: str, specs: list, start: int, end: int) -> tuple:
    """(found [(spec, match start, match end)], missing keys): labels searched in template order."""
    found, missing, cursor = [], [], start
    for spec in specs:
        m = spec.pattern.search(text, cursor, end)
        if m is None:
            missing.append(spec.key)
            continue
        found.append((spec, m.start(), m.end()))
        cursor = m.end()
    return found, missing


def value_tokens(tokens: list, label_end: int, stop: int, stop_line: Optional[int]) -> list:
    """The first contiguous run of number/blank tokens after a label and before `stop`."""
    taken, started = [], False
    for tok in tokens:
        if tok.start < label_end or tok.start >= stop:
            continue
        if stop_line is not None and tok.line == stop_line and tok.kind != "num":
            continue  # cells before the next label on its own line belong to that row
        if tok.is_value:
            taken.append(tok)
            started = True
        elif started:
            break
    return taken


def trim_blanks(tokens: list, count: int) -> list:
    """Drop surplus blank cells at either end (an empty trailing column of a grid)."""
    toks = list(tokens)
    while len(toks) > count and toks and toks[-1].kind == "blank":
        toks.pop()
    while len(toks) > count and toks and toks[0].kind == "blank":
        toks.pop(0)
    return toks


def drop_page_number(tokens: list, count: int) -> list:
    """A row of `count` values printed on its line(s), then one bare number alone on the next
    line: text copied from a PDF viewer keeps the page number between two table rows, without
    blank lines around it (those the reader already blanks). The row is still `count` values.
    Not where every value stands alone on its line (a table printed one cell per line): there a
    lone number is no different from a cell."""
    if len(tokens) != count + 1:
        return tokens
    last, rest = tokens[-1], tokens[:-1]
    if last.kind != "num" or not re.fullmatch(r"\d{1,3}", last.text) or any(t.line == last.line for t in rest):
        return tokens
    if sum(1 for t in rest if t.line == rest[-1].line) < 2:
        return tokens
    return rest


def resolve_values(row: RowRead, count: int, check: Optional[Callable[[list], bool]]) -> None:
    """Fill row.values from row.tokens: direct when there are `count` tokens, otherwise by
    splitting digit runs (first without, then with the row's own relation `check`)."""
    toks = drop_page_number(trim_blanks(row.tokens, count), count)
    row.tokens = toks
    if len(toks) == count:
        row.values = [None if t.kind == "blank" else parse_number(t.text) for t in toks]
        row.spans = [(t.start, t.end) for t in toks]
        row.raws = [t.text for t in toks]
        return
    if not toks:
        row.problem = "行名之后没有数字"
        return
    if len(toks) > count or not all(t.kind == "num" and t.splittable for t in toks):
        row.problem = f"读到{len(toks)}个数字，应有{count}个"
        return
    runs = [t.text for t in toks]
    free = splits(runs, count, limit=2)
    if len(free) == 1:
        _assign_split(row, toks, free[0])
        return
    if check is not None:
        constrained = splits(runs, count, check=check, group=count, limit=24)
        if len(constrained) == 1:
            _assign_split(row, toks, constrained[0])
            row.used = True
            return
        if len(constrained) > 1:
            row.candidates = constrained
            row.problem = "连写的数字有多种拆分方式"
            return
    if free:
        row.problem = "连写的数字有多种拆分方式"
    elif sum(len(r) for r in runs) < count:  # too few digits to be run together: cells left blank
        row.problem = f"读到{len(toks)}个数字，应有{count}个，其余单元格为空白，无法确定各数字所在的列"
    else:
        row.problem = f"读到{len(toks)}个数字，应有{count}个：可能是数字连写，也可能有空白单元格，无法确定各数字所在的列"


def blank_row(row: RowRead, count: int, between: str) -> bool:
    """A row whose label is followed by nothing but the next row's label printed its cells blank
    (zero left empty): text extracted from a PDF or a web page drops empty cells, so the row has
    no value tokens at all. Its cells are blanks (unknowns), never a reading problem. What may
    stand between is the rest of its own label (`3.危及` matched, `“三安全一稳定”` left): short,
    without a digit."""
    rest = "".join(between.split())
    if row.values is not None or row.tokens or len(rest) > 40 or any(ch.isdigit() for ch in rest):
        return False
    row.values, row.spans, row.raws = [None] * count, [(row.label_end, row.label_end)] * count, [""] * count
    row.problem = ""
    return True


def _assign_split(row: RowRead, toks: list, values: list) -> None:
    spans, raws, it = [], [], iter(values)
    for tok in toks:
        pos = tok.start
        remaining = tok.text
        while remaining:
            value = next(it)
            length = len(str(value))
            spans.append((pos, pos + length))
            raws.append(remaining[:length])
            pos += length
            remaining = remaining[length:]
    row.values, row.spans, row.raws = list(values), spans, raws


def resolve_jointly(rows: list, check_all: Callable[[dict], bool], cap: int = 5000) -> bool:
    """Pick one candidate per ambiguous row so that every table relation holds; True when
    exactly one combination does."""
    ambiguous = [r for r in rows if r.candidates and r.values is None]
    if not ambiguous:
        return False
    sizes = 1
    for r in ambiguous:
        sizes *= len(r.candidates)
    if sizes > cap:
        return False
    good = []
    for combo in itertools.product(*[r.candidates for r in ambiguous]):
        assignment = {r.key: vals for r, vals in zip(ambiguous, combo)}
        if check_all(assignment):
            good.append(combo)
            if len(good) > 1:
                return False
    if len(good) != 1:
        return False
    for r, vals in zip(ambiguous, good[0]):
        _assign_split(r, trim_blanks(r.tokens, len(vals)), vals)
        r.used = True
        r.candidates = []
        r.problem = ""
    return True


def make_cells(row: RowRead, cols: list, doc) -> list:
    cells = []
    for col, value, (s, e), raw in zip(cols, row.values, row.spans, row.raws):
        cells.append(Cell(row=row.key, col=col, value=value, raw=raw, start=s, end=e,
                          source=doc.raw, blank=value is None))
    return cells
