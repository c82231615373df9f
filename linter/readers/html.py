"""HTML reports: pages saved from government sites, and Word's "save as web page" exports.

lxml builds the tree (it copes with omitted end tags, Word's `<o:p>` and conditional comments);
`_htmlsource` maps every character back to its line and column in the file. Block elements
start new lines, inline ones do not; data tables become one TAB-separated line per row (see
docs/architecture.md), while layout tables (a page wrapped in a table, tables holding tables)
are read as ordinary flow so the report inside them is not squashed into one "row".
"""
from __future__ import annotations

import base64
import binascii
import os
import re
from typing import Optional
from urllib.parse import unquote

from ..errors import InputError
from ..document.model import Line, RawDocument
from ._htmlsource import DataStream
from ._lines import SourceMap, collapse, first_offset, join_parts, make_line, one_line, squash, table_line
from .decode import decode, split_lines

BLOCK = frozenset("""address article aside blockquote body caption center dd details dialog dir div
    dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html
    legend li main menu nav ol p pre section summary table tbody td tfoot th thead title tr ul
    option""".split())
# Never report text: code, styling, embedded objects, form controls, Word's <xml> islands.
SKIP = frozenset("""script style template xml object embed applet iframe svg math select
    button textarea noscript audio video canvas map""".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"""\A\s*<\?xml[^>]*>""")
_XML_DECL_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TITLE_LINE = re.compile(r"(年度报告|年报|工作报告)")
_SECTION_START = re.compile(r"^[一二三四五六七八九十]+、")
_TITLE_SUFFIX = re.compile(r"^(.*?报告)\s*[-_|—–·:：]+.*$")
LAYOUT_CELL_CHARS = 300  # a cell this long, holding several paragraphs, is page layout


def read(path: str, data: bytes, options: dict) -> RawDocument:
    """Read an HTML file. A file that cannot be read raises InputError."""
    declared = sniff_charset(data)
    text, encoding = decode(data, declared=declared)
    pictures = PagePictures(options or {}, path)
    lines, _ = html_lines(text, title=True, pictures=pictures)
    if not any(line.text.strip() for line in lines):
        raise InputError("empty", "the page has no text: nothing to check")
    meta = {"encoding": encoding}
    if declared:
        meta["declared_encoding"] = declared
    if pictures.read_count:
        meta["ocr"] = pictures.summary()
    return RawDocument(path=path, format="html", lines=lines, meta=meta, notes=pictures.notes)


def sniff_charset(data: bytes) -> Optional[str]:
    """The encoding a page declares in `<meta charset>`/`http-equiv` or an XML declaration."""
    head = data[:8192]
    m = _XML_DECL_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    return m.group(1).decode("ascii", "replace")


def html_lines(text: str, first_line: int = 1, table_base: int = 0, title: bool = False,
               pictures=None) -> tuple[list, int]:
    """Lines of an HTML document or fragment. `first_line` is the source line the text starts
    on (Markdown passes the line of an HTML block), `table_base` the number of tables before it,
    `pictures` reads `<img>` by OCR (see `PagePictures`; None: pictures are skipped).
    Returns the lines and the number of data tables read."""
    source = "\n".join(split_lines(text))
    source = _BAD_XML_CHARS.sub(" ", source)  # lxml refuses them; same length keeps offsets
    smap = SourceMap(source, first_line)
    root = _parse(_XML_DECL.sub(lambda m: " " * len(m.group()), source))
    if root is None:
        return [], 0
    flow = _Flow(DataStream(source, smap), smap, table_base)
    flow.pictures = pictures
    _walk(root, flow.start, flow.end)
    flow.flush()
    lines = flow.lines
    if title and flow.title and _needs_title(lines, flow.title[0]):
        text_, offs = flow.title
        lines.insert(0, make_line(text_, offs, smap, (first_line, 1)))
    return lines, flow.table_index - table_base


