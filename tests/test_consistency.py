"""Consistency rules (CON001–CON004): numbers in the prose against 表二/表三/表四, and sums stated
in the prose. Mutations of the clean synthetic report: one changed prose number gives one warning
on that sentence; sentences that can be read two ways, approximate numbers and numbers an
extractor displaced give nothing."""
from __future__ import annotations

import pytest

from conftest import CORPUS, SAMPLES, by_code, lint_text, need_shared
from xxgk_lint.run.engine import lint_file

APPLICATIONS = "全年共收到政府信息公开申请46件，上年结转6件，办结48件，结转下年度继续办理4件。"
# 表三 of clean_2023: 予以公开 23, 部分公开 6, 不予公开 2+1, 无法提供 9+1, 不予处理 1+2+1, 其他处理 1+1
OUTCOMES = "其中予以公开23件，部分公开6件，不予公开3件，无法提供10件，不予处理4件，其他处理2件。"
CON = ("CON001", "CON002", "CON003", "CON004")


def con(result):
    return [f for f in result.findings if f.code in CON]


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def test_clean_report_is_consistent(tmp_path, clean_text):
    assert APPLICATIONS in clean_text
    assert con(lint_text(tmp_path, clean_text)) == []


@pytest.mark.parametrize("old,new,claim,expected,found", [
    ("申请46件", "申请47件", "received", 46, 47),
    ("上年结转6件", "上年结转7件", "carried_over", 6, 7),
    ("办结48件", "办结45件", "results", 48, 45),
    ("继续办理4件", "继续办理3件", "carried_forward", 4, 3),
])
def test_one_changed_prose_number_gives_one_warning_on_its_sentence(tmp_path, clean_text, old, new, claim, expected,
                                                                     found):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS.replace(old, new))
    (f,) = con(lint_text(tmp_path, text))
    assert (f.code, f.severity, f.category, f.table, f.section) == ("CON001", "warning", "consistency", "table3", "1")
    assert (f.args["claim"], f.args["expected"], f.args["found"]) == (claim, expected, found)
    assert f.location.line == line_of(text, "全年共收到政府信息公开申请")
    assert f.cells and all(c["col"] == "total" for c in f.cells)


def test_received_counted_with_carried_over_is_accepted(tmp_path, clean_text):
    text = clean_text.replace(APPLICATIONS, "全年共受理政府信息公开申请52件（含上年结转6件），办结48件。")
    assert con(lint_text(tmp_path, text)) == []


@pytest.mark.parametrize("sentence", [
    "全年共收到政府信息公开申请四十六件，办结四十八件。",
    "全年收到依申请公开46件。",
    "本年度共收到46件申请，办结48件。",
    "全年共接收通过信函、网络提交的政府信息公开申请共计46件。",
])
def test_wordings_and_chinese_numerals_that_agree(tmp_path, clean_text, sentence):
    text = clean_text.replace(APPLICATIONS, sentence)
    assert con(lint_text(tmp_path, text)) == []


@pytest.mark.parametrize("sentence,found", [
    ("全年共收到政府信息公开申请四十七件。", 47),
    ("全年新收申请47件。", 47),  # under the sub-heading （二）依申请公开
    ("本年度共收到45件申请。", 45),
    ("全年收到依申请公开50件。", 50),
])
def test_wordings_and_chinese_numerals_that_disagree(tmp_path, clean_text, sentence, found):
    text = clean_text.replace(APPLICATIONS, sentence)
    (f,) = con(lint_text(tmp_path, text))
    assert f.code == "CON001" and f.args["found"] == found


@pytest.mark.parametrize("sentence", [
    "全年共收到政府信息公开申请近50件。",  # approximate
    "全年共收到政府信息公开申请40余件。",
    "全年共收到自然人提交的政府信息公开申请40件。",  # one kind of applicant
    "全年共收到政府信息公开申请4 6件。",  # digits split by an extractor
    "全年共受理行政许可申请1520件。",  # not information disclosure
    "全年未收到行政复议申请。",
])
def test_sentences_that_cannot_be_read_reliably_say_nothing(tmp_path, clean_text, sentence):
    text = clean_text.replace(APPLICATIONS, sentence)
    assert con(lint_text(tmp_path, text)) == []


