"""Glyphs into visual lines by baseline, and the rules for joining the lines of one cell.

Why baseline and not box top: pdfplumber groups glyphs by their box *top*, so digits in another
font or size (Descent 0 fonts, 12 pt digits in 16 pt text) land on a line of their own and move
to the end of the sentence (`统计期限自 年 月 日起至⏎2023 1 1`). Glyphs printed on one line share a
baseline whatever their font, so grouping by baseline and sorting each line by x keeps them in
place (../shared/spec/pdf-notes.md §3.2). Prose and table cells use the same builder.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from collections import namedtuple
from operator import attrgetter

LINE_TOLERANCE = 0.35  # same line while |Δbaseline| <= this × font size
SPACE_GAP = 0.25  # a gap wider than this × font size is a space


class Glyph(namedtuple("GlyphFields", "text x0 x1 top bottom size base order space")):
    """One glyph: the minimal record the line builder needs, whatever library produced it
    (PDFium or pdfminer), so everything after glyph extraction is backend-independent.

    Coordinates are PDF points in the page as displayed, top-based (pdfplumber's convention):
    `base` is the baseline's distance from the top of the page; `order` is the x of the glyph
    origin, the sort key within a line; `space` is whether the text is white space.

    A named tuple because a page makes hundreds of them: the PDFium reader, which has checked
    the size already, builds them as `tuple.__new__(Glyph, fields)` without a Python call."""

    __slots__ = ()

    def __new__(cls, text, x0, x1, top, bottom, size, base, order):
        # a size of 0.5 or less is unknown: the box's height stands in
        return super().__new__(cls, text, x0, x1, top, bottom, size if size > 0.5 else max(bottom - top, 1.0),
                               base, order, text.isspace())

    @property
    def box(self) -> tuple:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class TextLine:
    """A visual line: its text, one box per character (None for an inserted space), and bbox."""

    text: str
    boxes: list
    bbox: tuple


def _is_wide(ch: str) -> bool:
    """CJK characters and full-width punctuation: no space is significant next to them."""
    return ord(ch) >= 0x2E80 and unicodedata.east_asian_width(ch) in ("W", "F")


def _keep_space(left: str, right: str) -> bool:
    """A space survives only between two non-CJK characters (`Times New Roman`, `2023 12`)."""
    return not _is_wide(left) and not _is_wide(right)


_BY_BASE = attrgetter("base")
_BY_ORDER = attrgetter("order")


def build_lines(chars: list) -> list:
    """Group glyphs into visual lines by baseline, each sorted by x.

    Glyphs join the current line while their baseline is within LINE_TOLERANCE × the larger
    font size of the line's reference glyph (the largest glyph seen so far), so raised,
    lowered or smaller digits stay on the line they are printed on. Returns lines top to bottom.
    (Written for speed: it runs once per glyph of every page.)
    """
    if not chars:
        return []
    ordered = sorted(chars, key=_BY_BASE)
    first = ordered[0]
    groups, current = [], [first]
    ref, ref_size = first.base, first.size
    for ch in ordered[1:]:
        base, size = ch.base, ch.size
        if abs(base - ref) <= LINE_TOLERANCE * (size if size > ref_size else ref_size):
            current.append(ch)
            if size > ref_size and not ch.space:
                ref, ref_size = base, size
        else:
            groups.append(current)
            current, ref, ref_size = [ch], base, size
    groups.append(current)
    lines = [_assemble(group) for group in groups]
    return [line for line in lines if line.text]


def _assemble(group: list) -> TextLine:
    """Text of one line: glyphs by x, a space for a wide gap or a space glyph, but no space next
    to a CJK character; a glyph drawn twice at the same place (fake bold) is kept once. The
    bbox covers the line's non-space glyphs (all of them when it has only spaces)."""
    group.sort(key=_BY_ORDER)
    text, boxes = [], []
    prev, pending = None, False
    inf = float("inf")
    x0 = top = inf
    x1 = bottom = -inf
    for ch in group:
        if ch.space:
            pending = prev is not None
            continue
        # the bbox takes every non-space glyph, a fake-bold copy too (min/max keep the first of equals)
        if ch.x0 < x0:
            x0 = ch.x0
        if ch.top < top:
            top = ch.top
        if ch.x1 > x1:
            x1 = ch.x1
        if ch.bottom > bottom:
            bottom = ch.bottom
        glyph = ch.text
        if prev is not None:
            size = ch.size
            if glyph == prev.text and abs(ch.order - prev.order) < 0.15 * size \
                    and abs(ch.base - prev.base) < 0.15 * size:
                continue
            if (pending or ch.x0 - prev.x1 > SPACE_GAP * (prev.size if prev.size > size else size)) \
                    and _keep_space(text[-1], glyph[0]):
                text.append(" ")
                boxes.append(None)
        box = (ch.x0, ch.top, ch.x1, ch.bottom)
        if len(glyph) == 1:
            text.append(glyph)
            boxes.append(box)
        else:
            for piece in glyph:  # ligatures ("ﬁ" → "fi") share the glyph's box
                text.append(piece)
                boxes.append(box)
        prev, pending = ch, False
    if x0 == inf:  # only spaces
        x0, top = min(c.x0 for c in group), min(c.top for c in group)
        x1, bottom = max(c.x1 for c in group), max(c.bottom for c in group)
    return TextLine("".join(text), boxes, (x0, top, x1, bottom))


def join_wrapped(pieces: list) -> tuple:
    """Join the visual lines of one cell: nothing between CJK (a wrap point, not a space), a
    space between two Latin letters (`Times⏎Roman`), nothing between two digits (a number
    wrapped in a narrow cell stays one number). `pieces` are (text, boxes) pairs."""
    text, boxes = "", []
    for piece_text, piece_boxes in pieces:
        if not piece_text:
            continue
        if text and needs_space(text[-1], piece_text[0]):
            text += " "
            boxes.append(None)
        text += piece_text
        boxes.extend(piece_boxes)
    return text, boxes


def needs_space(left: str, right: str) -> bool:
    """Whether two pieces of one cell need a space where they meet: only between ASCII letters
    or a letter and a digit; never next to CJK and never inside a wrapped number."""
    ascii_alnum = left.isascii() and left.isalnum() and right.isascii() and right.isalnum()
    return ascii_alnum and not (left.isdigit() and right.isdigit())


def clean_cell_text(text: str) -> str:
    """Remove the line breaks inside a cell the way `join_wrapped` does (used by DOCX too)."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n")]
    return join_wrapped([(p, [None] * len(p)) for p in parts])[0]
