"""The Markdown reader: headings, pipe tables, HTML blocks, garbled conversions, positions.

Fixtures are synthetic: the labels follow the template, the prose is ours.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from xxgk_lint.errors import InputError
from xxgk_lint.readers import markdown as md_reader
from xxgk_lint.readers import read_path, read_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

REPORT = """\
# 示例县示例局2023年政府信息公开工作年度报告

## 一、总体情况

本局把**公开工作**当作日常事务来抓，全年共发布信息 *120* 条。

## 二、主动公开政府信息情况

### 第二十条第（一）项
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 2 | 1 | 9 |

## 三、收到和处理政府信息公开申请情况

| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
| :--- | ---: | :---: | --- | --- | --- | --- | --- |
| 一、本年新收政府信息公开申请数量 | 26 |  |  |  |  |  | 26 |
| 1.属于国家秘密 | - | - | - | - | - | - | - |
| （二）部分公开（区分处理的，只计这一情形，<br>不计其他情形） | 3 | | | | | | 3 |
"""


def read_md(source: str):
    return read_text(source, path="t.md", fmt="markdown")


def rows(doc, table_index=None):
    return [ln for ln in doc.lines if ln.is_table_row
            and (table_index is None or ln.location.table_index == table_index)]


def source_at(text: str, loc) -> str:
    return text.replace("\r\n", "\n").split("\n")[loc.line - 1][loc.column - 1:]


def test_headings_lose_markers_and_point_past_them():
    doc = read_md(REPORT)
    first = doc.lines[0]
    assert first.text == "示例县示例局2023年政府信息公开工作年度报告"
    assert (first.location.line, first.location.column) == (1, 3)
    heading = next(ln for ln in doc.lines if ln.text == "第二十条第（一）项")
    assert (heading.location.line, heading.location.column) == (9, 5)
    assert "#" not in doc.text


def test_closing_hashes_and_setext_headings():
    doc = read_md("## 一、总体情况 ##\n\n二、主动公开\n======\n正文\n")
    assert [ln.text for ln in doc.lines if ln.text] == ["一、总体情况", "二、主动公开", "正文"]
    assert doc.lines[2].location.line == 3


def test_text_lines_keep_source_line_numbers_and_blank_lines():
    doc = read_md(REPORT)
    by_line = {ln.location.line: ln.text for ln in doc.lines if not ln.is_table_row}
    assert by_line[2] == ""
    assert by_line[5] == "本局把公开工作当作日常事务来抓，全年共发布信息 120 条。"


def test_trivial_emphasis_removed_with_columns_kept():
    doc = read_md(REPORT)
    line = next(ln for ln in doc.lines if ln.text.startswith("本局把"))
    pos = doc.text.index("当作日常事务")
    assert source_at(REPORT, doc.locate(pos)).startswith("当作日常事务")
    pos = doc.text.index("120")
    assert source_at(REPORT, doc.locate(pos)).startswith("120*")
    assert line.location.column == 1


def test_pipe_table_rows_become_tab_lines():
    doc = read_md(REPORT)
    first = rows(doc, 1)
    assert [ln.text for ln in first] == ["信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
                                         "规章\t0\t0\t0", "行政规范性文件\t2\t1\t9"]
    assert [ln.location.row for ln in first] == [1, 2, 3]  # delimiter row dropped, not counted
    assert [ln.location.line for ln in first] == [10, 12, 13]


def test_pipe_cells_blank_dash_and_br():
    doc = read_md(REPORT)
    texts = [ln.text for ln in rows(doc, 2)]
    assert "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26" in texts
    assert "1.属于国家秘密\t-\t-\t-\t-\t-\t-\t-" in texts  # a printed dash is content, not a delimiter
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t\t\t\t\t\t3" in texts


def test_cell_segments_point_at_pipe_cells():
    doc = read_md(REPORT)
    for line in rows(doc):
        assert len(line.segments) == line.text.count("\t") + 1
        for c, seg in enumerate(line.segments, start=1):
            loc = seg.location
            assert loc.col == c and loc.row == line.location.row and loc.table_index == line.location.table_index
            cell = line.text[seg.start:seg.end]
            at = source_at(REPORT, loc)
            if cell:
                assert at.startswith(cell[:1])
            else:
                assert at.lstrip(" ").startswith("|")


def test_ragged_rows_are_kept_as_they_are():
    src = "| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 |\n| 5 |\n"
    doc = read_md(src)
    assert [ln.text for ln in rows(doc)] == ["a\tb", "1\t2\t3\t4", "5"]


def test_repeated_delimiter_inside_table_is_dropped():
    src = "| 0 | 0 |\n|---|---|\n| 行政机关 | 40 |\n|---|---|---|\n| 3.其他 | 7 |\n"
    doc = read_md(src)
    assert [ln.text for ln in rows(doc)] == ["0\t0", "行政机关\t40", "3.其他\t7"]


def test_pipe_rows_markdown_it_rejects_are_still_rows():
    # header has 3 cells, delimiter 2: not a GFM table, but a converter meant one
    src = "前文\n\n| 规章 | 22 | 235 |\n|---|---|\n| 行政规范性文件 | 34 | 189 |\n\n后文\n"
    doc = read_md(src)
    assert [(ln.text, ln.location.row) for ln in rows(doc)] == [("规章\t22\t235", 1), ("行政规范性文件\t34\t189", 2)]
    assert {ln.location.table_index for ln in rows(doc)} == {1}
    assert [ln.text for ln in doc.lines if not ln.is_table_row and ln.text] == ["前文", "后文"]


def test_escaped_pipe_stays_in_cell():
    doc = read_md("| a \\| b | c |\n|---|---|\n| 1 | 2 |\n")
    assert rows(doc)[0].text == "a | b\tc"


def test_html_table_block_read_by_html_reader_in_document_order():
    src = ("前言\n\n<table>\n<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>\n"
           "<tr><td>2.其他法律行政法规禁止公开</td><td>&nbsp;</td></tr>\n</table>\n\n"
           "| x | y |\n|---|---|\n| 1 | 2 |\n")
    doc = read_md(src)
    table = rows(doc)
    assert [(ln.text, ln.location.table_index, ln.location.line) for ln in table] == [
        ("（三）不予公开\t1.属于国家秘密\t0", 1, 4), ("2.其他法律行政法规禁止公开\t", 1, 5),
        ("x\ty", 2, 8), ("1\t2", 2, 10)]
    assert [s.location.col for s in table[1].segments] == [2, 3]
    assert source_at(src, table[1].segments[0].location).startswith("2.其他")


def test_lists_quotes_code_and_rules():
    src = "- 第一项\n* 第二项\n1. 属于国家秘密\n> 引用的话\n\n```\n代码 | 不是表格\n```\n\n---\n尾\n"
    doc = read_md(src)
    texts = [ln.text for ln in doc.lines if ln.text]
    assert texts == ["第一项", "第二项", "1. 属于国家秘密", "引用的话", "代码 | 不是表格", "尾"]
    assert doc.lines[0].location.column == 3


def test_inline_html_and_links():
    doc = read_md('见<span style="x">政府网站</span>[公开指南](http://example.invalid/a)与![图](a.png)。<br>次行\n')
    assert [ln.text for ln in doc.lines if ln.text] == ["见政府网站公开指南与。", "次行"]


def test_crlf_and_bom():
    src = "\ufeff# 标题\r\n\r\n| a | 1 |\r\n|---|---|\r\n| b | 2 |\r\n"
    doc = md_reader.read("t.md", src.encode("utf-8"), {})
    assert doc.lines[0].text == "标题"
    assert [(ln.text, ln.location.line) for ln in rows(doc)] == [("a\t1", 3), ("b\t2", 5)]


def test_gbk_markdown(tmp_path):
    path = tmp_path / "r.md"
    path.write_bytes(REPORT.encode("gbk"))
    doc = read_path(str(path))
    assert doc.meta["encoding"] == "gb18030"
    assert doc.lines[0].text == "示例县示例局2023年政府信息公开工作年度报告"


def test_empty_markdown():
    with pytest.raises(InputError) as err:
        md_reader.read("t.md", b"\xef\xbb\xbf \n", {})
    assert err.value.code == "empty"


# -- the real corpus --------------------------------------------------------------------------

def corpus_text(name: str) -> tuple[Path, str]:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus not available at {CORPUS}")
    return path, path.read_text(encoding="utf-8")


def test_corpus_004_tables_and_headings():
    path, src = corpus_text("004_shuyang_county_2025.md")
    doc = read_path(str(path))
    texts = [ln.text for ln in doc.lines]
    assert "一、总体情况" in texts and "四、政府信息公开行政复议、行政诉讼情况" in texts
    table_rows = [ln.text for ln in rows(doc)]
    assert "本年新收政府信息公开申请数量\t705\t3\t0\t0\t5\t0\t713" in table_rows
    assert "四、结转下年度继续办理\t31\t0\t0\t0\t0\t0\t31" in table_rows
    assert "行政事业性收费\t4068.208" in table_rows
    for line in doc.lines:
        if line.text:
            assert source_at(src, line.location).startswith(line.text[0])


def test_corpus_006_garbled_conversion_is_kept_in_order():
    path, src = corpus_text("006_shanghai_gov_office_2025.md")
    doc = read_path(str(path))
    texts = [ln.text for ln in doc.lines]
    i = texts.index("（二）部分公开（区分处理的，只计这一情")
    assert texts[i + 1] == "形，不计其他情形）"
    assert texts[i + 2] == "2\t0\t0\t0\t0\t0\t2"
    assert "1.属于国家秘密\t4\t0\t0\t0\t0\t0\t4\t" in texts  # the trailing empty pipe cell is kept
    assert "（三）不\t4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0" in texts
    assert "40\t0\t10\t5\t55\t2\t0\t4\t6\t12\t6\t0\t9\t7\t22" in texts
    assert "表二：主动公开政府信息情况" in texts  # a '## ' heading between table parts
    assert not any(set(t) <= set("|-: \t") and t for t in texts)  # no delimiter rows survive
    lines = [ln.location.line for ln in doc.lines]
    assert lines == sorted(lines)
