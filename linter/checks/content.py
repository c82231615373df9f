"""Content rules: what sections 1, 5 and 6 must say (条例 第五十条, spec §2.1, X-3, X-7–X-9), and
the format document a 2021+ report cites (spec §3).

Each rule looks for the wording reports really use (keyword sets built from real reports, with
their variants), and says nothing when a section it needs is missing: that is STR001's finding.
"""
from __future__ import annotations

import re
import unicodedata

from ..document.prose import is_page_number, section_body
from .base import Rule
from .dates import GOVERNMENT, TOWNSHIP, agency_kind, parse_date_line
from .structure import SECTION_NAMES, TEMPLATE_EDITIONS

_WS = re.compile(r"[\s\u3000]+")


def compact(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def _heading_span(doc, number):
    sec = doc.section(number)
    return (sec.start, sec.body_start) if sec else (0, 1)


class FeeStatement(Rule):
    """What it checks:
        A report for 2021 or later states in section 6 the 信息处理费 (information processing fee)
        collected in the year, zero included: 全年收取信息处理费0元, 未收取信息处理费, 政府信息公开未发生
        收费情况, 本机关未收取信息公开处理费 ….
    Why:
        The fee rules of 国办函〔2020〕109号 apply from 2021; practically every 2021+ report states the
        fee in section 6 (spec §2.1, X-3).
    Fires on:
        A 2022 report whose section 6 only says 无, or discusses other matters without the fee.
    Silent on:
        Any statement of the fee in section 6, or a statement of the fee collected elsewhere in the
        report; reports for 2019–2020 (the fee rules came later); a missing section 6 (STR001).
    Options:
        none
    """

    code = "CNT001"
    name = "fee-statement"
    category = "content"
    severity = "warning"
    summary = "Section 6 does not state the 信息处理费 collected"
    summary_zh = "第六部分未说明信息处理费收取情况"
    docs_zh = """
        检查内容：
            2021年及以后的报告应在第六部分说明本年度收取信息处理费的情况（包括未收取，如“全年收取信息处理费0元”
            “未收取信息处理费”）。
        依据：
            《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）自2021年起施行，2021年版格式要求在
            第六部分报告收费情况。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    FEE_IN_SECTION = re.compile(r"处理费|收费|收取|费用|免费|缴费")
    FEE_STATEMENT = re.compile(r"(?:收取|收费|缴纳|征收).{0,12}处理费|处理费.{0,12}(?:收取|收费|\d+(?:\.\d+)?元|零元)")

    def applies(self, doc):
        return super().applies(doc) and doc.year is not None and doc.year >= 2021

    def check(self, doc, ctx):
        sec = doc.section(6)
        if sec is None:
            return
        if self.FEE_IN_SECTION.search(compact(section_body(doc, 6))):
            return
        if self.FEE_STATEMENT.search(compact(doc.text)):
            return
        start, end = _heading_span(doc, 6)
        yield self.finding(doc, f"{doc.year}年报告第六部分未说明本年度收取信息处理费情况（未收取也应写明，如“全年未收取信息处理费”）",
                           start=start, end=end, section=6,
                           args={"expected": "信息处理费 statement", "found": None})


ASPECTS = [
    ("主动公开", re.compile(r"主动公开")),
    ("依申请公开", re.compile(r"依申请")),
    ("政府信息管理", re.compile(r"信息管理|公开属性|保密审查|发布审核|审核发布|信息审核|信息清理|过期信息|标准目录|公开目录|分级审核")),
    ("政府信息公开平台建设", re.compile(r"平台")),
    ("监督保障", re.compile(r"监督|保障|考核|培训|评议|问责|责任追究|督查|督导")),
]


class OverviewAspects(Rule):
    """What it checks:
        Section 1 (总体情况) of a 2021-edition report covers the five aspects the template lists:
        主动公开, 依申请公开, 政府信息管理, 政府信息公开平台建设, 监督保障 (one warning per aspect not
        mentioned at all, under any of its usual wordings).
    Why:
        The 2021 format (国办公开办函〔2021〕30号) says section 1 "主要包括主动公开、依申请公开、
        政府信息管理、政府信息公开平台建设、监督保障" (spec §2.1, X-8).
    Fires on:
        A section 1 that says nothing of 依申请公开.
    Silent on:
        Any wording of an aspect (（四）平台建设方面, 保密审查 for 政府信息管理, 考核/培训 for 监督保障);
        2019-edition reports (the 2019 template text is unconfirmed); a missing section 1.
    Options:
        none
    """

    code = "CNT002"
    name = "overview-aspects"
    category = "content"
    severity = "warning"
    summary = "Section 1 does not cover one of the five aspects of the template"
    summary_zh = "总体情况未涉及模板要求的某个方面"
    docs_zh = """
        检查内容：
            2021年版报告第一部分“总体情况”应涉及模板列出的五个方面：主动公开、依申请公开、政府信息管理、
            政府信息公开平台建设、监督保障；每缺一个方面提示一次。
        依据：
            2021年版格式（国办公开办函〔2021〕30号）规定总体情况“主要包括主动公开、依申请公开、政府信息管理、
            政府信息公开平台建设、监督保障”。
        选项：
            无
    """
    editions = ("2021",)

    def check(self, doc, ctx):
        if doc.section(1) is None:
            return
        body = compact(section_body(doc, 1))
        start, end = _heading_span(doc, 1)
        for aspect, pattern in ASPECTS:
            if pattern.search(body):
                continue
            yield self.finding(doc, f"第一部分“总体情况”未涉及“{aspect}”（2021年版格式要求总体情况包括主动公开、依申请公开、"
                                    f"政府信息管理、政府信息公开平台建设、监督保障）",
                               start=start, end=end, section=1, evidence_key=aspect,
                               args={"expected": aspect, "found": None})


GOVERNMENT_ITEMS = [
    ("工作考核", re.compile(r"考核|考评")),
    ("社会评议", re.compile(r"评议|社会评价|群众评价|满意度测评|测评")),
    ("责任追究", re.compile(r"责任追究|追究责任|追责|问责|责任追究")),
]


class GovernmentAccountability(Rule):
    """What it checks:
        A report of a 人民政府 (a government at any level, 乡镇 included, not a department) reports
        the results of 工作考核, 社会评议 and 责任追究 (one warning naming the items not mentioned).
        Whether the report is a government's is inferred from the agency name (option agency_kind).
    Why:
        条例 第五十条第（四）项: 各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和
        责任追究结果情况; the 2021 format puts them under 监督保障 (spec §2.1, X-7).
    Fires on:
        A report of 某某县人民政府 that mentions 考核 but neither 社会评议 nor 责任追究.
    Silent on:
        Departments' reports (…局, …人民政府办公室); agencies that cannot be classified; a report
        that mentions all three (未发生责任追究情况 counts).
    Options:
        agency_kind: "department", "government" or "township" (overrides the inference).
    """

    code = "CNT003"
    name = "government-accountability"
    category = "content"
    severity = "warning"
    summary = "A government's report omits 工作考核、社会评议、责任追究 results"
    summary_zh = "人民政府的报告未报告工作考核、社会评议和责任追究结果"
    docs_zh = """
        检查内容：
            各级人民政府（含乡镇，不含部门）的报告应报告工作考核、社会评议和责任追究结果情况；提示中写明未涉及的
            项目。是否为人民政府的报告由机关名称判断（可用选项指定）。
        依据：
            《条例》第五十条第（四）项；2021年版格式将其列入“监督保障”。
        选项：
            机关类别（department 部门、government 人民政府、township 乡镇）：指定后不再由名称判断。
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        kind, source = agency_kind(doc, ctx)
        if kind not in (GOVERNMENT, TOWNSHIP):
            return
        body = compact(doc.text)
        missing = [name for name, pattern in GOVERNMENT_ITEMS if not pattern.search(body)]
        if not missing:
            return
        anchor = 1 if doc.section(1) else 5
        start, end = _heading_span(doc, anchor)
        yield self.finding(doc, f"人民政府年度报告应报告工作考核、社会评议和责任追究结果情况（条例第五十条第四项），"
                                f"本报告未涉及：{'、'.join(missing)}",
                           start=start, end=end, section=anchor if doc.section(anchor) else None,
                           args={"expected": [n for n, _ in GOVERNMENT_ITEMS], "found": None, "missing": missing,
                                 "agency_kind": kind, "agency_kind_source": source})


PROBLEM_WORDS = re.compile(r"问题|不足|差距|短板|薄弱|欠缺|有待|不够|尚需|仍需|还需|需进一步|滞后|不到位|单一|不强|不高|不全|不及时|弱项")
# verbs such as 加强/提升 count as measures, but not as the complement of a problem (有待进一步加强)
MEASURE_WORDS = re.compile(r"改进|整改|措施|下一步|下步|今后|将|计划|拟|努力|着力|"
                           r"(?<!有待)(?<!待)(?<!需)(?<!需要)(?<!进一步)(?<!不够)(?:加强|提升|完善|强化|优化|加大|健全)")


class ProblemsAndMeasures(Rule):
    """What it checks:
        Section 5 (存在的主要问题及改进情况) states both the main problems and the improvements or
        measures (one warning for whichever is missing).
    Why:
        条例 第五十条第（四）项: 政府信息公开工作存在的主要问题及改进情况 (spec §2.1, X-9).
    Fires on:
        A section 5 listing problems (一是…不够及时；二是…较为单一) with no word on what will be done.
    Silent on:
        Problems (问题/不足/有待…) and measures (改进/整改/下一步/将…) both present; an empty section 5
        (CNT005 reports it); a missing section 5 (STR001).
    Options:
        none
    """

    code = "CNT004"
    name = "problems-and-measures"
    category = "content"
    severity = "warning"
    summary = "Section 5 lacks the problems or the improvements"
    summary_zh = "第五部分缺少存在的问题或改进情况"
    docs_zh = """
        检查内容：
            第五部分“存在的主要问题及改进情况”应既写问题，也写改进情况或措施；缺哪一项提示哪一项。
        依据：
            《条例》第五十条第（四）项。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        sec = doc.section(5)
        if sec is None:
            return
        body = compact("".join(_strip_trailer(doc, 5, s) for s in doc.sections if s.number == 5))
        if not body:
            return
        start, end = _heading_span(doc, 5)
        if not PROBLEM_WORDS.search(body):
            yield self.finding(doc, "第五部分未说明存在的主要问题", start=start, end=end, section=5, evidence_key="problems",
                               args={"expected": "存在的主要问题", "found": None})
        if not MEASURE_WORDS.search(body):
            yield self.finding(doc, "第五部分未说明改进情况或改进措施", start=start, end=end, section=5, evidence_key="measures",
                               args={"expected": "改进情况/措施", "found": None})


def _strip_trailer(doc, number: int, sec=None) -> str:
    """The body of a section without page-number lines, and for the last section of the report
    without the signature (agency name and date lines at the end)."""
    sec = sec or doc.section(number)
    if sec is None:
        return ""
    lines = [ln for ln in doc.text[sec.body_start:sec.end].split("\n")
             if ln.strip() and not is_page_number(ln, bare=True)]
    is_last = sec.end >= len(doc.text.rstrip())
    if is_last:
        while lines and parse_date_line(lines[-1]) is not None:
            lines.pop()
            agency = compact(lines[-1]) if lines else ""
            if agency and len(agency) <= 40 and not re.search(r"[。，；：、]", agency) and (
                    agency == compact(doc.agency) or re.search(r"(局|厅|办公室|委员会|委|办|人民政府|政府|管委会|中心)$", agency)):
                lines.pop()
    return "\n".join(lines)


class EmptySection(Rule):
    """What it checks:
        Sections 5 and 6 have content under their heading. 无 (or 本机关无其他需要报告的事项) is
        enough for section 6; a heading followed directly by the next heading, or by nothing but
        the signature, is an error.
    Why:
        条例 第五十条 requires the problems and improvements (section 5) and the other matters
        (section 6); an empty heading means the content was left out (spec S-1).
    Fires on:
        五、存在的主要问题及改进情况 followed directly by 六、其他需要报告的事项.
    Silent on:
        A section 6 that says 无。; a missing section (STR001).
    Options:
        none
    """

    code = "CNT005"
    name = "empty-section"
    category = "content"
    severity = "error"
    summary = "Section 5 or 6 has a heading but no content"
    summary_zh = "第五或第六部分只有标题没有内容"
    docs_zh = """
        检查内容：
            第五、第六部分标题下应有内容。第六部分写“无”（或“本机关无其他需要报告的事项”）即可；标题后直接是
            下一标题或落款，判为错误。
        依据：
            《条例》第五十条要求报告存在的问题及改进情况（第五部分）和其他需要报告的事项（第六部分）。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        for number in (5, 6):
            secs = [s for s in doc.sections if s.number == number]
            if not secs:
                continue
            # a heading printed twice (a list of contents, a repeated page header): any copy
            # with content will do
            if any(compact(_strip_trailer(doc, number, s)).strip("。.;；:：") for s in secs):
                continue
            sec = secs[0]
            yield self.finding(doc, f"第{number}部分“{SECTION_NAMES[number]}”只有标题，没有内容"
                                    + ("（无事项也应写明“无”）" if number == 6 else ""),
                               start=sec.start, end=sec.body_start, section=number,
                               args={"expected": "content", "found": ""})


_FORMAT_2019 = re.compile(r"国办公开办函[〔\[【(（]\s*2019\s*[〕\]】)）]\s*60\s*号")
_FORMAT_2021 = re.compile(r"国办公开办函[〔\[【(（]\s*2021\s*[〕\]】)）]\s*30\s*号")


class OldFormatCited(Rule):
    """What it checks:
        A report for 2021 or later that cites 国办公开办函〔2019〕60号 (the 2019 trial format) and not
        国办公开办函〔2021〕30号 (the format in force).
    Why:
        Reports for 2021 on follow the 2021 format (spec §1.2, §3, X-2); citing only the 2019 notice
        suggests an outdated template (seen: 太平镇 2022).
    Fires on:
        A 2022 report prepared 根据…《…年度报告格式（试行）》（国办公开办函〔2019〕60号）.
    Silent on:
        Reports citing 〔2021〕30号 (also when they cite 60号 too); reports citing neither; reports
        for 2019–2020.
    Options:
        none
    """

    code = "CNT006"
    name = "old-format-cited"
    category = "content"
    severity = "warning"
    summary = "A 2021+ report cites only the 2019 format (国办公开办函〔2019〕60号)"
    summary_zh = "2021年及以后的报告只引用了2019年版格式"
    docs_zh = """
        检查内容：
            2021年及以后的报告引用了国办公开办函〔2019〕60号（2019年试行格式），却没有引用现行的
            国办公开办函〔2021〕30号。
        依据：
            2021年度起的报告应按2021年版格式编制；只引用2019年通知，说明可能套用了旧模板。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def applies(self, doc):
        return super().applies(doc) and doc.year is not None and doc.year >= 2021

    def check(self, doc, ctx):
        text = unicodedata.normalize("NFKC", doc.text)
        # NFKC keeps the offsets of CJK text: 〔〕 and full-width digits map one to one
        m = _FORMAT_2019.search(text)
        if m is None or _FORMAT_2021.search(text):
            return
        start, end = (m.start(), m.end()) if len(text) == len(doc.text) else (0, 1)
        yield self.finding(doc, f"{doc.year}年报告引用的格式文件为国办公开办函〔2019〕60号（2019年试行格式），"
                                f"2021年起应按国办公开办函〔2021〕30号格式编制",
                           start=start, end=end,
                           args={"expected": "国办公开办函〔2021〕30号", "found": "国办公开办函〔2019〕60号"})


RULES = [FeeStatement, OverviewAspects, GovernmentAccountability, ProblemsAndMeasures, EmptySection, OldFormatCited]
