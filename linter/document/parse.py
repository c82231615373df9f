"""From a RawDocument to a Document: title, report year, template edition, sections, tables.

The edition follows the report year (spec §1.2): 2019–2020 → 2019 edition, 2021 on → 2021
edition, earlier years → "pre2019" (no mandated template). `--year`/`--edition` override.
"""
from __future__ import annotations

import re

from .model import Document, RawDocument
from .packs import edition_for_year, load_pack, template_editions
from .period import opening_end, report_period
from .sectioner import split_sections
from .tables import read_table2, read_table3, read_table4

_WS = re.compile(r"[\s\u3000]+")
_TITLE_END = re.compile(r"报\s*告|年\s*报(?!\s*告)")


_NOT_A_TITLE = re.compile(r"(根据|依据|按照|本报告|为|现将|现公布)")
_LABEL_PREFIX = re.compile(r"(?:标题|题目|正文|附件)\s*[:：]?\s*")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"[一二][〇零○Ｏ九][〇零○Ｏ一二三四五六七八九]{2}(?=\s*年)")


def ascii_years(text: str) -> str:
    """Years written in full-width digits (２０２０年) or Chinese numerals (二〇二〇年, 二○二○年)
    rewritten in ASCII digits, character for character (offsets are kept), so that one year
    pattern reads every title and opening."""
    text = text.translate(_FULLWIDTH_DIGITS)
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[ch] for ch in m.group()), text)


def _is_title(title: str) -> bool:
    """A title names the report; a sentence that merely mentions one (根据…报告) or a breadcrumb
    of a web page is no title."""
    return (len(title) <= 60 and "信息公开" in title and _YEAR_IN_TITLE.search(title) is not None
            and not _NOT_A_TITLE.match(title) and not re.search(r"[>»/|]", title))


def _title(text: str, first_heading: int) -> tuple:
    """(title, offset) of the report title, looked for before section 1: a line of its own that
    reads like a report title (web pages put the site's navigation first), joined to the agency
    name printed on the line above it; else the first lines of the text up to 报告 (a title broken
    over two or three lines, or a one-line web page)."""
    head = ascii_years(text[:first_heading if first_heading >= 0 else min(len(text), 3000)])
    offset, previous = 0, None
    for line in head.split("\n"):
        title = _WS.sub("", line)
        label = _LABEL_PREFIX.match(title)
        if label and title[:label.end()].strip(" :：") in ("标题", "题目"):
            title = title[label.end():]
        if _YEAR_IN_TITLE.search(line) and title.endswith(("报告", "年报")) and _is_title(title):
            start = offset + (len(line) - len(line.lstrip())) + (line.lstrip().find(title[:2]) if label else 0)
            if _YEAR_IN_TITLE.match(title) and previous is not None:
                agency, agency_start = previous
                if len(agency) <= 30 and not re.search(r"[，。；：,;:]", agency) and not _LABEL_PREFIX.fullmatch(agency):
                    return agency + title, agency_start
            return title, start
        if title:
            previous = (title, offset + (len(line) - len(line.lstrip())))
        offset += len(line) + 1
    start = len(head) - len(head.lstrip())
    label = _LABEL_PREFIX.match(head, start)
    if label and head[start:label.end()].strip(" :：") in ("标题", "题目"):
        start = label.end()
    window = head[start:start + 120]
    m = _TITLE_END.search(window)
    if m:
        title = _WS.sub("", window[:m.end()])
        if _is_title(title):
            return title, start
    return "", None


def _agency(title: str) -> str:
    """The agency named by the title: the words before the year (or after it, when the title
    starts with the year: 2025年上海市人民政府办公厅政府信息公开工作年度报告)."""
    body = _LABEL_PREFIX.sub("", title, count=1) if _LABEL_PREFIX.match(title) else title
    m = re.search(r"((?:19|20)\d{2})年度?", body)
    if not m:
        return ""
    before, after = body[:m.start()], body[m.end():]
    if before:
        return before
    return re.split(r"政府信息公开|信息公开", after)[0]


def parse(raw: RawDocument, options: dict | None = None) -> Document:
    options = options or {}
    common = load_pack("common")
    titles = {s["number"]: s["title"] for s in common.sections}
    sections = split_sections(raw.text, titles)
    doc = Document(raw=raw, sections=sections, options=options)
    text = raw.text

    def period():  # read once, here and by the period rules (checks/period.py)
        return doc.memo("period", lambda: report_period(text, sections, common))

    first = sections[0].start if sections else -1
    doc.title, doc.title_start = _title(text, first)
    year = options.get("year")
    if year:
        doc.year, doc.year_source = int(year), "option"
    else:
        m = _YEAR_IN_TITLE.search(doc.title) if doc.title else None
        if m:
            doc.year, doc.year_source = int(m.group(1)), "title"
        else:
            stated = period()
            if stated and stated.first:
                doc.year, doc.year_source = stated.first[0], "period"
            else:
                # the opening names the report (现公布2020年度政府信息公开工作年度报告): the preamble
                # and section 一, at least the first 2000 characters
                opening = ascii_years(text[:max(2000, opening_end(sections) or 0)])
                m = re.search(r"((?:19|20)\d{2})\s*年度?[^，,。；;、：:\d]{0,10}?信息公开(?:工作)?(?:情况)?年?度?报",
                              _WS.sub("", opening))
                if m is None:
                    # or section 一 opens with the year it reports on: 2020年，我局…
                    one = next((sec for sec in sections if sec.number == 1), None)
                    if one is not None:
                        body = _WS.sub("", ascii_years(text[one.body_start:one.body_start + 80]))
                        m = re.match(r"(?:（一）[^，。]{0,12})?((?:19|20)\d{2})年度?(?:[，,]|以来|是|全年|我|本)", body)
                if m:
                    doc.year, doc.year_source = int(m.group(1)), "text"
    doc.agency = _agency(doc.title) if doc.title else ""
    # a file with no report title and hardly a section heading is no annual report (a README, a
    # notice): it is said once, not as a finding per missing part
    numbers = {s.number for s in sections}
    doc.recognised = bool(doc.title) or len(numbers) >= 2 or (
        len(numbers) == 1 and period() is not None)
    if options.get("edition"):
        doc.edition, doc.edition_source = str(options["edition"]), "option"
    else:
        doc.edition, doc.edition_source = edition_for_year(doc.year), "year"
    if doc.edition in template_editions():
        pack = load_pack(doc.edition)
        for key, reader in (("table2", read_table2), ("table3", read_table3), ("table4", read_table4)):
            table = reader(doc, pack)
            if table is not None:
                doc.tables[key] = table
    return doc
