"""The document model shared by every reader, the parser and the rules.

Every reader (text, Markdown, HTML, PDF, DOCX) produces the same thing: a `RawDocument`, i.e. the
report as one text (`text`, lines joined with "\\n") plus a map from every offset of that text
back to where it came from in the source file (line/column, PDF page and box, DOCX
paragraph/table cell). Tables are written into the text as one line per table row, cells
separated by TAB, so that the same table reader works on every format; a blank cell is an empty
string between two TABs. Working on one text with a source map is what lets a finding name "the
exact place" whatever the input format.

`Document` is what the parser makes of it: the report year, the template edition, the six
sections and the tables by canonical keys (see ../shared/spec/keys.md).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Optional

BBox = tuple  # (x0, top, x1, bottom) in PDF points


@dataclass
class Location:
    """Where something is in the source file. Only the fields that apply are set."""

    line: Optional[int] = None  # 1-based line in the source (for text-like input)
    column: Optional[int] = None  # 1-based column, counted in code points
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    page: Optional[int] = None  # 1-based PDF page
    bbox: Optional[BBox] = None  # PDF points [x0, top, x1, bottom]
    paragraph: Optional[int] = None  # DOCX: 1-based paragraph index in the body
    table_index: Optional[int] = None  # DOCX/HTML: 1-based table index in the document
    row: Optional[int] = None  # 1-based row of that table
    col: Optional[int] = None  # 1-based column of that table
    image: Optional[int] = None  # DOCX/HTML: 1-based picture in the document the text was read from
    confidence: Optional[float] = None  # OCR: the recognition confidence (0-1); None: not OCR'd text
    ocr_read: Optional[str] = None  # OCR: the text as the engine read it (before digit lookalikes)
    ocr_alternatives: Optional[tuple] = None  # OCR: other readings of the cell (two reads disagreed)

    def to_json(self) -> dict:
        out = {}
        for key in ("line", "column", "end_line", "end_column", "page", "paragraph",
                    "table_index", "row", "col", "image"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.bbox is not None:
            out["bbox"] = [round(float(v), 2) for v in self.bbox]
        if self.confidence is not None:
            out["ocr"] = True
            out["confidence"] = round(float(self.confidence), 3)
        return out


@dataclass
class Segment:
    """A run of one text line that has its own source location (a table cell, a PDF glyph run).

    `start`/`end` are 0-based columns within the line's text. `char_boxes`, when given, has one
    bbox per character of the segment (PDF), so a finding on part of a segment gets a tight box.
    """

    start: int
    end: int
    location: Location
    char_boxes: Optional[list] = None


@dataclass
class Line:
    """One line of the document text, with where it starts in the source."""

    text: str
    location: Location  # location of the first character (line/column or page/bbox)
    segments: list = field(default_factory=list)  # list[Segment], sorted by start
    is_table_row: bool = False  # the line is a table row: cells separated by "\t"


@dataclass
class RawDocument:
    """What a reader returns: the report as lines of text with a source map."""

    path: str
    format: str  # "text", "markdown", "html", "pdf", "docx"
    lines: list  # list[Line]
    meta: dict = field(default_factory=dict)  # e.g. {"pages": 3, "encoding": "gb18030"}
    notes: list = field(default_factory=list)  # reader observations that become input findings

    _text: Optional[str] = field(default=None, repr=False)
    _starts: Optional[list] = field(default=None, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(line.text for line in self.lines)
            starts, pos = [], 0
            for line in self.lines:
                starts.append(pos)
                pos += len(line.text) + 1
            self._starts = starts
        return self._text

    def line_index(self, offset: int) -> int:
        """Index into `lines` of the line that holds text offset `offset`."""
        self.text  # builds the offset table
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def locate(self, start: int, end: Optional[int] = None) -> Location:
        """The source location of text[start:end]."""
        if not self.lines:
            return Location()
        self.text
        idx = self.line_index(start)
        line = self.lines[idx]
        col = start - self._starts[idx]
        end = start + 1 if end is None else max(end, start + 1)
        end_idx = self.line_index(end - 1)
        end_col = end - self._starts[end_idx]
        for seg in line.segments:
            if seg.start <= col < seg.end:
                loc = Location(**{k: v for k, v in vars(seg.location).items()})
                if seg.char_boxes and loc.page is not None:
                    a = col - seg.start
                    b = min(len(seg.char_boxes), (end_col if end_idx == idx else seg.end) - seg.start)
                    boxes = [bx for bx in seg.char_boxes[a:max(a + 1, b)] if bx]
                    if boxes:
                        loc.bbox = (min(bx[0] for bx in boxes), min(bx[1] for bx in boxes),
                                    max(bx[2] for bx in boxes), max(bx[3] for bx in boxes))
                if loc.line is not None and loc.column is not None:
                    # a segment is a run contiguous in the source: columns advance within it
                    loc.column = seg.location.column + (col - seg.start)
                return loc
        base = line.location
        loc = Location(page=base.page, bbox=base.bbox, paragraph=base.paragraph,
                       table_index=base.table_index, row=base.row, col=base.col, image=base.image,
                       confidence=base.confidence)
        if base.line is not None:
            loc.line = base.line
            loc.column = (base.column or 1) + col
            end_line = self.lines[end_idx].location
            if end_line.line is not None:
                loc.end_line = end_line.line
                loc.end_column = (end_line.column or 1) + end_col
        return loc


@dataclass
class Cell:
    """One table cell by canonical keys. `value` is int/float, or None when the cell is blank."""

    row: str
    col: str
    value: Any
    raw: str = ""  # the text as printed
    start: Optional[int] = None  # offset in the document text (None when unknown)
    end: Optional[int] = None
    blank: bool = False  # printed blank (or "/", "-", "—", "无"): not zero
    source: Any = field(default=None, repr=False, compare=False)  # the RawDocument the cell is in
    _location: Optional[Location] = field(default=None, repr=False, compare=False)

    @property
    def location(self) -> Optional[Location]:
        """Where the cell is in the source file, worked out when first asked for (most cells are
        never named by a finding)."""
        if self._location is None and self.source is not None and self.start is not None:
            self._location = self.source.locate(self.start, self.end)
        return self._location

    @location.setter
    def location(self, value: Optional[Location]) -> None:
        self._location = value


@dataclass
class Table:
    """A template table read into canonical cells.

    `cells[(row, col)]` holds every cell that was read. `unreadable` lists (row, col) pairs the
    reader found but could not read (ambiguous digit runs, garbled text). `used_relations` names
    relation instances (e.g. "T3-B:received_new") that the reader used to choose between
    readings: those are not evidence and the arithmetic rule reports them as unchecked.
    """

    key: str  # "table2", "table3", "table4"
    layout: str = ""  # e.g. "2021", "2019", "2021-single-other"
    cells: dict = field(default_factory=dict)
    unreadable: list = field(default_factory=list)
    used_relations: set = field(default_factory=set)
    label_notes: list = field(default_factory=list)  # (row, message, start, end) label deviations
    start: Optional[int] = None
    end: Optional[int] = None
    source: str = ""  # "grid", "text", "runs": how it was read

    def value(self, row: str, col: str):
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value

    def as_dict(self) -> dict:
        out: dict = {}
        for (row, col), cell in self.cells.items():
            out.setdefault(row, {})[col] = cell.value
        return out


@dataclass
class Section:
    number: int  # 1..6 (the template section it is)
    heading: str  # the heading as printed
    start: int  # offset of the heading in the document text
    body_start: int  # offset just after the heading
    end: int  # offset where the next section (or the document) ends
    printed_number: Optional[int] = None  # the numeral printed before the heading
    variant: str = "standard"  # "standard", "variant", "typo"

    @property
    def number_str(self) -> str:
        return str(self.number)


@dataclass
class Document:
    """A parsed report: the raw text plus structure."""

    raw: RawDocument
    title: str = ""
    title_start: Optional[int] = None
    year: Optional[int] = None
    year_source: str = ""  # "title", "period", "option", "text"
    edition: Optional[str] = None  # "2019", "2021", "pre2019" or None when unknown
    recognised: bool = True  # it reads like an annual report (a title, a period or section headings)
    edition_source: str = ""
    agency: str = ""
    sections: list = field(default_factory=list)  # list[Section] in document order
    tables: dict = field(default_factory=dict)  # key -> Table
    options: dict = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key, compute):
        """A view derived from the document (its prose, its signature date…), computed once and
        shared by every rule that reads it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def text(self) -> str:
        return self.raw.text

    @property
    def path(self) -> str:
        return self.raw.path

    def section(self, number: int) -> Optional[Section]:
        for sec in self.sections:
            if sec.number == number:
                return sec
        return None

    def section_at(self, offset: int) -> Optional[Section]:
        for sec in self.sections:
            if sec.start <= offset < sec.end:
                return sec
        return None

    def section_text(self, number: int) -> str:
        sec = self.section(number)
        return "" if sec is None else self.text[sec.body_start:sec.end]

    def locate(self, start: int, end: Optional[int] = None) -> Location:
        return self.raw.locate(start, end)
