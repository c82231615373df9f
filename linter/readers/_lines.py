"""Helpers shared by the markup readers (HTML, Markdown): a source map from offsets to
line/column, whitespace rules for CJK text, and building `Line`s whose characters keep their
source positions.

Text is carried as a string plus a parallel list `offs` holding, for every character, its
0-based offset in the (newline-normalised) source, or None for a character the reader made up.
Keeping offsets per character is what lets a finding on the 20th character of a paragraph that
Word wrapped over three source lines still name the right line.
"""
from __future__ import annotations

import bisect
import html
import re
import unicodedata
from typing import Optional

from ..document.model import Line, Location, Segment

# Whitespace that HTML collapses; NBSP counts here: Word pads with it and it is never content.
COLLAPSIBLE = frozenset(" \t\n\r\f\v\xa0")
# Stripped at line and cell edges as well: the ideographic space indents Chinese paragraphs.
EDGE_SPACE = COLLAPSIBLE | {"\u3000", "\u2002", "\u2003", "\u2009", "\u200a"}
# Invisible characters that only break label matching.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\xad")
# Character references as HTML5 reads them (the semicolon is optional for the legacy names).
ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")


class SourceMap:
    """Offsets in a source text to 1-based (line, column); columns count code points."""

    def __init__(self, source: str, first_line: int = 1):
        self.first_line = first_line
        self.starts = [0]
        pos = source.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = source.find("\n", pos + 1)

    def pos(self, offset: int) -> tuple[int, int]:
        idx = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + idx, offset - self.starts[idx] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based `line` (clamped to the text)."""
        idx = min(max(line - self.first_line, 0), len(self.starts) - 1)
        return self.starts[idx]


def is_wide(ch: str) -> bool:
    """East Asian wide/fullwidth: no space is needed (or wanted) next to it."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def collapse(chars: list, offs: list) -> tuple[str, list]:
    """HTML whitespace rules, CJK-aware: a run of whitespace becomes one space, except a run
    that holds a source line break between two CJK characters, which disappears (CSS Text 3
    segment-break rule): Word and CMS editors wrap long Chinese lines in the middle of words.
    Edges are stripped, invisible characters dropped."""
    out_c: list = []
    out_o: list = []
    i, n = 0, len(chars)
    while i < n:
        ch = chars[i]
        if ch in INVISIBLE:
            i += 1
            continue
        if ch not in COLLAPSIBLE:
            out_c.append(ch)
            out_o.append(offs[i])
            i += 1
            continue
        j, newline = i, False
        while j < n and (chars[j] in COLLAPSIBLE or chars[j] in INVISIBLE):
            newline = newline or chars[j] == "\n"
            j += 1
        if out_c and j < n and not (newline and is_wide(out_c[-1]) and is_wide(chars[j])):
            out_c.append(" ")
            out_o.append(offs[i])
        i = j
    return strip_edges("".join(out_c), out_o)


def strip_edges(text: str, offs: list) -> tuple[str, list]:
    """Strip spaces (ASCII, NBSP, ideographic) from both ends, keeping offsets aligned."""
    a, b = 0, len(text)
    while a < b and text[a] in EDGE_SPACE:
        a += 1
    while b > a and text[b - 1] in EDGE_SPACE:
        b -= 1
    return text[a:b], offs[a:b]


def join_parts(parts: list) -> tuple[str, list]:
    """Join the lines of one table cell: nothing between CJK, a space between Latin words."""
    text, offs = "", []
    for part, part_offs in parts:
        if not part:
            continue
        if text and not (is_wide(text[-1]) or is_wide(part[0])):
            text += " "
            offs.append(None)
        text += part
        offs.extend(part_offs)
    return text, offs


def first_offset(offs: list) -> Optional[int]:
    return next((o for o in offs if o is not None), None)


def runs(text: str, offs: list, smap: SourceMap) -> list:
    """Segments for each stretch of `text` that is contiguous in the source, so that a position
    inside a line built from several source pieces maps to the right source line and column.
    Empty when the whole line is one stretch (the line's own location is then exact)."""
    segs: list = []
    start = None
    base = None
    for k, off in enumerate(offs):
        if off is None:
            continue
        if start is None or off != base + (k - start):
            if start is not None:
                segs.append((start, k, base))
            start, base = k, off
    if start is not None:
        segs.append((start, len(text), base))
    if len(segs) <= 1 and (not segs or segs[0][0] == 0):
        return []
    out = []
    for a, b, off in segs:
        line, col = smap.pos(off)
        out.append(Segment(a, b, Location(line=line, column=col)))
    return out


def make_line(text: str, offs: list, smap: SourceMap, fallback: tuple[int, int]) -> Line:
    """A non-table Line located at its first character, with run segments where needed."""
    first = first_offset(offs)
    line, col = smap.pos(first) if first is not None else fallback
    return Line(text=text, location=Location(line=line, column=col), segments=runs(text, offs, smap))


def squash(text: str) -> str:
    """Text without any whitespace: for comparing titles across markup."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in INVISIBLE)


def unescape(text: str, offs: list) -> tuple[str, list]:
    """Decode character references; decoded characters take the offset of their '&'."""
    if "&" not in text:
        return text, offs
    chars, out_offs, pos = [], [], 0
    for m in ENTITY.finditer(text):
        decoded = html.unescape(m.group())
        if decoded == m.group():
            continue
        chars.append(text[pos:m.start()])
        out_offs.extend(offs[pos:m.start()])
        chars.append(decoded)
        out_offs.extend([offs[m.start()]] * len(decoded))
        pos = m.end()
    chars.append(text[pos:])
    out_offs.extend(offs[pos:])
    return "".join(chars), out_offs


def table_line(cells: list, table_index: Optional[int], row: Optional[int]) -> Line:
    """A table row Line: cells joined by TAB, one Segment per cell.

    `cells` holds (text, (line, column), grid column) per cell; the line is located at its
    first cell."""
    texts, segs, pos = [], [], 0
    for text, (line, col), grid_col in cells:
        loc = Location(line=line, column=col, table_index=table_index, row=row, col=grid_col)
        segs.append(Segment(pos, pos + len(text), loc))
        texts.append(text)
        pos += len(text) + 1
    first = segs[0].location
    loc = Location(line=first.line, column=first.column, table_index=table_index, row=row)
    return Line(text="\t".join(texts), location=loc, segments=segs, is_table_row=True)


def one_line(exc: BaseException) -> str:
    """An exception as a short single line, for InputError messages."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
