"""Glyphs, ruling lines and font facts of a page from PDFium (pypdfium2's raw API).

Why PDFium: it is the fast source (~2 ms a page against ~15 ms for pdfminer), so every page
starts here. The raw FPDF* bindings give what the line builder and the table finder need: each
glyph's origin, loose box and size (font size times the text matrix), the page's paths with
their colours, and whether a font is embedded. pypdfium2 is imported inside the functions, so
importing the reader does not load it.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from .cells import MIN_PATHS_FOR_TABLES
from .lines import Glyph

_BASE14 = re.compile(rb"^(Times|Helvetica|Arial|Courier|Symbol|ZapfDingbats)", re.I)


def page_transform(mediabox: tuple, rotation: int) -> Callable:
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


_FAST: dict = {}


def _fast(name: str, restype):
    """PDFium's `name` as a ctypes function of its own without argument types: no per-call
    conversion checks (the per-glyph calls are most of a page's cost), None when unavailable."""
    if name not in _FAST:
        try:
            from pypdfium2_raw.bindings import _libs

            fn = _libs["pdfium"][name]  # a new function object: pypdfium2's own is left as it is
            fn.argtypes, fn.restype = None, restype
        except Exception:
            fn = None
        _FAST[name] = fn
    return _FAST[name]


def glyphs(page, tf: Callable) -> list:
    """Glyphs of a page from PDFium: origin, loose box, size; generated spaces are skipped
    (the line builder decides spacing itself).

    Per glyph PDFium is asked its origin, loose box and text object; the font size and matrix
    are the same for every glyph of a text object, so they are asked once per object."""
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
        origin_fn, box_fn = _fast("FPDFText_GetCharOrigin", ctypes.c_int), _fast("FPDFText_GetLooseCharBox", ctypes.c_int)
        object_fn = _fast("FPDFText_GetTextObject", ctypes.c_void_p)
        tp = ctypes.cast(raw, ctypes.c_void_p)
        p_ox, p_oy, p_rect = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(rect)
        sizes: dict = {}
        for i in range(count):
            ch = text[i] if text is not None else _unicode_at(raw, i)
            code = ord(ch) if ch else 0
            if code in (0, 0x0D, 0x0A, 0xFFFE, 0xFFFF) or (code < 0x20 and code != 0x09) \
                    or 0xD800 <= code < 0xE000:
                continue
            if code in (0x20, 0x09, 0xA0, 0x3000) and C.FPDFText_IsGenerated(raw, i):
                continue
            if origin_fn is not None and box_fn is not None:
                origin_fn(tp, i, p_ox, p_oy)
                box_fn(tp, i, p_rect)
            else:
                C.FPDFText_GetCharOrigin(raw, i, ox, oy)
                C.FPDFText_GetLooseCharBox(raw, i, rect)
            key = object_fn(tp, i) if object_fn is not None else None
            size = sizes.get(key) if key else None
            if size is None:
                C.FPDFText_GetMatrix(raw, i, matrix)
                # the Tf size times the text matrix's scale (Tf 439 × 0.05 in WPS, Tf 1 × 16 elsewhere)
                size = C.FPDFText_GetFontSize(raw, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                if key:
                    sizes[key] = size
            x0, top, x1, bottom = _box(tf, rect.left, rect.bottom, rect.right, rect.top)
            if size > 0 and (bottom - top > 2.5 * size or x1 - x0 > 3 * size):
                # PDFium's loose box ignores the matrix for vertical-writing (Identity-V) glyphs
                C.FPDFText_GetCharBox(raw, i, left, right, low, high)
                x0, top, x1, bottom = _box(tf, left.value, low.value, right.value, high.value)
            order, base = tf(ox.value, oy.value)
            out.append(Glyph(ch, x0, x1, top, bottom, size, base, order))
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


def scan_objects(page) -> tuple:
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
    """A font PDFium may not map to Unicode reliably: not embedded and not a standard Latin one."""
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


def ruling_edges(paths: list, tf: Callable) -> list:
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
