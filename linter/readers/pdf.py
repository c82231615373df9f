"""PDF reports: text lines built from glyphs by baseline, tables from the ruling lines.

Why not `extract_text()`: pdfplumber groups glyphs into lines by their box *top*, so digits in
another font or size (Descent 0 fonts, 12 pt digits in 16 pt text) become a separate line and
move to the end of the sentence (`统计期限自 年 月 日起至⏎2023 1 1`); stream-order extractors
(PDFium ranges, pdfminer, `use_text_flow`) fail when a producer draws a line's digits after its
CJK text. Grouping glyphs by *baseline* and sorting each line by x is immune to both
(../shared/spec/pdf-notes.md §3.2), so that is what this reader does.

Pipeline per page:

1. glyphs from PDFium (fast: ~2 ms a page) as `_Char` records (text, box, size, baseline);
2. on pages with vector paths only: the visible straight path segments become edges, and
   pdfplumber's own lattice table finder (`TableFinder`, default `lines` strategies) turns them
   into cells. The cells' text is built with the same baseline line builder, not with
   pdfplumber's top-based cell text (which splits lowered digits from their label);
3. glyphs outside the tables become prose lines; tables are placed at their top, so the text
   keeps reading order;
4. tables continued on the next page are stitched (repeated header rows dropped, a row broken
   across the page merged back), page-number lines are dropped.

Pages whose text uses a non-embedded font other than the standard Latin ones (reportlab's
STSong-Light, an unembedded 仿宋_GB2312) take their glyphs from pdfminer instead: PDFium drops
the single-glyph text runs of such CID fonts (`2023年` loses `年`).
`options["pdf_backend"] = "pdfplumber"` takes glyphs and edges from pdfplumber/pdfminer for every
page (slower, same pipeline): a cross-check for PDFs where PDFium and pdfminer disagree.
"""
from __future__ import annotations

import bisect
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..errors import InputError
from ..model import Line, Location, RawDocument, Segment

DEFAULT_MAX_PAGES = 500
DEFAULT_MAX_PAGE_SIZE = 14400.0  # points: 200 inches, the largest page the PDF spec allows
MIN_PATHS_FOR_TABLES = 4  # pages with fewer vector paths have no ruled table
MAX_EDGES = 4000  # ruling lines of a page; more is a drawing (map, chart), not a form table
LINE_TOLERANCE = 0.35  # same line while |Δbaseline| <= this × font size
SPACE_GAP = 0.25  # a gap wider than this × font size is a space
TABLE_SETTINGS = {"text_y_tolerance": 5}  # default "lines" strategies

_FOOTER_PATTERNS = (
    re.compile(r"^[-—–－~〜]+\s*\d{1,4}\s*[-—–－~〜]+$"),  # -3-, — 3 —
    re.compile(r"^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"),  # 第3页, 第3页 共10页
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),  # 3 / 10
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_NUMERIC = re.compile(r"^[-+]?\d[\d,，.]*%?$")


# --------------------------------------------------------------------------------------------
# glyph records and the baseline line builder