def _parse(source: str):
    """The lxml tree, or None when there is no element at all to read."""
    import lxml.html
    from lxml import etree

    if not source.strip():
        return None
    # huge_tree: libxml2 otherwise stops at 256 levels of nesting and drops the rest
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except etree.ParserError:
        return None  # "Document is empty": nothing but comments or a doctype
    except (etree.LxmlError, ValueError) as exc:
        raise InputError("html-unreadable", f"HTML could not be parsed: {one_line(exc)}") from None
    if any(err.type_name == "ERR_RESOURCE_LIMIT" for err in parser.error_log):
        # libxml2 drops everything past its hard nesting limit: say so rather than lose text
        raise InputError("html-too-deep", "HTML elements are nested too deeply to read: save the page again")
    return root


def _walk(root, on_start, on_end) -> None:
    """Depth-first walk without recursion (pages can nest thousands deep). `on_start` says
    whether to descend; `on_end` is called for every element, descended into or not."""
    if not on_start(root):
        on_end(root)
        return
    stack = [(root, iter(root))]
    while stack:
        el, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_end(el)
        elif on_start(child):
            stack.append((child, iter(child)))
        else:
            on_end(child)


def _tag(el) -> str:
    """Lower-case tag name; '' for comments and processing instructions."""
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _hidden(el) -> bool:
    """Hidden on the page: Word's column-width row, mso-hide text, `hidden` attributes."""
    if el.get("hidden") is not None:
        return True
    if (el.get("height") or "").strip() == "0" and _tag(el) == "tr":
        return True  # Word's <![if !supportMisalignedColumns]> row of empty width cells
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class _Flow:
    """Turns the element tree into Lines: blocks break lines, data tables become rows."""

    def __init__(self, stream: DataStream, smap: SourceMap, table_base: int = 0):
        self.stream = stream
        self.smap = smap
        self.lines: list = []
        self.table_index = table_base
        self.title: Optional[tuple] = None
        self._chars: list = []
        self._offs: list = []
        self._line_hint = smap.first_line
        self._pre = 0
        self.pictures = None

    # -- walking ------------------------------------------------------------------------------
    def start(self, el) -> bool:
        tag = _tag(el)
        if not tag:
            return False
        if tag == "head":
            self._read_title(el)
            return False
        if tag in SKIP or _hidden(el):
            return False
        if tag == "br":
            self.flush()
            return False
        if tag == "img" and self.pictures is not None:
            self.flush()
            line = self._source_line(el) or self._line_hint
            self.lines.extend(self.pictures.lines_of(el.get("src") or "", line))
            return False
        if tag == "table" and not _is_layout_table(el):
            self.flush()
            self._emit_table(el)
            return False
        if tag in BLOCK:
            self.flush()
        if tag == "pre":
            self._pre += 1
        self.add(el.text, el)
        return True

    def end(self, el) -> None:
        tag = _tag(el)
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in BLOCK or tag == "pre":
            self.flush()
        self.add(el.tail, el)

    # -- text ---------------------------------------------------------------------------------
    def add(self, text: Optional[str], owner) -> None:
        """Append a text node; in <pre> every newline ends a line."""
        if not text:
            return
        line = owner.sourceline
        if line:
            self._line_hint = line + self.smap.first_line - 1
        offs = self.stream.locate(text, self._line_hint)
        if not self._pre:
            self._chars.extend(text)
            self._offs.extend(offs)
            return
        start = 0
        for k, ch in enumerate(text):
            if ch == "\n":
                self._chars.extend(text[start:k])
                self._offs.extend(offs[start:k])
                self.flush()
                start = k + 1
        self._chars.extend(text[start:])
        self._offs.extend(offs[start:])

    def take(self) -> tuple[str, list]:
        """The pending text, whitespace-collapsed, and reset."""
        text, offs = collapse(self._chars, self._offs)
        self._chars, self._offs = [], []
        return text, offs

    def flush(self) -> None:
        text, offs = self.take()
        if text:
            self.lines.append(make_line(text, offs, self.smap, (self._line_hint, 1)))

    def _read_title(self, head) -> None:
        """Keep the <title> aside: it is used only when the body has no title line of its own."""
        for el in head.iter("title"):
            flow = _Flow(self.stream, self.smap)
            flow.add(el.text, el)
            text, offs = flow.take()
            if text:
                self.title = (_trim_site_suffix(text, offs))
            return

    # -- tables -------------------------------------------------------------------------------
    def _emit_table(self, table) -> None:
        self.table_index += 1
        t = self.table_index
        for caption in table.iterchildren("caption"):
            self._emit_block(caption)
        rows = [tr for tr in _table_rows(table) if not _hidden(tr)]
        cells = [[c for c in tr.iterchildren() if _tag(c) in ("td", "th") and not _hidden(c)] for tr in rows]
        for r, placed in enumerate(grid_columns(cells), start=1):
            if placed:
                self.lines.append(self._row_line(t, r, placed))

    def _row_line(self, t: int, r: int, placed: list) -> Line:
        cells = []
        for cell, c in placed:
            text, offs = self._cell_text(cell)
            cells.append((text, self._cell_position(cell, offs), c))
        return table_line(cells, t, r)

    def _cell_text(self, cell) -> tuple[str, list]:
        """A cell's text: its lines (<br>, <p>) joined, never containing TAB or newline."""
        flow = _CellFlow(self.stream, self.smap, cell)
        _walk(cell, flow.start, flow.end)
        flow.flush()
        return join_parts(flow.parts)

    def _cell_position(self, cell, offs: list) -> tuple[int, int]:
        """Where the cell's text starts, or its tag when the cell is empty."""
        tag_off = self.stream.tag_offset(_tag(cell), self._source_line(cell))
        first = first_offset(offs)
        if first is not None:
            return self.smap.pos(first)
        if tag_off is not None:
            return self.smap.pos(tag_off)
        return (self._source_line(cell) or self._line_hint, 1)

    def _source_line(self, el) -> Optional[int]:
        return el.sourceline + self.smap.first_line - 1 if el.sourceline else None

    def _emit_block(self, el) -> None:
        """Emit an element's text as lines of its own (a table caption)."""
        flow = _CellFlow(self.stream, self.smap, el)
        _walk(el, flow.start, flow.end)
        flow.flush()
        text, offs = join_parts(flow.parts)
        if text:
            self.lines.append(make_line(text, offs, self.smap, (self._line_hint, 1)))


