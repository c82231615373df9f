"""The HTML reader: Word exports, CMS pages, encodings, tables with spans, source positions.

Fixtures are synthetic: the labels and layout follow the template, the prose is ours.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from xxgk_lint.errors import InputError
from xxgk_lint.readers import html as html_reader
from xxgk_lint.readers import read_path, read_text

FIXTURES = Path(__file__).parent / "fixtures" / "html"
WORD = FIXTURES / "word_export_2023.html"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def read_html(source: str):
    return read_text(source, path="t.html", fmt="html")


def rows(doc, table_index=None):
    return [ln for ln in doc.lines if ln.is_table_row
            and (table_index is None or ln.location.table_index == table_index)]


def source_at(path_or_text, loc) -> str:
    """The source text from a Location's line/column on."""
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    line = text.replace("\r\n", "\n").split("\n")[loc.line - 1]
    return line[loc.column - 1:]


# -- Word "save as web page" export -----------------------------------------------------------

@pytest.fixture(scope="module")
def word():
    return read_path(str(WORD))


def test_word_table3_blank_legal_person_cells_are_empty_strings(word):
    texts = [ln.text for ln in rows(word)]
    assert "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26" in texts
    # &nbsp; cells, <o:p>&nbsp;</o:p> cells and truly empty <p> cells are all blank
    assert "二、上年结转政府信息公开申请数量\t1\t\t\t\t\t\t1" in texts
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t\t\t\t\t\t3" in texts


def test_word_table3_rowspan_label_written_once(word):
    texts = [ln.text for ln in rows(word)]
    assert sum("三、本年度办理结果" in t for t in texts) == 1
    assert "三、本年度办理结果\t（一）予以公开\t15\t\t\t\t\t\t15" in texts
    assert "（三）不予公开\t1.属于国家秘密\t0\t\t\t\t\t\t0" in texts
    assert "2.其他法律行政法规禁止公开\t0\t\t\t\t\t\t0" in texts  # covered label omitted
    assert sum("（三）不予公开" in t for t in texts) == 1


def test_word_table3_has_28_rows_and_no_column_width_row(word):
    table = rows(word)
    assert len(table) == 28  # 3 header rows + 25 data rows; Word's height=0 row is dropped
    assert [ln.location.row for ln in table] == list(range(1, 29))
    assert all(ln.text.strip("\t") for ln in table)


def test_word_grid_columns_follow_spans(word):
    by_row = {ln.location.row: ln for ln in rows(word)}
    assert [s.location.col for s in by_row[1].segments] == [1, 4]
    assert [s.location.col for s in by_row[2].segments] == [4, 5, 10]
    assert [s.location.col for s in by_row[3].segments] == [5, 6, 7, 8, 9]
    assert [s.location.col for s in by_row[6].segments] == [1, 2, 4, 5, 6, 7, 8, 9, 10]
    assert [s.location.col for s in by_row[9].segments] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert [s.location.col for s in by_row[28].segments] == [1, 4, 5, 6, 7, 8, 9, 10]


def test_word_br_inside_cell_joins_cjk_without_space(word):
    first = rows(word)[0]
    assert first.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况"


def test_word_segments_point_at_cell_source(word):
    for line in rows(word):
        assert len(line.segments) == line.text.count("\t") + 1
        for seg in line.segments:
            cell = line.text[seg.start:seg.end]
            loc = seg.location
            assert loc.table_index == 1 and loc.row == line.location.row
            if cell:
                at = source_at(WORD, loc)
                assert at.startswith(cell[:1]), (cell, at[:40])
            else:
                assert source_at(WORD, loc).startswith("<td")


def test_word_flow_text_is_clean(word):
    text = word.text
    for noise in ("mso-", "o:p", "<", "supportLists", "DocumentProperties", "Word.Document", "作者"):
        assert noise not in text
    assert "批注" not in text  # display:none / mso-hide:all text
    assert "1. 主动公开方面，全年在门户网站发布各类信息120条。" in text
    # a line Word wrapped between two CJK characters joins without a space
    assert "当作日常事务来抓，按季度检查栏目更新。" in text


def test_word_title_not_duplicated(word):
    assert word.lines[0].text == "示例市示例局2023年政府信息公开工作年度报告"
    assert word.text.count("示例市示例局2023年政府信息公开工作年度报告") == 1