def test_a_paragraph_that_also_states_the_table_number_is_another_scope(tmp_path, clean_text):
    """全区 and 本级, or last year and this year: one of the numbers agrees with 表三."""
    text = clean_text.replace(APPLICATIONS, "全区各单位共收到政府信息公开申请310件，其中本机关收到政府信息公开申请46件。"
                                            "上一年度本机关收到政府信息公开申请38件。")
    assert con(lint_text(tmp_path, text)) == []


def test_no_applications_claim_against_a_table_with_some(tmp_path, clean_text):
    text = clean_text.replace(APPLICATIONS, "全年未收到政府信息公开申请。")
    (f,) = con(lint_text(tmp_path, text))
    assert f.code == "CON001" and (f.args["expected"], f.args["found"]) == (46, 0)


def test_outcomes_agree_with_their_rows(tmp_path, clean_text):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + OUTCOMES)
    assert con(lint_text(tmp_path, text)) == []
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + "其中予以公开及部分公开29件，其余依法作出其他答复。")
    assert con(lint_text(tmp_path, text)) == []


@pytest.mark.parametrize("old,new,claim,expected", [
    ("予以公开23件", "予以公开25件", "granted", 23),
    ("部分公开6件", "部分公开16件", "partly", 6),
    ("不予公开3件", "不予公开2件", "denied", 3),
    ("无法提供10件", "无法提供9件", "unable", 10),
    ("不予处理4件", "不予处理五件", "declined", 4),
    ("其他处理2件", "其他处理1件", "other", 2),
])
def test_one_changed_outcome_gives_one_warning(tmp_path, clean_text, old, new, claim, expected):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + OUTCOMES.replace(old, new))
    (f,) = con(lint_text(tmp_path, text))
    assert (f.code, f.args["claim"], f.args["expected"]) == ("CON001", claim, expected)
    assert f.cells and all(c["col"] == "total" for c in f.cells)


def test_outcomes_need_an_application_context(tmp_path, clean_text):
    """予以公开N件 in a sentence that is not about applications is not compared."""
    text = clean_text.replace("（三）政府信息管理\n", "（三）政府信息管理\n\n全年审查拟公开文件，其中依法予以公开30件。\n\n")
    assert con(lint_text(tmp_path, text)) == []


# ------------------------------------------------------------------------------------ 表四
CASES_SENTENCE = "全年因政府信息公开被申请行政复议4件，被提起行政诉讼2件。"


def test_cases_agree_with_table4(tmp_path, clean_text):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + CASES_SENTENCE)
    assert con(lint_text(tmp_path, text)) == []


@pytest.mark.parametrize("old,new,expected", [("行政复议4件", "行政复议5件", 4), ("行政诉讼2件", "行政诉讼3件", 2)])
def test_changed_case_count_gives_one_warning(tmp_path, clean_text, old, new, expected):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + CASES_SENTENCE.replace(old, new))
    (f,) = con(lint_text(tmp_path, text))
    assert (f.code, f.table, f.args["expected"]) == ("CON002", "table4", expected)


@pytest.mark.parametrize("sentence", [
    "全局办理行政复议案件12件，行政诉讼案件5件。",  # not about information disclosure
    "全年因政府信息公开被行政复议纠错1件。",
])
def test_other_case_counts_say_nothing(tmp_path, clean_text, sentence):
    text = clean_text.replace("（三）政府信息管理\n", "（三）政府信息管理\n\n" + sentence + "\n\n")
    assert con(lint_text(tmp_path, text)) == []


def test_case_counts_of_the_whole_administration_say_nothing(tmp_path, clean_text):
    """A paragraph that mentions 信息公开 and goes on to the 行政复议 cases of all subjects."""
    assert "把信息公开纳入年度考核，" in clean_text
    text = clean_text.replace("把信息公开纳入年度考核，", "把信息公开纳入年度考核。全区办理行政复议案件30件，")
    assert con(lint_text(tmp_path, text)) == []