class _Char:
    """One glyph: the minimal record the line builder needs, whatever library produced it.

    Coordinates are PDF points in the page as displayed, top-based (pdfplumber's convention):
    `base` is the baseline's distance from the top of the page."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "base", "order", "space")

    def __init__(self, text, x0, x1, top, bottom, size, base, order):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.size = size if size > 0.5 else max(bottom - top, 1.0)
        self.base = base
        self.order = order  # x of the glyph origin: the sort key within a line
        self.space = text.isspace()

    @property
    def box(self) -> tuple:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class _TextLine:
    """A visual line: its text, one box per character (None for an inserted space), and bbox."""

    text: str
    boxes: list
    bbox: tuple
    base: float = 0.0


def _is_wide(ch: str) -> bool:
    """CJK characters and full-width punctuation: no space is significant next to them."""
    return ord(ch) >= 0x2E80 and unicodedata.east_asian_width(ch) in ("W", "F")


def _keep_space(left: str, right: str) -> bool:
    """A space survives only between two non-CJK characters (`Times New Roman`, `2023 12`)."""
    return not _is_wide(left) and not _is_wide(right)


def build_lines(chars: list) -> list:
    """Group glyphs into visual lines by baseline, each sorted by x.

    Glyphs join the current line while their baseline is within LINE_TOLERANCE × the larger
    font size of the line's reference glyph (the largest glyph seen so far), so raised,
    lowered or smaller digits stay on the line they are printed on. Returns lines top to bottom.
    """
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c.base)
    groups, current = [], [ordered[0]]
    ref, ref_size = ordered[0].base, ordered[0].size
    for ch in ordered[1:]:
        if abs(ch.base - ref) <= LINE_TOLERANCE * max(ref_size, ch.size):
            current.append(ch)
            if ch.size > ref_size and not ch.space:
                ref, ref_size = ch.base, ch.size
        else:
            groups.append(current)
            current, ref, ref_size = [ch], ch.base, ch.size
    groups.append(current)
    lines = [_assemble(group) for group in groups]
    return [line for line in lines if line.text]


def _assemble(group: list) -> _TextLine:
    """Text of one line: glyphs by x, a space for a wide gap or a space glyph, but no space next
    to a CJK character; a glyph drawn twice at the same place (fake bold) is kept once."""
    group.sort(key=lambda c: c.order)
    text, boxes = [], []
    prev, pending = None, False
    for ch in group:
        if ch.space:
            pending = prev is not None
            continue
        if prev is not None:
            if ch.text == prev.text and abs(ch.order - prev.order) < 0.15 * ch.size \
                    and abs(ch.base - prev.base) < 0.15 * ch.size:
                continue
            if (pending or ch.x0 - prev.x1 > SPACE_GAP * max(ch.size, prev.size)) \
                    and _keep_space(text[-1], ch.text[0]):
                text.append(" ")
                boxes.append(None)
        for piece in ch.text:  # ligatures ("ﬁ" → "fi") share the glyph's box
            text.append(piece)
            boxes.append(ch.box)
        prev, pending = ch, False
    real = [c for c in group if not c.space] or group
    bbox = (min(c.x0 for c in real), min(c.top for c in real),
            max(c.x1 for c in real), max(c.bottom for c in real))
    return _TextLine("".join(text), boxes, bbox, real[0].base)


def join_wrapped(pieces: list) -> tuple:
    """Join the visual lines of one cell: nothing between CJK (a wrap point, not a space), a
    space between two Latin letters (`Times⏎Roman`), nothing between two digits (a number
    wrapped in a narrow cell stays one number). `pieces` are (text, boxes) pairs."""
    text, boxes = "", []
    for piece_text, piece_boxes in pieces:
        if not piece_text:
            continue
        if text and _needs_space(text[-1], piece_text[0]):
            text += " "
            boxes.append(None)
        text += piece_text
        boxes.extend(piece_boxes)
    return text, boxes


def _needs_space(left: str, right: str) -> bool:
    ascii_alnum = left.isascii() and left.isalnum() and right.isascii() and right.isalnum()
    return ascii_alnum and not (left.isdigit() and right.isdigit())


def clean_cell_text(text: str) -> str:
    """Remove the line breaks inside a cell the way `join_wrapped` does (used by DOCX too)."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n")]
    return join_wrapped([(p, [None] * len(p)) for p in parts])[0]


def is_footer(text: str, top: float, page_height: float) -> bool:
    """Page-number lines (`-3-`, `— 3 —`, `第3页`, `3 / 10`) anywhere; a bare number only in the
    top or bottom margin."""
    compact = text.strip()
    if any(p.match(compact) for p in _FOOTER_PATTERNS):
        return True
    return bool(_BARE_NUMBER.match(compact)) and (top > 0.88 * page_height or top < 0.08 * page_height)


# --------------------------------------------------------------------------------------------
# glyph and edge sources


def _page_transform(mediabox: tuple, rotation: int) -> Callable:
    """(x, y) in PDF user space → (x, top) on the page as displayed (rotation applied)."""
    x0, y0, x1, y1 = mediabox
    r = int(rotation or 0) % 360
    if r == 90:
        return lambda x, y: (y - y0, x - x0)
    if r == 180:
        return lambda x, y: (x1 - x, y - y0)
    if r == 270:
        return lambda x, y: (y1 - y, x1 - x)
    return lambda x, y: (x - x0, y1 - y)


