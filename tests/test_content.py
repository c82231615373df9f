"""Content rules (CNT001–CNT006) on mutations of the clean synthetic report: each fires where the
required content is missing and stays silent on its accepted wordings."""
from __future__ import annotations

import pytest

from conftest import CORPUS, by_code, lint_text, need_shared
from xxgk_lint.run.engine import lint_file

FEE = "本年度未收取信息处理费。"
GOVERNMENT = [("示例市示例区交通运输局2023年", "示例市示例区人民政府2023年"),
              ("示例市示例区交通运输局\n2024年", "示例市示例区人民政府\n2024年")]
MEASURES = "（二）改进措施\n下一步，我局将增加图解、问答等解读形式，并对答复文书开展交叉审核，持续改进。\n"
PROBLEMS = "（一）存在的主要问题\n一是政策解读形式比较单一；二是依申请公开答复文书的规范性有待提高。\n"


def cnt(result):
    return [f for f in result.findings if f.code.startswith("CNT")]


def edit(text, *pairs):
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_clean_report_has_the_required_content(tmp_path, clean_text):
    assert cnt(lint_text(tmp_path, clean_text)) == []


# ------------------------------------------------------------------------------- CNT001
def test_missing_fee_statement(tmp_path, clean_text):
    text = edit(clean_text, (FEE, "全年办理人大代表建议2件，办理结果已公开。"))
    (f,) = by_code(lint_text(tmp_path, text), "CNT001")
    assert (f.severity, f.section, f.category) == ("warning", "6", "content")
    assert f.location.line == text[:text.index("六、其他需要报告的事项")].count("\n") + 1


def test_section_six_saying_none_lacks_the_fee_from_2021(tmp_path, clean_text):
    text = edit(clean_text, (FEE, "无。"))
    assert len(by_code(lint_text(tmp_path, text), "CNT001")) == 1


@pytest.mark.parametrize("statement", [
    "全年收取政府信息公开信息处理费0元。", "本机关未收取信息公开处理费。", "政府信息公开未发生收费情况。",
    "依据《政府信息公开信息处理费管理办法》规定，实际收取信息处理费共计300元。",
])
def test_fee_wordings(tmp_path, clean_text, statement):
    assert by_code(lint_text(tmp_path, edit(clean_text, (FEE, statement))), "CNT001") == []


def test_fee_stated_elsewhere_is_enough(tmp_path, clean_text):
    text = edit(clean_text, (FEE, "无。"),
                ("办结48件，结转下年度继续办理4件。", "办结48件，结转下年度继续办理4件，全年未收取信息处理费。"))
    assert by_code(lint_text(tmp_path, text), "CNT001") == []


def test_no_fee_statement_expected_before_2021(tmp_path, clean_text):
    text = edit(clean_text, (FEE, "无。"))
    assert by_code(lint_text(tmp_path, text, year=2020), "CNT001") == []


# ------------------------------------------------------------------------------- CNT002
def test_missing_aspect_of_section_one(tmp_path, clean_text):
    text = edit(clean_text, ("（二）依申请公开\n\n全年共收到政府信息公开申请46件，上年结转6件，办结48件，结转下年度继续办理4件。\n\n", ""))
    (f,) = by_code(lint_text(tmp_path, text), "CNT002")
    assert (f.args["expected"], f.section, f.severity) == ("依申请公开", "1", "warning")


def test_each_missing_aspect_is_one_warning(tmp_path, clean_text):
    start = clean_text.index("（一）主动公开")
    end = clean_text.index("二、主动公开政府信息情况")
    text = clean_text[:start] + "本局按照条例要求开展工作。\n\n" + clean_text[end:]
    found = by_code(lint_text(tmp_path, text), "CNT002")
    assert sorted(f.args["expected"] for f in found) == sorted(["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"])


@pytest.mark.parametrize("old,new", [
    ("（三）政府信息管理", "（三）公开审核"),  # 保密审查 in the paragraph still covers it
    ("（四）政府信息公开平台建设", "（四）平台建设方面"),
    ("（五）监督保障", "（五）考核培训"),
])
def test_other_wordings_of_an_aspect(tmp_path, clean_text, old, new):
    assert by_code(lint_text(tmp_path, edit(clean_text, (old, new))), "CNT002") == []


def test_aspects_not_checked_in_2019_edition(tmp_path, clean_text):
    text = edit(clean_text, ("（二）依申请公开\n\n全年共收到政府信息公开申请46件，上年结转6件，办结48件，结转下年度继续办理4件。\n\n", ""))
    assert by_code(lint_text(tmp_path, text, year=2020), "CNT002") == []


# ------------------------------------------------------------------------------- CNT003
def test_government_report_without_social_appraisal(tmp_path, clean_text):
    text = edit(clean_text, *GOVERNMENT)
    (f,) = by_code(lint_text(tmp_path, text), "CNT003")
    assert f.args["missing"] == ["社会评议"] and f.args["agency_kind"] == "government"


