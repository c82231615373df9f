"""Markdown reports, mostly conversions of the published PDF/Word file by some tool.

markdown-it-py finds the structure (pipe tables, headings, HTML blocks, code, quotes, lists) and
its token `.map` says which source lines each has; the text itself is taken from the source lines,
so nothing is lost or reordered: conversions are often garbled (rows with different numbers of
cells, labels outside tables) and the reader must hand on exactly what is there. Pipe-table rows
become TAB-separated table lines; heading markers, list bullets, quote markers and trivial
emphasis are removed with the columns still pointing into the source line.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from ..errors import InputError
from ..document.model import RawDocument
from ._lines import SourceMap, first_offset, join_parts, make_line, strip_edges, table_line, unescape
from .decode import decode, split_lines

_QUOTE = re.compile(r" {0,3}> ?")
_BULLET = re.compile(r"[ \t]*[-*+][ \t]+")
_ATX_OPEN = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*$")
_DELIMITER_CELL = re.compile(r"[ \t]*:?-+:?[ \t]*$")
_REPEATED_DELIMITER_CELL = re.compile(r"[ \t]*:?-{3,}:?[ \t]*$")
_BR = re.compile(r"<br\s*/?>", re.I)
# Inline markup removed from a line: (matcher, group kept or None to drop the match), applied in
# order; the simple cases only. A matcher is a regex whose every failed attempt stops at the next
# delimiter or line end, or, where a regex would scan to the line's end from every opener (emphasis,
# links, comments: quadratic on a long line of unclosed openers), a linear scan (`_Pairs`, `_Link`,
# `_Comment`) that finds the same matches as the regex in the comment beside it.
def _inline_matchers() -> list:
    return [
        (re.compile(r"(?<!\\)`([^`\n]+)`"), 1),  # code span
        (_Link(image=True), None),  # image, !\[[^\]\n]*\]\([^)\n]*\): no text
        (_Link(image=False), 1),  # link, (?<![\\!])\[([^\]\n]+)\]\([^)\n]*\): its text
        (_Comment(), None),  # <!--.*?-->
        (re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>"), None),  # inline HTML tag
        (_Pairs("**", escaped_closer=True), 1),  # (?<!\\)\*\*(?=\S)(.+?)(?<=\S)(?<!\\)\*\*
        (_Pairs("__", escaped_closer=True), 1),  # (?<!\\)__(?=\S)(.+?)(?<=\S)(?<!\\)__
        (re.compile(r"(?<![\\*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?![*\w])"), 1),
        (_Pairs("~~", escaped_closer=False), 1),  # (?<!\\)~~(?=\S)(.+?)(?<=\S)~~
        (re.compile(r"\\([!-/:-@\[-`{-~])"), 1),  # backslash escape
        (re.compile(r"\\$"), None),  # hard line break
    ]


class _Span:
    """What `_rewrite` needs of a match: its span and the span of the kept group."""

    __slots__ = ("_span", "_kept")

    def __init__(self, start: int, end: int, kept: tuple):
        self._span, self._kept = (start, end), kept

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]

    def span(self, group: int = 0) -> tuple:
        return self._kept if group else self._span


class _Positions:
    """Where a string occurs in a text (overlaps included), for "the first one at or after i"
    in O(log n)."""

    def __init__(self, text: str, needle: str, keep=None):
        self.at, i = [], text.find(needle)
        while i >= 0:
            if keep is None or keep(i):
                self.at.append(i)
            i = text.find(needle, i + 1)

    def first(self, i: int) -> int:
        """The first position >= i, or -1."""
        k = bisect.bisect_left(self.at, i)
        return self.at[k] if k < len(self.at) else -1


class _Scanner:
    """A linear matcher: `search` and `finditer` as a compiled regex has them (what `inline` uses)."""

    def search(self, text: str):
        return next(iter(self.finditer(text)), None)

    @staticmethod
    def _line_end(newlines: _Positions, i: int, n: int) -> int:
        end = newlines.first(i)
        return n if end < 0 else end


class _Pairs(_Scanner):
    """`delim`text`delim`: an opener not after a backslash and before a non-space; the nearest
    closer after at least one character, after a non-space (and not after a backslash when
    `escaped_closer`), on the same line."""

    def __init__(self, delim: str, escaped_closer: bool):
        self.delim, self.escaped_closer = delim, escaped_closer

    def finditer(self, text: str):
        d, n = len(self.delim), len(text)
        if self.delim not in text:
            return
        escaped = self.escaped_closer

        def closes(j: int) -> bool:
            before = text[j - 1] if j else " "
            return not before.isspace() and not (escaped and before == "\\")

        marks, closers, newlines = _Positions(text, self.delim), _Positions(text, self.delim, closes), _Positions(text, "\n")

        pos = 0
        while True:
            i = marks.first(pos)
            if i < 0:
                return
            if (i and text[i - 1] == "\\") or i + d >= n or text[i + d].isspace():
                pos = i + 1
                continue
            j = closers.first(i + d + 1)
            if j < 0 or j > self._line_end(newlines, i + d, n):
                pos = i + 1
                continue
            yield _Span(i, j + d, (i + d, j))
            pos = j + d


class _Link(_Scanner):
    """`[text](target)` (text not empty, not after `\\` or `!`) or `![alt](target)`, on one line."""

    def __init__(self, image: bool):
        self.image = image

    def finditer(self, text: str):
        n, lead = len(text), 2 if self.image else 1
        if "](" not in text:
            return
        opens = _Positions(text, "![" if self.image else "[")
        closes, parens, newlines = _Positions(text, "]"), _Positions(text, ")"), _Positions(text, "\n")
        pos = 0
        while True:
            i = opens.first(pos)
            if i < 0:
                return
            pos = i + 1
            if not self.image and i and text[i - 1] in "\\!":
                continue
            a = i + lead
            j = closes.first(a)
            line_end = self._line_end(newlines, a, n)
            if j < 0 or j > line_end or (j == a and not self.image) or text[j + 1:j + 2] != "(":
                continue
            k = parens.first(j + 2)
            if k < 0 or k > line_end:
                continue
            yield _Span(i, k + 1, (a, j))
            pos = k + 1


class _Comment(_Scanner):
    """`<!--` … the nearest `-->` on the same line."""

    def finditer(self, text: str):
        if "<!--" not in text:
            return
        n, opens, ends, newlines = len(text), _Positions(text, "<!--"), _Positions(text, "-->"), _Positions(text, "\n")
        pos = 0
        while True:
            i = opens.first(pos)
            if i < 0:
                return
            j = ends.first(i + 4)
            if j < 0 or j > self._line_end(newlines, i + 4, n):
                pos = i + 1
                continue
            yield _Span(i, j + 3, (i + 4, j))
            pos = j + 3


_INLINE = _inline_matchers()


def read(path: str, data: bytes, options: dict) -> RawDocument:
    """Read a Markdown file. A file that cannot be read raises InputError."""
    text, encoding = decode(data)
    if not text.replace("\ufeff", "").strip():
        raise InputError("empty", "file is empty: nothing to check")
    return RawDocument(path=path, format="markdown", lines=markdown_lines(text), meta={"encoding": encoding})


def markdown_lines(text: str) -> list:
    """The report's Lines, in source order."""
    src = split_lines(text)
    source = "\n".join(src)
    return _Builder(src, SourceMap(source)).build(_blocks(source))


