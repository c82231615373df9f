"""The statistics-period sentence is looked for in the whole opening of a report (issue 9 item 5):
the preamble and section 一 with its sub-parts, with or without a keyword when the words mean the
same (本报告所列数据自…起，至…止; 起止时间为…). PER002 only when no such sentence exists; a date
whose 年/月 were lost stays "cannot check" (PER004), never a guess. The report year is read from
the title, else from the period, else from the opening naming the report."""
from __future__ import annotations

import pytest

from conftest import by_code, lint_text

PERIOD = "本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。"
OVERVIEW = "2023年，示例区交通运输局按照条例要求，"
SUBPART = "全年通过门户网站主动公开政府信息312条，"
PER = ("PER001", "PER002", "PER003", "PER004")


def per(result) -> list:
    return sorted(f.code for f in result.findings if f.code in PER)


def _moved(text, sentence, anchor):
    """The period sentence taken out of the preamble and put before `anchor`."""
    assert PERIOD in text and anchor in text
    return text.replace(PERIOD, "").replace(anchor, sentence + anchor)


@pytest.mark.parametrize("anchor", [OVERVIEW, SUBPART], ids=["section-one", "first-sub-part"])
def test_period_in_section_one_is_found(tmp_path, clean_text, anchor):
    result = lint_text(tmp_path, _moved(clean_text, PERIOD, anchor))
    assert per(result) == []


@pytest.mark.parametrize("sentence", [
    "本报告所列数据自2023年1月1日起，至2023年12月31日止。",
    "本报告起止时间为2023年1月1日至2023年12月31日。",
    "报告期为2023年1月1日至12月31日。",
])
@pytest.mark.parametrize("anchor", ["本报告电子版", OVERVIEW], ids=["preamble", "section-one"])
def test_same_meaning_without_the_keyword(tmp_path, clean_text, sentence, anchor):
    assert per(lint_text(tmp_path, _moved(clean_text, sentence, anchor))) == []


@pytest.mark.parametrize("anchor", ["本报告电子版", OVERVIEW, SUBPART])
def test_wrong_period_without_the_keyword_is_an_error(tmp_path, clean_text, anchor):
    text = _moved(clean_text, "本报告所列数据自2022年1月1日起，至2022年12月31日止。", anchor)
    result = lint_text(tmp_path, text)
    assert per(result) == ["PER001", "PER003"]
    (f,) = by_code(result, "PER001")
    assert f.args["expected"] == "2023年1月1日至2023年12月31日" and f.args["found"] == "2022年1月1日至2022年12月31日"
    assert f.location.line == text[:text.index("本报告所列数据自2022")].count("\n") + 1


def test_no_period_sentence_in_the_opening_is_a_warning(tmp_path, clean_text):
    """A period stated only in section 五 is no statement of what the report covers; other date
    ranges in section 一 (a campaign) and 统计口径 mentioned without a date are not one either."""
    text = clean_text.replace(PERIOD, "")
    text = text.replace(OVERVIEW, "2023年3月1日至5月31日开展政务公开专项行动，按照统计口径，" + OVERVIEW)
    text = text.replace("（二）改进措施", "本报告统计期限为2023年1月1日至2023年12月31日。\n\n（二）改进措施")
    result = lint_text(tmp_path, text)
    assert per(result) == ["PER002"]


@pytest.mark.parametrize("sentence", [
    "本报告所列数据统计期限自2023年1月1日起至20231231日止。",
    "本报告所列数据自2023年1月1日起至20231231日止。",
])
@pytest.mark.parametrize("anchor", ["本报告电子版", OVERVIEW], ids=["preamble", "section-one"])
def test_date_with_lost_year_and_month_markers_is_cannot_check(tmp_path, clean_text, sentence, anchor):
    result = lint_text(tmp_path, _moved(clean_text, sentence, anchor))
    assert per(result) == ["PER004"]
    (f,) = by_code(result, "PER004")
    assert f.category == "input" and f.severity == "warning"


def test_year_from_a_period_in_section_one_when_the_title_has_none(tmp_path, clean_text):
    text = _moved(clean_text, PERIOD, SUBPART).replace("2023年政府信息公开工作年度报告", "政府信息公开工作年度报告")
    result = lint_text(tmp_path, text)
    assert (result.document.year, result.document.year_source) == (2023, "period")
    assert per(result) == []


def test_year_from_the_opening_naming_the_report(tmp_path, clean_text):
    text = clean_text.replace("2023年政府信息公开工作年度报告", "政府信息公开工作年度报告").replace(PERIOD, "")
    text = text.replace(OVERVIEW, "现将本局2023年度政府信息公开工作年度报告公布如下。" + OVERVIEW)
    result = lint_text(tmp_path, text)
    assert (result.document.year, result.document.year_source) == (2023, "text")
    assert per(result) == ["PER002"]