def test_government_report_with_all_three(tmp_path, clean_text):
    text = edit(clean_text, *GOVERNMENT, ("组织业务培训2次", "组织业务培训2次，开展社会评议1次"))
    assert by_code(lint_text(tmp_path, text), "CNT003") == []


def test_department_report_is_not_asked(tmp_path, clean_text):
    assert by_code(lint_text(tmp_path, clean_text), "CNT003") == []
    office = edit(clean_text, ("示例市示例区交通运输局2023年", "示例市示例区人民政府办公室2023年"))
    assert by_code(lint_text(tmp_path, office), "CNT003") == []


def test_agency_kind_option_overrides(tmp_path, clean_text):
    assert len(by_code(lint_text(tmp_path, clean_text, agency_kind="government"), "CNT003")) == 1
    text = edit(clean_text, *GOVERNMENT)
    assert by_code(lint_text(tmp_path, text, agency_kind="department"), "CNT003") == []


def test_township_government_is_asked_too(tmp_path, clean_text):
    text = edit(clean_text, ("示例市示例区交通运输局2023年", "示例区示例镇人民政府2023年"))
    assert len(by_code(lint_text(tmp_path, text), "CNT003")) == 1


# ------------------------------------------------------------------------------- CNT004
def test_section_five_without_measures(tmp_path, clean_text):
    (f,) = by_code(lint_text(tmp_path, edit(clean_text, (MEASURES, ""))), "CNT004")
    assert f.args["expected"] == "改进情况/措施" and f.section == "5"


def test_section_five_without_problems(tmp_path, clean_text):
    (f,) = by_code(lint_text(tmp_path, edit(clean_text, (PROBLEMS, ""))), "CNT004")
    assert f.args["expected"] == "存在的主要问题"


def test_section_five_in_one_paragraph(tmp_path, clean_text):
    text = edit(clean_text, (PROBLEMS + "\n" + MEASURES,
                             "个别栏目更新不及时。明年将建立更新提醒机制。\n"))
    assert by_code(lint_text(tmp_path, text), "CNT004") == []


# ------------------------------------------------------------------------------- CNT005
def test_empty_section_five_is_an_error(tmp_path, clean_text):
    start = clean_text.index(PROBLEMS)
    end = clean_text.index("六、其他需要报告的事项")
    text = clean_text[:start] + clean_text[end:]
    found = by_code(lint_text(tmp_path, text), "CNT005")
    assert [(f.section, f.severity) for f in found] == [("5", "error")]
    assert by_code(lint_text(tmp_path, text), "CNT004") == []


def test_section_six_with_only_the_signature_is_empty(tmp_path, clean_text):
    (f,) = by_code(lint_text(tmp_path, edit(clean_text, (FEE + "\n", ""))), "CNT005")
    assert f.section == "6" and f.severity == "error"


def test_headings_listed_in_the_preamble_are_not_empty_sections(tmp_path, clean_text):
    text = edit(clean_text, ("一、总体情况\n", "本报告目录：\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n\n一、总体情况\n"))
    assert cnt(lint_text(tmp_path, text)) == []


@pytest.mark.parametrize("body", ["无。", "无", "本机关无其他需要报告的事项。"])
def test_section_six_saying_none_is_not_empty(tmp_path, clean_text, body):
    assert by_code(lint_text(tmp_path, edit(clean_text, (FEE, body))), "CNT005") == []


# ------------------------------------------------------------------------------- CNT006
def test_only_the_2019_format_cited(tmp_path, clean_text):
    text = edit(clean_text, ("（国办公开办函〔2021〕30号）", "（国办公开办函〔2019〕60号）"))
    (f,) = by_code(lint_text(tmp_path, text), "CNT006")
    assert f.location.line == 3 and f.severity == "warning"


def test_both_formats_cited_or_before_2021(tmp_path, clean_text):
    both = edit(clean_text, ("（国办公开办函〔2021〕30号）", "（国办公开办函〔2021〕30号，替代国办公开办函〔2019〕60号）"))
    assert by_code(lint_text(tmp_path, both), "CNT006") == []
    old = edit(clean_text, ("（国办公开办函〔2021〕30号）", "（国办公开办函〔2019〕60号）"))
    assert by_code(lint_text(tmp_path, old, year=2020), "CNT006") == []


# --------------------------------------------------------------------------- real reports
def test_corpus_content_findings():
    """Only the two governments' reports lack 社会评议 and 责任追究 (洪泽区 2024, 沭阳县 2025): both
    mention 考核 and nothing of either of the other two."""
    need_shared(CORPUS / "labels.json")
    got = {}
    for path in sorted(CORPUS.glob("*")):
        if path.name in ("README.md", "labels.json"):
            continue
        for f in cnt(lint_file(str(path))):
            got.setdefault(path.name, []).append((f.code, tuple(f.args.get("missing") or ())))
    assert got == {"003_hongze_district_2024.pdf": [("CNT003", ("社会评议", "责任追究"))],
                   "004_shuyang_county_2025.md": [("CNT003", ("社会评议", "责任追究"))]}
