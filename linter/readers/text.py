"""Plain text reports: what a clerk copies out of Word, or what another tool extracted from a
PDF or saved from a web page (whole reports on one line). Each source line is one Line."""
from __future__ import annotations

from ..errors import InputError
from ..document.model import Line, Location, RawDocument
from .decode import decode, split_lines
from .furniture import furniture_lines


def read(path: str, data: bytes, options: dict) -> RawDocument:
    """Read a text file. A file that cannot be read raises InputError."""
    text, encoding = decode(data)
    if not text.replace("\ufeff", "").strip():
        # e.g. a file holding only a BOM: the dispatcher's byte check cannot see that
        raise InputError("empty", "file is empty: nothing to check")
    texts = split_lines(text)
    furniture = furniture_lines(texts)
    # A line with TABs is a table row copied out of Word/WPS: its cells are TAB-separated.
    # Page furniture (page numbers, running headers) is left out with the blank lines around it,
    # so that a sentence or a table broken by the page reads on; every Line keeps its own line
    # number in the file.
    drop = _with_blank_runs(texts, furniture)
    lines = [Line(text=t, location=Location(line=i, column=1), is_table_row="\t" in t.strip())
             for i, t in enumerate(texts, start=1) if i - 1 not in drop]
    return RawDocument(path=path, format="text", lines=lines, meta={"encoding": encoding})


def _with_blank_runs(texts: list, furniture: set) -> set:
    """The furniture lines and the blank lines next to them (a page's bottom margin)."""
    drop = set(furniture)
    for i in furniture:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(texts) and (j in furniture or not texts[j].replace("\f", "").strip()):
                drop.add(j)
                j += step
    return drop