class _CellFlow(_Flow):
    """Reads one table cell: its lines become parts of the cell text instead of Lines."""

    def __init__(self, stream: DataStream, smap: SourceMap, root):
        super().__init__(stream, smap)
        self.root = root
        self.parts: list = []

    def start(self, el) -> bool:
        if _tag(el) == "table":  # only layout tables hold tables, so this is a stray: read its text
            self.flush()
            self.add(el.text, el)
            return True
        return super().start(el)

    def end(self, el) -> None:
        if el is self.root:  # the cell's tail is between cells, not in the cell
            self.flush()
            return
        super().end(el)

    def flush(self) -> None:
        text, offs = self.take()
        if text:
            self.parts.append((text, offs))


def _table_rows(table) -> list:
    """The table's own rows in document order (not those of tables nested in its cells)."""
    rows = []
    for child in table.iterchildren():
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child.iterchildren() if _tag(c) == "tr")
    return rows


def _span(cell, name: str) -> int:
    """rowspan/colspan as browsers read it: leading digits, 1 when missing or nonsense."""
    m = re.match(r"\s*(\d+)", cell.get(name) or "")
    return int(m.group(1)) if m else 1


def grid_columns(rows: list) -> list:
    """For each row, its cells with their 1-based grid column, honouring rowspan/colspan.

    `rows` is a list of lists of cell elements. A rowspan reaching past the last row is cut
    there; rowspan=0 spans to the end; colspan is capped at 1000 as in browsers."""
    active: list = []  # (first_col, end_col, last_row) of rowspans from earlier rows
    out = []
    nrows = len(rows)
    for r, cells in enumerate(rows):
        active = [a for a in active if a[2] >= r]
        covered = sorted((a[0], a[1]) for a in active)
        c = 0
        placed = []
        for cell in cells:
            for first, end in covered:
                if first <= c < end:
                    c = end
            rowspan = _span(cell, "rowspan")
            rowspan = nrows - r if rowspan == 0 else min(rowspan, nrows - r)
            colspan = min(max(_span(cell, "colspan"), 1), 1000)
            placed.append((cell, c + 1))
            if rowspan > 1:
                active.append((c, c + colspan, r + rowspan - 1))
            c += colspan
        out.append(placed)
    return out


