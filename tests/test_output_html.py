"""HTML report for people: summary, findings with places, the tables in template order with
Chinese labels, the failing total highlighted with the value it should have; self-contained and
escaped."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from xxgk_lint.cli import main
from xxgk_lint.run.engine import FileResult, LintOptions, lint_document, lint_file, parse_file
from xxgk_lint.output import FORMATS, RenderOptions, renderer
from xxgk_lint.document.packs import load_pack
from xxgk_lint.document.relations import layout_rows

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "report_2023_typo.txt"
HTML_FIXTURE = REPO / "tests" / "fixtures" / "html" / "word_export_2023.html"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE_PDF = SHARED / "samples" / "r03_word.pdf"
CORPUS = SHARED / "corpus"


def lint(path, **options):
    """Lint with the arithmetic rules only: the assertions below are about how the outputs show
    the 表三 typo, and other rules (prose, content) may add findings of their own to a report."""
    return lint_file(str(path), LintOptions(select=["ARI"], **options))


def render(results, **kw) -> str:
    return renderer("html")(results, RenderOptions(**kw))


def tree(results, **kw):
    return lxml_html.fromstring(render(results, **kw))


def td(root, table: str, row: str, col: str, file_no: int = 1):
    found = root.xpath(f'//section[@id="file-{file_no}"]//table[@data-table="{table}"]'
                       f'//td[@data-row="{row}" and @data-col="{col}"]')
    assert len(found) == 1, (table, row, col)
    return found[0]


def classes(el) -> set:
    return set((el.get("class") or "").split())


def test_format_is_registered():
    assert FORMATS["html"] == ".html"


def test_summary_and_findings():
    result = lint(FIXTURE)
    root = tree([result])
    stats = {s.get("data-kind"): int(s.xpath('string(.//span[@class="n"])')) for s in root.xpath('//div[contains(@class,"stat")]')}
    assert stats == {"文件": 1, "错误": 2, "警告": 0, "提示": 0}
    rows = root.xpath('//table[@class="findings"]/tbody/tr')
    assert len(rows) == 2
    for row, finding in zip(rows, result.findings):
        cells = row.xpath("./td")
        assert cells[0].text_content() == "错误"
        assert cells[1].xpath("string(.//code)") == "ARI001"
        assert cells[2].text_content().startswith(f"{finding.location.line}:{finding.location.column}")
        assert cells[3].text_content().startswith(finding.message)
        if finding.suggestion and finding.suggestion.get("text"):
            assert cells[3].xpath('string(.//span[@class="suggestion"])') == "建议：" + finding.suggestion["text"]
        link = cells[2].xpath(".//a/@href")[0]
        assert root.xpath(f'//*[@id="{link[1:]}"]')[0].get("data-row") == "received_new"
    assert root.xpath('//details[@id="rule-ARI001"]')  # the rule is explained on the page


def test_failing_total_is_highlighted_with_the_expected_value():
    root = tree([lint(FIXTURE)])
    total = td(root, "table3", "received_new", "total")
    assert "cell-error" in classes(total)
    assert re.sub(r"\s+", " ", total.text_content()) == "96→ 应为 95"
    assert total.get("data-expected") == "95"
    # the tooltip says which relations fail (the row sum and the 勾稽关系), in words
    assert "一行不符合“总计 = 自然人" in total.get("title") and "“二、上年结转政府信息公开申请数量”之和为100" in total.get("title")
    # the parts of the failing relations are marked as related, not as errors
    for row, col in [("received_new", "natural_person"), ("received_new", "other_org"),
                     ("carried_over", "total"), ("results_total", "total"), ("carried_forward", "total")]:
        cell = td(root, "table3", row, col)
        assert "cell-related" in classes(cell) and "cell-error" not in classes(cell)
    # cells no finding is about stay plain
    plain = td(root, "table3", "granted", "natural_person")
    assert classes(plain) == {"num"} and plain.text_content() == "30"
    assert root.xpath('count(//td[contains(concat(" ", @class, " "), " cell-error ")])') == 1


def test_a_proposed_value_is_shown_beside_the_printed_one():
    """The wrong-cell finder's proposal (Finding.suggestion["cells"]) puts "→ 应为 N" on that cell,
    whichever cell it is."""
    result = lint(FIXTURE)
    for f in result.findings:
        f.suggestion = {"kind": "single-cell", "text": "“一、本年新收政府信息公开申请数量/自然人”印为58；若为57，该行成立",
                        "cells": [{"row": "received_new", "col": "natural_person", "printed": 58, "suggested": 57}]}
    root = tree([result])
    cell = td(root, "table3", "received_new", "natural_person")
    assert cell.get("data-expected") == "57" and cell.xpath('string(.//span[@class="expected"])') == "→ 应为 57"
    # a relation's printed total gets no value from the relation's evidence: only a named cell does
    assert td(root, "table3", "received_new", "total").get("data-expected") is None


def test_tables_follow_the_template_with_chinese_labels():
    result = lint(FIXTURE)
    pack = load_pack("2021")
    root = tree([result])
    t3 = root.xpath('//table[@data-table="table3"]')[0]
    rows = t3.xpath("./tbody/tr[@data-row]")
    expected_rows = layout_rows(result.document.tables["table3"], pack)
    assert [r.get("data-row") for r in rows] == expected_rows
    assert [r.xpath("string(./th)") for r in rows] == [pack.row_label("table3", k) for k in expected_rows]
    heads = [th.text_content() for th in t3.xpath("./thead/tr/th")][1:]
    assert heads == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    groups = [g.text_content() for g in t3.xpath('./tbody/tr[@class="group"]')]
    assert groups == ["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    # every cell the reader found is shown, with the value as printed
    for (row, col), cell in result.document.tables["table3"].cells.items():
        assert td(root, "table3", row, col).text_content().startswith(cell.raw)
    t2 = root.xpath('//table[@data-table="table2"]')[0]
    assert [r.xpath("string(./th)") for r in t2.xpath("./tbody/tr[not(@class)]")] == [
        "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
    assert "本年收费金额（单位：万元）" in t2.text_content()
    assert td(root, "table2", "licensing", "decisions").text_content() == "1268"
    t4 = root.xpath('//table[@data-table="table4"]')[0]
    assert [r.get("data-row") for r in t4.xpath("./tbody/tr[@data-row]")] == ["review", "litigation_direct", "litigation_after_review"]
    assert td(root, "table4", "review", "total").text_content() == "4"
    assert [th.text_content() for th in t4.xpath("./thead/tr/th")][1:] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_page_is_self_contained():
    page = render([lint_file(str(FIXTURE)), lint_file(str(HTML_FIXTURE))])
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page, re.I)
    root = lxml_html.fromstring(page)
    links = root.xpath("//@href | //@src | //@action | //@srcset")
    assert links and all(link.startswith("#") for link in links)  # only in-page anchors
    assert not re.search(r"url\(|@import|https?://", page.split("<main>")[0])  # CSS fetches nothing
    assert "default-src 'none'" in page


def test_everything_is_escaped(tmp_path):
    odd = tmp_path / 'a<b>"&.txt'
    odd.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result = lint(odd)
    result.findings[0].message = '<script>alert("x")</script> & 总计'
    result.findings[0].name = "<b>rule</b>"
    result.findings[0].suggestion = {"text": "<img src=x onerror=alert(1)>"}
    page = render([result])
    assert "<script>" not in page and "<img" not in page and "<b>rule" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 总计" in page
    root = lxml_html.fromstring(page)
    assert root.xpath('string(//section[@id="file-1"]//span[@class="path"])') == str(odd)
    assert root.xpath('//section[@id="file-1"]//table[@class="findings"]//td[@class="message"]')[0].text_content().startswith(
        '<script>alert("x")</script> & 总计')
    # the tooltip of the cell holds the message, escaped inside the attribute
    assert '<script>alert("x")</script>' in td(root, "table3", "received_new", "total").get("title")


def test_unreadable_and_several_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    root = tree([lint(FIXTURE), lint_file(str(empty))])
    index = root.xpath('//table[@class="index"]/tbody/tr')
    assert [r.xpath("string(.//a)") for r in index] == [str(FIXTURE), str(empty)]
    assert index[1].text_content().endswith("无法读取")
    assert "empty" in root.xpath('string(//section[@id="file-2"]//p[@class="unreadable"])')
    stats = {s.get("data-kind"): int(s.xpath('string(.//span[@class="n"])')) for s in root.xpath('//div[contains(@class,"stat")]')}
    assert stats["无法读取"] == 1 and stats["文件"] == 2


def test_suppressed_findings():
    result = lint(FIXTURE)
    for f in result.findings:
        f.suppressed = {"kind": "waiver", "reason": "原表如此印发，已在说明中更正"}
    root = tree([result])
    assert not root.xpath('//table[@class="findings"]')
    assert "另有 2 条已豁免" in root.text_content()
    assert "cell-error" not in classes(td(root, "table3", "received_new", "total"))
    shown = tree([result], show_suppressed=True)
    rows = shown.xpath('//table[@class="findings"]/tbody/tr')
    assert len(rows) == 2 and all("suppressed" in classes(r) for r in rows)
    assert "原表如此印发" in rows[0].text_content()


def test_clean_report(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(FIXTURE.read_text(encoding="utf-8").replace("1\t96\n", "1\t95\n"), encoding="utf-8")
    root = tree([lint(clean)])
    assert root.xpath('string(//p[@class="clean"])') == "未发现问题。"
    assert not root.xpath('//td[contains(@class,"cell-")]')


@pytest.mark.skipif(not SAMPLE_PDF.exists(), reason="../shared/samples is not beside the checkout")
def test_pdf_findings_show_their_page():
    doc = parse_file(str(SAMPLE_PDF))
    cell = doc.tables["table3"].cells[("granted", "natural_person")]
    cell.value += 1
    cell.raw = str(cell.value)
    result = FileResult(path=str(SAMPLE_PDF), findings=lint_document(doc, LintOptions(select=["ARI"])), document=doc)
    root = tree([result])
    places = [r.xpath("string(./td[3])") for r in root.xpath('//table[@class="findings"]/tbody/tr')]
    assert [p[:3] for p in places] == [f"第{f.location.page}页" for f in result.findings]
    changed = td(root, "table3", "granted", "natural_person")
    assert "cell-error" in classes(changed)
    assert "cell-related" in classes(td(root, "table3", "granted", "total"))
    assert changed.get("data-page") == str(cell.location.page)
    assert f"第{cell.location.page}页" in changed.text_content() and f"应为 {cell.value - 1}" in changed.text_content()


def test_html_input_blank_cells_are_marked():
    result = lint_file(str(HTML_FIXTURE))
    root = tree([result])
    blanks = root.xpath('//td[contains(concat(" ", @class, " "), " cell-blank ")]')
    doc_blanks = [c for t in result.document.tables.values() for c in t.cells.values() if c.value is None]
    assert len(blanks) == len(doc_blanks)


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")
def test_every_corpus_report_renders():
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf"))
    root = tree([lint_file(str(p)) for p in files])
    assert len(root.xpath('//section[@class="file"]')) == len(files)


def test_cli_writes_html(tmp_path):
    out = tmp_path / "report.html"
    res = CliRunner().invoke(main, ["check", "--format", "html", "-o", str(out), str(FIXTURE)])
    assert res.exit_code == 1
    assert "cell-error" in out.read_text(encoding="utf-8")
