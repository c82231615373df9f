"""Rows of 表三 with blank cells inside, in text laid out in columns (`pdftotext -layout`): the
values are placed by their position under the column headers of the same page, or under the
values of the page's complete rows, and only where that is unambiguous; otherwise the row is
reported unreadable. The fixture is tests/fixtures/pipeline/blank_cells (make_pipeline.py)."""
from __future__ import annotations

import re
from pathlib import Path

from xxgk_lint.document.tables.columns import ColumnPlacer, header_centres, place
from xxgk_lint.document.tables.rows import RowRead
from xxgk_lint.document.tables.tokens import tokenize
from xxgk_lint.readers.text import read
from xxgk_lint.run.engine import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "pipeline" / "blank_cells"
LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _at(*words) -> str:
    """A line with each (column, word) printed at its column, as pdftotext -layout does."""
    line = ""
    for col, word in words:
        line = line.ljust(col) + word
    return line


HEADER = [
    _at((0, "（本列数据的勾稽关系为：第一项加第二项之和"), (29, "自"), (35, "法人或其他组织")),
    _at((0, "，等于第三项加第四项之和）"), (53, "总")),
    _at((29, "然"), (35, "商业"), (38, "科研"), (41, "社会公"), (45, "法律服"), (49, "其"), (53, "计")),
    _at((29, "人"), (35, "企业"), (38, "机构"), (41, "益组织"), (45, "务机构"), (49, "他")),
]


def _raw(lines: list):
    return read("t.txt", "\n".join(lines).encode("utf-8"), {})


def _values(raw, line_idx: int) -> list:
    start = raw._starts[line_idx] if raw.text is not None else 0
    return [t for t in tokenize(raw, start, start + len(raw.lines[line_idx].text)) if t.is_value]


def test_stacked_header_words_give_one_centre_per_column():
    centres = header_centres(_raw(HEADER), 0, len(HEADER), LABELS)
    assert centres == [29.5, 36.0, 39.0, 42.5, 46.5, 49.5, 53.5]


def test_a_header_missing_a_column_gives_nothing():
    lines = [line.replace("科研", "    ").replace("机构 益", "     益") for line in HEADER]
    assert header_centres(_raw(lines), 0, len(lines), LABELS) is None


def test_values_are_placed_only_when_near_one_column_and_clearly_nearer():
    centres = header_centres(_raw(HEADER), 0, len(HEADER), LABELS)
    label = (0, "一、本年新收政府信息公开申请数量")
    raw = _raw(HEADER + [_at(label, (29, "26"), (38, "1"), (53, "27"))])
    assert place(raw, _values(raw, 4), centres) == [0, 2, 6]
    # a value half-way between 法律服 and 其: no column is clearly its own
    raw = _raw(HEADER + [_at(label, (29, "26"), (47, "10"), (53, "36"))])
    assert place(raw, _values(raw, 4), centres) is None


def test_a_page_whose_values_drift_from_the_header_is_not_trusted():
    """pdftotext puts a value right of the longest label left of it: values pushed into the
    next column's place. One line of values that fits no column makes the whole page suspect."""
    label = (0, "一、本年新收政府信息公开申请数量")
    good = _at(label, (29, "26"), (38, "1"), (53, "27"))
    pushed = _at((3, "5.要求行政机关确认或重新出具已获取信息"), (35, "26"), (59, "26"))
    for lines, trusted in ((HEADER + [good, good], True), (HEADER + [good, pushed], False)):
        raw = _raw(lines)
        placer = ColumnPlacer(raw, 7)
        placer.from_header(0, len(HEADER), LABELS)
        placer.check(tokenize(raw, 0, len(raw.text)))
        row = RowRead("received_new", 0, 16, _values(raw, 4))
        assert placer.fill(row) is trusted
        if trusted:
            assert row.values == [26, None, 1, None, None, None, 27]


def _table3(path: Path) -> tuple:
    table = parse_file(str(path)).tables["table3"]
    return {k: c.value for k, c in table.cells.items()}, {(u[0], u[1]) for u in table.unreadable}


def test_layout_text_reads_every_cell_like_the_word_file():
    ref, ref_unread = _table3(FIXTURE / "report.docx")
    assert not ref_unread
    for name in ("web.layout.txt", "lo.layout.txt"):
        cells, unread = _table3(FIXTURE / name)
        assert not unread, name
        assert cells == ref, name


def test_an_ambiguous_row_is_unread_and_the_others_still_read(tmp_path):
    text = (FIXTURE / "web.layout.txt").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "二、上年结转" in line)
    # the 商业企业 value moved half-way towards 科研机构: the page's header positions are not
    # trusted any more; its rows with blank cells are unread, its complete row still read
    moved = row.replace("2    1    ", "2     1   ", 1)
    assert moved != row
    path = tmp_path / "moved.txt"
    path.write_text(text.replace(row, moved), encoding="utf-8")
    ref, _ = _table3(FIXTURE / "report.docx")
    cells, unread = _table3(path)
    assert {r for r, _c in unread} == {"carried_over", "granted", "partly_granted"}
    assert all(ref[k] == v for k, v in cells.items())


def _blank_middle(line: str) -> str:
    """The line with the 2nd to 6th of its seven numbers blanked (spaces of the same width)."""
    nums = list(re.finditer(r"(?<=\s)\d+(?=\s|$)", line))
    if len(nums) != 7:
        return line
    for m in nums[1:6]:
        line = line[:m.start()] + " " * len(m.group()) + line[m.end():]
    return line


def test_a_page_without_header_or_complete_row_is_unread(tmp_path):
    text = (FIXTURE / "web.layout.txt").read_text(encoding="utf-8")
    first, rest = text.split("\f", 1)
    # page 2 has no header; its complete rows lose five values each: nothing to place by
    cut = first + "\f" + "\n".join(_blank_middle(line) for line in rest.split("\n"))
    assert cut != text
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    ref, _ = _table3(FIXTURE / "report.docx")
    cells, unread = _table3(path)
    unread_rows = {r for r, _c in unread}
    assert {"denied_prohibited", "unable_not_held", "results_total"} <= unread_rows
    assert not unread_rows & {"received_new", "carried_over", "granted", "partly_granted"}
    assert all(ref[k] == v for k, v in cells.items())
