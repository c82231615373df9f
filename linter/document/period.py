"""Read the statistics-period sentence (统计期限/统计时限/统计周期 …) and the dates in it.

The sentence is looked for in the opening of the report: the preamble and section 一 (many
reports state it in 一、总体情况 or its first sub-part). A keyword of the rule pack introduces it
(统计期限为…); a phrase of the same meaning without the keyword (本报告所列数据自2020年1月1日起，
至2020年12月31日止; 起止时间为…) counts when a date follows in its sentence. In section 一 a keyword
counts only with a date after it: there 统计口径，… is prose, not the period statement.

Text that other tools extracted from PDFs may have the digits of the sentence moved to the end of
the line (`统计时限自 年 月 日起至2021 1 1`): the date markers 年/月/日 stay in place with
nothing before them, and the digits follow in their original order. When the sentence has as many
loose numbers as markers, they are paired in order; anything less certain is left unread.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Optional

_WS = re.compile(r"[\s\u3000]+")
RANGE = re.compile(
    r"(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})(?:日(?:\d{1,2}[时点](?:\d{1,2}分)?)?)?(?:起)?[，,]?"
    r"(?:至|到|—{1,2}|－|-|–|~|～|止至)"
    r"(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?")
# 2023.1.1-2023.12.31, 2023-01-01至2023-12-31, 2023/1/1～2023/12/31
NUMERIC_RANGE = re.compile(
    r"(?P<y1>\d{4})[./\-](?P<m1>\d{1,2})[./\-](?P<d1>\d{1,2})日?(?:起)?(?:至|到|—{1,2}|－|-|–|~|～)"
    r"(?P<y2>\d{4})[./\-](?P<m2>\d{1,2})[./\-](?P<d2>\d{1,2})")
# the keyword states the period (统计期限为/自/从/：…), rather than mentioning it (统计期限内…)
STATEMENT = re.compile(r"[\s\u3000]*(?:为|是|自|从|：|:|起|系|始|，|,|\d)")
# a phrase of the same meaning (所列数据, 起止时间) states the period only when a verb or colon
# follows it (所列数据自…, 起止时间为…): after a comma it is a mention (报告期，3月至5月开展了…)
PHRASE_STATEMENT = re.compile(r"[\s\u3000]*(?:为|是|自|从|：|:|系)")
FULL_YEAR = re.compile(r"(?P<y1>\d{4})年1月1日(?:起)?[，,]?(?:至|到|—|－|-|–|~|～)(?:(?P<y2>\d{4})年)?12月31日")
# months without days (2020年1月至12月, 2020年1-12月) and a year stated whole right after the
# keyword (统计期限为2020年度 / 2020年全年): the first day of the first month to the last of the last
MONTH_RANGE = re.compile(r"(?P<y1>\d{4})年(?P<m1>\d{1,2})月份?(?:起)?[，,]?(?:至|到|—{1,2}|－|-|–|~|～)"
                         r"(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月份?(?![\d日号])")
MONTHS_ONLY = re.compile(r"(?P<y1>\d{4})年(?P<m1>\d{1,2})(?:—|－|-|–|~|～|至)(?P<m2>\d{1,2})月份?(?![\d日号])")
WHOLE_YEAR = re.compile(r"^[为是：:]?(?:自|从)?(?P<y1>\d{4})(?:年度|年全年|全年|年)(?:[。；;，,]|$)")


def _whole_months(compact: str):
    """(first, last) dates of a period given in whole months or as a whole year, else None."""
    m = MONTH_RANGE.search(compact) or MONTHS_ONLY.search(compact)
    if m:
        y1, m1, m2 = int(m["y1"]), int(m["m1"]), int(m["m2"])
        y2 = int(m["y2"]) if m.groupdict().get("y2") else y1
        if 1 <= m1 <= 12 and 1 <= m2 <= 12:
            return (y1, m1, 1), (y2, m2, calendar.monthrange(y2, m2)[1])
    m = WHOLE_YEAR.match(compact)
    if m:
        y = int(m["y1"])
        return (y, 1, 1), (y, 12, 31)
    return None


# a date in some form (maybe one an extractor garbled: 20211231日): the sentence states dates
_YEARISH = re.compile(r"\d{4}年\d{1,2}月|\d{4}[./\-]\d{1,2}[./\-]|\d{6,8}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月")


@dataclass
class Period:
    start: int  # offset of the keyword (or of the range) in the document text
    end: int  # offset where the sentence ends
    keyword: str
    text: str  # the sentence as printed
    first: Optional[tuple] = None  # (y, m, d)
    last: Optional[tuple] = None  # (y, m, d); y may be implicit (taken from `first`)
    reconstructed: bool = False  # digits were displaced and paired back in order

    @property
    def has_dates(self) -> bool:
        return self.first is not None and self.last is not None

    @property
    def has_digits(self) -> bool:
        """Digits in the sentence that could not be read as a date range: undecidable, not wrong."""
        return bool(re.search(r"\d|[〇零一二三四五六七八九十]{2,}年", self.text[len(self.keyword):]))


def _sentence_end(text: str, start: int, limit: int = 160) -> int:
    stop = min(len(text), start + limit)
    for i in range(start, stop):
        if text[i] in "。；;":
            return i + 1
    return stop


def _dates_from(window: str):
    compact = _WS.sub("", window)
    m = RANGE.search(compact) or NUMERIC_RANGE.search(compact)
    if m:
        y1, m1, d1 = int(m["y1"]), int(m["m1"]), int(m["d1"])
        y2 = int(m["y2"]) if m["y2"] else y1
        return (y1, m1, d1), (y2, int(m["m2"]), int(m["d2"])), False
    whole = _whole_months(compact)
    if whole:
        return whole[0], whole[1], False
    # displaced digits: pair loose numbers with the 年/月/日 markers in order
    markers = re.findall(r"[年月日]", window)
    numbers = re.findall(r"\d+", window)
    if len(markers) in (5, 6) and len(numbers) == len(markers):
        seq = list(zip(numbers, markers))
        if len(markers) == 6 and [mk for _, mk in seq] == list("年月日年月日"):
            v = [int(n) for n, _ in seq]
            return (v[0], v[1], v[2]), (v[3], v[4], v[5]), True
        if len(markers) == 5 and [mk for _, mk in seq] == list("年月日月日"):
            v = [int(n) for n, _ in seq]
            return (v[0], v[1], v[2]), (v[0], v[3], v[4]), True
    return None, None, False


def opening_end(sections) -> Optional[int]:
    """Where the opening of a report ends, for the period search: the end of section 一 when it
    was found, else the first section heading; None (the whole text) without headings."""
    first = next((sec for sec in sections if sec.number == 1), None)
    if first is not None:
        return first.end
    return sections[0].start if sections else None


def preamble_end(sections) -> Optional[int]:
    """Where the preamble ends: the first section heading."""
    return sections[0].start if sections else None


def find_period(text: str, keywords: list, search_end: Optional[int] = None, phrases: tuple = (),
                preamble: Optional[int] = None) -> Optional[Period]:
    """The first statistics-period sentence of text[:search_end], or None when there is none.

    In order: a sentence introduced by a keyword whose dates are read; one introduced by a phrase
    of the same meaning (`phrases`: 所列数据, 起止时间 …) whose dates are read; a full-year date
    range (YYYY年1月1日至12月31日); a sentence whose dates could not be read (PER004 says so);
    last a keyword statement without any date. After `preamble` (the first heading) a keyword
    counts only with a date after it."""
    limit = len(text) if search_end is None else search_end
    statements = []
    for kw in keywords:
        pattern = re.compile(r"[\s\u3000]*".join(map(re.escape, kw)))
        for m in pattern.finditer(text, 0, limit):
            after = text[m.end():_sentence_end(text, m.end())]
            if preamble is not None and m.start() >= preamble and not _YEARISH.search(_WS.sub("", after)):
                continue
            if STATEMENT.match(text, m.end()) or _dates_from(after)[0]:
                statements.append(m)
    keyworded = _periods(text, statements)
    statements = []
    for phrase in phrases:
        pattern = re.compile(r"[\s\u3000]*".join(map(re.escape, phrase)))
        for m in pattern.finditer(text, 0, limit):
            # a statement of the period (所列数据自…, 起止时间为…), not a mention of it
            # (报告期内，3月至5月开展了…)
            if PHRASE_STATEMENT.match(text, m.end()) and _YEARISH.search(_WS.sub("", text[m.end():_sentence_end(text, m.end())])):
                statements.append(m)
    phrased = _periods(text, statements)
    in_preamble = [p for p in phrased if preamble is None or p.start < preamble]
    later = [p for p in phrased if p not in in_preamble]
    # dates read win (a keyword anywhere in the opening, a phrase in the preamble); then a
    # full-year range anywhere in the opening; then a phrase in section 一 (whose dates may be of
    # some activity); then a sentence whose dates could not be read (PER004); last a keyword
    # without any date (统计期限：见附表)
    for p in keyworded + in_preamble:
        if p.has_dates:
            return p
    compact_map = [(i, ch) for i, ch in enumerate(text[:limit]) if not ch.isspace()]
    compact = "".join(ch for _, ch in compact_map)
    m = FULL_YEAR.search(compact)
    if m:
        s, e = compact_map[m.start()][0], compact_map[m.end() - 1][0] + 1
        y1 = int(m["y1"])
        y2 = int(m["y2"]) if m["y2"] else y1
        return Period(s, e, "", text[s:e], (y1, 1, 1), (y2, 12, 31), False)
    for p in later:
        if p.has_dates:
            return p
    for p in keyworded + phrased:
        if p.has_digits:
            return p
    return keyworded[0] if keyworded else None


def _periods(text: str, statements: list) -> list:
    out = []
    for m in sorted(statements, key=lambda m: m.start()):
        end = _sentence_end(text, m.end())
        first, last, rebuilt = _dates_from(text[m.end():end])
        out.append(Period(m.start(), end, _WS.sub("", m.group()), text[m.start():end], first, last, rebuilt))
    return out


def report_period(text: str, sections, pack) -> Optional[Period]:
    """The statistics period of a report, looked for in its opening (preamble and section 一)."""
    return find_period(text, pack.period_keywords, opening_end(sections), tuple(pack.period_phrases),
                       preamble_end(sections))