@pytest.mark.parametrize("title", [
    "示例市示例区交通运输局２０２３年政府信息公开工作年度报告",
    "示例市示例区交通运输局二〇二三年政府信息公开工作年度报告",
    "示例市示例区交通运输局二○二三年度政府信息公开工作年度报告",
])
def test_title_year_in_full_width_digits_or_chinese_numerals(tmp_path, clean_text, title, ):
    text = clean_text.replace("示例市示例区交通运输局2023年政府信息公开工作年度报告", title, 1)
    result = lint_text(tmp_path, text)
    assert (result.document.year, result.document.year_source) == (2023, "title")
    assert result.document.agency == "示例市示例区交通运输局"
    assert per(result) == []
    wrong = lint_text(tmp_path, text.replace("2023年1月1日起至2023年12月31日", "2022年1月1日起至2022年12月31日"))
    assert per(wrong) == ["PER001", "PER003"]


def test_year_from_the_first_words_of_section_one(tmp_path, clean_text):
    text = clean_text.replace("示例市示例区交通运输局2023年政府信息公开工作年度报告", "示例市示例区交通运输局政府信息公开工作年度报告")
    result = lint_text(tmp_path, text.replace(PERIOD, ""))
    assert (result.document.year, result.document.year_source) == (2023, "text")
    assert per(result) == ["PER002"]
    other = text.replace(PERIOD, "").replace(OVERVIEW, "按照条例要求，")
    assert lint_text(tmp_path, other).document.year is None


@pytest.mark.parametrize("sentence,codes", [
    ("统计期限为2023年度。", []),
    ("统计期限为2023年1月至12月。", []),
    ("统计时间为2023年1-12月。", []),
    ("统计期限为2023年1月1日0时至2023年12月31日24时。", []),
    ("统计期限为2023年1月至6月。", ["PER001"]),
    ("统计期限为2022年度。", ["PER001", "PER003"]),
])
def test_periods_in_whole_months_or_a_whole_year(tmp_path, clean_text, sentence, codes):
    assert per(lint_text(tmp_path, clean_text.replace(PERIOD, sentence))) == codes


def test_scope_sentence_without_dates_loses_to_a_full_year_range(tmp_path, clean_text):
    """统计口径为… (what the numbers cover, no date) is no period when the opening states the
    year's range elsewhere."""
    text = clean_text.replace(PERIOD, "本报告统计口径为本局机关及下属单位。")
    text = text.replace(OVERVIEW, "2023年1月1日至12月31日，" + OVERVIEW)
    assert per(lint_text(tmp_path, text)) == []


def test_title_ending_in_nianbao(tmp_path, clean_text):
    text = clean_text.replace("2023年政府信息公开工作年度报告", "2023年政府信息公开工作年报", 1)
    result = lint_text(tmp_path, text)
    assert (result.document.year, result.document.year_source) == (2023, "title")
    assert result.document.title == "示例市示例区交通运输局2023年政府信息公开工作年报"


def test_year_from_the_preamble_naming_the_report_with_words_between(tmp_path, clean_text):
    text = clean_text.replace("示例市示例区交通运输局2023年政府信息公开工作年度报告", "示例市示例区交通运输局政府信息公开工作年度报告")
    text = text.replace(PERIOD, "现将本局2023年度本机关政府信息公开工作情况报告如下。").replace(OVERVIEW, "按照条例要求，")
    result = lint_text(tmp_path, text)
    assert (result.document.year, result.document.year_source) == (2023, "text")


def test_a_dated_mention_in_section_one_does_not_beat_the_full_year_range(tmp_path, clean_text):
    """`报告期内，2023年3月至5月开展了…` mentions the period and dates an activity; the preamble's
    full-year range without a keyword is the statement: nothing to report."""
    text = clean_text.replace(PERIOD, "2023年1月1日至12月31日，本局政府信息公开工作情况如下。")
    text = text.replace(OVERVIEW, "报告期内，2023年3月至5月开展了政务公开专项行动。" + OVERVIEW)
    assert per(lint_text(tmp_path, text)) == []


@pytest.mark.parametrize("mention", ["报告期内，2023年3月至5月开展了政务公开专项行动。",
                                     "在本报告期，2023年3月至5月开展了专项行动。"])
def test_a_phrase_that_only_mentions_the_period_is_no_statement(tmp_path, clean_text, mention):
    """Without the period sentence, a mention is not taken for one: PER002 (no statement), never a
    PER001 about the activity's months."""
    text = clean_text.replace(PERIOD, "").replace(OVERVIEW, mention + OVERVIEW)
    assert "PER001" not in per(lint_text(tmp_path, text))
