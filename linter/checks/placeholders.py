"""Content rule: template placeholders left in a draft (XX局, X月X日, 【…】, 共 件)."""
from __future__ import annotations

import re

from .base import Rule

_MARK = r"(?<![A-Za-z])(?:[Xx]{2,}|[×Ｘｘ]+|X)(?![A-Za-z])"
_UNIT = r"(?:人次|余件|万元|件|条|个|次|项|篇|期|场|份|家|起|人|元|天|页|号|%|％)"
_ORG = r"(?:省|市|县|区|镇|乡|街道|村|局|委员会|委|办公室|办|厅|部|中心|公司|单位|处|科|所|院|站|队|网站)"
# XX used as a number (XX件, 第XX, 20XX年, X月X日) or as a name (XX局, XX市XX区)
_AS_NUMBER = re.compile(rf"第\s*{_MARK}|{_MARK}\s*(?:{_UNIT}|[年月日])|(?<![0-9])20[0-9]?[Xx×]{{1,2}}\s*年")
_AS_NAME = re.compile(rf"{_MARK}{_ORG}")
_BRACKETS = re.compile(r"【[^】\n]{0,60}】")
_TRIGGER = r"(?:共计|合计|累计|总计|共有|共|计|其中|收到|受理|办理|发布|公开|制发|答复|新增|召开|开展|组织|举办)"
_BLANK = r"[ \u3000_＿]+"
# 共 件 / 共计 条 / 收到申请 件: a measure word with only blanks between it and a counting verb
_AFTER_UNIT = r"(?=[\s，。；：、,.;:）)”」]|$|其中|均|全部|已|中|的)"
_BLANK_COUNT = re.compile(rf"{_TRIGGER}[^\s\d，。；、,;（）()]{{0,10}}?{_BLANK}{_UNIT}{_AFTER_UNIT}|共{_BLANK}部分")
_DIGIT = re.compile(r"[0-9０-９]")
_HAS_MARK = re.compile(r"[Xx×Ｘｘ]")
DISPLACED_FORMATS = ("text", "pdf")


class PlaceholderRule(Rule):
    """What it checks:
        Template placeholders left in the report: XX, xx or ×× standing for a number or a name
        (收到申请XX件, XX局, 20XX年, 第X项), X月X日, a 【…】 note left in, and a count with a blank
        where the number goes (共 件, 共计 条, 收到申请 件).
    Why:
        A draft published with its placeholders tells the public nothing and shows the report was
        not checked before release; a blank count also hides the figure the tables must agree with.
    Fires on:
        本年度共收到申请XX件; 某某局（XX市XX区）; 统计期限自2023年1月1日至X月X日;
        【此处填写工作亮点】; 全年共发布信息 条 in a Word draft.
    Silent on:
        Ordinary Latin words (XXL, Xbox); 张×× style anonymised names; in plain text and in text
        read from a PDF, a blank count on a line that has a digit anywhere (PDF extractors move
        digits to the end of the line: 共 部分组成。6, 统计时限自 年 月 日起至2021 1 1).
    Options:
        none
    """

    needs_report = False  # a draft fragment is worth checking for placeholders too
    code = "CNT007"
    name = "unfilled-placeholder"
    category = "content"
    severity = "error"
    summary = "A template placeholder (XX, X月X日, 【…】, 共 件) is left in the report"
    summary_zh = "报告中留有模板占位符"
    docs_zh = """
        检查内容：
            报告中残留的模板占位符：代替数字或名称的 XX、xx、××（如“收到申请XX件”“XX局”“20XX年”），
            “X月X日”，未删除的【…】批注，以及数字处留空的计数（如“共 件”“收到申请 件”）。
        依据：
            带着占位符发布的稿件没有向公众提供信息，说明发布前未经核对；空着的数字也无法与表格核对。
        选项：
            无
    """

    def check(self, doc, ctx):
        text = doc.text
        seen = set()
        marks = _HAS_MARK.search(text) is not None
        for pattern, what in ((_AS_NUMBER, "number"), (_AS_NAME, "name"), (_BRACKETS, "note")):
            if (pattern is _BRACKETS and "【" not in text) or (pattern is not _BRACKETS and not marks):
                continue  # nothing of the kind in the text: skip the slower scan
            for m in pattern.finditer(text):
                span = m.span()
                if any(a < span[1] and span[0] < b for a, b in seen):
                    continue
                seen.add(span)
                found = m.group(0)
                message = {"number": f"模板占位符未替换为实际数字：“{found}”",
                           "name": f"模板占位符未替换为实际名称：“{found}”",
                           "note": f"模板中的提示或批注未删除：“{found}”"}[what]
                yield self.finding(doc, message, start=span[0], end=span[1],
                                   args={"kind": what, "found": found})
        displaced = doc.raw.format in DISPLACED_FORMATS
        for m in _BLANK_COUNT.finditer(text):
            start, end = m.span()
            if any(a < end and start < b for a, b in seen):
                continue
            if displaced and _DIGIT.search(_line_of(text, start)):
                continue  # the number may have been moved elsewhere on the line by extraction
            found = m.group(0)
            yield self.finding(doc, f"数量空缺，未填写数字：“{found}”", start=start, end=end,
                               args={"kind": "blank-count", "found": found})


def _line_of(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start: len(text) if end < 0 else end]


RULES = [PlaceholderRule]
