"""Glyphs, ruling lines and font facts of a page from PDFium (pypdfium2's raw API).

Why PDFium: it is the fast source (~2 ms a page against ~15 ms for pdfminer), so every page
starts here. The raw FPDF* bindings give what the line builder and the table finder need: each
glyph's origin, loose box and size (font size times the text matrix), the page's paths with
their colours, and whether a font is embedded. pypdfium2 is imported inside the functions, so
importing the reader does not load it.
"""
from __future__ import annotations

import re
import struct
from typing import Callable, Optional

from .cells import MIN_PATHS_FOR_TABLES
from .lines import Glyph

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
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


def unrotated_offset(mediabox: tuple, rotation: int) -> Optional[tuple]:
    """(x0, y1) of the mediabox when the page is not rotated: then `page_transform` is
    (x, y) → (x - x0, y1 - y), which the glyph loop inlines; None for a rotated page."""
    if int(rotation or 0) % 360:
        return None
    return mediabox[0], mediabox[3]


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


def glyphs(page, tf: Callable, flat: Optional[tuple] = None) -> list:
    """Glyphs of a page from PDFium: origin, loose box, size; generated spaces are skipped
    (the line builder decides spacing itself).

    Why it is written this way: PDFium has no call that returns the boxes of many glyphs, so a
    page costs two calls per glyph (origin, loose box) plus one for its text object, and the
    Python around them is most of the rest. The text comes in one call for the whole page; the
    characters that are no glyph are dropped before any per-glyph call; the calls go through
    argument-check-free ctypes functions writing into reused buffers read as one slice; the
    font size and matrix are asked once per text object; the page transform is inlined for
    unrotated pages (`flat`: `unrotated_offset` of the page, or None)."""
    import ctypes

    import pypdfium2.raw as C

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = C.FPDFText_CountChars(raw)
        if count <= 0:
            return []
        text = _page_text(raw, count)
        if text is None:
            text = "".join(_unicode_at(raw, i) or "\0" for i in range(count))
        wanted = _glyph_indices(raw, text)
        if not wanted:
            return []
        origin_fn = _fast("FPDFText_GetCharOrigin", ctypes.c_int)
        box_fn = _fast("FPDFText_GetLooseCharBox", ctypes.c_int)
        object_fn = _fast("FPDFText_GetTextObject", ctypes.c_void_p)
        # one buffer for what PDFium writes per glyph, read back in one unpack: the origin
        # (2 doubles) and the loose box (FS_RECTF: left, top, right, bottom as 4 floats)
        buf = (ctypes.c_char * _GLYPH_RECORD.size)()
        unpack = _GLYPH_RECORD.unpack_from
        matrix = C.FS_MATRIX()
        p_matrix = ctypes.byref(matrix)
        matrix_fn = _fast("FPDFText_GetMatrix", ctypes.c_int)
        size_fn = _fast("FPDFText_GetFontSize", ctypes.c_double)
        if None in (origin_fn, box_fn, object_fn, matrix_fn, size_fn):  # pypdfium2's checked bindings
            rect_ptr = ctypes.cast(ctypes.addressof(buf) + 16, ctypes.POINTER(C.FS_RECTF))
            x_ptr = ctypes.cast(ctypes.addressof(buf), ctypes.POINTER(ctypes.c_double))
            y_ptr = ctypes.cast(ctypes.addressof(buf) + 8, ctypes.POINTER(ctypes.c_double))
            origin_fn = lambda tp, i, _x, _y: C.FPDFText_GetCharOrigin(tp, i, x_ptr, y_ptr)  # noqa: E731
            box_fn = lambda tp, i, _: C.FPDFText_GetLooseCharBox(tp, i, rect_ptr)  # noqa: E731
            object_fn, tp = _no_object, raw
            matrix_fn, size_fn = C.FPDFText_GetMatrix, C.FPDFText_GetFontSize
        else:
            tp = ctypes.cast(raw, ctypes.c_void_p)
        p_ox, p_oy, p_rect = ctypes.byref(buf, 0), ctypes.byref(buf, 8), ctypes.byref(buf, 16)
        sizes: dict = {}
        mx, my = flat or (0.0, 0.0)
        out = []
        append, new = out.append, tuple.__new__
        for i, ch in wanted:
            origin_fn(tp, i, p_ox, p_oy)
            box_fn(tp, i, p_rect)
            key = object_fn(tp, i)
            size = sizes.get(key) if key else None
            if size is None:
                matrix_fn(tp, i, p_matrix)
                # the Tf size times the text matrix's scale (Tf 439 × 0.05 in WPS, Tf 1 × 16 elsewhere)
                size = size_fn(tp, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                if key:
                    sizes[key] = size
            ox, oy, left, top_, right, bottom_ = unpack(buf)
            if flat is not None:
                x0, x1 = left - mx, right - mx
                if x0 > x1:
                    x0, x1 = x1, x0
                top, bottom = my - top_, my - bottom_
                if top > bottom:
                    top, bottom = bottom, top
                order, base = ox - mx, my - oy
            else:
                x0, top, x1, bottom = _box(tf, left, bottom_, right, top_)
                order, base = tf(ox, oy)
            if size > 0 and (bottom - top > 2.5 * size or x1 - x0 > 3 * size):
                # PDFium's loose box ignores the matrix for vertical-writing (Identity-V) glyphs
                x0, top, x1, bottom = _char_box(raw, i, tf)
            # Glyph(ch, ...) without its Python __new__: the same fields, the size rule inlined
            append(new(Glyph, (ch, x0, x1, top, bottom, size if size > 0.5 else max(bottom - top, 1.0),
                               base, order, ch.isspace())))
        return out
    finally:
        textpage.close()


_GLYPH_RECORD = struct.Struct("=2d4f")  # origin x, y; loose box left, top, right, bottom
_NOT_GLYPH = re.compile("[\x00-\x1f \xa0\u3000\ud800-\udfff\ufffe\uffff]")
_SPACES = " \t\xa0\u3000"


def _glyph_indices(raw, text: str) -> list:
    """(index, character) of the characters that are glyphs: no control characters, no line
    breaks or invalid code points, no spaces PDFium generated (a tab or space in the content
    stream is kept; the line builder decides spacing itself)."""
    import ctypes

    import pypdfium2.raw as C

    generated = _fast("FPDFText_IsGenerated", ctypes.c_int)
    handle = ctypes.cast(raw, ctypes.c_void_p)
    if generated is None:
        generated, handle = C.FPDFText_IsGenerated, raw
    out: list = []
    start = 0  # the glyphs from here to the next skipped character are taken as one slice
    for match in _NOT_GLYPH.finditer(text):
        i = match.start()
        if text[i] not in _SPACES or generated(handle, i):
            out.extend(zip(range(start, i), text[start:i]))
            start = i + 1
    out.extend(zip(range(start, len(text)), text[start:]))
    return out


def _char_box(raw, index: int, tf: Callable) -> tuple:
    """The glyph's tight box (FPDFText_GetCharBox) on the page as displayed."""
    import ctypes

    import pypdfium2.raw as C

    left, right, low, high = (ctypes.c_double() for _ in range(4))
    C.FPDFText_GetCharBox(raw, index, left, right, low, high)
    return _box(tf, left.value, low.value, right.value, high.value)


def _no_object(raw, index: int):
    return None


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
    (PDFium drops the single-glyph runs of non-embedded CID fonts such as STSong-Light).

    A page of a Word or WPS export holds hundreds of text objects, so the calls per object go
    through the argument-check-free functions (`_fast`) when they are available."""
    import ctypes

    import pypdfium2.raw as C

    get_object = _fast("FPDFPage_GetObject", _handle_type())
    get_type = _fast("FPDFPageObj_GetType", ctypes.c_int)
    get_font = _fast("FPDFTextObj_GetFont", ctypes.c_void_p)
    if get_object is None or get_type is None or get_font is None:
        return _scan_objects_checked(page)
    paths: list = []
    fonts: dict = {}
    forms: list = []
    handle = ctypes.cast(page.raw, ctypes.c_void_p)
    for j in range(C.FPDFPage_CountObjects(page.raw)):
        obj = get_object(handle, j)
        kind = get_type(obj)
        if kind == C.FPDF_PAGEOBJ_TEXT:
            key = get_font(obj)
            if key and key not in fonts:
                fonts[key] = _font_unmappable(ctypes.cast(key, C.FPDF_FONT))
        elif kind == C.FPDF_PAGEOBJ_PATH or kind == C.FPDF_PAGEOBJ_FORM:
            # the rare objects go the checked way: the form's own walk, and the paths'
            # matrices and segments (ruling_edges) with pypdfium2's typed handles
            typed = ctypes.cast(obj, C.FPDF_PAGEOBJECT)
            matrix = _compose(_obj_matrix(typed), _IDENTITY)
            if kind == C.FPDF_PAGEOBJ_PATH:
                paths.append((typed, matrix))
            else:
                forms.append((typed, matrix))
    for form, matrix in reversed(forms):  # after the page's own objects, the last form first
        form_paths, form_fonts = _walk_checked(form, matrix, 1)
        paths.extend(form_paths)
        for key, unmappable in form_fonts.items():
            fonts.setdefault(key, unmappable)
    return paths, any(fonts.values())


_HANDLE: list = []


def _handle_type():
    """The restype of `_fast` functions returning a PDFium handle: a subclass of c_void_p stays
    a pointer object (not a Python int), so it can be passed on to the next call as it is.
    Made on first use, so importing the reader does not load ctypes."""
    if not _HANDLE:
        import ctypes

        _HANDLE.append(type("_Handle", (ctypes.c_void_p,), {}))
    return _HANDLE[0]


def _scan_objects_checked(page) -> tuple:
    """`scan_objects` through pypdfium2's checked bindings only."""
    paths, fonts = _walk_checked(None, _IDENTITY, 0, page)
    return paths, any(fonts.values())


def _walk_checked(form, matrix: tuple, depth: int, page=None) -> tuple:
    """Paths (with their matrix to page space) and fonts ({font: unmappable}) of a page
    (`page`) or of a form XObject (`form`, drawn with `matrix`), into nested forms."""
    import ctypes

    import pypdfium2.raw as C

    paths: list = []
    fonts: dict = {}
    if page is not None:
        top = (lambda: C.FPDFPage_CountObjects(page.raw), lambda j: C.FPDFPage_GetObject(page.raw, j),
               matrix, depth)
    else:
        top = (lambda: C.FPDFFormObj_CountObjects(form), lambda k: C.FPDFFormObj_GetObject(form, k),
               matrix, depth)
    stack = [top]
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
    return paths, fonts


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
