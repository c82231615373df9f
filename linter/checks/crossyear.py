"""Year-over-year rules (category `cross-year`): this year's report against last year's report of
the same agency.

They compare two `YearFacts` records (linter/pairing.py), not two Documents: in a batch the
reports are parsed in worker processes and the comparison runs in the parent once every file is
done (linter/batch.py), with `--previous FILE` for a single report. Called on a Document the
usual way (`check(doc, ctx)`), a rule looks for the previous year in the context options
`previous_facts` (a YearFacts) or `previous_document` (a Document) and is silent without one.

Precision first: only cells read for sure are compared (never a value the reader picked among
several splits of a run of digits, never a blank or unreadable cell), and the findings are
warnings or info, since reorganisations, expiring documents and re-counts legitimately break
the continuity.
"""
from __future__ import annotations

from typing import Iterable, Optional

from .finding import Finding, cell_ref
from ..document.model import Location
from ..document.packs import load_pack
from ..run.pairing import COMPARED_SECTIONS, TABLE2_ROWS, YearFacts, comparable, year_facts
from .base import Context, Rule
from .structure import TABLE_NAMES, TEMPLATE_EDITIONS

TABLE3_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service",
               "other_org", "total")
SECTION_NAMES = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六"}


def _label(edition: Optional[str], table: str, row: str, col: Optional[str] = None) -> str:
    try:
        pack = load_pack(edition if edition in TEMPLATE_EDITIONS else "2021")
        text = pack.row_label(table, row)
        return text if col is None else f"{text}/{pack.col_label(table, col)}"
    except Exception:  # a pack without the label: the key is still meaningful
        return row if col is None else f"{row}/{col}"


def _col_label(edition: Optional[str], table: str, col: str) -> str:
    try:
        return load_pack(edition if edition in TEMPLATE_EDITIONS else "2021").col_label(table, col)
    except Exception:
        return col


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _usable(cell) -> bool:
    return cell is not None and cell.certain and isinstance(cell.value, (int, float))


