"""Date rules: when the report was published, against the deadlines of 条例 第四十九条 (departments
by 31 January, governments by 31 March of the following year).

The publication date is the `--published` option when given, else the date under the signature
(the last line of the report: `2024年1月17日`, `二〇二四年一月十七日`, or `2022 1 28年 月 日` with
digits an extractor moved in front of the markers), else a date in brackets right under the title
(`(2026年1月23日)`). Whether the report is a department's or a government's is inferred from the
agency name (option `agency_kind` overrides): …局/委/办/厅/办公室 (including …人民政府办公室) are
departments, …人民政府/…市政府 governments, 乡镇 governments and other bodies have no national
deadline, and an agency that cannot be classified gets no finding.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from ..document.numerals import chinese_to_int
from ..document.prose import is_page_number, line_spans
from .base import Rule
from .structure import TEMPLATE_EDITIONS

DEPARTMENT, GOVERNMENT, TOWNSHIP = "department", "government", "township"
KIND_NAMES = {DEPARTMENT: "人民政府部门", GOVERNMENT: "人民政府", TOWNSHIP: "乡镇人民政府"}

_DEPARTMENT_END = re.compile(r"(?:局|厅|办公室|办|署|委员会|委|参事室|研究室)$")
_NOT_DEPARTMENT = re.compile(r"(?:管理委员会|管委会|管委|村民委员会|居民委员会|街道办事处|办事处|街道办)$")
_GOVERNMENT_END = re.compile(r"(?:人民政府|政府)$")
_TOWNSHIP_GOV = re.compile(r"(?:镇|乡)(?:人民)?政府$")


def infer_agency_kind(name: str) -> Optional[str]:
    """"department", "government", "township" or None (unknown) for an agency name."""
    name = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", name or ""))
    name = re.sub(r"[（(][^）)]*[）)]$", "", name)  # a trailing note in brackets
    if not name:
        return None
    if _NOT_DEPARTMENT.search(name):
        return None
    if _DEPARTMENT_END.search(name):
        return DEPARTMENT
    if _TOWNSHIP_GOV.search(name):
        return TOWNSHIP
    if _GOVERNMENT_END.search(name):
        return GOVERNMENT
    return None


_OPTION_KINDS = {"department": DEPARTMENT, "dept": DEPARTMENT, "部门": DEPARTMENT,
                 "government": GOVERNMENT, "gov": GOVERNMENT, "政府": GOVERNMENT, "人民政府": GOVERNMENT,
                 "township": TOWNSHIP, "乡镇": TOWNSHIP, "other": "other", "none": "other"}


def agency_kind(doc, ctx) -> tuple:
    """(kind, source): the `agency_kind` option when set, else inferred from the agency name in
    the title, else from the line above the signature date. kind is None when unknown, "other"
    when the option says the agency has no national deadline."""
    option = (ctx.options or {}).get("agency_kind") if ctx is not None else None
    if option:
        return _OPTION_KINDS.get(str(option).strip().lower(), None), "option"
    if doc.agency:
        kind = infer_agency_kind(doc.agency)
        if kind:
            return kind, "title"
    sig = signature(doc)
    if sig and sig.agency:
        kind = infer_agency_kind(sig.agency)
        if kind:
            return kind, "signature"
    return None, ""


# ------------------------------------------------------------------------------ the date line
_ARABIC_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_CHINESE_DATE = re.compile(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
_ISO_DATE = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_DISPLACED = re.compile(r"^(\d{4})[ \t\u3000]+(\d{1,2})[ \t\u3000]+(\d{1,2})[ \t\u3000]*年[ \t\u3000]*月[ \t\u3000]*日$")


def _valid(y, m, d) -> Optional[dt.date]:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def parse_date_line(line: str, iso: bool = False) -> Optional[dt.date]:
    """The date when `line` is nothing but a date written as under a signature (2024年1月17日,
    二〇二四年一月十七日, or the displaced `2022 1 28年 月 日` of some PDF extractors); None
    otherwise. `iso` also accepts 2024-01-17 (not a signature: web pages print such dates for
    other purposes, e.g. when a copy was captured)."""
    if len(line) > 60:  # far longer than any date line (a web page saved as one line)
        return None
    raw = unicodedata.normalize("NFKC", line).strip()
    m = _DISPLACED.match(raw)
    if m:
        return _valid(*m.groups())
    compact = re.sub(r"[\s\u3000]+", "", raw)
    m = _ARABIC_DATE.match(compact) or (_ISO_DATE.match(compact) if iso else None)
    if m:
        return _valid(*m.groups())
    m = _CHINESE_DATE.match(compact)
    if m:
        y, mo, d = (chinese_to_int(g) for g in m.groups())
        if None in (y, mo, d):
            return None
        return _valid(y, mo, d)
    return None


@dataclass
class DateLine:
    date: dt.date
    start: int
    end: int
    where: str  # "signature" or "under-title"
    agency: str = ""


def signature(doc) -> Optional[DateLine]:
    """The date under the signature: the last non-empty line of the report (page numbers
    skipped), when it is nothing but a date; the line above it is taken as the agency."""
    return doc.memo("signature", lambda: _signature(doc))


def _signature(doc) -> Optional[DateLine]:
    lines = [(s, e, t) for s, e, t in line_spans(doc) if t.strip()]
    while lines and is_page_number(lines[-1][2], bare=True):
        lines.pop()
    if not lines:
        return None
    s, e, t = lines[-1]
    date = parse_date_line(t)
    if date is None:
        return None
    agency = ""
    if len(lines) >= 2:
        above = re.sub(r"[\s\u3000]+", "", lines[-2][2])
        if 2 <= len(above) <= 40 and not re.search(r"[。，；：、]", above):
            agency = above
    lead = len(t) - len(t.lstrip())
    return DateLine(date, s + lead, s + len(t.rstrip()), "signature", agency)


def under_title(doc) -> Optional[DateLine]:
    """A date in brackets on its own line right under the title, before section 1."""
    if doc.title_start is None:
        return None
    first = doc.sections[0].start if doc.sections else len(doc.text)
    seen = 0
    for s, e, t in line_spans(doc):
        if s < doc.title_start or s >= first:
            continue
        if not t.strip():
            continue
        seen += 1
        if seen > 5:
            break
        if len(t) > 60:
            continue  # no bracketed date line is that long
        m = re.match(r"^[\s\u3000]*[（(]\s*(.+?)\s*[）)][\s\u3000]*$", unicodedata.normalize("NFKC", t))
        if m:
            date = parse_date_line(m.group(1))
            if date:
                lead = len(t) - len(t.lstrip())
                return DateLine(date, s + lead, s + len(t.rstrip()), "under-title")
    return None


def publication_date(doc, ctx) -> Optional[DateLine]:
    option = (ctx.options or {}).get("published") if ctx is not None else None
    if option:
        if isinstance(option, dt.date):
            date = option
        else:
            try:
                date = dt.date.fromisoformat(str(option).strip())
            except ValueError:
                return None
        start = doc.title_start or 0
        return DateLine(date, start, start + max(1, len(doc.title or "")), "option")
    return signature(doc) or under_title(doc)


def deadline(year: int, kind: str) -> Optional[dt.date]:
    if kind == DEPARTMENT:
        return dt.date(year + 1, 1, 31)
    if kind == GOVERNMENT:
        return dt.date(year + 1, 3, 31)
    return None


def _fmt(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


_WHERE = {"signature": "落款日期", "under-title": "标题下所注日期", "option": "公布日期（--published）"}


class _DateRule(Rule):
    editions = TEMPLATE_EDITIONS

    def applies(self, doc):
        return super().applies(doc) and doc.year is not None


class LatePublication(_DateRule):
    """What it checks:
        The publication date (the `published` option, else the date under the signature, else a
        date in brackets under the title) against 条例 第四十九条: 县级以上人民政府部门 publish the
        previous year's report by 31 January; 县级以上地方人民政府 (their 主管部门) by 31 March.
        Whether the report is a department's or a government's is inferred from the agency name.
    Why:
        条例 第四十九条 sets the deadlines (spec D-1, D-2, D-4); a late report is a compliance
        failure reviewers note.
    Fires on:
        A 2023 report of 某某市交通运输局 dated 2024年2月5日; a 2023 report of 某某县人民政府 dated
        2024年4月2日.
    Silent on:
        A department's report dated 2024年1月17日; a government's dated 2024年3月29日; reports of
        乡镇 governments and other bodies with no national deadline (spec D-3); reports whose agency
        cannot be classified or whose date cannot be read with certainty.
    Options:
        agency_kind: "department", "government" or "township" (overrides the inference);
        published: the publication date (ISO), overrides the date in the text.
    """

    code = "DAT001"
    name = "late-publication"
    category = "period"
    severity = "warning"
    summary = "Published after the deadline of 条例 第四十九条"
    summary_zh = "报告发布晚于条例规定的期限"
    docs_zh = """
        检查内容：
            发布日期（选项 published，否则取落款日期，否则取标题下括号中的日期）按《条例》第四十九条核对：
            县级以上人民政府部门应在1月31日前、县级以上地方人民政府应在3月31日前公布上一年度报告。
            是部门还是人民政府的报告由机关名称判断。
        依据：
            《条例》第四十九条规定了公布期限，逾期公布属于不合规。
        选项：
            机关类别（department、government、township）：指定后不再由名称判断；published：发布日期
            （年-月-日），优先于正文中的日期。
    """
    editions = TEMPLATE_EDITIONS


    def check(self, doc, ctx):
        pub = publication_date(doc, ctx)
        if pub is None or pub.date <= dt.date(doc.year, 12, 31):
            return
        kind, source = agency_kind(doc, ctx)
        limit = deadline(doc.year, kind) if kind else None
        if limit is None or pub.date <= limit:
            return
        days = (pub.date - limit).days
        yield self.finding(doc, f"{_WHERE[pub.where]}{_fmt(pub.date)}晚于法定公布期限：{KIND_NAMES[kind]}应在"
                                f"{_fmt(limit)}前公布上一年度报告（条例第四十九条），晚{days}天",
                           start=pub.start, end=pub.end,
                           args={"expected": limit.isoformat(), "found": pub.date.isoformat(), "agency_kind": kind,
                                 "agency_kind_source": source, "date_source": pub.where, "days_late": days})


class DateBeforeYearEnd(_DateRule):
    """What it checks:
        The publication date (as for DAT001) falls after the end of the report year: a report on
        2023 cannot be signed in 2023.
    Why:
        The report covers the whole calendar year (条例 第四十九条: 上一年度); a date inside the year
        is a typo in the date or in the year of the report.
    Fires on:
        A 2023 report signed 2023年1月18日.
    Silent on:
        A 2023 report signed 2024年1月18日; a report whose date cannot be read with certainty.
    Options:
        published: the publication date (ISO), overrides the date in the text.
    """

    code = "DAT002"
    name = "date-before-year-end"
    category = "period"
    severity = "error"
    summary = "The publication date is not after the end of the report year"
    summary_zh = "发布日期不晚于报告年度结束"
    docs_zh = """
        检查内容：
            发布日期（同DAT001）应在报告年度结束之后：2023年度的报告不可能在2023年内落款。
        依据：
            年度报告涵盖整个自然年度（《条例》第四十九条：上一年度）；年度内的日期说明日期或报告年度写错了。
        选项：
            published：发布日期（年-月-日），优先于正文中的日期。
    """
    editions = TEMPLATE_EDITIONS


    def check(self, doc, ctx):
        pub = publication_date(doc, ctx)
        if pub is None or pub.date > dt.date(doc.year, 12, 31):
            return
        yield self.finding(doc, f"{_WHERE[pub.where]}{_fmt(pub.date)}早于报告年度{doc.year}年结束，"
                                f"{doc.year}年度报告应在{doc.year + 1}年公布",
                           start=pub.start, end=pub.end,
                           args={"expected": f"after {doc.year}-12-31", "found": pub.date.isoformat(),
                                 "date_source": pub.where})


RULES = [LatePublication, DateBeforeYearEnd]
