"""表四 政府信息公开行政复议、行政诉讼情况: one data row of 15 values, three blocks of five
(行政复议, 未经复议直接起诉, 复议后起诉), each 结果维持/结果纠正/其他结果/尚未审结/总计.

The values are the first run of numbers after the header words; header words between the blocks
(Markdown conversions print three small tables) are skipped, any other text ends the run."""
from __future__ import annotations

import re

from ..model import Cell, Table
from .digits import splits
from .tokens import parse_number, tokenize

NVALUES = 15
_HEADER_START = re.compile(r"结\s*果\s*维\s*持|尚\s*未\s*审\s*结|结\s*果\s*纠\s*正")
# the block headers, where the column headers are printed one character a line (narrow cells
# through `pdftotext -layout`: 结 结 其 尚 总 on one line, 果 果 他 未 计 on the next)
_BLOCK_HEADER = re.compile(r"未\s*经\s*复\s*议\s*直\s*接\s*起\s*诉|复\s*议\s*后\s*起\s*诉")


def _is_header(text: str, words: list) -> bool:
    rest = re.sub(r"[\s|（）()、，,：:。.\-—]", "", text)
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word.replace(" ", ""), "")
    return rest == "" or rest in ("注", "行政", "诉讼")


def _block_sum(values: list) -> bool:
    return sum(values[:4]) == values[4]


def read_table4(doc, pack):
    sec = doc.section(4)
    if sec is None:
        return None
    spec = pack.table("table4")
    rows, cols, words = [r["key"] for r in spec["rows"]], spec["columns"], spec["header_words"]
    tokens = tokenize(doc.raw, sec.body_start, sec.end)
    if any(t.cell and t.is_value for t in tokens):
        # the table is there as table rows: prose around it (numbers of cases told in words)
        # is not part of it
        tokens = [t for t in tokens if t.cell]
    else:
        # flattened text: the values follow the column headers; numbers in prose before them
        # are not table cells
        m = (_HEADER_START.search(doc.text, sec.body_start, sec.end)
             or _BLOCK_HEADER.search(doc.text, sec.body_start, sec.end))
        if m:
            tokens = [t for t in tokens if t.end > m.start()]
    # a table row holding header cells (行政复议 | | 行政诉讼) is a header row: its empty cells are
    # layout, not blank values
    header_lines = {t.line for t in tokens if t.cell and t.kind == "text"}
    tokens = [t for t in tokens if not (t.cell and t.line in header_lines and t.is_value)]
    taken, started = [], False
    for tok in tokens:
        if tok.is_value:
            taken.append(tok)
            started = True
            if len(taken) >= NVALUES and not tok.splittable:
                break
        elif started and not _is_header(tok.text, words):
            break
    while len(taken) > NVALUES and taken[-1].kind == "blank":
        taken.pop()
    if not taken:
        return None
    table = Table(key="table4", layout="common", start=sec.body_start, end=sec.end, source="text")
    values = spans = raws = None
    used = False
    if len(taken) == NVALUES:
        values = [None if t.kind == "blank" else parse_number(t.text) for t in taken]
        spans = [(t.start, t.end) for t in taken]
        raws = [t.text for t in taken]
    elif len(taken) < NVALUES and all(t.kind == "num" and t.splittable for t in taken):
        runs = [t.text for t in taken]
        free = splits(runs, NVALUES, limit=2)
        chosen = free[0] if len(free) == 1 else None
        if chosen is None:
            constrained = splits(runs, NVALUES, check=_block_sum, group=5, limit=2)
            if len(constrained) == 1:
                chosen, used = constrained[0], True
        if chosen is not None:
            values, spans, raws = chosen, [], []
            it = iter(chosen)
            for tok in taken:
                pos, rest = tok.start, tok.text
                while rest:
                    n = len(str(next(it)))
                    spans.append((pos, pos + n))
                    raws.append(rest[:n])
                    pos, rest = pos + n, rest[n:]
    if values is None:
        problem = f"读到{len(taken)}个数字，应有15个" if len(taken) != NVALUES else "无法读取"
        if len(taken) < NVALUES and all(t.kind == "num" for t in taken):
            problem = "连写的数字有多种拆分方式或无法拆分"
        for row in rows:
            for col in cols:
                table.unreadable.append((row, col, problem, taken[0].start))
        return table
    for i, (value, (s, e), raw) in enumerate(zip(values, spans, raws)):
        row, col = rows[i // 5], cols[i % 5]
        table.cells[(row, col)] = Cell(row=row, col=col, value=value, raw=raw, start=s, end=e,
                                       source=doc.raw, blank=value is None)
    if used:
        table.used_relations.update(f"T4-A:{row}" for row in rows)
    return table
