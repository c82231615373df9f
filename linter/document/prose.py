"""Reading the prose of a report: the text of the sections without tables, page numbers and the
whitespace of conversions, kept mapped back to the document text.

Rules that read what the report *says* (counts stated in sentences, sums, context words) need the
sentences as a reader sees them, not as an extractor laid them out: PDF and Markdown wrap
paragraphs mid-sentence, tables sit between the sentences, page numbers interrupt them. `Prose` is
that view, with the offset of every character in `doc.text`, so a finding can still point at the
exact place in the file. Two markers stand in for what was removed, so that nothing later reads
across it: `BREAK` where a sentence must end although no punctuation says so, and `GAP` where
whitespace hides a number an extractor displaced or dropped (a sentence holding one is not read).

The line helpers (`line_spans`, `is_page_number`) and section views (`body_ranges`,
`section_body`) live here too, because the date and content rules need the same answers to
"where are the lines" and "which line is a page number" as the prose view does.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

GAP = "\x00"  # whitespace that hides a displaced or missing number: the sentence is not read
BREAK = "\x01"  # a sentence boundary: an excluded stretch (table, page number), a sub-heading line
_WS = " \t\u3000\r\n\xa0"
_HWS = " \t\u3000\xa0"
_WS_RUN = re.compile("[" + _WS + "]+")
_UNIT_SLOTS = set("件条个项次篇期场年月日")
_NUMERAL_CHARS = set("〇○零一二三四五六七八九十百千万两")


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# ------------------------------------------------------------------------------------- lines
_PAGE_NUMBER = re.compile(r"^(?:[—\-–－―]+\s*\d+\s*[—\-–－―]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")


def is_page_number(line: str, bare: bool = False) -> bool:
    """A line that is only a page number (— 3 —, 第3页, 3/7; with `bare`, also a lone 1–3 digit
    number, which at the end of a section or of the report is a page number)."""
    if len(line) > 40 and len(line.strip()) > 40:  # far longer than any page number (`pdftotext
        return False  # -layout` centres one with spaces): no need to normalise it
    text = unicodedata.normalize("NFKC", line).strip()
    return bool(_PAGE_NUMBER.match(text) or bare and re.fullmatch(r"\d{1,3}", text))


def line_spans(doc) -> list:
    """(start, end, text) of every line of the document text."""
    return doc.memo("line_spans", lambda: _line_spans(doc))


def _line_spans(doc) -> list:
    out, pos = [], 0
    for line in doc.raw.lines:
        out.append((pos, pos + len(line.text), line.text))
        pos += len(line.text) + 1
    return out


# ---------------------------------------------------------------------------------- sections
def body_ranges(doc, numbers: Iterable[int]) -> list:
    """(body_start, end) of every section whose number is in `numbers`, in document order; a
    heading printed more than once (a list of contents, a repeated heading) gives every copy, so
    that text is never lost to the wrong copy being picked."""
    numbers = set(numbers)
    return [(sec.body_start, sec.end) for sec in doc.sections if sec.number in numbers]


def section_body(doc, number: int) -> str:
    """The body of a section; of every copy when its heading is printed more than once (a list of
    contents in the preamble, a repeated heading)."""
    return "\n".join(doc.text[s:e] for s, e in body_ranges(doc, (number,)))


# ------------------------------------------------------------------------------ the prose view
@dataclass
class Prose:
    """Prose of the report with whitespace removed (PDF line breaks, spaces of conversions), and
    for every character its offset in the document text."""

    text: str
    offsets: list

    def span(self, i: int, j: int) -> tuple:
        """The document-text span of prose.text[i:j] (at least one character), for findings."""
        j = max(j, i + 1)
        return self.offsets[i], self.offsets[min(j, len(self.offsets)) - 1] + 1


def _excluded_spans(doc) -> list:
    """Stretches of the document text that are not prose: tables (as found by the table readers,
    and every table row line) and page-number lines."""
    return doc.memo("excluded_spans", lambda: _find_excluded_spans(doc))


def _find_excluded_spans(doc) -> list:
    spans = []
    for table in doc.tables.values():
        if table.start is not None and table.end is not None:
            spans.append((table.start, table.end))
    for line, (start, end, text) in zip(doc.raw.lines, line_spans(doc)):
        if line.is_table_row or is_page_number(text):
            spans.append((start, end))
    return sorted(spans)


_SUBHEADING = re.compile(r"^[ \t\u3000]*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．])[^。；;！？]{0,24}$")


def _heading_line_ends(doc) -> set:
    """Offsets where a short numbered sub-heading line ends (（二）依申请公开): a sentence boundary
    even without punctuation."""
    return doc.memo("heading_line_ends", lambda: {
        end for line, (start, end, text) in zip(doc.raw.lines, line_spans(doc))
        if not line.is_table_row and _SUBHEADING.match(text)})


def prose_view(doc, ranges, excluded=None) -> Prose:
    """The prose of the document text within `ranges` [(start, end)], tables and page numbers left
    out. Whitespace is dropped, except where it hides a number: between two digits (`3 77`: digits
    displaced by an extractor, or a number broken across lines) and before a unit or date marker
    that has no number (`机构职能 条`, `自 年 月 日`); those become GAP."""
    text = doc.text
    excluded = _excluded_spans(doc) if excluded is None else excluded
    heading_ends = _heading_line_ends(doc)
    out, offs = [], []
    for start, end in ranges:
        pos = start
        cuts = [(max(s, start), min(e, end)) for s, e in excluded if s < end and e > start]
        pieces, cur = [], start
        for s, e in cuts:
            if s > cur:
                pieces.append((cur, s))
            cur = max(cur, e)
        if cur < end:
            pieces.append((cur, end))
        for s, e in pieces:
            if out and out[-1][-1] != BREAK:
                out.append(BREAK)
                offs.append(s)
            i = s
            for m in _WS_RUN.finditer(text, s, e):
                a, j = m.span()
                if a > i:  # a run of text: copied as it is
                    out.append(text[i:a])
                    offs.extend(range(i, a))
                prev = out[-1][-1] if out else ""
                nxt = text[j] if j < e else ""
                run = text[a:j]
                if heading_ends and any(k in heading_ends for k in range(a, j)):
                    if out and out[-1][-1] != BREAK:
                        out.append(BREAK)
                        offs.append(a)
                elif prev.isdigit() and nxt.isdigit():
                    out.append(GAP)
                    offs.append(a)
                elif (nxt in _UNIT_SLOTS and _cjk(prev) and prev not in _NUMERAL_CHARS
                      and any(c in _HWS for c in run)):
                    out.append(GAP)
                    offs.append(a)
                i = j
            if i < e:
                out.append(text[i:e])
                offs.extend(range(i, e))
            pos = e
        if out and out[-1][-1] != BREAK:
            out.append(BREAK)
            offs.append(pos)
    return Prose("".join(out), offs)


# --------------------------------------------------------------------------------- sentences
_SENTENCE_END = re.compile(r"[。！？!?" + BREAK + "]")


def sentences(prose: Prose) -> list:
    """(start, end) indices into prose.text of each sentence (up to and including 。！？)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(prose.text):
        if m.end() - start > 1:
            out.append((start, m.end()))
        start = m.end()
    if start < len(prose.text):
        out.append((start, len(prose.text)))
    return out