def test_answered_count_needs_the_applications_in_its_sentence(tmp_path, clean_text):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + "人大代表建议和政协提案均按时办理，共答复12件。")
    assert con(lint_text(tmp_path, text)) == []


def test_no_cases_claim_against_a_table_with_some(tmp_path, clean_text):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + "全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。")
    found = con(lint_text(tmp_path, text))
    assert sorted((f.code, f.args["expected"], f.args["found"]) for f in found) == [("CON002", 2, 0), ("CON002", 4, 0)]


# ------------------------------------------------------------------------------------ 表二
@pytest.mark.parametrize("sentence", [
    "本年制发行政规范性文件3件，废止1件，现行有效行政规范性文件12件。",
    "依法清理规范性文件35件。",  # another verb: no column of 表二
    "现行有效行政规范性文件1件。",  # equals another cell of the row (废止 1): two readings
    "主动公开规章0件。",
])
def test_documents_that_agree_or_cannot_be_compared(tmp_path, clean_text, sentence):
    text = clean_text.replace("（三）政府信息管理\n", "（三）政府信息管理\n\n" + sentence + "\n\n")
    assert con(lint_text(tmp_path, text)) == []


def test_documents_that_disagree(tmp_path, clean_text):
    text = clean_text.replace("（三）政府信息管理\n", "（三）政府信息管理\n\n本年制发行政规范性文件5件。\n\n")
    (f,) = con(lint_text(tmp_path, text))
    assert (f.code, f.table, f.args["expected"], f.args["found"]) == ("CON003", "table2", 3, 5)
    assert {c["row"] for c in f.cells} == {"normative_documents"}


# ----------------------------------------------------------------------------- prose sums
POSTED = "全年通过门户网站主动公开政府信息312条，其中政策文件15条、工作动态201条、公示公告96条。"


@pytest.mark.parametrize("sentence", [
    "全年共发布政府信息312条，其中政策文件15条、工作动态201条、其他信息96条。",
    "全年共发布政府信息312条，其中政策文件15条、工作动态201条。",  # partial list: no 其他
    "全年共发布政府信息312条，其中政策文件15条（含解读5条、图解3条）、工作动态201条、其他96条。",
    "全年共受理申请52件，其中自然人申请45件、法人申请7件；其他事项另行说明3件。",
    "全年共发布信息312条，其中：机构职能 条，工作动态 条，政策文件及3 77\n\n政策解读 11 25 10条，其他信息 条。",
    "全年共发布政府信息312条，其中政策文件15条、工作动态201篇、其他96条。",  # mixed units
])
def test_sums_that_hold_or_cannot_be_read(tmp_path, clean_text, sentence):
    text = clean_text.replace(POSTED, sentence)
    assert by_code(lint_text(tmp_path, text), "CON004") == []


def test_sum_that_does_not_hold(tmp_path, clean_text):
    text = clean_text.replace(POSTED, "全年共发布政府信息312条，其中政策文件15条、工作动态201条、其他信息86条。")
    (f,) = by_code(lint_text(tmp_path, text), "CON004")
    assert (f.severity, f.args["expected"], f.args["found"]) == ("warning", 312, 302)
    assert [p["value"] for p in f.args["parts"]] == [15, 201, 86]
    assert f.location.line == line_of(text, "全年共发布政府信息312条")


def test_sum_in_brackets_after_the_total(tmp_path, clean_text):
    text = clean_text.replace(POSTED, "全年共发布政府信息三百一十二条（其中政策文件十五条、工作动态二百零一条、其他九十条）。")
    (f,) = by_code(lint_text(tmp_path, text), "CON004")
    assert (f.args["expected"], f.args["found"]) == (312, 306)


# ------------------------------------------------------------------------ real reports
def test_corpus_consistency_findings():
    """The dev corpus: the one real mismatch of 洪泽区 2024 (17 applications in the prose, 95 in
    表三), the breakdown of 平潭 2019 that adds up to 2533 instead of 2599, and nothing else."""
    need_shared(CORPUS / "labels.json")
    got = {}
    for path in sorted(CORPUS.glob("*")):
        if path.name in ("README.md", "labels.json"):
            continue
        for f in con(lint_file(str(path))):
            got.setdefault(path.name, []).append((f.code, f.args.get("expected"), f.args.get("found")))
    assert got == {"003_hongze_district_2024.pdf": [("CON001", 95, 17)],
                   "008_pingtan_2019.txt": [("CON004", 2599, 2533)]}