def _blocks(source: str) -> list:
    """markdown-it's block tokens that carry a line map."""
    from markdown_it import MarkdownIt

    # block structure only: the reader removes inline markup itself, keeping source offsets, and
    # markdown-it's inline pass (link labels) is quadratic on a long line of unclosed brackets
    md = MarkdownIt("commonmark").enable("table").disable("inline")
    return [tok for tok in md.parse(source) if tok.map is not None]


class _Builder:
    """Gives every source line a role from the tokens, then writes the lines in order."""

    def __init__(self, src: list, smap: SourceMap):
        self.src = src
        self.smap = smap
        self.starts = smap.starts
        self.skip = [0] * len(src)  # columns of quote markers / bullets to remove
        self.role: list = [None] * len(src)
        self.table_of: dict = {}  # line -> (first line of its table, row number)
        self._numbers: dict = {}  # first line of a table -> its table number, given on output
        self.lines: list = []
        self.tables = 0
        self.html_end: dict = {}  # first line of an HTML block -> line after it
        self._loose: Optional[tuple] = None  # (line, table, row) of the last loose pipe row

    def build(self, tokens: list) -> list:
        for tok in tokens:
            self._mark(tok)
        i, n = 0, len(self.src)
        while i < n:
            role = self.role[i]
            if role == "html":
                i = self._html_block(i)
                continue
            if role != "drop":
                self._emit(i, role)
            i += 1
        return self.lines

    # -- roles --------------------------------------------------------------------------------
    def _mark(self, tok) -> None:
        a, b = tok.map
        b = min(b, len(self.src))
        kind = tok.type
        if kind == "blockquote_open":
            for i in range(a, b):
                m = _QUOTE.match(self.src[i], self.skip[i])
                if m:
                    self.skip[i] = m.end()
        elif kind == "list_item_open" and tok.markup in ("-", "*", "+"):
            m = _BULLET.match(self.src[a], self.skip[a])
            if m:
                self.skip[a] = m.end()
        elif kind == "heading_open":
            self._set(a, b, "heading" if tok.markup.startswith("#") else "text")
            if not tok.markup.startswith("#") and b - 1 > a:
                self.role[b - 1] = "drop"  # setext underline
        elif kind == "table_open":
            self._mark_table(a, b)
        elif kind == "fence":
            self._set(a, b, "text")
            self.role[a] = "drop"
            if b - 1 > a and _FENCE.match(self.src[b - 1]):
                self.role[b - 1] = "drop"
        elif kind == "hr":
            self._set(a, b, "drop")
        elif kind == "html_block":
            self._set(a, b, "html")
            self.html_end[a] = b

    def _set(self, a: int, b: int, role: str) -> None:
        for i in range(a, b):
            self.role[i] = role

    def _mark_table(self, a: int, b: int) -> None:
        row = 0
        for i in range(a, b):
            if i == a + 1:
                self.role[i] = "drop"  # the |---| delimiter row
                continue
            body = self.src[i][self.skip[i]:]
            if "|" not in body:
                self.role[i] = "text"  # GFM would make it a one-cell row; it is prose
                continue
            if i > a + 1 and _is_delimiter(body, _REPEATED_DELIMITER_CELL):
                self.role[i] = "drop"  # a delimiter repeated by a garbled conversion
                continue
            row += 1
            self.role[i] = "row"
            self.table_of[i] = (a, row)

    # -- writing ------------------------------------------------------------------------------
    def _emit(self, i: int, role: Optional[str]) -> None:
        line = self.src[i]
        col0 = self.skip[i]
        if role == "row":
            first, row = self.table_of[i]
            if first not in self._numbers:
                self.tables += 1
                self._numbers[first] = self.tables
            self._emit_row(i, self._numbers[first], row)
            return
        if role == "heading":
            m = _ATX_OPEN.match(line, col0)
            col0 = m.end() if m else col0
            close = _ATX_CLOSE.search(line, col0)
            line = line[:close.start()] if close else line
        elif role is None and _looks_like_pipe_row(line[col0:]):
            self._emit_loose_row(i)
            return
        self._emit_text(i, line, col0)

    def _emit_text(self, i: int, line: str, col0: int) -> None:
        """One source line as one or more Lines (an inline <br> splits it)."""
        base = self.starts[i]
        text, offs = inline(_br_to_newline(line[col0:]), list(range(base + col0, base + len(line))))
        pieces = _split_lines(text, offs)
        for piece, piece_offs in pieces:
            piece, piece_offs = strip_edges(piece, piece_offs)
            if piece or len(pieces) == 1:
                out = make_line(piece, piece_offs, self.smap, (i + 1, col0 + 1))
                if "\t" in piece:  # TAB-separated cells pasted from Word, as in the text reader
                    out.is_table_row = True
                    out.segments = self._tab_cells(piece, piece_offs, (i + 1, col0 + 1))
                self.lines.append(out)

    def _tab_cells(self, text: str, offs: list, fallback: tuple) -> list:
        """One segment per TAB-separated cell, so table lines always have one per cell."""
        cells, pos = [], 0
        for c, cell in enumerate(text.split("\t"), start=1):
            first = first_offset(offs[pos:pos + len(cell)])
            if first is None:
                first = first_offset(offs[pos:]) if pos < len(offs) else None
            cells.append((cell, self.smap.pos(first) if first is not None else fallback, c))
            pos += len(cell) + 1
        return table_line(cells, None, None).segments

    def _emit_loose_row(self, i: int) -> None:
        """A pipe row markdown-it did not take as a table (header and delimiter disagree, no
        delimiter at all): still a row of cells. Consecutive ones form one table."""
        last = self._loose
        if last is not None and last[0] == i - 1:
            table, row = last[1], last[2] + 1
        else:
            self.tables += 1
            table, row = self.tables, 1
        if _is_delimiter(self.src[i][self.skip[i]:], _DELIMITER_CELL):
            self._loose = (i, table, row - 1)
            return
        self._loose = (i, table, row)
        self._emit_row(i, table, row)

    def _emit_row(self, i: int, table: int, row: int) -> None:
        line = self.src[i]
        base = self.starts[i]
        cells = []
        for c, (a, b) in enumerate(_pipe_cells(line, self.skip[i]), start=1):
            text, offs = cell_text(line[a:b], list(range(base + a, base + b)))
            first = first_offset(offs)
            cells.append((text, self.smap.pos(first) if first is not None else (i + 1, a + 1), c))
        if cells:
            self.lines.append(table_line(cells, table, row))

    def _html_block(self, i: int) -> int:
        """An HTML block (tables pasted as HTML by converters): read by the HTML reader."""
        from .html import html_lines

        end = self.html_end.get(i, i + 1)
        fragment = "\n".join(self.src[i:end])
        try:
            lines, tables = html_lines(fragment, first_line=i + 1, table_base=self.tables)
        except InputError:
            lines, tables = [], 0
        if lines:
            self.lines.extend(lines)
            self.tables += tables
        else:
            for k in range(i, end):
                if self.src[k].strip():
                    self._emit_text(k, self.src[k], self.skip[k])
        return end