def _is_layout_table(table) -> bool:
    """A table used to lay out the page rather than to hold data.

    Tables holding other tables, single-column tables and tables with a cell holding a whole
    article (long text in several paragraphs) are read as flow text."""
    if next(table.iterdescendants("table"), None) is not None:
        return True
    rows = _table_rows(table)
    widths = [sum(1 for c in tr.iterchildren() if _tag(c) in ("td", "th")) for tr in rows]
    if not widths or max(widths) <= 1:
        return True
    for tr in rows:
        for cell in tr.iterchildren():
            if _tag(cell) not in ("td", "th"):
                continue
            blocks = sum(1 for el in cell.iter() if _tag(el) in ("p", "div", "br", "li"))
            if blocks >= 3 and len(cell.text_content()) > LAYOUT_CELL_CHARS:
                return True
    return False


def _needs_title(lines: list, title: str) -> bool:
    """True when the body lacks a title line of its own before the first section heading."""
    wanted = squash(title)
    if not wanted:
        return False
    for line in lines[:20]:
        if _SECTION_START.match(line.text.strip()):
            break
        have = squash(line.text)
        if len(have) >= 4 and (have in wanted or wanted in have):
            return False
        if _TITLE_LINE.search(have) and not line.is_table_row:
            return False
    return True


def _trim_site_suffix(text: str, offs: list) -> tuple[str, list]:
    """"…年度报告-某某县人民政府" → "…年度报告": page titles carry the site's name."""
    m = _TITLE_SUFFIX.match(text)
    if m:
        return m.group(1), offs[:len(m.group(1))]
    return text, offs


class PagePictures:
    """`<img>` of a page read by OCR (readers/ocr/pictures.py): a data: URI, or a file next to
    the page (a relative path inside the page's folder, e.g. Word's `report.files/image001.png`).
    Never fetched from the network: an http(s) or protocol-relative source is skipped."""

    def __init__(self, options: dict, path: str):
        from .ocr.pictures import Pictures

        self._pictures = Pictures(options, path)
        self.folder = os.path.dirname(os.path.abspath(path)) if path and not path.startswith("<") else None

    @property
    def read_count(self) -> int:
        return self._pictures.read_count

    @property
    def notes(self) -> list:
        return self._pictures.notes

    def summary(self) -> dict:
        return self._pictures.summary()

    def lines_of(self, src: str, line: int) -> list:
        from ..document.model import Location

        data = self.fetch(src.strip())
        return self._pictures.lines(data, Location(line=line, column=1)) if data else []

    def fetch(self, src: str) -> Optional[bytes]:
        if src.lower().startswith("data:"):
            header, _, payload = src.partition(",")
            if ";base64" not in header.lower():
                return None
            try:
                return base64.b64decode(payload, validate=False)
            except (ValueError, binascii.Error):
                return None
        if not src or self.folder is None or re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
            return None
        target = os.path.realpath(os.path.join(self.folder, unquote(src.split("#")[0].split("?")[0])))
        if not target.startswith(self.folder + os.sep) or not os.path.isfile(target):
            return None
        try:
            with open(target, "rb") as fh:
                return fh.read(32 * 1024 * 1024)
        except OSError:
            return None