def section_prose(doc, numbers: Iterable[int]) -> tuple:
    """(prose, sentences) of the bodies of the sections in `numbers`: what the prose rules read."""
    numbers = tuple(numbers)

    def compute():
        prose = prose_view(doc, body_ranges(doc, numbers))
        return prose, sentences(prose)
    return doc.memo(("section_prose", numbers), compute)


def sentence_section(doc, prose: Prose) -> Callable[[tuple], Optional[int]]:
    """A function giving the number of the section a sentence of `prose` is in (None: outside
    every section), for readings that depend on where a sentence stands."""
    def of(sent):
        sec = doc.section_at(prose.offsets[sent[0]])
        return sec.number if sec else None
    return of


def is_reliable(prose: Prose, sent: tuple) -> bool:
    """Whether a sentence can be read: it holds no GAP, i.e. no number an extractor displaced."""
    return GAP not in prose.text[sent[0]:sent[1]]


# -------------------------------------------------------------------------------- paragraphs
def paragraph_id(prose: Prose, index: int) -> int:
    """An id of the paragraph (the stretch between two breaks) that holds prose.text[index]: the
    position of the break before it, or -1. The breaks are listed once per Prose and looked up by
    bisection (a search backwards from each claim is quadratic on a one-line web-page text)."""
    breaks = prose.__dict__.get("_breaks")
    if breaks is None:
        breaks = prose.__dict__["_breaks"] = [m.start() for m in re.finditer(re.escape(BREAK), prose.text)]
    k = bisect.bisect_left(breaks, index)
    return breaks[k - 1] if k else -1


def same_paragraph(prose: Prose, sent: tuple, previous: list) -> list:
    """The sentences of `previous` that are in the paragraph of `sent`: back to the last break (a
    sub-heading, a table, the start of a section), the sub-heading itself included."""
    out = []
    for s, e in reversed(previous):
        if prose.text[e - 1] == BREAK:
            if e - s <= 30:  # the sub-heading of the paragraph, e.g. （二）依申请公开
                out.insert(0, (s, e))
            break
        out.insert(0, (s, e))
    return out