def _looks_like_pipe_row(body: str) -> bool:
    """`| a | b |`: starts and ends with a pipe and has at least two cells."""
    s = body.strip()
    return len(s) >= 3 and s[0] == "|" and s[-1] == "|" and s.count("|") >= 3


def _is_delimiter(body: str, cell_re) -> bool:
    cells = [body[a:b] for a, b in _pipe_cells(body, 0)]
    return bool(cells) and all(cell_re.match(c) for c in cells)


def _pipe_cells(line: str, start: int) -> list:
    """(start, end) columns of each cell of a pipe row; `\\|` does not split, and the outer
    pipes are optional as in GFM."""
    bounds, a, k, n = [], start, start, len(line)
    while k < n:
        ch = line[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "|":
            bounds.append((a, k))
            a = k + 1
        k += 1
    bounds.append((a, n))
    if bounds and not line[bounds[0][0]:bounds[0][1]].strip():
        bounds = bounds[1:]  # text before the leading pipe
    if bounds and not line[bounds[-1][0]:bounds[-1][1]].strip() and line.rstrip().endswith("|"):
        bounds = bounds[:-1]  # after the trailing pipe
    return bounds


def inline(text: str, offs: list) -> tuple[str, list]:
    """Remove trivial inline markup (emphasis, code ticks, links, tags, escapes) and decode
    entities, keeping each remaining character's source offset."""
    for pattern, keep in _INLINE:
        if pattern.search(text):
            text, offs = _rewrite(text, offs, pattern, keep)
    text, offs = unescape(text, offs)
    return text.replace("\xa0", " "), offs


def cell_text(raw: str, offs: list) -> tuple[str, list]:
    """A pipe cell's text: markup removed, `<br>` parts joined, no TAB, edges stripped."""
    text, offs = inline(_br_to_newline(raw), offs)
    parts = [strip_edges(p, o) for p, o in _split_lines(text, offs)]
    text, offs = join_parts(parts)
    return text.replace("\t", " "), offs


def _br_to_newline(text: str) -> str:
    """`<br>` becomes a newline padded to the tag's length, so offsets stay aligned."""
    return _BR.sub(lambda m: "\n" + " " * (len(m.group()) - 1), text)


def _split_lines(text: str, offs: list) -> list:
    out, start = [], 0
    for k, ch in enumerate(text):
        if ch == "\n":
            out.append((text[start:k], offs[start:k]))
            start = k + 1
    out.append((text[start:], offs[start:]))
    return out


def _rewrite(text: str, offs: list, pattern, keep: Optional[int]) -> tuple[str, list]:
    chars, out_offs, pos = [], [], 0
    for m in pattern.finditer(text):
        chars.append(text[pos:m.start()])
        out_offs.extend(offs[pos:m.start()])
        if keep is not None:
            a, b = m.span(keep)
            chars.append(text[a:b])
            out_offs.extend(offs[a:b])
        pos = m.end()
    chars.append(text[pos:])
    out_offs.extend(offs[pos:])
    return "".join(chars), out_offs
