"""Recognised boxes into reading-order lines and table rows.

Why from the boxes and the ruling lines, not from the engine's order: the engine returns boxes
roughly top to bottom, but a scan is tilted (a box 1° off drifts 20 px across a page, more than
half a line), a wrapped row label sits above and below its numbers, and a `0` the detector
missed leaves no box at all. So:

1. the skew is measured from the boxes themselves (the slope of every long box's top edge, the
   median) and undone: the image and the boxes are rotated together;
2. the table grid comes from the ruling lines (OpenCV morphology on the deskewed image): two
   neighbouring horizontal rules make a row band, the vertical rules crossing it its cells; a box
   belongs to the cell holding its centre, a cell with ink but no box is re-read alone (the
   detector drops lone faint digits), a cell without ink is blank;
3. the boxes outside any grid are clustered by baseline into lines; a line that holds several
   numbers (a table printed without rules) becomes a row: the text before the first number is its
   label, each number a cell.

Everything here works in deskewed pixels; each cell keeps its box in the original image's pixels
(the inverse rotation), which the emitter turns into page coordinates.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from statistics import median
from typing import Optional

from .engine import Box

# characters the recogniser confuses with digits, read as the digit when the whole cell is numeric
_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1",
                                   "丨": "1", "，": ",", "°": ""})
_NUMERIC = re.compile(r"^[+\-－]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-－]?\d+(?:\.\d+)?$")
MIN_SKEW = 0.05  # degrees: below this the page is taken as straight
# two vertical rules closer than this (in text heights) are one rule drawn double; a cell holding a
# single digit is wider (a digit and its padding: about half a text height)
NARROWEST_CELL = 0.4


@dataclass
class OcrCell:
    """A cell of a table row, or one box of a prose line: the text as it goes into the document,
    the text as the engine read it, the confidence (lowest of its boxes) and the box in original
    image pixels."""

    text: str
    read: str
    confidence: float
    bbox: tuple
    alternatives: list = field(default_factory=list)  # other readings of the cell (two disagreeing reads)


@dataclass
class OcrLine:
    cells: list = field(default_factory=list)  # list[OcrCell]
    is_table_row: bool = False
    top: float = 0.0

    @property
    def text(self) -> str:
        if self.is_table_row:
            return "\t".join(c.text for c in self.cells)
        return join_texts([c.text for c in self.cells])


def as_number(text: str) -> Optional[str]:
    """The cell text as a number when the whole cell reads as one (lookalike letters mapped), else None.

    Digits separated by a space are not one number: they are the boxes of several narrow cells
    whose rules were not found (`4 6 12` is not 4612), so such a cell is no number at all and the
    row cannot be read, never a wrong value."""
    if re.search(r"[\dOoDlI|〇丨]\s+[\dOoDlI|〇丨]", text.strip()):
        return None
    compact = re.sub(r"\s+", "", text).translate(_DIGIT_LOOKALIKES)
    return compact if compact and _NUMERIC.match(compact) else None


def join_texts(parts: list) -> str:
    """Texts of boxes on one line: no space between CJK, one between Latin words or numbers."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and (out[-1].isascii() and out[-1].isalnum()) and (part[0].isascii() and part[0].isalnum()):
            out += " "
        out += part
    return out


def skew_angle(boxes: list) -> float:
    """The page's tilt in degrees (positive: text rises to the right... in image coordinates, y
    grows downwards), the median slope of the top edges of long boxes."""
    slopes = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
        height = abs(b.quad[3][1] - b.quad[0][1]) or 1.0
        if x1 - x0 > 3 * height and len(b.text) >= 3:
            slopes.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if len(slopes) < 3:
        return 0.0
    angle = median(slopes)
    return 0.0 if abs(angle) < MIN_SKEW else angle