def test_word_flow_lines_locate_their_source(word):
    src = WORD.read_text(encoding="utf-8")
    for line in word.lines:
        if line.is_table_row:
            continue
        assert source_at(src, line.location).startswith(line.text[0])
    # a character past a source line break maps to the later source line
    para = next(ln for ln in word.lines if ln.text.startswith("本报告依照"))
    start = word.text.index("季度检查")
    loc = word.locate(start)
    assert loc.line > para.location.line
    assert source_at(src, loc).startswith("季度检查")


def test_word_export_in_gbk_declaring_gb2312(tmp_path, word):
    data = WORD.read_bytes().decode("utf-8").encode("gbk")
    path = tmp_path / "report.htm"
    path.write_bytes(data)
    doc = read_path(str(path))
    assert doc.meta["encoding"] == "gb18030"
    assert doc.meta["declared_encoding"] == "gb2312"
    assert [ln.text for ln in doc.lines] == [ln.text for ln in word.lines]
    assert [(ln.location.line, ln.location.column) for ln in doc.lines] == \
        [(ln.location.line, ln.location.column) for ln in word.lines]


# -- encodings --------------------------------------------------------------------------------

SHORT_PAGE = ('<html><head><meta charset="{cs}"></head><body>'
              '<p>一、总体情况</p><p>本年度共收到申请三件。</p></body></html>')


@pytest.mark.parametrize("declared,encoding", [("gb2312", "gbk"), ("GBK", "gbk"), ("gb18030", "gb18030"),
                                               ("big5", "big5")])
def test_short_legacy_page_honours_meta_charset(tmp_path, declared, encoding):
    page = SHORT_PAGE.format(cs=declared)
    if encoding == "big5":
        page = page.replace("总体情况", "總體情況").replace("本年度共收到申请三件", "本年度共收到申請三件")
    path = tmp_path / "p.html"
    path.write_bytes(page.encode(encoding))
    doc = read_path(str(path))
    assert doc.text.splitlines()[0] in ("一、总体情况", "一、總體情況")


def test_http_equiv_charset(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
            '<body><p>二、主动公开政府信息情况</p></body></html>')
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("gbk"))
    assert read_path(str(path)).text == "二、主动公开政府信息情况"


