"""Plain text reports: what a clerk copies out of Word, or what another tool extracted from a
PDF or saved from a web page (whole reports on one line). Each source line is one Line."""
from __future__ import annotations

from ..errors import InputError
from ..document.model import Line, Location, RawDocument
from .decode import decode, split_lines


def read(path: str, data: bytes, options: dict) -> RawDocument:
    """Read a text file. A file that cannot be read raises InputError."""
    text, encoding = decode(data)
    if not text.replace("\ufeff", "").strip():
        # e.g. a file holding only a BOM: the dispatcher's byte check cannot see that
        raise InputError("empty", "file is empty: nothing to check")
    # A line with TABs is a table row copied out of Word/WPS: its cells are TAB-separated.
    lines = [Line(text=t, location=Location(line=i, column=1), is_table_row="\t" in t.strip())
             for i, t in enumerate(split_lines(text), start=1)]
    return RawDocument(path=path, format="text", lines=lines, meta={"encoding": encoding})