class CrossYearRule(Rule):
    """Base of the cross-year rules: `compare(current, previous, ctx)` does the work."""

    category = "cross-year"

    def check(self, doc, ctx):
        previous = ctx.option("previous_facts")
        if previous is None and ctx.option("previous_document") is not None:
            previous = year_facts(ctx.option("previous_document"))
        if previous is None:
            return
        current = year_facts(doc)
        ok, _ = comparable(current, previous, asserted=True)
        if ok:
            yield from self.compare(current, previous, ctx)

    def compare(self, current: YearFacts, previous: YearFacts, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError  # pragma: no cover - abstract

    def applies_to(self, facts: YearFacts) -> bool:
        return self.editions is None or facts.edition in self.editions

    def make(self, facts: YearFacts, message: str, *, location: Optional[Location], section=None,
             table=None, cells=(), args=None, evidence_key="") -> Finding:
        return Finding(code=self.code, name=self.name, category=self.category, severity=self.severity,
                       message=message, section=None if section is None else str(section), table=table,
                       cells=list(cells), location=location or Location(line=1, column=1),
                       args=dict(args or {}), path=facts.path, evidence_key=evidence_key)


class CarriedOverContinuity(CrossYearRule):
    """What it checks:
        表三 row 二、上年结转政府信息公开申请数量 of this year's report equals row
        四、结转下年度继续办理 of last year's report of the same agency, column by column
        (自然人, the five 法人或其他组织 columns, 总计).
    Why:
        Spec T3-F: the applications carried into this year are the ones last year's report carried
        forward. A difference is usually a typing error in one of the two reports; it can be
        legitimate after a reorganisation (the report should then say so).
    Fires on:
        2023 report 上年结转 自然人 3 where the agency's 2022 report printed 结转下年度 自然人 2.
    Silent on:
        Equal rows; reports of different agencies or of years that are not consecutive; blank or
        unreadable cells, and values the reader chose among several splits of a run of digits.
    Options:
        none
    """

    code = "YOY001"
    name = "carried-over-continuity"
    severity = "warning"
    summary = "上年结转 differs from last year's 结转下年度"
    summary_zh = "上年结转与上年报告的结转下年度不一致"
    docs_zh = """
        检查内容：
            本年报告表三“二、上年结转政府信息公开申请数量”一行，应逐列等于同一机关上年报告的“四、结转下年度
            继续办理”一行（自然人、五类法人或其他组织、总计）。
        依据：
            本年结转进来的申请，就是上年报告结转出去的申请。不一致通常是两份报告之一录入有误；机构改革后也可能
            合理（报告中应予说明）。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def compare(self, current, previous, ctx):
        if not self.applies_to(current) or previous.edition not in TEMPLATE_EDITIONS:
            return
        diffs = []
        for col in TABLE3_COLS:
            now = current.cell("table3", "carried_over", col)
            before = previous.cell("table3", "carried_forward", col)
            if _usable(now) and _usable(before) and now.value != before.value:
                diffs.append((col, now, before))
        if not diffs:
            return
        pack_label = _label(current.edition, "table3", "carried_over")
        prev_label = _label(previous.edition, "table3", "carried_forward")
        parts = [f"{_col_label(current.edition, 'table3', col)}本年{_number(now.value)}、上年{_number(before.value)}"
                 for col, now, before in diffs]
        message = (f"{TABLE_NAMES['table3']}“{pack_label}”与{previous.year}年报告的“{prev_label}”不一致："
                   + "；".join(parts)
                   + f"（上年报告：{previous.path}）。如因机构调整等原因确有差异，请在报告中说明")
        first = diffs[0][1]
        yield self.make(current, message, location=first.location, section=3, table="table3",
                        cells=[cell_ref("carried_over", col, now.value) for col, now, _ in diffs],
                        evidence_key="T3-F",
                        args={"relation": "T3-F", "previous_path": previous.path, "previous_year": previous.year,
                              "columns": {col: {"this_year": now.value, "previous_year": before.value}
                                          for col, now, before in diffs}})


class _Continuity(CrossYearRule):
    """Shared by the 表二 continuity rules: found ≈ expected within a tolerance."""

    default_rel_tolerance = 0.1

    def tolerance(self, ctx, expected, found) -> float:
        rel = float(ctx.option("rel_tolerance", self.default_rel_tolerance))
        absolute = float(ctx.option("abs_tolerance", 0))
        return max(absolute, rel * max(abs(expected), abs(found)))


class InForceContinuity(_Continuity):
    """What it checks:
        表二 (2021 edition), rows 规章 and 行政规范性文件: 现行有效件数 this year against last
        year's 现行有效件数 + 本年制发件数 − 本年废止件数 of this year. Documents that expire
        (有效期届满) leave the count without being 废止, so a shortfall is normal; the rule reports
        more documents in force than that sum allows (beyond `rel_tolerance`, default 10 %), or
        fewer than `max_drop` (default half) of it.
    Why:
        Spec T2-5: what is in force at the end of the year is what was in force a year earlier, plus
        what was made, minus what was repealed or expired. More than that, or most of it gone,
        usually means one of the two reports counts something else or mistyped; clean-ups and
        re-counts can explain it, hence a warning, and the report should say so.
    Fires on:
        Last year 18 行政规范性文件 in force, 8 made and 0 repealed this year, but 40 in force (or 9).
    Silent on:
        18 + 8 − 0 = 26 and 26, 27 or 20 in force (within the tolerance, or documents that expired);
        2019-edition reports (no 现行有效件数 column); blank or unreadable cells.
    Options:
        rel_tolerance: relative tolerance above the sum (default 0.1); abs_tolerance: absolute
        tolerance in documents (default 0); max_drop: the share of the sum that may be missing
        (default 0.5).
    """

    code = "YOY002"
    name = "in-force-continuity"
    severity = "warning"
    summary = "现行有效件数 does not follow from last year's and this year's 制发/废止"
    summary_zh = "现行有效件数与上年件数及本年制发、废止不衔接"
    docs_zh = """
        检查内容：
            表二（2021年版）规章、行政规范性文件两行：本年“现行有效件数”与“上年现行有效件数＋本年制发件数－
            本年废止件数”比较。文件有效期届满会减少件数而不算废止，所以少一些是正常的；多于该和（超过容差，
            默认10%），或少于该和的一定比例（默认一半）时提示。
        依据：
            年末现行有效的文件，等于上年末现行有效的，加上本年制发的，减去废止或失效的。明显多出或大部分不见，
            通常说明两份报告统计口径不同或录入有误；清理、重新统计也可能造成差异，所以只作警告。
        选项：
            rel_tolerance：高于该和的相对容差（默认0.1）；abs_tolerance：以件计的绝对容差（默认0）；
            max_drop：允许缺少的比例（默认0.5）。
    """
    editions = ("2021",)

    def compare(self, current, previous, ctx):
        if not self.applies_to(current) or previous.edition != "2021":
            return
        max_drop = float(ctx.option("max_drop", 0.5))
        for row in TABLE2_ROWS["2021"]:
            issued = current.cell("table2", row, "issued")
            repealed = current.cell("table2", row, "repealed")
            found = current.cell("table2", row, "in_force")
            before = previous.cell("table2", row, "in_force")
            if not all(_usable(c) for c in (issued, repealed, found, before)):
                continue
            expected = before.value + issued.value - repealed.value
            diff = found.value - expected
            if diff > 0 and diff > self.tolerance(ctx, expected, expected):
                why = "多于上年现行有效件数加本年制发、减本年废止之和"
            elif diff < 0 and -diff > max(max_drop * abs(expected), float(ctx.option("abs_tolerance", 0))):
                why = f"比上年现行有效件数加本年制发、减本年废止之和少{_number(-diff)}件，超过{round(max_drop * 100)}%"
            else:
                continue
            row_label = _label("2021", "table2", row)
            message = (f"{TABLE_NAMES['table2']}“{row_label}”现行有效件数与上年不衔接：{previous.year}年报告"
                       f"现行有效{_number(before.value)}件＋本年制发{_number(issued.value)}件－本年废止"
                       f"{_number(repealed.value)}件＝{_number(expected)}件，本年报告为{_number(found.value)}件，{why}"
                       f"（上年报告：{previous.path}）。如因清理、到期失效或统计口径调整，请在报告中说明")
            yield self.make(current, message, location=found.location, section=2, table="table2",
                            cells=[cell_ref(row, "in_force", found.value), cell_ref(row, "issued", issued.value),
                                   cell_ref(row, "repealed", repealed.value)],
                            evidence_key=f"T2-5:{row}",
                            args={"relation": f"T2-5:{row}", "expected": expected, "found": found.value,
                                  "difference": diff, "previous_in_force": before.value,
                                  "previous_path": previous.path, "previous_year": previous.year})


class ItemCountContinuity(_Continuity):
    """What it checks:
        表二 (2019 edition), rows 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制 and
        行政事业性收费: 上一年项目数量 this year ≈ last year's 上一年项目数量 + 本年增/减. The
        difference must exceed the tolerance (by default 10 % of the larger figure) to be reported.
    Why:
        Spec T2-6: last year's count of items plus last year's change is the count at the end of
        last year, which is what this year's report calls 上一年项目数量. Re-counts and changes of
        the catalogue between the reports legitimately break it, hence a warning.
    Fires on:
        2019 report: 行政许可 上一年项目数量 100, 本年增/减 +20; 2020 report: 上一年项目数量 60.
    Silent on:
        120 in the 2020 report (or 115, within the tolerance); 2021-edition reports; blank or
        unreadable cells.
    Options:
        rel_tolerance: relative tolerance (default 0.1); abs_tolerance: absolute tolerance in
        items (default 0).
    """

    code = "YOY003"
    name = "item-count-continuity"
    severity = "warning"
    summary = "上一年项目数量 does not follow from last year's count and change"
    summary_zh = "上一年项目数量与上年报告不衔接"
    docs_zh = """
        检查内容：
            表二（2019年版）行政许可、其他对外管理服务事项、行政处罚、行政强制、行政事业性收费各行：本年的
            “上一年项目数量”应约等于上年报告的“上一年项目数量＋本年增/减”；差额超过容差（默认为较大数的10%）
            时提示。
        依据：
            上年的项目数量加上年的增减，就是上年末的数量，也就是本年报告所称的“上一年项目数量”。重新统计和
            目录调整会合理地打破这一关系，所以只作警告。
        选项：
            rel_tolerance：相对容差（默认0.1）；abs_tolerance：以项计的绝对容差（默认0）。
    """
    editions = ("2019",)

    def compare(self, current, previous, ctx):
        if not self.applies_to(current) or previous.edition != "2019":
            return
        for row in TABLE2_ROWS["2019"]:
            found = current.cell("table2", row, "previous_count")
            before = previous.cell("table2", row, "previous_count")
            change = previous.cell("table2", row, "change")
            if not all(_usable(c) for c in (found, before, change)):
                continue
            expected = before.value + change.value
            diff = found.value - expected
            if diff == 0 or abs(diff) <= self.tolerance(ctx, expected, found.value):
                continue
            row_label = _label("2019", "table2", row)
            message = (f"{TABLE_NAMES['table2']}“{row_label}”上一年项目数量与上年报告不衔接：{previous.year}年报告"
                       f"上一年项目数量{_number(before.value)}、本年增/减{_number(change.value)}，应为"
                       f"{_number(expected)}，本年报告为{_number(found.value)}（上年报告：{previous.path}）。"
                       "如因事项目录调整或重新统计，请在报告中说明")
            yield self.make(current, message, location=found.location, section=2, table="table2",
                            cells=[cell_ref(row, "previous_count", found.value)],
                            evidence_key=f"T2-6:{row}",
                            args={"relation": f"T2-6:{row}", "expected": expected, "found": found.value,
                                  "difference": diff, "previous_path": previous.path,
                                  "previous_year": previous.year})


class TextReused(CrossYearRule):
    """What it checks:
        How much of the prose of 一、总体情况 and 五、存在的主要问题及改进情况 repeats last year's
        report of the same agency, sentence by sentence (spaces and punctuation ignored, the
        report year and its neighbours written as placeholders, other figures kept). Reported
        with the share (by characters) and the number of sentences reused when the share reaches
        `min_share`.
    Why:
        Spec X-13: the 2021 notice on the report format names 内容雷同 (copied content) as a fault,
        and review sheets deduct points when more than half of a report repeats the previous one.
        The figure lets a reviewer judge; reuse is not an error in itself, hence info.
    Fires on:
        A 2023 report whose 总体情况 and 问题及改进 repeat 8 of the 10 sentences of the 2022 report,
        with only the year changed.
    Silent on:
        Reports that reuse less than `min_share` of their text; the preamble and the table
        sections; sentences under 12 characters; reports with fewer than `min_sentences`
        sentences in those sections.
    Options:
        min_share: the share from which it reports (default 0.3); min_sentences: the fewest
        sentences to judge (default 5).
    """

    code = "YOY004"
    name = "text-reused"
    severity = "info"
    summary = "Much of the text repeats last year's report (内容雷同)"
    summary_zh = "正文大量重复上年报告（内容雷同）"
    docs_zh = """
        检查内容：
            “一、总体情况”和“五、存在的主要问题及改进情况”的正文有多少逐句重复同一机关的上年报告（忽略空格和
            标点，年份按占位处理，其他数字保留）。重复比例达到 min_share 时给出比例和重复的句数。
        依据：
            2021年格式通知把“内容雷同”列为问题，评审中超过一半内容与上年重复会扣分。重复本身不是错误，所以
            只作提示，由审核人判断。
        选项：
            min_share：开始提示的重复比例（默认0.3）；min_sentences：参与判断的最少句数（默认5）。
    """
    editions = None

    def compare(self, current, previous, ctx):
        min_share = float(ctx.option("min_share", 0.3))
        min_sentences = int(ctx.option("min_sentences", 5))
        counted = [s for s in current.sentences if s.section in COMPARED_SECTIONS]
        if len(counted) < max(1, min_sentences):
            return
        before = {s.key for s in previous.sentences}
        if not before:
            return
        reused = [s for s in counted if s.key in before]
        total_chars = sum(len(s.key) for s in counted)
        share = sum(len(s.key) for s in reused) / total_chars if total_chars else 0.0
        if not reused or share < min_share:
            return
        sections = sorted({s.section for s in counted})
        where = "、".join(SECTION_NAMES[n] for n in sections)
        percent = round(share * 100)
        message = (f"第{where}部分的文字约{percent}%（{len(counted)}句中的{len(reused)}句）与{previous.year}年报告"
                   f"（{previous.path}）相同。年报格式通知将“内容雷同”列为问题，评议中雷同超过50%常被扣分")
        first = reused[0]
        yield self.make(current, message, location=first.location, section=first.section,
                        evidence_key="X-13",
                        args={"share": round(share, 3), "reused_sentences": len(reused), "sentences": len(counted),
                              "previous_path": previous.path, "previous_year": previous.year,
                              "examples": [s.text for s in reused[:3]]})


RULES = [CarriedOverContinuity, InForceContinuity, ItemCountContinuity, TextReused]


def compare_years(current: YearFacts, previous: YearFacts, options=None) -> list:
    """The cross-year findings of one pair, for the rules selected by `options` (a LintOptions
    or None), with severity overrides and rule options applied; sorted like the engine's."""
    from .registry import select_rules

    select = getattr(options, "select", None)
    ignore = getattr(options, "ignore", ()) or ()
    extend = getattr(options, "extend_select", ()) or ()
    severity = getattr(options, "severity", {}) or {}
    rule_options = getattr(options, "rule_options", {}) or {}
    base = {"agency_kind": getattr(options, "agency_kind", None), **(getattr(options, "extra", {}) or {})}
    findings = []
    for rule_cls in select_rules(select, ignore, extend):
        if getattr(rule_cls, "category", "") != "cross-year" or not hasattr(rule_cls, "compare"):
            continue
        rule = rule_cls()
        ctx = Context(options={**base, **rule_options.get(rule.code, {})})
        try:
            findings.extend(rule.compare(current, previous, ctx))
        except Exception as exc:  # a buggy rule must not kill the run
            findings.append(Finding(code=rule.code, name=rule.name, category="input", severity="warning",
                                    message=f"无法检查：规则{rule.code}在本文件上运行出错，这项检查未完成（请把文件交给开发者排查）",
                                    location=Location(line=1, column=1), path=current.path,
                                    args={"internal_error": True, "exception": f"{type(exc).__name__}: {exc}"}))
    for f in findings:
        if f.code in severity:
            f.severity = severity[f.code]
    return sorted(findings, key=lambda f: f.sort_key())