def _box(tf: Callable, left: float, bottom: float, right: float, top: float) -> tuple:
    ax, ay = tf(left, bottom)
    bx, by = tf(right, top)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _pdfium_chars(page, tf: Callable) -> list:
    """Glyphs of a page from PDFium: origin, loose box, size; generated spaces are skipped
    (the line builder decides spacing itself)."""
    import ctypes

    import pypdfium2.raw as C

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = C.FPDFText_CountChars(raw)
        if count <= 0:
            return []
        text = _page_text(raw, count)
        out = []
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect = C.FS_RECTF()
        matrix = C.FS_MATRIX()
        left, right, low, high = (ctypes.c_double() for _ in range(4))
        for i in range(count):
            ch = text[i] if text is not None else _unicode_at(raw, i)
            code = ord(ch) if ch else 0
            if code in (0, 0x0D, 0x0A, 0xFFFE, 0xFFFF) or (code < 0x20 and code != 0x09) \
                    or 0xD800 <= code < 0xE000:
                continue
            if code in (0x20, 0x09, 0xA0, 0x3000) and C.FPDFText_IsGenerated(raw, i):
                continue
            C.FPDFText_GetCharOrigin(raw, i, ox, oy)
            C.FPDFText_GetLooseCharBox(raw, i, rect)
            C.FPDFText_GetMatrix(raw, i, matrix)
            # the Tf size times the text matrix's scale (Tf 439 × 0.05 in WPS, Tf 1 × 16 elsewhere)
            size = C.FPDFText_GetFontSize(raw, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            x0, top, x1, bottom = _box(tf, rect.left, rect.bottom, rect.right, rect.top)
            if size > 0 and (bottom - top > 2.5 * size or x1 - x0 > 3 * size):
                # PDFium's loose box ignores the matrix for vertical-writing (Identity-V) glyphs
                C.FPDFText_GetCharBox(raw, i, left, right, low, high)
                x0, top, x1, bottom = _box(tf, left.value, low.value, right.value, high.value)
            order, base = tf(ox.value, oy.value)
            out.append(_Char(ch, x0, x1, top, bottom, size, base, order))
        return out
    finally:
        textpage.close()


def _page_text(raw, count: int) -> Optional[str]:
    """All characters of a text page in one call (one per char index), or None when the UTF-16
    text does not line up with the indices (characters outside the BMP): then read one by one."""
    import ctypes

    import pypdfium2.raw as C

    buf = ctypes.create_string_buffer((count + 1) * 2)
    got = C.FPDFText_GetText(raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _unicode_at(raw, index: int) -> str:
    import pypdfium2.raw as C

    code = C.FPDFText_GetUnicode(raw, index)
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return ""


_BASE14 = re.compile(rb"^(Times|Helvetica|Arial|Courier|Symbol|ZapfDingbats)", re.I)


def _scan_objects(page) -> tuple:
    """One walk over the page objects (into form XObjects): the path objects with their matrix
    to page space, and whether a text object uses a non-embedded font PDFium may not map
    (PDFium drops the single-glyph runs of non-embedded CID fonts such as STSong-Light)."""
    import ctypes

    import pypdfium2.raw as C

    paths: list = []
    fonts: dict = {}
    stack = [(lambda: C.FPDFPage_CountObjects(page.raw), lambda j: C.FPDFPage_GetObject(page.raw, j),
              (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)]
    while stack:
        count_fn, get_fn, matrix, depth = stack.pop()
        for j in range(count_fn()):
            obj = get_fn(j)
            kind = C.FPDFPageObj_GetType(obj)
            if kind == C.FPDF_PAGEOBJ_PATH:
                paths.append((obj, _compose(_obj_matrix(obj), matrix)))
            elif kind == C.FPDF_PAGEOBJ_TEXT:
                font = C.FPDFTextObj_GetFont(obj)
                key = ctypes.cast(font, ctypes.c_void_p).value
                if key and key not in fonts:
                    fonts[key] = _font_unmappable(font)
            elif kind == C.FPDF_PAGEOBJ_FORM and depth < 8:
                stack.append((lambda o=obj: C.FPDFFormObj_CountObjects(o),
                              lambda k, o=obj: C.FPDFFormObj_GetObject(o, k),
                              _compose(_obj_matrix(obj), matrix), depth + 1))
    return paths, any(fonts.values())


def _font_unmappable(font) -> bool:
    import ctypes

    import pypdfium2.raw as C

    if C.FPDFFont_GetIsEmbedded(font):
        return False
    buf = ctypes.create_string_buffer(128)
    C.FPDFFont_GetBaseFontName(font, buf, 128)
    return not _BASE14.match(buf.value.split(b"+")[-1])


def _obj_matrix(obj) -> tuple:
    import pypdfium2.raw as C

    m = C.FS_MATRIX()
    if not C.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix that applies `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C_, D, E, F = outer
    return (a * A + b * C_, a * B + b * D, c * A + d * C_, c * B + d * D,
            e * A + f * C_ + E, e * B + f * D + F)


def _visible_rgba(ok: int, r, g, b, a) -> bool:
    """A colour that shows on a white page (WPS paints white boxes behind every text line)."""
    if not ok:
        return True
    return a.value > 0 and not (r.value >= 250 and g.value >= 250 and b.value >= 250)


def _pdfium_edges(paths: list, tf: Callable) -> list:
    """Horizontal and vertical segments of the visible vector paths, as pdfplumber edge dicts.
    Returns [] for pages with fewer than MIN_PATHS_FOR_TABLES paths (no ruled table there)."""
    import ctypes

    import pypdfium2.raw as C

    if len(paths) < MIN_PATHS_FOR_TABLES:
        return []
    edges = []
    fill_mode, stroke = ctypes.c_int(), C.FPDF_BOOL()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    px, py = ctypes.c_float(), ctypes.c_float()
    for obj, (ma, mb, mc, md, me, mf) in paths:
        if not C.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
            continue
        visible = False
        if stroke.value:
            visible = _visible_rgba(C.FPDFPageObj_GetStrokeColor(obj, r, g, b, a), r, g, b, a)
        if not visible and fill_mode.value:
            visible = _visible_rgba(C.FPDFPageObj_GetFillColor(obj, r, g, b, a), r, g, b, a)
        if not visible:
            continue
        start = prev = None
        for k in range(C.FPDFPath_CountSegments(obj)):
            seg = C.FPDFPath_GetPathSegment(obj, k)
            if not C.FPDFPathSegment_GetPoint(seg, px, py):
                continue
            x, y = px.value, py.value
            point = tf(ma * x + mc * y + me, mb * x + md * y + mf)
            kind = C.FPDFPathSegment_GetType(seg)
            if kind == C.FPDF_SEGMENT_MOVETO:
                start = prev = point
                continue
            if kind == C.FPDF_SEGMENT_LINETO and prev is not None:
                _add_edge(edges, prev, point)
            prev = point
            if C.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(edges, point, start)
                prev = start
    return edges


def _add_edge(edges: list, p0: tuple, p1: tuple) -> None:
    """A straight axis-parallel segment as a pdfplumber edge; slanted ones are no table rule."""
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    width, height = x1 - x0, bottom - top
    if width < 0.1 and height >= 1:
        orientation = "v"
        x1 = x0 = (x0 + x1) / 2
    elif height < 0.1 and width >= 1:
        orientation = "h"
        bottom = top = (top + bottom) / 2
    else:
        return
    edges.append({"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                  "doctop": top, "width": x1 - x0, "height": bottom - top, "orientation": orientation})


def _plumber_visible(obj: dict) -> bool:
    """pdfminer path objects that show on a white page."""
    def white(color) -> bool:
        if not isinstance(color, (tuple, list)) or not color:
            return False
        if not all(isinstance(v, (int, float)) for v in color):
            return False
        if len(color) == 4:  # CMYK
            return all(v <= 0.02 for v in color)
        return all(v >= 0.98 for v in color)

    if obj.get("stroke") and not white(obj.get("stroking_color")):
        return True
    return bool(obj.get("fill")) and not white(obj.get("non_stroking_color"))


def _plumber_page(page) -> tuple:
    """(chars, edges) of a pdfplumber page, converted to the same records as the PDFium path."""
    chars = []
    for c in page.chars:
        # pdfminer's coordinates are already those of the page as displayed (rotation applied):
        # the baseline is the glyph matrix's y, measured from the glyph's own bottom edge
        matrix = c.get("matrix")
        base = c["bottom"] - (matrix[5] - c["y0"]) if matrix else c["bottom"]
        chars.append(_Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], base, c["x0"]))
    paths = len(page.lines) + len(page.rects) + len(page.curves)
    edges = []
    if paths >= MIN_PATHS_FOR_TABLES:
        import pdfplumber.utils as pu

        for obj in page.lines + page.rects + page.curves:
            if not _plumber_visible(obj):
                continue
            for e in pu.obj_to_edges(obj):
                if e.get("orientation") in ("h", "v"):
                    edges.append(e)
    return chars, edges


# --------------------------------------------------------------------------------------------
# tables on one page


@dataclass
class _Cell:
    """A table cell: its text may come in parts from two pages (a row broken by a page break)."""

    bbox: tuple
    page: int
    parts: list = field(default_factory=list)  # [(text, boxes, page, bbox)]

    @property
    def text(self) -> str:
        return "".join(p[0] for p in self.parts)

    def append(self, other: "_Cell") -> None:
        for text, boxes, page, bbox in other.parts:
            if not text:
                continue
            if self.text and _needs_space(self.text[-1], text[0]):
                text, boxes = " " + text, [None] + list(boxes)
            self.parts.append((text, boxes, page, bbox))


@dataclass
class _TablePart:
    """The part of a table printed on one page: rows of cells (None: covered by a merge)."""

    page: int
    bbox: tuple
    rows: list  # list[list[_Cell | None]]

    def cell_at(self, x: float, y: float) -> Optional[_Cell]:
        for row in self.rows:
            for cell in row:
                if cell is not None and cell.bbox[0] - 1 <= x <= cell.bbox[2] + 1 \
                        and cell.bbox[1] - 1 <= y <= cell.bbox[3] + 1:
                    return cell
        return None


class _EdgePage:
    """The two attributes pdfplumber's TableFinder reads from a page."""

    def __init__(self, edges: list, bbox: tuple):
        self.edges = edges
        self.bbox = bbox


def _find_tables(edges: list, chars: list, page_no: int, page_bbox: tuple) -> tuple:
    """Table parts found from the edges, and the glyphs that are not inside any table cell."""
    from pdfplumber.table import TableFinder

    edges = [e for e in edges if max(e["width"], e["height"]) >= 3]  # table rules, not hatching
    if len(edges) > MAX_EDGES:  # the finder is quadratic in edges: a vector drawing, read as prose
        return [], chars
    finder = TableFinder(_EdgePage(edges, page_bbox), TABLE_SETTINGS)
    grids = []
    for table in finder.tables:
        rows = [list(r.cells) for r in table.rows]
        if max((sum(c is not None for c in row) for row in rows), default=0) < 2:
            continue  # a box around text (page border, framed note), not a table
        grids.append((table.bbox, rows))
    if not grids:
        return [], chars
    slots = [_slot_index(rows) for _, rows in grids]
    members: list = [dict() for _ in grids]
    prose = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        placed = False
        for k, (bbox, _) in enumerate(grids):
            if bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]:
                owner = _lookup(slots[k], cx, cy)
                if owner is not None:
                    members[k].setdefault(owner, []).append(ch)
                    placed = True
                break
        if not placed:
            prose.append(ch)
    parts = []
    for k, (bbox, rows) in enumerate(grids):
        if not members[k]:
            continue  # an empty ruled grid (a form to fill in) carries no text
        out_rows = []
        for row in rows:
            out_row = []
            for cell in row:
                if cell is None:
                    out_row.append(None)
                    continue
                text, boxes = _cell_text(members[k].get(cell, []))
                out_row.append(_Cell(cell, page_no, [(text, boxes, page_no, cell)]))
            out_rows.append(out_row)
        parts.append(_TablePart(page_no, bbox, out_rows))
    return parts, prose


def _slot_index(rows: list) -> tuple:
    """A grid index: sorted x and y boundaries and, for every grid slot, the cell covering it."""
    cells = [c for row in rows for c in row if c is not None]
    xs = sorted({v for c in cells for v in (c[0], c[2])})
    ys = sorted({v for c in cells for v in (c[1], c[3])})
    owner = {}
    for c in cells:
        i0, i1 = bisect.bisect_left(xs, c[0]), bisect.bisect_left(xs, c[2])
        j0, j1 = bisect.bisect_left(ys, c[1]), bisect.bisect_left(ys, c[3])
        for i in range(i0, i1):
            for j in range(j0, j1):
                owner[(i, j)] = c
    return xs, ys, owner


def _lookup(index: tuple, x: float, y: float):
    xs, ys, owner = index
    return owner.get((bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1))


def _cell_text(chars: list) -> tuple:
    """A cell's text: its glyphs as baseline lines, joined as wrapped text."""
    lines = build_lines(chars)
    return join_wrapped([(ln.text, ln.boxes) for ln in lines])


# --------------------------------------------------------------------------------------------
# stitching tables across pages


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


def _row_key(row: list) -> tuple:
    return tuple(c.text for c in row if c is not None)


def _header_keys(rows: list) -> set:
    """Rows before the first row with a number: the header that Word may repeat on each page."""
    keys = set()
    for row in rows:
        if any(c is not None and _is_numeric(c.text) for c in row):
            break
        key = _row_key(row)
        if any(key):
            keys.add(key)
    return keys


def _is_fragment(row: list, previous: list) -> bool:
    """The rest of a row broken by the page break: label text, empty number cells, and the row
    above (on the previous page) has the numbers."""
    cells = [c for c in row if c is not None]
    if not previous or not any(c is not None and _is_numeric(c.text) for c in previous[-1]):
        return False
    return (any(c.text for c in cells) and any(not c.text for c in cells)
            and not any(_is_numeric(c.text) for c in cells))


def _spans_down(cell: _Cell, rows: list) -> bool:
    """Whether a cell at the top of a part covers more than its first row."""
    first = [c for c in rows[0] if c is not None]
    row_bottom = min(c.bbox[3] for c in first)
    return cell.bbox[3] > row_bottom + 1


def _stitch(table: list, part: _TablePart) -> None:
    """Append a continuation part to a table (a list of parts): drop the repeated header rows,
    merge a split row's fragment into the row above, and fold the top cells that continue a
    vertical merge of the previous page into it."""
    first, last = table[0], table[-1]
    rows = list(part.rows)
    headers = _header_keys(first.rows)
    while rows and _row_key(rows[0]) in headers:
        rows.pop(0)
    bottom = last.bbox[3] - 1
    if rows and _is_fragment(rows[0], last.rows):
        owners = []
        for cell in rows[0]:
            if cell is not None and cell.text:
                owner = last.cell_at((cell.bbox[0] + cell.bbox[2]) / 2, bottom)
                if owner is None:
                    owners = None
                    break
                owners.append((owner, cell))
        if owners:
            for owner, cell in owners:
                owner.append(cell)
            rows.pop(0)
    if rows:
        _continue_merges(rows, last)
    part.rows = rows
    table.append(part)


_ENUMERATOR = re.compile(r"^\s*([（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")


def _continue_merges(rows: list, last: _TablePart) -> None:
    """Cells at the top of a continuation that carry on a vertically merged label of the
    previous page: an empty one is covered by the merge, one with text (`理` of `（五）不予处|理`)
    is the rest of that label. Either way it is not a cell of its own."""
    bottom = last.bbox[3] - 1
    last_top = min(c.bbox[1] for c in last.rows[-1] if c is not None) if any(last.rows[-1]) else bottom
    top_row = rows[0]
    for i, cell in enumerate(top_row):
        if cell is None or _is_numeric(cell.text):
            continue
        owner = last.cell_at((cell.bbox[0] + cell.bbox[2]) / 2, bottom)
        if owner is None or not owner.text or _is_numeric(owner.text):
            continue
        owner_spans = owner.bbox[1] < last_top - 1
        if cell.text:
            if owner_spans and not _ENUMERATOR.match(cell.text):
                owner.append(cell)
                top_row[i] = None
        elif owner_spans or _spans_down(cell, rows):
            top_row[i] = None


def _continues(table: list, part: _TablePart) -> bool:
    """A table on the next page, with nothing printed between, continues the previous one when
    its outer edges line up or its column count is the same."""
    last = table[-1]
    if part.page != last.page + 1:
        return False
    aligned = abs(part.bbox[0] - last.bbox[0]) <= 3 and abs(part.bbox[2] - last.bbox[2]) <= 3
    same_cols = len(part.rows[0]) == len(last.rows[-1]) if part.rows and last.rows else False
    return aligned or same_cols


# --------------------------------------------------------------------------------------------
# writing lines


def _prose_line(line: _TextLine, page: int) -> Line:
    loc = Location(page=page, bbox=line.bbox)
    seg = Segment(0, len(line.text), Location(page=page, bbox=line.bbox), char_boxes=line.boxes)
    return Line(text=line.text, location=loc, segments=[seg])


def _table_lines(table: list) -> list:
    """One Line per row: cells joined by TAB, covered cells omitted, a Segment per cell part."""
    out = []
    for part in table:
        for row in part.rows:
            cells = [c for c in row if c is not None]
            if not cells:
                continue
            texts, segments, pos = [], [], 0
            for cell in cells:
                text = cell.text
                offset = pos
                for piece, boxes, page, bbox in cell.parts:
                    segments.append(Segment(offset, offset + len(piece), Location(page=page, bbox=bbox),
                                            char_boxes=list(boxes)))
                    offset += len(piece)
                texts.append(text)
                pos += len(text) + 1
            page = cells[0].page
            on_page = [c.bbox for c in cells if c.page == page]
            bbox = (min(b[0] for b in on_page), min(b[1] for b in on_page),
                    max(b[2] for b in on_page), max(b[3] for b in on_page))
            out.append(Line(text="\t".join(texts), location=Location(page=page, bbox=bbox),
                            segments=segments, is_table_row=True))
    return out


# --------------------------------------------------------------------------------------------
# the reader


def _open(data: bytes):
    """Open with PDFium, turning its load errors into the InputError a clerk can act on."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (4, 5):  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
            raise InputError("pdf-encrypted", "PDF is password-protected: save an unprotected copy "
                                              "(print to PDF or export again) and check that") from None
        if b"%%EOF" not in data[-2048:]:
            raise InputError("truncated", "PDF file is truncated (it has no end marker): download or "
                                          "export it again") from None
        raise InputError("corrupt", "PDF file is damaged and cannot be read: export it again from "
                                    "the source document") from None


def _check_bytes(data: bytes) -> None:
    if not data or not data.strip():
        raise InputError("empty", "file is empty: nothing to check")
    if data.lstrip()[:5] != b"%PDF-":
        raise InputError("not-pdf", "is not a PDF file (no %PDF- header): check the file or its extension")


def _check_pages(pdf, options: dict) -> int:
    count = len(pdf)
    limit = int(options.get("max_pages") or DEFAULT_MAX_PAGES)
    if count == 0:
        raise InputError("corrupt", "PDF has no pages: export it again from the source document")
    if count > limit:
        raise InputError("too-many-pages", f"PDF has {count} pages, over the limit of {limit} "
                                           "(--max-pages): is this really one annual report?")
    return count


def _page_blocks(chars: list, parts: list, page_no: int, height: float) -> list:
    """Prose lines and table parts of one page in reading order (top to bottom)."""
    blocks = []
    for line in build_lines(chars):
        if is_footer(line.text, line.bbox[1], height):
            continue
        blocks.append((line.bbox[1], 0, line))
    for part in parts:
        blocks.append((part.bbox[1], 1, part))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return [b[2] for b in blocks]


def read(path: str, data: bytes, options: dict) -> RawDocument:
    """Read a PDF report into lines (see the module docstring); InputError for unreadable files."""
    options = options or {}
    _check_bytes(data)
    try:
        return _read(path, data, options)
    except InputError:
        raise
    except Exception as exc:  # any library failure on a damaged file: one line, never a traceback
        raise InputError("corrupt", f"PDF file could not be read ({type(exc).__name__}): export it "
                                    "again from the source document") from None


class _Source:
    """The open document: PDFium always, pdfplumber only when a page needs it (opened lazily,
    since parsing with pdfminer costs ~15 ms a page against ~2 ms with PDFium)."""

    def __init__(self, data: bytes, options: dict):
        self.data = data
        self.pdf = _open(data)
        self.backend = options.get("pdf_backend") or "pdfium"
        self._plumber = None

    @property
    def plumber(self):
        if self._plumber is None:
            import logging

            import pdfplumber

            # pdfminer logs every oddity of a damaged file as a WARNING on stderr; the reader
            # reports what matters as InputError or notes instead
            logging.getLogger("pdfminer").setLevel(logging.ERROR)
            self._plumber = pdfplumber.open(io.BytesIO(self.data))
        return self._plumber

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
        self.pdf.close()


def _read(path: str, data: bytes, options: dict) -> RawDocument:
    source = _Source(data, options)
    try:
        count = _check_pages(source.pdf, options)
        limit = float(options.get("max_page_size") or DEFAULT_MAX_PAGE_SIZE)
        meta = _meta(source.pdf, count)
        lines: list = []
        table: Optional[list] = None  # the table being written, as its parts
        glyphs, blank_pages = 0, []
        for index in range(count):
            blocks, n_chars = _read_page(source, index, limit)
            glyphs += n_chars
            if not n_chars:
                blank_pages.append(index + 1)
            for block in blocks:
                if isinstance(block, _TablePart):
                    # a prose line flushes the table, so a part arriving here follows it directly
                    if table is not None and _continues(table, block):
                        _stitch(table, block)
                        continue
                    if table is not None:
                        lines.extend(_table_lines(table))
                    table = [block]
                    continue
                if table is not None:
                    lines.extend(_table_lines(table))
                    table = None
                lines.append(_prose_line(block, index + 1))
        if table is not None:
            lines.extend(_table_lines(table))
        if not glyphs:
            raise InputError("pdf-no-text", "PDF has no text layer (scanned?): OCR it first, or check "
                                            "the Word/WPS original")
        notes = [{"code": "pdf-page-no-text", "page": p,
                  "message": f"page {p} has no text layer (a scanned page?): its content is not checked"}
                 for p in blank_pages]
        return RawDocument(path=path, format="pdf", lines=lines, meta=meta, notes=notes)
    finally:
        source.close()


def _meta(pdf, count: int) -> dict:
    meta = {"pages": count}
    try:
        info = pdf.get_metadata_dict()
    except Exception:  # metadata is a nicety: a broken Info dictionary must not stop the read
        info = {}
    for key in ("Producer", "Creator"):
        value = (info.get(key) or "").strip()
        if value:
            meta[key.lower()] = value
    return meta


def _read_page(source: _Source, index: int, limit: float) -> tuple:
    """(blocks in reading order, glyph count) of one page, closing the page afterwards."""
    page = source.pdf[index]
    try:
        width, height = page.get_size()
        if width > limit or height > limit or width <= 0 or height <= 0:
            raise InputError("page-too-large", f"page {index + 1} is {width:.0f}×{height:.0f} pt, over "
                                               f"the limit of {limit:.0f} pt (--max-page-size)")
        tf = _page_transform(page.get_mediabox(), page.get_rotation())
        paths, unmappable = _scan_objects(page)
        edges = _pdfium_edges(paths, tf)
        if source.backend == "pdfplumber" or unmappable:
            ppage = source.plumber.pages[index]
            try:
                chars, plumber_edges = _plumber_page(ppage)
            finally:
                ppage.close()
            if source.backend == "pdfplumber":
                edges = plumber_edges
        else:
            chars = _pdfium_chars(page, tf)
        n_chars = sum(1 for c in chars if not c.space)
        parts: list = []
        if edges and n_chars:
            parts, chars = _find_tables(edges, chars, index + 1, (0, 0, width, height))
        return _page_blocks(chars, parts, index + 1, height), n_chars
    finally:
        page.close()