def test_utf8_page_keeping_an_old_gb2312_meta_stays_utf8(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(SHORT_PAGE.format(cs="gb2312").encode("utf-8"))
    doc = read_path(str(path))
    assert doc.meta["encoding"] == "utf-8"
    assert "本年度共收到申请三件。" in doc.text


def test_bom_wins_over_meta(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(b"\xef\xbb\xbf" + SHORT_PAGE.format(cs="gbk").encode("utf-8"))
    assert "一、总体情况" in read_path(str(path)).text


def test_xml_declaration_is_accepted():
    doc = read_html('<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>正文</p></body></html>')
    assert doc.text == "正文"
    assert doc.lines[0].location.line == 2


# -- structure --------------------------------------------------------------------------------

def test_blocks_break_lines_inline_elements_do_not():
    doc = read_html("<body><div>一、<b>总体</b><span>情况</span></div><p>甲<br>乙</p><h2>标题</h2>"
                    "<ul><li>第一项</li><li>第二项</li></ul></body>")
    assert [ln.text for ln in doc.lines] == ["一、总体情况", "甲", "乙", "标题", "第一项", "第二项"]


def test_script_style_and_head_noise_dropped():
    doc = read_html("<html><head><style>p{color:red}</style><script>var a='一、';</script>"
                    "<meta name=x content=y></head><body><script>alert(1)</script>"
                    "<noscript>请启用脚本</noscript><p>二、正文</p></body></html>")
    assert [ln.text for ln in doc.lines] == ["二、正文"]


def test_title_used_when_body_has_none_and_site_suffix_trimmed():
    doc = read_html("<html><head><title>某县某局2023年政府信息公开工作年度报告-某县人民政府网</title></head>"
                    "<body><p>一、总体情况</p></body></html>")
    assert [ln.text for ln in doc.lines] == ["某县某局2023年政府信息公开工作年度报告", "一、总体情况"]
    assert doc.lines[0].location.line == 1 and doc.lines[0].location.column == 20


def test_title_not_added_when_h1_repeats_it():
    doc = read_html("<html><head><title>某局2023年年度报告</title></head><body><h1>某局2023年年度报告</h1>"
                    "<p>一、总体情况</p></body></html>")
    assert [ln.text for ln in doc.lines] == ["某局2023年年度报告", "一、总体情况"]


def test_whitespace_and_nbsp_collapse():
    doc = read_html("<p>&nbsp;&nbsp;\u3000\u3000本年度\n  共有 &nbsp; 3 件。\u3000</p><p>\n第一行\n第二行\n</p>"
                    "<p>Open\nGovernment</p>")
    assert [ln.text for ln in doc.lines] == ["本年度共有 3 件。", "第一行第二行", "Open Government"]


def test_entities_decode_and_keep_columns():
    src = "<p>A&amp;B &#20013;&#x6587; 末</p>"
    doc = read_html(src)
    assert doc.text == "A&B 中文 末"
    loc = doc.locate(doc.text.index("末"))
    assert source_at(src, loc).startswith("末")


def test_crlf_and_cr_only_keep_line_numbers():
    for nl in ("\r\n", "\r"):
        src = nl.join(["<html>", "<body>", "<p>第一段</p>", "", "<p>", "第二段</p>", "</body></html>"])
        doc = read_html(src)
        assert [(ln.text, ln.location.line, ln.location.column) for ln in doc.lines] == \
            [("第一段", 3, 4), ("第二段", 6, 1)]


def test_pre_keeps_its_lines():
    doc = read_html("<pre>第一行\n第二行</pre>")
    assert [ln.text for ln in doc.lines] == ["第一行", "第二行"]


# -- tables -----------------------------------------------------------------------------------

def test_br_in_cell_latin_gets_space_cjk_none():
    doc = read_html("<table><tr><td>Open<br>data</td><td>不予<br/>公开</td><td>12<br>34</td></tr></table>")
    assert rows(doc)[0].text == "Open data\t不予公开\t12 34"


@pytest.mark.parametrize("blank", ["&nbsp;", "\u3000", "  \n ", "", "<p>&nbsp;</p>", "<span> </span>"])
def test_blank_cells_are_empty(blank):
    doc = read_html(f"<table><tr><td>合计</td><td>{blank}</td><td>5</td></tr></table>")
    assert rows(doc)[0].text == "合计\t\t5"


def test_spans_expand_grid_but_write_top_left_only():
    doc = read_html(
        "<table>\n"
        "<tr><td rowspan=2>A</td><td colspan=2>B</td><td>C</td></tr>\n"
        "<tr><td>D</td><td>E</td><td>F</td></tr>\n"
        "<tr><td>G</td><td colspan=\"2\" rowspan=\"9\">H</td><td>I</td></tr>\n"
        "<tr><td>J</td><td>K</td></tr>\n"
        "</table>")
    table = rows(doc)
    assert [ln.text for ln in table] == ["A\tB\tC", "D\tE\tF", "G\tH\tI", "J\tK"]
    cols = [[s.location.col for s in ln.segments] for ln in table]
    assert cols == [[1, 2, 4], [2, 3, 4], [1, 2, 4], [1, 4]]  # H's rowspan is cut at the last row
    assert [ln.location.line for ln in table] == [2, 3, 4, 5]
    seg = table[2].segments[1]
    assert (seg.start, seg.end) == (2, 3)
    assert (seg.location.line, seg.location.column, seg.location.row) == (4, 43, 3)


def test_bad_span_values_are_read_like_browsers():
    doc = read_html("<table><tr><td colspan='2px'>A</td><td rowspan=x>B</td></tr><tr><td colspan=0>C</td>"
                    "<td>D</td></tr></table>")
    assert [[s.location.col for s in ln.segments] for ln in rows(doc)] == [[1, 3], [1, 2]]


def test_thead_tbody_tfoot_rows_in_document_order_with_caption():
    doc = read_html("<table><caption>表一</caption><thead><tr><th>项目</th><th>数量</th></tr></thead>"
                    "<tbody><tr><td>规章</td><td>0</td></tr></tbody><tfoot><tr><td>合计</td><td>0</td></tr></tfoot>"
                    "</table>")
    assert [ln.text for ln in doc.lines] == ["表一", "项目\t数量", "规章\t0", "合计\t0"]


def test_layout_table_is_read_as_flow_and_inner_table_as_rows():
    doc = read_html(
        "<table width=100%><tr><td class=nav>首页</td></tr><tr><td>"
        "<p>三、收到和处理政府信息公开申请情况</p>"
        "<table border=1><tr><td>四、结转下年度继续办理</td><td>2</td></tr></table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p></td></tr></table>")
    assert [(ln.text, ln.is_table_row) for ln in doc.lines] == [
        ("首页", False), ("三、收到和处理政府信息公开申请情况", False),
        ("四、结转下年度继续办理\t2", True), ("四、政府信息公开行政复议、行政诉讼情况", False)]
    assert rows(doc)[0].location.table_index == 1


def test_article_wrapped_in_one_cell_table_is_flow():
    paragraphs = "".join(f"<p>第{i}段文字，" + "说明工作情况。" * 20 + "</p>" for i in range(3))
    doc = read_html(f"<table><tr><td>{paragraphs}</td><td>侧栏</td></tr></table>")
    assert not rows(doc)
    assert len(doc.lines) == 4


def test_table_cells_never_hold_tabs_or_newlines():
    doc = read_html("<table><tr><td>甲\t乙</td><td><p>一</p><div>二</div></td></tr></table>")
    assert rows(doc)[0].text == "甲 乙\t一二"


def test_two_tables_are_numbered_in_order():
    doc = read_html("<table><tr><td>a</td><td>1</td></tr></table><p>中间</p>"
                    "<table><tr><td>b</td><td>2</td></tr></table>")
    assert [(ln.text, ln.location.table_index) for ln in rows(doc)] == [("a\t1", 1), ("b\t2", 2)]


def test_deep_nesting_is_read_or_refused_never_truncated():
    doc = read_html("<div>" * 1500 + "<p>深</p>" + "</div>" * 1500 + "<p>浅</p>")
    assert doc.text == "深\n浅"
    with pytest.raises(InputError) as err:
        read_html("<div>" * 3000 + "<p>深</p>" + "</div>" * 3000)
    assert err.value.code == "html-too-deep"


# -- unreadable input -------------------------------------------------------------------------

def test_page_without_text_is_empty():
    with pytest.raises(InputError) as err:
        read_html("<html><head><title></title></head><body><p>&nbsp;</p></body></html>")
    assert err.value.code == "empty"


def test_whitespace_file_is_empty_via_dispatcher(tmp_path):
    path = tmp_path / "x.html"
    path.write_bytes(b"  \n\t ")
    with pytest.raises(InputError) as err:
        read_path(str(path))
    assert err.value.code == "empty"


def test_comment_only_page_is_empty():
    with pytest.raises(InputError) as err:
        html_reader.read("x.html", b"<!-- nothing -->", {})
    assert err.value.code == "empty"


def test_binary_named_html_is_input_error(tmp_path):
    path = tmp_path / "x.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as err:
        read_path(str(path))
    assert err.value.code == "binary"


# -- the real corpus --------------------------------------------------------------------------

def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus not available at {CORPUS}")
    return path


def test_corpus_016_table3_rows():
    doc = read_path(str(corpus_file("016_shuyang_drc_2023.html")))
    start = next(ln for ln in rows(doc) if ln.text.startswith("一、本年新收政府信息公开申请数量"))
    table = rows(doc, start.location.table_index)
    assert len(table) == 3 + 25
    assert start.text == "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26"
    assert table[0].text.endswith("\t申请人情况")
    assert table[-1].text == "四、结转下年度继续办理\t0\t\t\t\t\t\t0"
    assert sum(ln.text.startswith("三、本年度办理结果") for ln in table) == 1
    src = corpus_file("016_shuyang_drc_2023.html")
    for line in table:
        for seg in line.segments:
            if seg.end > seg.start:
                assert source_at(src, seg.location).startswith(line.text[seg.start])


def test_corpus_016_flow_and_title():
    doc = read_path(str(corpus_file("016_shuyang_drc_2023.html")))
    texts = [ln.text for ln in doc.lines]
    assert texts[0] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert texts.count(texts[0]) == 1
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    assert rows(doc, 3)[-1].text == "0\t0\t0\t1\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
