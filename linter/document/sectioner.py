"""Split a report into its six mandated sections with the lark grammar grammars/sections.lark.

The grammar is LALR with a contextual lexer (measured ~60x faster than Earley): it is built once
per process and finds headings anywhere in the text, also mid-line in reports saved from web
pages as a single line.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
import unicodedata
from pathlib import Path

import lark

from .model import Section
from .resources import data_dir

NUMERALS = "一二三四五六七八九十"
_SPACE = re.compile(r"[ \t\u3000]+")


@functools.lru_cache(maxsize=None)
def parser() -> lark.Lark:
    grammar = (data_dir("grammars") / "sections.lark").read_text(encoding="utf-8")
    # building the LALR tables costs ~0.2 s, a fixed cost of every process: lark keeps them in a
    # cache file (it checks the grammar's hash inside before using it)
    return lark.Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=False,
                     cache=_cache_file(grammar))


def _cache_file(grammar: str):
    """A cache path in the user's own cache folder, or False (no cache). Never lark's default in
    the shared temporary folder: lark unpickles the file, and a name there that anyone can
    predict lets another local user plant code that runs as whoever runs xxgk-lint."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xxgk-lint"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:  # a read-only or missing home: build the parser each time
        return False
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        return False
    key = hashlib.sha256(f"{grammar}\0{lark.__version__}\0{sys.version_info[:2]}".encode()).hexdigest()[:20]
    return str(folder / f"sections-{key}.lark-cache")


def _parse_headings(text: str) -> list:
    tree = parser().parse(text)
    out = []
    for node in tree.children:
        token = node.children[0] if isinstance(node, lark.Tree) else node
        if isinstance(token, lark.Token) and token.type.startswith("H") and token.type[1:].isdigit():
            out.append((int(token.type[1:]), token.start_pos, token.end_pos, str(token)))
    return out


def find_headings(text: str) -> list:
    """(section number, start, end, heading text) of every section heading, in text order.

    A heading broken over two lines (`…。三、收到和处理政府信息公开申请⏎情况`: a heading run into
    the text before it and wrapped at the page width) is found in the text with its line
    breaks taken out, but only for a section no heading was found for, and only where the
    heading found there crosses one line break (never a blank line); its text is given joined."""
    out = _parse_headings(text)
    found = {h[0] for h in out}
    if "\n" not in text or found >= set(range(1, 7)):
        return out
    joined, where = _without_line_breaks(text)
    for number, start, end, heading in _parse_headings(joined):
        if number in found:
            continue
        a, b = where[start], where[end - 1] + 1
        if text[a:b].count("\n") != 1 or any(s < b and a < e for _n, s, e, _h in out):
            continue
        out.append((number, a, b, heading))
        found.add(number)
    return sorted(out, key=lambda h: h[1])


_BREAK = re.compile(r"[ \t\u3000]*\n[ \t\u3000\f]*")


def _without_line_breaks(text: str) -> tuple:
    """The text with every line break (and the spaces around it) taken out, and for each of its
    characters the offset of that character in `text`."""
    pieces, where, pos = [], [], 0
    for m in _BREAK.finditer(text):
        pieces.append(text[pos:m.start()])
        where.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(pieces), where


def heading_title(heading: str) -> str:
    """The heading without its numeral and separator, whitespace removed, NFKC-normalised."""
    body = heading.lstrip()
    body = body[1:] if body[:1] in NUMERALS else body
    body = _SPACE.sub("", body).lstrip("、.．，,")
    return unicodedata.normalize("NFKC", body).replace("(", "（").replace(")", "）").replace(",", "，")


def split_sections(text: str, standard_titles: dict) -> list:
    """Sections in document order. `standard_titles` maps section number → standard title, to
    tell a standard heading from an accepted variant."""
    headings = find_headings(text)
    sections = []
    for i, (number, start, end, heading) in enumerate(headings):
        stop = headings[i + 1][1] if i + 1 < len(headings) else len(text)
        printed = NUMERALS.index(heading.lstrip()[0]) + 1 if heading.lstrip()[:1] in NUMERALS else None
        title = heading_title(heading)
        standard = unicodedata.normalize("NFKC", standard_titles.get(number, "")).replace(",", "，")
        variant = "standard" if title == standard else "variant"
        sections.append(Section(number=number, heading=heading.strip(), start=start, body_start=end, end=stop,
                                printed_number=printed, variant=variant))
    return sections
