"""Place the values of a table row by their horizontal position, for text laid out in columns
(`pdftotext -layout` of a PDF printed from a web page or a Word document).

A report that leaves zero cells blank prints a row of 表三 with fewer than seven values
(`一、本年新收…数量   26   26`): which columns the values stand in is only told by where they
stand. `pdftotext -layout` keeps that only roughly: it counts every character, CJK or not, as
one column, and places each text fragment at least one column right of every fragment left of it
on the same page, so a column's values drift by a few columns from row to row and shift wholesale
from one page to the next. Hence the guards:

- column centres come from the table's own header printed on the same page (`自/然/人`,
  `商业/企业`, … stacked over two or three lines) or, on a page the table continues on without
  its header, from the rows of that page printing all their values (when they agree); never
  carried over a page break;
- a value is placed only when its centre is close to one column centre and clearly closer to it
  than to any other, and the values of a row fall in increasing columns;
- a page is trusted only when every row of values printed on it could be placed so: when a long
  label has pushed the values of the page away from their headers (pdftotext places a fragment
  right of the longest text left of it), nothing on that page is placed;
- otherwise the row stays unread ("cannot check"): a value is never guessed into a column.
"""
from __future__ import annotations

import re
from typing import Optional

from .rows import trim_blanks
from .tokens import parse_number

WORD = re.compile(r"\S+")
NEAR = 2.5  # at most this many character columns from the centre of its column
CLEAR = 1.0  # and at least this much nearer to it than to the next column centre


def page_numbers(raw) -> list:
    """The page of each line: a form feed starts a page; so does a gap in the file's line
    numbers (lines the reader left out as page furniture), to be safe."""
    pages, page, prev = [], 0, None
    for line in raw.lines:
        number = line.location.line if line.location is not None else None
        if "\f" in line.text or (prev is not None and number is not None and number != prev + 1):
            page += 1
        pages.append(page)
        prev = number
    return pages


def _words(raw, first: int, last: int) -> list:
    out = []
    for idx in range(first, last):
        text = raw.lines[idx].text.replace("\f", " ")
        out += [(idx, m.start(), m.group()) for m in WORD.finditer(text)]
    return out


def header_centres(raw, first: int, last: int, labels: list) -> Optional[list]:
    """The centre (character column) of each column label printed in lines [first, last), each
    label found once, whole on one line or stacked over several lines at one position (a
    word of ±1 column); None unless every label is found exactly once, left to right."""
    words = _words(raw, first, last)
    centres = []
    for label in labels:
        found = []
        for idx, start, word in words:
            if not label.startswith(word):
                continue
            text, width, line = word, len(word), idx
            while text != label:
                below = [(i, s, w) for i, s, w in words if i > line and abs(s - start) <= 1]
                if not below:
                    break
                nearest = min(i for i, _s, _w in below)
                below = [b for b in below if b[0] == nearest]
                if len(below) != 1 or not label.startswith(text + below[0][2]):
                    break
                line, text, width = below[0][0], text + below[0][2], max(width, len(below[0][2]))
            if text == label:
                found.append(start + width / 2)
        if len(found) != 1:
            return None
        centres.append(found[0])
    if any(b - a < 2 for a, b in zip(centres, centres[1:])):
        return None
    return centres


def place(raw, tokens: list, centres: list) -> Optional[list]:
    """The column index of each value token, or None when any is not unambiguous."""
    if not tokens or len({t.line for t in tokens}) != 1:
        return None
    out = []
    for tok, centre in zip(tokens, _centres_of(raw, tokens)):
        dists = sorted((abs(centre - c), k) for k, c in enumerate(centres))
        (d1, k), (d2, _k2) = dists[0], dists[1]
        if d1 > NEAR or d2 - d1 < CLEAR:
            return None
        if out and k <= out[-1]:
            return None
        out.append(k)
    return out


def _centres_of(raw, tokens: list) -> list:
    line_start = raw._starts[tokens[0].line]
    text = raw.lines[tokens[0].line].text
    return [tok.start - line_start - text[:tok.start - line_start].count("\f") + len(tok.text) / 2
            for tok in tokens]


class ColumnPlacer:
    """Column centres per page of a table laid out in columns, and the placing of a row's values
    by them. Only for plain text (a PDF read by our own reader has real cell positions)."""

    def __init__(self, raw, count: int):
        self.raw, self.count = raw, count
        self.pages = page_numbers(raw) if raw.format == "text" else []
        self.centres: dict = {}  # page -> column centres
        self._full: dict = {}  # page -> centres of each complete row read on it

    def from_header(self, first: int, last: int, labels: list) -> None:
        if not self.pages or last <= first or len(labels) != self.count:
            return
        centres = header_centres(self.raw, first, last, labels)
        if centres is not None:
            self.centres[self.pages[last]] = centres

    def learn(self, row) -> None:
        """Note the positions of a row read with all its values on one line, no split."""
        toks = row.tokens
        if (not self.pages or row.values is None or row.used or len(toks) != self.count
                or len({t.line for t in toks}) != 1 or any(t.kind != "num" for t in toks)):
            return
        self._full.setdefault(self.pages[toks[0].line], []).append(_centres_of(self.raw, toks))

    def settle(self) -> None:
        """Pages without a header take the centres of their complete rows when these agree."""
        for page, rows in self._full.items():
            if page in self.centres:
                continue
            mean = [sum(col) / len(rows) for col in zip(*rows)]
            if all(abs(c - m) <= NEAR for r in rows for c, m in zip(r, mean)) and \
                    not any(b - a < 2 for a, b in zip(mean, mean[1:])):
                self.centres[page] = mean

    def check(self, tokens: list) -> None:
        """Distrust the centres of a page where some line of values (the values after any text
        of the line, e.g. its label) cannot be placed by them."""
        by_line: dict = {}
        for tok in tokens:
            by_line.setdefault(tok.line, []).append(tok)
        for line, toks in by_line.items():
            page = self.pages[line] if self.pages else None
            if page not in self.centres:
                continue
            tail = []
            for tok in reversed(toks):
                if not tok.is_value:
                    break
                tail.insert(0, tok)
            if tail and place(self.raw, tail, self.centres[page]) is None:
                del self.centres[page]

    def fill(self, row) -> bool:
        """Fill `row` (fewer than `count` values, one line) by position; False when it cannot
        be done without doubt."""
        toks = trim_blanks(row.tokens, self.count)
        if not self.centres or not toks or len(toks) >= self.count:
            return False
        centres = self.centres.get(self.pages[toks[0].line])
        where = place(self.raw, toks, centres) if centres else None
        if where is None:
            return False
        row.tokens = toks
        row.values = [None] * self.count
        row.spans, row.raws = [(row.label_end, row.label_end)] * self.count, [""] * self.count
        for k, tok in zip(where, toks):
            row.values[k] = None if tok.kind == "blank" else parse_number(tok.text)
            row.spans[k], row.raws[k] = (tok.start, tok.end), tok.text
        row.problem = ""
        return True
