"""Structure, period and arithmetic rules on mutations of a clean synthetic report: each mutation
gives exactly the expected finding on the expected place, and the clean report gives none."""
from __future__ import annotations

import re

import pytest

from conftest import by_code, codes, lint_text

SERIOUS = ("error", "warning")


def serious(result):
    return [f for f in result.findings if f.severity in SERIOUS]


def test_clean_report_has_no_findings(tmp_path, clean_text):
    result = lint_text(tmp_path, clean_text)
    assert result.error is None
    assert result.findings == []
    doc = result.document
    assert (doc.year, doc.edition, doc.agency) == (2023, "2021", "示例市示例区交通运输局")
    assert [s.number for s in doc.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_deleted_section_heading_is_missing_section(tmp_path, clean_text, number):
    from xxgk_lint.checks.structure import SECTION_NAMES

    heading = SECTION_NAMES[number]
    assert heading + "\n" in clean_text
    result = lint_text(tmp_path, clean_text.replace(heading + "\n", "", 1))
    missing = by_code(result, "STR001")
    assert [(f.section, f.severity) for f in missing] == [(str(number), "error")]
    assert missing[0].location.line is not None


def test_swapped_sections_are_misordered(tmp_path, clean_text):
    s5 = clean_text.index("五、存在的主要问题及改进情况")
    s6 = clean_text.index("六、其他需要报告的事项")
    sig = clean_text.index("示例市示例区交通运输局\n2024年")
    swapped = clean_text[:s5] + clean_text[s6:sig] + "\n" + clean_text[s5:s6] + clean_text[sig:]
    result = lint_text(tmp_path, swapped)
    order = by_code(result, "STR002")
    assert len(order) == 1 and order[0].section == "5"
    assert by_code(result, "STR001") == []


def test_duplicated_section_is_reported(tmp_path, clean_text):
    text = clean_text.replace("六、其他需要报告的事项", "五、存在的主要问题及改进情况\n补充说明。\n\n六、其他需要报告的事项")
    order = by_code(lint_text(tmp_path, text), "STR002")
    assert len(order) == 1 and "重复" in order[0].message


def test_period_with_wrong_year_is_an_error_on_that_line(tmp_path, clean_text):
    text = clean_text.replace("统计期限自2023年1月1日起至2023年12月31日止", "统计期限自2022年1月1日起至2022年12月31日止")
    result = lint_text(tmp_path, text)
    per = by_code(result, "PER001")
    assert len(per) == 1 and per[0].severity == "error"
    assert per[0].location.line == 3
    assert per[0].args["expected"] == "2023年1月1日至2023年12月31日"
    assert "2022年1月1日" in per[0].args["found"]
    # the title (2023) no longer agrees with the period (2022)
    assert len(by_code(result, "PER003")) == 1


def test_partial_year_period_is_an_error(tmp_path, clean_text):
    text = clean_text.replace("至2023年12月31日止", "至2023年6月30日止")
    per = by_code(lint_text(tmp_path, text), "PER001")
    assert len(per) == 1 and "不是完整年度" in per[0].message


def test_period_sentence_without_dates_is_an_error(tmp_path, clean_text):
    text = clean_text.replace("统计期限自2023年1月1日起至2023年12月31日止", "统计期限为本年度")
    per = by_code(lint_text(tmp_path, text), "PER001")
    assert len(per) == 1 and "统计期限为本年度" in per[0].args["found"]


def test_implicit_end_year_is_accepted(tmp_path, clean_text):
    text = clean_text.replace("统计期限自2023年1月1日起至2023年12月31日止", "统计周期为2023年1月1日至12月31日")
    assert by_code(lint_text(tmp_path, text), "PER001") == []


def test_missing_period_sentence_is_a_warning(tmp_path, clean_text):
    text = clean_text.replace("本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。", "")
    result = lint_text(tmp_path, text)
    assert [(f.code, f.severity) for f in serious(result)] == [("PER002", "warning")]


def test_displaced_period_digits_are_paired_back(tmp_path, clean_text):
    """Digits moved to the line end by a PDF extractor are read back in order."""
    text = clean_text.replace("本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。",
                              "本报告所列数据统计期限自 年 月 日起至2023 1 1\n2023 12 31年 月 日止。")
    assert by_code(lint_text(tmp_path, text), "PER001") == []
    wrong = text.replace("至2023 1 1\n2023 12 31", "至2022 1 1\n2022 12 31")
    assert len(by_code(lint_text(tmp_path, wrong), "PER001")) == 1


def test_one_changed_table3_cell_breaks_its_row_and_column(tmp_path, clean_text):
    text = clean_text.replace("（一）予以公开 20 2 0 1 0 0 23", "（一）予以公开 21 2 0 1 0 0 23")
    result = lint_text(tmp_path, text)
    ari = by_code(result, "ARI001")
    assert sorted(f.args["relation"] for f in ari) == ["T3-B:granted", "T3-C:natural_person"]
    for f in ari:
        assert f.severity == "error" and f.table == "table3" and f.section == "3"
        assert {"row": "granted", "col": "natural_person", "value": 21} in f.cells
    row = next(f for f in ari if f.args["relation"] == "T3-B:granted")
    assert (row.args["expected"], row.args["found"]) == (24, 23)
    # the wrong-cell finder names the changed cell: it is the finding's cell and place, the
    # totals are only related, and the message names it by its template labels
    for f in ari:
        assert f.cells[0] == {"row": "granted", "col": "natural_person", "value": 21}
        assert f.location.line == text.splitlines().index("（一）予以公开 21 2 0 1 0 0 23") + 1
        assert f.location.column == len("（一）予以公开 ") + 1
        assert f.message.startswith("表三“（一）予以公开/自然人”印为21，应为20")
        assert [r["role"] for r in f.related].count("fix") == 1
    assert {r["role"] for r in row.related} == {"fix", "total", "item"}


def test_t3a_relation_failure_names_all_four_rows(tmp_path, clean_text):
    text = clean_text.replace("四、结转下年度继续办理 3 0 0 0 1 0 4", "四、结转下年度继续办理 3 0 0 0 1 0 5")
    ari = by_code(lint_text(tmp_path, text), "ARI001")
    rel = {f.args["relation"]: f for f in ari}
    assert set(rel) == {"T3-A:total", "T3-B:carried_forward"}
    assert {c["row"] for c in rel["T3-A:total"].cells} == {"received_new", "carried_over", "results_total", "carried_forward"}
    assert (rel["T3-A:total"].args["expected"], rel["T3-A:total"].args["found"]) == (52, 53)


def test_table4_block_total(tmp_path, clean_text):
    text = clean_text.replace("2 1 0 1 4 1 0 0 1 2 0 0 0 0 0", "2 1 0 1 5 1 0 0 1 2 0 0 0 0 0")
    ari = by_code(lint_text(tmp_path, text), "ARI001")
    assert [(f.table, f.args["relation"], f.args["expected"], f.args["found"]) for f in ari] == \
        [("table4", "T4-A:review", 4, 5)]


def test_blank_cells_warn_and_never_error(tmp_path, clean_text):
    text = clean_text.replace("（一）予以公开 20 2 0 1 0 0 23", "（一）予以公开 20 2 / 1 / / 23")
    result = lint_text(tmp_path, text)
    assert by_code(result, "ARI001") == []
    blank = by_code(result, "ARI002")
    assert len(blank) == 1 and blank[0].severity == "warning"
    assert {(c["row"], c["col"]) for c in blank[0].cells} == {("granted", "research"), ("granted", "legal_service"), ("granted", "other_org")}


def test_negative_cell_value(tmp_path, clean_text):
    text = clean_text.replace("行政处罚 86", "行政处罚 -86")
    result = lint_text(tmp_path, text)
    assert [f.cells[0]["row"] for f in by_code(result, "ARI003")] == ["penalty"]


def test_2021_report_with_single_other_row_gets_layout_warning(tmp_path, clean_text):
    start = clean_text.index("（六）其他处理")
    end = clean_text.index("（七）总计")
    text = clean_text[:start] + "（六）其他处理 2 0 0 0 0 0 2\n" + clean_text[end:]
    result = lint_text(tmp_path, text)
    layout = by_code(result, "STR005")
    assert len(layout) == 1 and layout[0].table == "table3" and layout[0].severity == "warning"
    assert by_code(result, "ARI001") == []  # the single row still sums
    assert result.document.tables["table3"].value("other", "total") == 2


def test_2019_table2_columns_in_a_2021_report(tmp_path, clean_text):
    text = clean_text.replace("信息内容 本年制发件数 本年废止件数 现行有效件数", "信息内容 本年新制作数量 本年新公开数量 对外公开总数量")
    layout = by_code(lint_text(tmp_path, text), "STR005")
    assert len(layout) == 1 and layout[0].table == "table2"


def test_old_table2_label_is_a_label_warning(tmp_path, clean_text):
    text = clean_text.replace("行政规范性文件 3 1 12", "规范性文件 3 1 12")
    result = lint_text(tmp_path, text)
    assert [f.code for f in serious(result)] == ["STR006"]


def test_heading_variant_is_info(tmp_path, clean_text):
    text = clean_text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    result = lint_text(tmp_path, text)
    assert [(f.code, f.severity, f.section) for f in result.findings] == [("STR003", "info", "5")]


def test_table_row_labels_are_not_headings(tmp_path, clean_text):
    """四、结转下年度继续办理 sits right before the heading 四、…: it is a table row."""
    doc = lint_text(tmp_path, clean_text).document
    s4 = doc.section(4)
    assert doc.text[s4.start:s4.body_start] == "四、政府信息公开行政复议、行政诉讼情况"


def test_table_in_section_not_found_is_cannot_check(tmp_path, clean_text):
    start = clean_text.index("第二十条第（一）项")
    end = clean_text.index("三、收到和处理")
    text = clean_text[:start] + "（表格见附件图片）\n\n" + clean_text[end:]
    result = lint_text(tmp_path, text)
    inp = by_code(result, "INP001")
    assert [(f.category, f.severity, f.table) for f in inp] == [("input", "warning", "table2")]
    assert by_code(result, "STR004") == []


def test_pre2019_report_gets_one_info_and_no_structure_errors(tmp_path):
    text = ("示例县2016年政府信息公开工作年度报告\n本报告所列数据的统计期限自2016年1月1日起至2016年12月31日止。\n"
            "一、概述\n全年主动公开信息100条。\n二、主动公开政府信息情况\n略。\n")
    result = lint_text(tmp_path, text)
    assert [(f.code, f.severity) for f in result.findings] == [("STR007", "info")]
    wrong = text.replace("统计期限自2016年", "统计期限自2015年")
    assert "PER001" in codes(lint_text(tmp_path, wrong))


def test_year_from_period_when_no_title(tmp_path, clean_text):
    text = clean_text.split("\n", 1)[1]
    result = lint_text(tmp_path, text)
    assert result.document.year == 2023 and result.document.year_source == "period"
    assert result.findings == []


def test_year_option_overrides(tmp_path, clean_text):
    result = lint_text(tmp_path, clean_text, year=2024)
    assert "PER001" in codes(result)


def test_numeric_date_format_is_read(tmp_path, clean_text):
    text = clean_text.replace("统计期限自2023年1月1日起至2023年12月31日止", "统计期限为2023.1.1-2023.12.31")
    assert lint_text(tmp_path, text).findings == []
    wrong = text.replace("2023.1.1-2023.12.31", "2022.1.1-2022.12.31")
    assert codes(lint_text(tmp_path, wrong)).count("PER001") == 1


def test_unreadable_period_dates_are_cannot_check_not_error(tmp_path, clean_text):
    text = clean_text.replace("统计期限自2023年1月1日起至2023年12月31日止", "统计期限为二〇二三年一月一日至十二月三十一日")
    result = lint_text(tmp_path, text)
    assert [(f.code, f.category, f.severity) for f in result.findings] == [("PER004", "input", "warning")]


def test_mentioning_the_period_is_not_stating_it(tmp_path, clean_text):
    """统计期限内… (within the period) is prose, not the period statement."""
    text = clean_text.replace("本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。",
                              "统计期限内，网站访问量稳步增长。")
    result = lint_text(tmp_path, text)
    assert [(f.code, f.severity) for f in serious(result)] == [("PER002", "warning")]


def test_breadcrumb_is_not_a_title(tmp_path, clean_text):
    text = "首页 > 2022年度报告专栏 > 年度报告\n" + clean_text.split("\n", 1)[1]
    result = lint_text(tmp_path, text)
    assert result.document.title == "" and result.document.year == 2023
    assert result.findings == []


def test_title_after_site_navigation(tmp_path, clean_text):
    """Web pages print the site's navigation first; the title is a line of its own further down."""
    text = "首页\n政务公开\n政府信息公开年报\n" + clean_text
    doc = lint_text(tmp_path, text).document
    assert (doc.title, doc.agency) == ("示例市示例区交通运输局2023年政府信息公开工作年度报告", "示例市示例区交通运输局")


def test_title_with_a_label_prefix(tmp_path, clean_text):
    doc = lint_text(tmp_path, "标题：" + clean_text).document
    assert doc.agency == "示例市示例区交通运输局" and doc.year == 2023