def test_samples_prose_contradicts_tables():
    path = need_shared(SAMPLES / "r10_word.docx")
    found = con(lint_file(str(path)))
    assert {f.code for f in found} == {"CON001", "CON003"}
    assert all(f.severity == "warning" for f in found)


def test_bare_application_count_needs_the_disclosure_paragraph(tmp_path, clean_text):
    """受理申请N件 without 信息公开 is only read under （二）依申请公开, not under another heading."""
    text = clean_text.replace("（三）政府信息管理\n", "（三）政府信息管理\n\n全年共受理申请1520件。\n\n")
    assert con(lint_text(tmp_path, text)) == []


def test_outcomes_worded_as_replies(tmp_path, clean_text):
    """同意公开答复N件 is the outcome 予以公开, not the number of replies (办结/答复N件)."""
    replies = "所有办结的申请中同意公开答复23件，部分公开答复6件，不予公开答复3件，无法提供的10件，其他处理2件。"
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + replies)
    assert con(lint_text(tmp_path, text)) == []
    (f,) = con(lint_text(tmp_path, text.replace("同意公开答复23件", "同意公开答复21件")))
    assert (f.args["claim"], f.args["expected"], f.args["found"]) == ("granted", 23, 21)


# ------------------------------------------------- 办理/办结/答复/处理: three readings (issue 9 item 4)
# clean_2023: 本年新收 46, 上年结转 6 (46 + 6 = 52), 办理结果（七）总计 48
@pytest.mark.parametrize("verb", ["办理", "办结", "答复", "处理"])
@pytest.mark.parametrize("count", [46, 52, 48])
def test_handled_count_may_be_new_new_plus_carried_or_results(tmp_path, clean_text, verb, count):
    text = clean_text.replace(APPLICATIONS, f"全年{verb}政府信息公开申请{count}件。")
    assert con(lint_text(tmp_path, text)) == []


@pytest.mark.parametrize("verb", ["办理", "办结", "答复", "处理"])
@pytest.mark.parametrize("count", [47, 50, 6])
def test_handled_count_that_is_none_of_them(tmp_path, clean_text, verb, count):
    text = clean_text.replace(APPLICATIONS, f"全年{verb}政府信息公开申请{count}件。")
    (f,) = con(lint_text(tmp_path, text))
    assert (f.code, f.args["claim"], f.args["found"], f.args["expected"]) == ("CON001", "results", count, 48)
    assert sorted(f.args["accepted"]) == [46, 48, 52]
    assert "本年新收为46" in f.message and "加上年结转为52" in f.message
    assert {(c["row"], c["col"]) for c in f.cells} == {("results_total", "total"), ("received_new", "total"),
                                                        ("carried_over", "total")}


@pytest.mark.parametrize("sentence", [
    "全年共办理人大代表建议12件。",  # no applications named
    "办理群众来信30件，处理投诉举报8件。",
    "对不予处理的4件申请均说明了理由。",
    "全年收到政府信息公开申请46件，其中不予处理4件。",
])
def test_handling_other_things_is_no_claim(tmp_path, clean_text, sentence):
    text = clean_text.replace(APPLICATIONS, APPLICATIONS + sentence)
    assert con(lint_text(tmp_path, text)) == []


def test_handled_count_is_not_judged_when_carried_over_is_blank(tmp_path, clean_text):
    """上年结转 blank: 新收 + 上年结转 is unknown, so no reading can be ruled out."""
    text = clean_text.replace("二、上年结转政府信息公开申请数量 5 0 0 0 1 0 6", "二、上年结转政府信息公开申请数量 5 0 0 0 1 0 /")
    text = text.replace(APPLICATIONS, "全年办理政府信息公开申请50件。")
    assert not by_code(lint_text(tmp_path, text), "CON001")
