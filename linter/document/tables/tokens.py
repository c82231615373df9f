"""Cut a stretch of the document text into tokens: numbers, blanks and text.

Two modes, chosen per line:
- cell mode, for table rows (TAB-separated, or Markdown pipe rows): each cell is one token; a cell
  that is entirely a number is a number (one value, never split), an empty or placeholder cell
  ("/", "-", "—", "无") is a blank, anything else is text;
- run mode, for flattened text: maximal digit runs are number tokens that may hold several
  concatenated values (`splittable`), and the text between them is text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..prose import is_page_number

# a cell holding one number, optionally with its unit printed in the cell (75394432.52元, 12件)
_UNIT = r"(?:万?元|件|个|项|条|次|人次|%)?"
NUMBER_CELL = re.compile(r"^[+\-－]?\d{1,3}(?:,\d{3})+(?:\.\d+)?" + _UNIT + r"$|^[+\-－]?\d+(?:\.\d+)?" + _UNIT + "$")
_TRAILING_UNIT = re.compile(_UNIT + "$")
PLACEHOLDERS = {"", "/", "-", "—", "——", "－", "无", "―", "─", "╱", "\\"}
# run mode: a number (with a sign where whitespace or another number precedes it: in run-together
# cells "35-15" is 35 and -15) or a whitespace-delimited placeholder
DIGIT_RUN = re.compile(r"(?:(?<![^\s\d])[+\-－])?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![^\s])(?:[/／\\]|[\-—－–―]{1,2}|无)(?![^\s])")
_LIST_NUMBER_AFTER = re.compile(r"[.．、]\s*[\u4e00-\u9fff“\"]")


@dataclass
class Token:
    kind: str  # "num", "blank", "text"
    text: str
    start: int  # offset in the document text
    end: int
    splittable: bool = False  # a digit run of flattened text that may hold several values
    line: int = 0  # index of the line in the document
    cell: bool = False  # the token is a whole cell of a table row

    @property
    def is_value(self) -> bool:
        return self.kind in ("num", "blank")


def _cells(line_text: str) -> list:
    """(cell text, start column, end column) of a TAB- or pipe-separated row."""
    sep = "\t" if "\t" in line_text else "|"
    out, pos = [], 0
    parts = line_text.split(sep)
    if sep == "|":  # a Markdown row: drop the empty text before the first and after the last pipe
        if parts and not parts[0].strip():
            pos += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for part in parts:
        out.append((part, pos, pos + len(part)))
        pos += len(part) + 1
    return out


def is_markdown_rule(line_text: str) -> bool:
    return bool(re.fullmatch(r"\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*", line_text))


def classify_cell(text: str) -> str:
    if len(text) > 40:  # longer than any number or placeholder cell
        return "text"
    clean = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if clean in PLACEHOLDERS or clean.replace("\u3000", "") in PLACEHOLDERS:
        return "blank"
    if NUMBER_CELL.match(clean):
        return "num"
    return "text"


def tokenize(raw, start: int, end: int) -> list:
    """Tokens of raw.text[start:end], line by line (raw is a RawDocument)."""
    tokens = []
    if start >= end:
        return tokens
    first = raw.line_index(start)
    last = raw.line_index(max(start, end - 1))
    raw.text  # offset table
    for idx in range(first, last + 1):
        line = raw.lines[idx]
        line_start = raw._starts[idx]
        lo = max(start, line_start) - line_start
        hi = min(end, line_start + len(line.text)) - line_start
        if hi <= lo:
            continue
        segment = line.text[lo:hi]
        if len(line.text) < 200 and (is_page_number(line.text) or is_markdown_rule(line.text)):
            continue  # (a long line is neither: no need to scan a one-line web page for them)
        cell_mode = line.is_table_row or ("|" in segment and segment.strip().startswith("|"))
        if cell_mode:
            cells = _cells(segment)
            if lo > 0 and line.text[lo - 1] not in "\t|" and cells:
                # the segment starts inside a cell (just after a row label): that remainder is
                # label text, never a blank value cell
                cell, a, b = cells[0]
                cells = cells[1:]
                if cell.strip():
                    tokens.append(Token("text", cell.strip(), line_start + lo + a, line_start + lo + b, False, idx))
            for cell, a, b in cells:
                kind = classify_cell(cell)
                s, e = line_start + lo + a, line_start + lo + b
                # trim surrounding spaces from the span of a number
                stripped = cell.strip()
                if stripped:
                    s += cell.index(stripped)
                    e = s + len(stripped)
                tokens.append(Token(kind, stripped, s, e, False, idx, True))
        else:
            pos = 0
            for m in DIGIT_RUN.finditer(segment):
                if m.start() > pos:
                    piece = segment[pos:m.start()]
                    if piece.strip():
                        tokens.append(Token("text", piece.strip(), line_start + lo + pos, line_start + lo + m.start(), False, idx))
                kind = classify_cell(m.group())
                if kind == "num" and len(m.group()) <= 2 and _LIST_NUMBER_AFTER.match(segment, m.end()):
                    kind = "text"  # "5.要求行政机关…": the numbering of a label, not a value
                tokens.append(Token(kind, m.group(), line_start + lo + m.start(), line_start + lo + m.end(),
                                    m.group().isdigit(), idx))
                pos = m.end()
            if pos < len(segment) and segment[pos:].strip():
                tokens.append(Token("text", segment[pos:].strip(), line_start + lo + pos, line_start + lo + len(segment), False, idx))
    return tokens


def parse_number(text: str):
    """int or float of a number cell (full-width digits, thousands separators, signs)."""
    clean = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("－", "-").replace(" ", "")
    clean = _TRAILING_UNIT.sub("", clean)
    if clean.startswith("+"):
        clean = clean[1:]
    try:
        return int(clean)
    except ValueError:
        try:
            return float(clean)
        except ValueError:
            return None
