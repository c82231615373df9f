"""Page furniture in extracted text (pdftotext -layout/-raw, copy-paste from a PDF viewer):
page numbers, running headers/footers and blank runs between two rows of a table never become
cells, and a row label with blank cells is a row of blanks. Cases that must fire and cases that
must stay silent."""
from __future__ import annotations

from pathlib import Path

import pytest

from xxgk_lint.readers.furniture import furniture_lines
from xxgk_lint.run.engine import lint_document, parse_file

CLEAN = Path(__file__).parent / "fixtures" / "clean_2023.txt"
HEADER = "示例市示例区交通运输局2023年政府信息公开工作年度报告"


def _lines():
    return CLEAN.read_text(encoding="utf-8").split("\n")


def _at(lines, prefix):
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def _read(tmp_path, lines, name="r.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = parse_file(str(path))
    cells = {(k, r, c): cell.value for k, t in doc.tables.items() for (r, c), cell in t.cells.items()}
    unreadable = [u for t in doc.tables.values() for u in t.unreadable]
    return cells, unreadable, sorted((f.code, f.severity) for f in lint_document(doc))


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return _read(tmp_path_factory.mktemp("clean"), _lines())


# what another tool prints between two rows of 表三 at a page break
BREAKS = {
    "dash": ["", "-3-", ""],
    "em-dash, centred by -layout": ["", " " * 40 + "— 3 —", ""],
    "page of pages": ["第3页 共8页"],
    "bare number between blank runs": ["", "", "3", "", ""],
    "bare number before a form feed": ["", "3", "\f"],
    "bare number copied from a PDF viewer, no blank lines": ["3"],
    "footer and running header": ["", "- 3 -", "", "\f" + HEADER, ""],
    "blank run": ["", "", "", ""],
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_page_break_inside_table3_reads_the_same(tmp_path, clean, name):
    lines = _lines()
    # the break falls after the row 2.其他法律行政法规禁止公开 (7 values), and once more in 表三
    for prefix in ("3.危及", "3.要求提供公开出版物"):
        i = _at(lines, prefix)
        lines[i:i] = BREAKS[name]
    cells, unreadable, findings = _read(tmp_path, lines)
    assert not unreadable
    assert cells == clean[0]
    assert findings == clean[2]


def test_running_header_cutting_a_wrapped_row_label(tmp_path, clean):
    """pdftotext -layout: the label of one row wraps across the page break, with footer and
    header between its two halves."""
    lines = _lines()
    i = _at(lines, "1.申请人无正当理由逾期不补正")
    label, values = lines[i].split(" ", 1)
    lines[i:i + 1] = [label[:14] + " " + values, "", "— 4 —", "\f" + HEADER, "", label[14:]]
    # the header also opens the report, as on every page
    lines[0:0] = [HEADER, ""]
    cells, unreadable, findings = _read(tmp_path, lines)
    assert not unreadable and cells == clean[0] and findings == clean[2]


@pytest.mark.parametrize("lines,expected", [
    # must fire
    (["正文一", "", "7", "", "正文二"], {2}),
    (["正文一", "— 7 —", "正文二"], {1}),
    (["正文一", "", "3", "\f正文二"], {2}),
    (["页眉标题文字", "正文一行", "", "- 1 -", "\f页眉标题文字", "正文二行", "", "- 2 -", "\f页眉标题文字", "正文三行"],
     {3, 4, 7, 8}),
    (["标题", "正文一", "正文二", "file:///tmp/x/report.html 1/2", "\f12/3/26, 10:00 PM 某某局年度报告", "正文三",
      "file:///tmp/x/report.html 2/2", "\f12/3/26, 10:00 PM 某某局年度报告", "正文四"], {3, 4, 6, 7}),
])
def test_furniture_fires(lines, expected):
    assert furniture_lines(lines) == expected


@pytest.mark.parametrize("lines", [
    # a table printed one cell per paragraph: bare numbers next to bare numbers are values
    ["1.属于国家秘密", "", "3", "", "0", "", "1", "", "4"],
    # a number inside prose lines, no blank run around it
    ["收到申请", "12", "件"],
    # a heading that occurs once, next to two page breaks
    ["正文一", "- 1 -", "三、收到和处理政府信息公开申请情况", "- 2 -", "正文二"],
    # a repeated line far from any page edge
    ["甲", "乙", "丙", "重复的一行文字", "丁", "戊", "己", "庚", "重复的一行文字", "辛", "壬", "癸"],
    # the agency in the title and in the signature: both ends of the report, no page break
    ["某某县示例局", "2023年政府信息公开工作年度报告", "正文一", "正文二", "正文三", "某某县示例局", "2024年1月20日"],
    # the signature right after a page break, the agency atop page 1: one break is no repeat
    ["某某县示例局", "正文一", "正文二", "- 1 -", "正文三", "正文四", "正文五", "- 2 -", "某某县示例局", "2024年1月20日"],
    # a row of numbers repeated at page edges is data, not a header
    ["正文", "0 0 0 0 0 0 0", "- 1 -", "0 0 0 0 0 0 0", "正文"],
])
def test_furniture_stays_silent(lines):
    assert not (furniture_lines(lines) - {i for i, t in enumerate(lines) if t.startswith("-")})


def test_a_labelled_row_with_nothing_after_it_is_a_row_of_blanks(tmp_path, clean):
    """pdftotext drops empty cells: `3.要求提供公开出版物` directly followed by the next label."""
    lines = _lines()
    i = _at(lines, "3.要求提供公开出版物")
    lines[i] = "3.要求提供公开出版物"
    cells, unreadable, _findings = _read(tmp_path, lines)
    assert not unreadable
    assert all(cells[("table3", "declined_publication", c)] is None for c in ("natural_person", "total"))


def test_a_labelled_row_followed_by_other_text_stays_unreadable(tmp_path):
    """Text with digits (not the rest of the label) after a label with no values is not a blank
    row: the reader says it could not read the row."""
    lines = _lines()
    i = _at(lines, "3.要求提供公开出版物")
    lines[i] = "3.要求提供公开出版物 见附件2"
    _cells, unreadable, _findings = _read(tmp_path, lines)
    assert {u[0] for u in unreadable} == {"declined_publication"}


def test_a_lone_number_after_a_row_printed_one_cell_per_line_is_not_dropped(tmp_path):
    """A table printed one cell per line: the row label, then each value on its own line. An 8th
    lone number there is no page number that can be told from a cell: the row stays unreadable."""
    lines = _lines()
    i = _at(lines, "2.其他法律行政法规禁止公开")
    label, *values = lines[i].split(" ")
    lines[i:i + 1] = [label] + values + ["3"]
    _cells, unreadable, _findings = _read(tmp_path, lines)
    assert {u[0] for u in unreadable} == {"denied_prohibited"}


def test_a_centred_page_number_is_a_page_number():
    from xxgk_lint.document.prose import is_page_number

    assert is_page_number(" " * 60 + "— 12 —")
    assert not is_page_number(" " * 60 + "— 12 — 见附件")


def test_pdf_prose_furniture_is_the_repeat_in_the_margins():
    """furniture_blocks gets, per page, the text of the margin lines and a mark for everything
    else: the browser's date and URL lines repeat on every page and go; a body line stays."""
    from xxgk_lint.readers.furniture import furniture_blocks

    mark = "\u25a1"
    pages = [["1/1/24, 9:00 AM 某某局年度报告", "某某局2023年政府信息公开工作年度报告", mark, mark, "file:///tmp/r.html 1/3"],
             ["1/1/24, 9:00 AM 某某局年度报告", mark, mark, "file:///tmp/r.html 2/3"],
             ["1/1/24, 9:00 AM 某某局年度报告", mark, "六、其他需要报告的事项", mark, "file:///tmp/r.html 3/3"]]
    assert furniture_blocks(pages) == {(1, 0), (2, 0), (0, 4), (1, 3), (2, 4)}


def test_a_table2_row_printed_blank_is_a_row_of_blanks(tmp_path):
    lines = _lines()
    i = _at(lines, "规章")
    lines[i] = "规章"
    cells, unreadable, findings = _read(tmp_path, lines)
    assert not unreadable
    assert cells[("table2", "regulations", "issued")] is None and cells[("table2", "normative_documents", "issued")] == 3
    assert not [f for f in findings if f[1] == "error"]


def test_a_body_sentence_opening_two_of_many_pages_is_no_header():
    """Digits aside, the same sentence may open two pages of a long report by chance; a running
    header opens most of them."""
    lines = []
    for page in range(1, 13):
        word = "甲乙丙丁戊己庚辛壬癸子丑"[page - 1]
        lines += ["本年度共收到政府信息公开申请%d件，较上年增长。" % (page * 7) if page in (4, 9) else f"正文{word}开头"]
        lines += [f"正文{word}{k}" for k in range(5)]
        lines += ["", f"— {page} —", ""]
    found = furniture_lines(lines)
    assert not any("本年度共收到" in lines[i] for i in found)
    assert all(lines[i].startswith("—") for i in found)


def test_running_header_on_every_page_of_a_long_report_fires():
    lines = []
    for page in range(1, 13):
        lines += ["某某县示例局2023年政府信息公开工作年度报告"] + [f"第{page}页正文{k}行" for k in range(5)]
        lines += ["", f"— {page} —", "\f"]
    found = furniture_lines(lines)
    headers = {i for i, t in enumerate(lines) if t.startswith("某某县")}
    assert headers - {0} <= found and 0 not in found


@pytest.mark.parametrize("layout", [
    # pdftotext -layout: the row's values right after the first line of its wrapped label
    "5.要求行政机关确认或重   0   0   0   0   1   0   1\n          新出具已获取信息",
    "5.要求行政   0   0   0   0   1   0   1\n机关确认或\n重新出具已\n获取信息",
])
def test_a_row_label_cut_by_its_values_is_found_by_its_start(tmp_path, clean, layout):
    lines = _lines()
    i = _at(lines, "5.要求行政机关确认")
    lines[i:i + 1] = layout.split("\n")
    cells, unreadable, findings = _read(tmp_path, lines)
    assert not unreadable and cells == clean[0] and findings == clean[2]


def test_table4_headers_printed_one_character_a_line(tmp_path, clean):
    lines = _lines()
    i = _at(lines, "四、政府信息公开行政复议")
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith("五、"))
    values = next(t for t in lines[i + 1:j] if t.split() and all(w.isdigit() for w in t.split()))
    lines[i + 1:j] = ["本年度行政复议和诉讼案件情况如下，共12件。",
                      "         行政复议                        行政诉讼",
                      "结    结    其   尚   总       未经复议直接起诉             复议后起诉",
                      "果    果    他   未   计   结    结 其  尚    总   结   结   其  尚    总",
                      "维    纠    结   审       果    果 他  未    计   果   果   他  未    计",
                      "持    正    果   结       维    纠 结  审        维   纠   结  审",
                      "                      持    正 果  结        持   正   果  结",
                      " " + values]
    cells, unreadable, _findings = _read(tmp_path, lines)
    assert not unreadable
    t4 = {k: v for k, v in cells.items() if k[0] == "table4"}
    assert t4 == {k: v for k, v in clean[0].items() if k[0] == "table4"}
