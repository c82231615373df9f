"""Where HTML text sits in the source file.

lxml builds a good tree from the worst markup (Word exports, CMS pages), but it only knows the
line of each element, not the column, and nothing at all for text. This module scans the source
once, the way an HTML tokenizer would, and keeps every character of character data (entities
decoded) with its offset, plus the offset of every start tag. The reader then finds each text
node of the tree in that stream, in document order, so each character of the output knows where
it came from. When the two disagree (rare: libxml2 and this scanner differ on broken markup),
the text just gets the element's line instead of an exact column.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from ._lines import SourceMap, unescape

_MARKUP = re.compile(
    r"""<!--.*?(?:-->|\Z)                          # comment (Word's conditional ones too)
      | <!\[CDATA\[.*?(?:\]\]>|\Z)
      | <[!?][^>]*>?                               # doctype, <![if !supportLists]>, <?xml ...?>
      | <(?P<close>/)?(?P<name>[A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>?""",
    re.S | re.X,
)
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"})
RCDATA = frozenset({"title", "textarea"})
_WS = " \t\n\r\f"
_KEY = 12  # characters of a text node used to find it in the stream
_WINDOW = 50_000  # how far ahead to look: bounds the cost of a text node that is not found


class DataStream:
    """The character data of an HTML source, each character with its source offset."""

    def __init__(self, source: str, smap: SourceMap):
        self.smap = smap
        self._chars: list = []
        self.offs: list = []
        self.tags: dict = {}  # lower-case tag name -> offsets of its start tags, ascending
        self._tag_cursor: dict = {}
        self.pos = 0
        self._scan(source)
        self.chars = "".join(self._chars)
        del self._chars

    # -- scanning -----------------------------------------------------------------------------
    def _scan(self, source: str) -> None:
        """Tokenize: markup is skipped, character data kept, raw text elements jumped over."""
        pos, n = 0, len(source)
        while pos < n:
            lt = source.find("<", pos)
            if lt < 0:
                lt = n
            self._data(source, pos, lt)
            if lt >= n:
                break
            m = _MARKUP.match(source, lt)
            if m is None:
                self._data(source, lt, lt + 1)
                pos = lt + 1
                continue
            pos = m.end()
            name = m.group("name")
            if name and not m.group("close"):
                name = name.lower()
                self.tags.setdefault(name, []).append(lt)
                if name in RAW_TEXT or name in RCDATA:
                    end = _find_end_tag(source, name, pos)
                    if name in RCDATA:
                        self._data(source, pos, end)
                    pos = end

    def _data(self, source: str, a: int, b: int) -> None:
        """Character data source[a:b] with entities decoded."""
        if a < b:
            text, offs = unescape(source[a:b], range(a, b))
            self._chars.append(text)
            self.offs.extend(offs)

    # -- lookup -------------------------------------------------------------------------------
    def locate(self, text: Optional[str], line: Optional[int]) -> list:
        """Source offsets for each character of a text node (None where unknown).

        Searches forward from the end of the previous match; `line` (the owning element's
        source line) is a floor used to resynchronise when the forward search fails."""
        if not text:
            return []
        result: list = [None] * len(text)
        j = 0
        while j < len(text) and text[j] in _WS:
            j += 1
        if j == len(text):
            return result
        key = text[j:j + _KEY]
        floor = self._floor(line)
        start = max(self.pos, floor)
        p = self.chars.find(key, start, start + _WINDOW)
        if p < 0 and floor != self.pos:
            start = min(self.pos, floor)
            p = self.chars.find(key, start, start + _WINDOW)
        if p < 0:
            return result
        k = 0
        limit = min(len(text) - j, len(self.chars) - p)
        while k < limit and text[j + k] == self.chars[p + k]:
            result[j + k] = self.offs[p + k]
            k += 1
        self.pos = p + k
        return result

    def _floor(self, line: Optional[int]) -> int:
        """Index in the stream of the first character at or after the start of `line`."""
        if not line:
            return 0
        return bisect.bisect_left(self.offs, self.smap.line_start(line))

    def tag_offset(self, name: str, line: Optional[int]) -> Optional[int]:
        """Offset of the next unused `<name` start tag on source line `line`."""
        offsets = self.tags.get(name)
        if not offsets or not line:
            return None
        cursor = self._tag_cursor.get(name, 0)
        idx = max(cursor, bisect.bisect_left(offsets, self.smap.line_start(line)))
        if idx < len(offsets) and self.smap.pos(offsets[idx])[0] == line:
            self._tag_cursor[name] = idx + 1
            return offsets[idx]
        return None


def _find_end_tag(source: str, name: str, pos: int) -> int:
    m = re.compile(r"</" + re.escape(name) + r"(?=[\s/>]|\Z)", re.I).search(source, pos)
    return m.start() if m else len(source)
