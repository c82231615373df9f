"""Table reading: digit-run splitting, flattened one-line web pages, cell locations, and the
rule that a relation used to choose a split is reported unchecked, never as evidence."""
from __future__ import annotations

import pytest

from conftest import by_code, lint_text
from xxgk_lint.document.tables.digits import splits

ROW_SUM = (lambda v: sum(v[:-1]) == v[-1])


def test_unique_split_without_relation():
    assert splits(["0000000"], 7) == [[0] * 7]


def test_row_total_picks_the_split():
    assert len(splits(["640020470"], 7, limit=5)) > 1
    assert splits(["640020470"], 7, check=ROW_SUM, group=7, limit=5) == [[64, 0, 0, 2, 0, 4, 70]]


def test_separated_runs_never_merge():
    assert splits(["230", "000023"], 7, check=ROW_SUM, group=7, limit=5) == [[23, 0, 0, 0, 0, 0, 23]]


def test_impossible_split():
    assert splits(["12"], 7) == []
    assert splits(["0001"], 3) == []  # leading zeros are not values


def test_table4_blocks_pick_the_split():
    out = splits(["10203120001200000"], 15, check=lambda v: sum(v[:4]) == v[4], group=5, limit=5)
    assert out == [[1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]]


def _one_line(clean_text: str) -> str:
    """The clean report as a web page saved as one line: cells run together, no breaks."""
    out = []
    for line in clean_text.splitlines():
        parts = line.split(" ")
        if len(parts) > 1 and all(p.isdigit() for p in parts[1:]):
            out.append(parts[0] + "".join(parts[1:]))
        elif line and all(p.isdigit() for p in line.split(" ")):
            out.append(line.replace(" ", ""))
        else:
            out.append(line)
    return "".join(out)


def test_flattened_one_line_report_is_read_and_relations_used_are_unchecked(tmp_path, clean_text):
    text = _one_line(clean_text)
    assert "\n" not in text
    result = lint_text(tmp_path, text)
    doc = result.document
    assert [s.number for s in doc.sections] == [1, 2, 3, 4, 5, 6]
    t3 = doc.tables["table3"]
    assert t3.value("received_new", "natural_person") == 40
    assert t3.value("results_total", "total") == 48
    assert t3.value("carried_forward", "legal_service") == 1
    assert t3.used_relations  # 4030124 6 etc. needed the row totals
    assert by_code(result, "ARI001") == []
    unchecked = by_code(result, "INP003")
    assert len(unchecked) == 1 and unchecked[0].severity == "warning"
    assert all(r in unchecked[0].args["relations"] for r in t3.used_relations)
    assert doc.tables["table4"].value("review", "total") == 4


def test_error_in_flattened_row_is_cannot_check_not_error(tmp_path, clean_text):
    """A row whose run cannot split so that its total holds is unreadable: never a guessed error."""
    flat = _one_line(clean_text)
    assert "（一）予以公开202010023" in flat
    text = flat.replace("（一）予以公开202010023", "（一）予以公开212010023")
    result = lint_text(tmp_path, text)
    assert by_code(result, "ARI001") == []
    unread = by_code(result, "INP002")
    assert any(c["row"] == "granted" for f in unread for c in f.cells)


def test_cells_carry_their_location(tmp_path, clean_text):
    doc = lint_text(tmp_path, clean_text).document
    cell = doc.tables["table3"].cells[("granted", "total")]
    line = clean_text.splitlines().index("（一）予以公开 20 2 0 1 0 0 23") + 1
    assert (cell.location.line, cell.location.column) == (line, len("（一）予以公开 20 2 0 1 0 0 ") + 1)
    assert cell.raw == "23"


TSV_TABLE3 = """三、收到和处理政府信息公开申请情况
\t\t\t申请人情况
\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计
一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26
"""


def test_tab_separated_rows_keep_blank_cells(tmp_path, clean_text):
    start = clean_text.index("三、收到和处理")
    end = clean_text.index("二、上年结转")
    text = clean_text[:start] + TSV_TABLE3 + clean_text[end:]
    text = text.replace("四、结转下年度继续办理 3 0 0 0 1 0 4", "四、结转下年度继续办理 -9 0 0 0 1 0 4")
    doc = lint_text(tmp_path, text).document
    t3 = doc.tables["table3"]
    assert t3.value("received_new", "natural_person") == 26
    assert t3.cells[("received_new", "commercial")].blank
    assert t3.value("received_new", "commercial") is None


@pytest.mark.parametrize("typo", ["2.其他法律行政止公开", "2.其他法律行政法规禁止公开"])
def test_label_typos_still_read(tmp_path, clean_text, typo):
    text = clean_text.replace("2.其他法律行政法规禁止公开 0 0 0 0 0 0 0", f"{typo} 0 0 0 0 0 0 0")
    doc = lint_text(tmp_path, text).document
    assert not doc.tables["table3"].unreadable


def test_signed_value_run_together_with_the_previous_cell(tmp_path):
    """2019 表二 本年增/减 is signed: 行政事业性收费35-15 is 35 and -15, never 35 and 15."""
    text = ("示例县2019年政府信息公开工作年度报告\n本报告所列数据统计期限自2019年1月1日起至2019年12月31日止。\n"
            "二、主动公开政府信息情况\n第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15"
            "三、收到和处理政府信息公开申请情况\n")
    table2 = lint_text(tmp_path, text).document.tables["table2"]
    assert (table2.value("fees", "previous_count"), table2.value("fees", "change")) == (35, -15)


def test_unit_printed_in_a_cell(tmp_path):
    """A cell may carry its unit (75394432.52元): it is still that number, and the row is read."""
    text = ("示例县2019年政府信息公开工作年度报告\n本报告所列数据统计期限自2019年1月1日起至2019年12月31日止。\n"
            "二、主动公开政府信息情况\n第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n"
            "政府集中采购\t135\t75394432.52元\n三、收到和处理政府信息公开申请情况\n")
    table2 = lint_text(tmp_path, text).document.tables["table2"]
    assert (table2.value("procurement", "projects"), table2.value("procurement", "amount")) == (135, 75394432.52)
