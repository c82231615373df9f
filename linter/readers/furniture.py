"""Page furniture in text another tool extracted from a paged document: page numbers, running
headers and footers.

Why: `pdftotext -layout`/`-raw` and copy-paste from a PDF viewer keep what the page printed around
its body: `— 3 —`, `第3页 共8页`, a bare `3`, the report title or a browser's date/URL line repeated
on every page. Such a line that falls between two rows of a table would become a cell (a row of
7 values followed by a page number reads as 8 values) or cut a row label in two. The text reader
blanks these lines (keeping line numbers), so every later step sees the body only.

Recognised by shape and by repetition, never by one file's text:
- a line shaped like a page number (prose.is_page_number);
- a bare 1–3 digit number standing alone between blank lines or page breaks (form feeds), with
  no bare number right next to it (a table printed one cell per line is not page furniture);
- a line that repeats, digits aside, at the edge of most pages: the outermost line before or
  after a page break (a form feed or a page-number line), then the next one where the outer
  was furniture; at two breaks at least, or in a two-page text at its break and the top of
  page 1. The title at the top and the signature at the end of a report are no such repeat,
  nor is a sentence of the body that happens to open two pages. Its first occurrence is
  kept when it opens the document: on page 1 the running header is often the title itself.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict

from ..document.prose import is_page_number

EDGE_LINES = 2  # non-blank lines on each side of a page break that may be header or footer
_BARE = re.compile(r"\d{1,3}")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _key(text: str) -> str:
    """A line with its digits masked: `— 3 —` and `— 4 —`, or a date line, compare equal."""
    return re.sub(r"\d+", "#", _norm(text))


def _wordy(key: str) -> bool:
    """Enough letters to be a header (never a row of numbers or a lone mark)."""
    return sum(1 for ch in key if ch.isalpha()) >= 4


def furniture_lines(texts: list) -> set:
    """Indices of the lines of `texts` that are page furniture."""
    out = set()
    blank = [not t.strip() for t in texts]
    breaks = [i for i, t in enumerate(texts) if "\f" in t]
    for i, text in enumerate(texts):
        if not blank[i] and len(text.strip()) <= 40 and is_page_number(text.replace("\f", "").strip()):
            out.add(i)
            breaks.append(i)
    for i, text in enumerate(texts):
        if i not in out and _BARE.fullmatch(text.replace("\f", "").strip()) and _isolated(texts, blank, i):
            out.add(i)
            breaks.append(i)
    nonblank = [i for i, b in enumerate(blank) if not b and i not in out]
    if not nonblank:
        return out
    # the sides of every page break: walking back from it (the page's footer) and on from it
    # (the next page's header); `— 3 —` and the form feed after it are one break
    sides, cluster, last = [(-1, 1, 0), (-2, -1, len(nonblank) - 1)], -1, None
    for b in sorted(set(breaks)):
        pos = bisect.bisect_left(nonblank, b)
        if last is None or pos - last > 1:
            cluster += 1
            sides.append((cluster, -1, pos - 1))
        else:
            sides.pop()  # the same break: its far side starts after this one
        sides.append((cluster, 1, pos))
        last = pos
    n_breaks = cluster + 1
    need = max(2, -(-n_breaks // 3))  # a running header is on most pages, not on two by chance
    first = {}
    for i in nonblank:
        first.setdefault(_key(texts[i]), i)
    # peel the edges layer by layer: the outermost line of each side first, the next line only
    # where the outer one was furniture (a browser prints a date line and a URL line)
    for _layer in range(EDGE_LINES):
        found = defaultdict(list)  # key -> (side id, line index)
        for side_id, step, pos in sides:
            if 0 <= pos < len(nonblank):
                i = nonblank[pos]
                key = _key(texts[i])
                if _wordy(key) and len(texts[i].strip()) <= 120:
                    found[key].append((side_id, i))
        confirmed = set()
        for key, hits in found.items():
            ids = {side_id for side_id, _ in hits}
            real = {i for i in ids if i >= 0}
            # at most page breaks; in a two-page text, at its break and at the top of page 1
            # (the title and the signature at both ends of a report are no running header)
            repeated = len(real) >= need or (n_breaks == 1 and real and -1 in ids)
            lines = {i for _, i in hits}
            if repeated and len(lines) >= 2:
                keep = first[key] if any(side_id == -1 and i == first[key] for side_id, i in hits) else None
                out.update(i for i in lines if i != keep)
                confirmed.update(lines)
        sides = [(side_id, step, pos + step) for side_id, step, pos in sides
                 if 0 <= pos < len(nonblank) and nonblank[pos] in confirmed]
        if not sides:
            break
    return out


def _isolated(texts: list, blank: list, i: int) -> bool:
    """Blank lines or page breaks on both sides, and no bare number as the nearest text."""
    def side(step: int) -> bool:
        j = i + step
        if j < 0 or j >= len(texts):
            return True
        if "\f" in texts[i] and step < 0 or "\f" in texts[j] and step > 0:
            return True
        if not blank[j]:
            return False
        while 0 <= j < len(texts) and blank[j]:
            j += step
        return not (0 <= j < len(texts)) or not _BARE.fullmatch(texts[j].replace("\f", "").strip())
    return side(-1) and side(1)


def furniture_blocks(pages: list) -> set:
    """(page index, line index) of the page furniture among the text lines of each page (a PDF
    reader's prose lines): the pages are joined with a form feed between them."""
    texts, where = [], []
    for p, page in enumerate(pages):
        for i, text in enumerate(page):
            texts.append(("\f" if i == 0 and p > 0 else "") + text)
            where.append((p, i))
    return {where[i] for i in furniture_lines(texts)}