class Deskew:
    """The rotation that straightens the page, applied to the image and to points, and undone."""

    def __init__(self, width: int, height: int, angle: float):
        import cv2
        import numpy as np

        self.angle = angle
        self.matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        self.inverse = cv2.invertAffineTransform(self.matrix)
        self._np = np

    def image(self, grey):
        import cv2

        if not self.angle:
            return grey
        h, w = grey.shape[:2]
        return cv2.warpAffine(grey, self.matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)

    def _apply(self, matrix, points: list) -> list:
        pts = self._np.asarray(points, dtype=float)
        out = pts @ matrix[:, :2].T + matrix[:, 2]
        return [(float(x), float(y)) for x, y in out]

    def forward(self, points: list) -> list:
        return self._apply(self.matrix, points) if self.angle else list(points)

    def back_bbox(self, bbox: tuple) -> tuple:
        """A deskewed rectangle as the bounding box of its corners in the original image."""
        x0, y0, x1, y1 = (float(v) for v in bbox)
        if not self.angle:
            return (x0, y0, x1, y1)
        pts = self._apply(self.inverse, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        return (float(min(p[0] for p in pts)), float(min(p[1] for p in pts)), float(max(p[0] for p in pts)), float(max(p[1] for p in pts)))


@dataclass
class _Placed:
    box: Box
    rect: tuple  # deskewed (x0, y0, x1, y1)

    @property
    def cx(self) -> float:
        return (self.rect[0] + self.rect[2]) / 2

    @property
    def cy(self) -> float:
        return (self.rect[1] + self.rect[3]) / 2


def lay_out(image, boxes: list, reread=None) -> list:
    """The lines of one image in reading order (see the module docstring). `image` is a PIL image;
    `reread(crops) -> [(text, confidence)]` reads cell crops again (None: never)."""
    import numpy as np

    grey = np.asarray(image.convert("L"))
    h, w = grey.shape[:2]
    deskew = Deskew(w, h, skew_angle(boxes))
    straight = deskew.image(grey)
    placed = []
    for b in boxes:
        pts = deskew.forward(b.quad)
        placed.append(_Placed(b, (min(p[0] for p in pts), min(p[1] for p in pts),
                                  max(p[0] for p in pts), max(p[1] for p in pts))))
    text_height = median([p.rect[3] - p.rect[1] for p in placed]) if placed else 20.0
    bands = grid_bands(straight, text_height)
    lines: list = []
    loose = []
    in_band: dict = {}
    for p in placed:
        band = next((i for i, bd in enumerate(bands) if bd.holds(p.cx, p.cy)), None)
        if band is None:
            loose.append(p)
        else:
            in_band.setdefault(band, []).append(p)
    for i, band in enumerate(bands):
        lines.append(band_row(band, in_band.get(i, []), straight, deskew, text_height, reread))
    lines.extend(baseline_lines(loose, deskew, text_height))
    lines = [ln for ln in lines if ln.cells and any(c.text for c in ln.cells)]
    lines.sort(key=lambda ln: ln.top)
    return lines


@dataclass
class Band:
    """A table row: between two horizontal rules, across their common width; `cuts` are the x
    of the vertical rules crossing it (its left and right edges included)."""

    top: float
    bottom: float
    left: float
    right: float
    cuts: list

    def holds(self, x: float, y: float) -> bool:
        return self.top <= y <= self.bottom and self.left <= x <= self.right


def _segments(mask, horizontal: bool) -> list:
    """(position, start, end) of each rule in a morphology mask: y, x0, x1 for horizontal rules."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, ww, hh, _ = stats[i]
        if horizontal:
            out.append((y + hh / 2, float(x), float(x + ww)))
        else:
            out.append((x + ww / 2, float(y), float(y + hh)))
    return out


def grid_bands(grey, text_height: float) -> list:
    """The row bands of every ruled table of a deskewed page (see `Band`)."""
    import cv2

    h, w = grey.shape[:2]
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    long_h = max(20, int(w / 12))
    hmask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    hmask = cv2.dilate(hmask, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    long_v = max(8, int(text_height * 1.1))
    vmask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)))
    vmask = cv2.dilate(vmask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    rules = sorted(_segments(hmask, True))
    verticals = _segments(vmask, False)
    bands = []
    max_gap = 8 * text_height
    for i, (y0, a0, a1) in enumerate(rules):
        # the next rule below that overlaps this one across most of its width
        for y1, b0, b1 in rules[i + 1:]:
            if y1 - y0 < 0.4 * text_height:  # a double rule; table rows can be lower than the prose text
                continue
            if y1 - y0 > max_gap:
                break
            left, right = max(a0, b0), min(a1, b1)
            if right - left < 0.5 * min(a1 - a0, b1 - b0):
                continue
            crossing = sorted(x for x, v0, v1 in verticals
                              if left - text_height < x < right + text_height
                              and v0 <= y0 + 0.3 * (y1 - y0) and v1 >= y1 - 0.3 * (y1 - y0))
            if not crossing or crossing[0] > left + text_height or crossing[-1] < right - text_height:
                break  # no rule on both sides: the gap between two tables, not a row
            cuts = [x for x in crossing if left + 4 < x < right - 4]
            merged = []
            narrow = text_height * NARROWEST_CELL
            for x in cuts:  # a rule drawn double, or the table's own border, is no cell
                if x - left > narrow and right - x > narrow and (not merged or x - merged[-1] > narrow):
                    merged.append(x)
            bands.append(Band(y0, y1, left, right, [left] + merged + [right]))
            break
    return bands


SURE = 0.9  # a value cell read below this confidence is read a second time, alone and tightly cropped


def band_row(band: Band, members: list, grey, deskew: Deskew, text_height: float, reread) -> OcrLine:
    """A table row: one cell between each pair of cuts, its boxes joined in reading order.

    A value cell the engine was unsure of (or did not see: a lone faint `0` is often dropped by
    the detector) is read a second time from a tight crop of its ink: the recogniser scales every
    crop to 48 px high, so a small digit alone in a wide cell reads as `。` unless cropped to its
    ink. Two agreeing readings raise the confidence; disagreeing ones keep the lower and the other
    reading as the cell's alternative (the doubt rule uses it)."""
    cells, second = [], []
    across = _across_rules(band, members, text_height)
    members = [p for p in members if id(p) not in across]
    for x0, x1 in zip(band.cuts, band.cuts[1:]):
        inside = [p for p in members if x0 <= p.cx < x1]
        rect = (x0, band.top, x1, band.bottom)
        if inside:
            text = join_texts([p.box.text for p in _reading_order(inside, text_height)])
            conf = min(p.box.confidence for p in inside)
        else:
            text, conf = "", 0.0
        number = as_number(text)
        cell = OcrCell(text=number if number is not None else text.strip(), read=text.strip(),
                       confidence=round(conf, 3), bbox=deskew.back_bbox(rect))
        cells.append(cell)
        # a value cell: a number read unsure, or (almost) nothing read where a number may be
        unsure = number is not None and conf < SURE
        if len(band.cuts) > 2 and (unsure or (number is None and len(text.strip()) <= 3)):
            crop = ink_crop(grey, rect)
            if crop is None:
                if not inside:  # no box and no ink: a blank cell
                    cell.confidence = 1.0
                continue
            second.append((cell, crop))
    numeric_row = bool(across) or sum(as_number(c.text) is not None for c in cells) >= 1
    if reread is not None and numeric_row and second:
        readings = reread([crop for _, crop in second])
        for (cell, _), (text, conf) in zip(second, readings):
            _combine(cell, text.strip(), float(conf))
    return OcrLine(cells=cells, is_table_row=True, top=band.top)


def _across_rules(band: Band, members: list, text_height: float) -> set:
    """ids of the boxes with digits that reach well across a vertical rule of the row: the
    detector took several narrow cells as one box (`04612609722` over the cells 0|4|6|12|…). Such
    a box is no cell's text; the cells it covers are read alone from their own ink instead."""
    margin = 0.25 * text_height
    out = set()
    for p in members:
        if any(ch.isdigit() for ch in p.box.text) and any(
                p.rect[0] < x - margin and p.rect[2] > x + margin for x in band.cuts[1:-1]):
            out.add(id(p))
    return out


def _combine(cell: OcrCell, text: str, conf: float) -> None:
    """Merge the second reading of a value cell into the first (see `band_row`)."""
    first, again = as_number(cell.read), as_number(text)
    if again is None:
        if not cell.read and text:
            cell.text, cell.read, cell.confidence = text, text, round(conf, 3)
        return
    if first == again:
        cell.confidence = round(max(cell.confidence, conf), 3)
    elif first is None:  # the first reading was no number (`。`, `0°`) or nothing at all
        if cell.read:
            cell.alternatives.append(cell.read)
        cell.text, cell.confidence = again, round(conf, 3)
        cell.read = cell.read or text
    else:  # two numbers: the surer one, at the lower confidence, the other kept as alternative
        if conf > cell.confidence:
            cell.alternatives.append(first)
            cell.text = again
        else:
            cell.alternatives.append(again)
        cell.confidence = round(min(cell.confidence, conf), 3)
        cell.read = f"{cell.read}/{text}"


def ink_crop(grey, rect: tuple):
    """The ink of a cell, tightly cropped (padded by a quarter of its height), as an RGB array;
    None when the cell holds no ink. Marks touching the cell's edge (the rules) and specks are
    not ink."""
    import cv2
    import numpy as np

    x0, y0, x1, y1 = (int(round(v)) for v in rect)
    m = 4
    inner = grey[max(0, y0 + m):max(0, y1 - m), max(0, x0 + m):max(0, x1 - m)]
    if inner.size == 0 or min(inner.shape) < 4:
        return None
    binary = (inner < 140).astype("uint8")
    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    h, w = inner.shape
    keep = []
    for i in range(1, n):
        x, y, ww, hh, area = stats[i]
        if area < 6 or (x == 0 or y == 0 or x + ww >= w or y + hh >= h) and (ww > 0.8 * w or hh > 0.8 * h):
            continue
        if max(ww, hh) < 4:
            continue
        keep.append((x, y, x + ww, y + hh))
    if not keep:
        return None
    a0, b0 = min(k[0] for k in keep), min(k[1] for k in keep)
    a1, b1 = max(k[2] for k in keep), max(k[3] for k in keep)
    pad = max(3, int((b1 - b0) * 0.3))
    crop = inner[max(0, b0 - pad):b1 + pad, max(0, a0 - pad):a1 + pad]
    return np.ascontiguousarray(np.stack([crop] * 3, axis=-1))


def _reading_order(placed: list, text_height: float) -> list:
    rows: list = []
    for p in sorted(placed, key=lambda p: p.cy):
        if rows and abs(p.cy - rows[-1][-1].cy) < 0.5 * text_height:
            rows[-1].append(p)
        else:
            rows.append([p])
    return [p for row in rows for p in sorted(row, key=lambda p: p.cx)]


def baseline_lines(placed: list, deskew: Deskew, text_height: float) -> list:
    """Boxes outside any grid as lines (clustered by their vertical centre); a line of several
    numbers becomes a table row."""
    lines = []
    for row in _cluster(placed, text_height):
        row.sort(key=lambda p: p.cx)
        cells = [cell for p in row for cell in _box_cells(p.box)]
        numbers = [as_number(c.text) for c in cells]
        top = min(p.rect[1] for p in row)
        first = next((i for i, n in enumerate(numbers) if n is not None), None)
        if first is not None and sum(n is not None for n in numbers[first:]) >= 3 and all(
                n is not None for n in numbers[first:]):
            label = cells[:first]
            row_cells = []
            if label:
                row_cells.append(OcrCell(text=join_texts([c.text for c in label]), read=join_texts([c.read for c in label]),
                                         confidence=min(c.confidence for c in label),
                                         bbox=_union([c.bbox for c in label])))
            for c, n in zip(cells[first:], numbers[first:]):
                c.text = n
                row_cells.append(c)
            lines.append(OcrLine(cells=row_cells, is_table_row=True, top=top))
        else:
            lines.append(OcrLine(cells=cells, is_table_row=False, top=top))
    return lines


def _box_cells(box: Box) -> list:
    """One cell per box, or one per number when the box is several numbers the detector took as
    one (`0 0 0 0` of a row printed without rules); their boxes are the box cut by character
    position."""
    text = box.text.strip()
    parts = text.split()
    conf = round(box.confidence, 3)
    if len(parts) < 2 or any(as_number(part) is None for part in parts):
        return [OcrCell(text=text, read=text, confidence=conf, bbox=box.bbox)]
    x0, y0, x1, y1 = box.bbox
    per_char = (x1 - x0) / max(1, len(text))
    out, at = [], 0
    for part in parts:
        start = text.index(part, at)
        at = start + len(part)
        out.append(OcrCell(text=part, read=part, confidence=conf,
                           bbox=(x0 + start * per_char, y0, x0 + at * per_char, y1)))
    return out


def _cluster(placed: list, text_height: float) -> list:
    rows: list = []
    for p in sorted(placed, key=lambda p: p.cy):
        if rows and abs(p.cy - median(q.cy for q in rows[-1])) < 0.5 * text_height:
            rows[-1].append(p)
        else:
            rows.append([p])
    return rows


def _union(boxes: list) -> tuple:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
