"""Period rules: the statistics period must be the calendar year of the report, and the year in
the title must agree with it."""
from __future__ import annotations

import re

from ..document.packs import load_pack
from ..document.period import report_period
from .base import Rule


def _fmt(date) -> str:
    return f"{date[0]}年{date[1]}月{date[2]}日" if date else "?"


def _period_of(doc):
    """The period sentence of the preamble or section 一 (read once per document)."""
    return doc.memo("period", lambda: report_period(doc.text, doc.sections, load_pack("common")))


class PeriodRange(Rule):
    """What it checks:
        The statistics-period sentence (统计期限/统计时限/统计周期 …) covers exactly 1 January to 31
        December of the report year (the end year may be implicit: 至12月31日). A wrong year, a
        partial year, or a sentence without dates is an error.
    Why:
        An annual report covers the calendar year (条例 第四十九条: 上一年度); spec §3 "Statistics
        period": ERROR if present but not 1 Jan–31 Dec of the report year.
    Fires on:
        A 2023 report saying 统计期限为2022年1月1日至2022年12月31日; 统计期限自2023年1月1日至2023年6月30日.
    Silent on:
        统计周期为2024年1月1日至12月31日 in a 2024 report; digits displaced by a PDF extractor
        (统计时限自 年 月 日起至2021 1 1 …) that pair back to the full year.
    Options:
        none
    """

    code = "PER001"
    name = "statistics-period"
    category = "period"
    severity = "error"
    summary = "The statistics period is not 1 January–31 December of the report year"
    summary_zh = "统计期限不是报告年度的1月1日至12月31日"
    docs_zh = """
        检查内容：
            统计期限的句子（统计期限、统计时限、统计周期等）应恰好覆盖报告年度的1月1日至12月31日（结束年份
            可省略，如“至12月31日”）。年份不对、只覆盖部分年度或句中没有日期，均为错误。
        依据：
            年度报告涵盖整个自然年度（《条例》第四十九条：上一年度）。
        选项：
            无
    """

    def applies(self, doc):
        return doc.year is not None

    def check(self, doc, ctx):
        period = _period_of(doc)
        if period is None:
            return
        year = doc.year
        want = f"{year}年1月1日至{year}年12月31日"
        if not period.has_dates and period.has_digits:
            return  # dates in a form we cannot read: PER004 says "cannot check"
        if not period.has_dates:
            yield self.finding(doc, f"统计期限语句中没有可读的起止日期，应为{want}", start=period.start, end=period.end,
                               args={"expected": want, "found": period.text.strip()})
            return
        if period.first == (year, 1, 1) and period.last == (year, 12, 31):
            return
        found = f"{_fmt(period.first)}至{_fmt(period.last)}"
        what = "年份错误" if period.first[0] != year or period.last[0] != year else "不是完整年度"
        yield self.finding(doc, f"统计期限{what}：写的是{found}，{year}年报告应为{want}", start=period.start,
                           end=period.end, args={"expected": want, "found": found, "reconstructed": period.reconstructed})


class PeriodUnreadable(Rule):
    """What it checks:
        The statistics-period sentence has dates, but in a form the linter cannot read (Chinese
        numerals, an unusual separator, digits scattered by a PDF extractor that do not pair back
        unambiguously): the period is not checked, and this says so.
    Why:
        A rule that cannot decide must say so rather than pass silently or guess an error.
    Fires on:
        统计期限为二〇二三年一月一日至十二月三十一日.
    Silent on:
        统计期限为2023年1月1日至2023年12月31日; 统计期限为2023.1.1-2023.12.31.
    Options:
        none
    """

    code = "PER004"
    name = "statistics-period-unreadable"
    category = "input"
    severity = "warning"
    summary = "Cannot check: the statistics period's dates could not be read"
    summary_zh = "无法检查：统计期限中的日期无法读取"
    docs_zh = """
        检查内容：
            统计期限的句子中有日期，但写法无法读取（汉字数字、少见的分隔符、PDF 提取后打散且无法唯一配对的
            数字）：统计期限未作检查，并如实说明。
        依据：
            无法判断时应当说明，而不是默默放过或猜测错误。
        选项：
            无
    """

    def applies(self, doc):
        return doc.year is not None

    def check(self, doc, ctx):
        period = _period_of(doc)
        if period is not None and not period.has_dates and period.has_digits:
            yield self.finding(doc, f"无法检查：统计期限“{period.text.strip()[:60]}”中的日期无法识别",
                               start=period.start, end=period.end, args={"found": period.text.strip()})


class PeriodMissing(Rule):
    """What it checks:
        The report states its statistics period.
    Why:
        Almost every report states it in the preamble (spec §3: WARN if absent); readers need it to
        know what the numbers cover.
    Fires on:
        A report with no 统计期限/统计时限 sentence, no sentence of the same meaning (本报告所列数据
        自…起至…止, 起止时间为…) and no full-year date range in its preamble or section 一.
    Silent on:
        本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。 in the preamble, or in 一、总体情况
        or its first sub-part; 本报告所列数据自2020年1月1日起，至2020年12月31日止。
    Options:
        none
    """

    code = "PER002"
    name = "statistics-period-missing"
    category = "period"
    severity = "warning"
    summary = "No statistics-period sentence"
    summary_zh = "未写明统计期限"
    docs_zh = """
        检查内容：
            报告是否写明统计期限。
        依据：
            几乎所有报告都在开头写明统计期限，读者需要知道数字覆盖的时间范围。
        选项：
            无
    """

    def check(self, doc, ctx):
        if _period_of(doc) is None:
            yield self.finding(doc, "未找到统计期限说明（如“本报告所列数据统计期限自X年1月1日起至X年12月31日止”）",
                               start=doc.title_start or 0, end=(doc.title_start or 0) + 1,
                               args={"expected": "统计期限 sentence", "found": None})


class TitleYear(Rule):
    """What it checks:
        The year in the title equals the year of the statistics period.
    Why:
        Spec §3 (title convention) and X-1: the report year must be consistent; a title naming one
        year over a period of another is a copy-paste error reviewers send back.
    Fires on:
        Title 2023年政府信息公开工作年度报告 with 统计期限为2022年1月1日至2022年12月31日.
    Silent on:
        Title and period naming the same year; a report without a title line.
    Options:
        none
    """

    code = "PER003"
    name = "title-year"
    category = "period"
    severity = "error"
    summary = "The title year differs from the statistics-period year"
    summary_zh = "标题年份与统计期限年份不一致"
    docs_zh = """
        检查内容：
            标题中的年份应与统计期限的年份相同。
        依据：
            报告年度必须前后一致；标题写一个年份、统计期限写另一个年份，是审核中常被退回的复制错误。
        选项：
            无
    """

    def check(self, doc, ctx):
        if not doc.title or doc.title_start is None:
            return
        m = re.search(r"((?:19|20)\d{2})\s*年", doc.title)
        period = _period_of(doc)
        if not m or period is None or not period.has_dates:
            return
        title_year = int(m.group(1))
        if title_year != period.first[0]:
            yield self.finding(doc, f"标题年份{title_year}年与统计期限年份{period.first[0]}年不一致",
                               start=doc.title_start, end=doc.title_start + len(doc.title),
                               args={"expected": period.first[0], "found": title_year})


RULES = [PeriodRange, PeriodUnreadable, PeriodMissing, TitleYear]
