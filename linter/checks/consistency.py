"""Consistency rules: numbers stated in the prose against the tables (表二, 表三, 表四), and sums
stated within the prose (共计N…其中A、B、C).

Precision first. A claim is only compared when the sentence states one count exactly (a keyword
directly followed by the number and 件/条/个), when the table cells it is compared with were read,
and when no reasonable reading of the sentence agrees with the table: 受理申请N件 is accepted as
本年新收 or as 本年新收 + 上年结转, 规章N件 as any cell of the 规章 row. Sentences whose digits a PDF
extractor moved away (`其中：机构职能 条，工作动态 条，政策文件及3 77`) are not read at all.

Reading the prose is not done here: linter/prose.py gives the sentences of the sections and
linter/claims.py the counts they state; this module holds the rules and what each table says.
"""
from __future__ import annotations

import re

from ..document.claims import clause_of, sum_claims, table2_claims, table3_claims, table4_claims
from ..document.packs import load_pack
from ..document.prose import paragraph_id, section_prose, sentence_section
from ..document.relations import layout_rows
from .base import Rule
from .structure import TEMPLATE_EDITIONS


# ------------------------------------------------------------------------------- table values
def _cell_value(table, row, col):
    """The whole-number value of a cell, or None when it was not read (missing, unreadable, a
    fraction): a claim is never compared with a cell the reader was not sure of."""
    if table is None:
        return None
    if any(u[0] == row and u[1] == col for u in table.unreadable):
        return None
    cell = table.cells.get((row, col))
    if cell is None or cell.value is None or isinstance(cell.value, float) and not cell.value.is_integer():
        return None
    return int(cell.value)


def _row_sum(table, row, cols):
    values = [_cell_value(table, row, c) for c in cols]
    return None if any(v is None for v in values) else sum(values)


def _cells(table, pairs) -> list:
    return [table.cells[p] for p in pairs if p in table.cells]


def _sum(values):
    return None if not values or any(v is None for v in values) else sum(values)


T3_GROUPS = {
    "granted": ["granted"],
    "partly": ["partly_granted"],
    "granted_partly": ["granted", "partly_granted"],
    "denied": lambda rows: [r for r in rows if r.startswith("denied_")],
    "unable": lambda rows: [r for r in rows if r.startswith("unable_")],
    "declined": lambda rows: [r for r in rows if r.startswith("declined_")],
    "other": lambda rows: [r for r in rows if r == "other" or r.startswith("other_")],
}

T3_NAMES = {"received": "本年新收政府信息公开申请数量", "carried_over": "上年结转政府信息公开申请数量",
            "carried_forward": "结转下年度继续办理", "results": "办理结果（七）总计", "granted": "（一）予以公开",
            "partly": "（二）部分公开", "granted_partly": "（一）予以公开与（二）部分公开之和",
            "denied": "（三）不予公开各项之和", "unable": "（四）无法提供各项之和", "declined": "（五）不予处理各项之和",
            "other": "（六）其他处理各项之和"}


def _table3_expectation(table, pack, kind):
    """(accepted values, the value to show, cells, 上年结转 for "received" else None) for a claim
    kind, or None when the cells were not all read."""
    cols = [c for c in pack.table("table3").get("columns", []) if c != "total"]
    rows = layout_rows(table, pack)

    def total(row):
        return _cell_value(table, row, "total")

    def sums(row):
        return _row_sum(table, row, cols)

    if kind == "received":
        new, old = total("received_new"), total("carried_over")
        if new is None:
            return None
        accepted = {new, sums("received_new")}
        if old is not None:
            accepted |= {new + old}
            if sums("received_new") is not None and sums("carried_over") is not None:
                accepted.add(sums("received_new") + sums("carried_over"))
        return accepted - {None}, new, [("received_new", "total"), ("carried_over", "total")], old
    if kind in ("carried_over", "carried_forward"):
        value = total(kind)
        if value is None:
            return None
        return {value, sums(kind)} - {None}, value, [(kind, "total")], None
    if kind == "results":
        # 办理/办结/答复/处理申请N件 may count the applications of the year (本年新收), those with the
        # ones carried over (新收 + 上年结转), or the outcomes (（七）总计): a claim is only wrong
        # when it is none of them, so all three must have been read
        value, new, old = total("results_total"), total("received_new"), total("carried_over")
        if value is None or new is None or old is None:
            return None
        outcome_rows = [r for r in rows if r not in ("received_new", "carried_over", "results_total", "carried_forward")]
        accepted = {value, sums("results_total"), _sum([total(r) for r in outcome_rows]), new, new + old}
        return accepted - {None}, value, [("results_total", "total"), ("received_new", "total"), ("carried_over", "total")], None
    group = T3_GROUPS[kind]
    group_rows = group(rows) if callable(group) else group
    values = [total(r) for r in group_rows]
    value = _sum(values)
    if value is None:
        return None
    by_cols = _sum([sums(r) for r in group_rows])
    return {value, by_cols} - {None}, value, [(r, "total") for r in group_rows], None


class _ProseRule(Rule):
    """A rule over the prose of `sections` (section numbers), read by linter/prose.py."""

    editions = TEMPLATE_EDITIONS
    sections = (1, 3, 4)

    @staticmethod
    def _pack(doc, ctx):
        return ctx.pack or load_pack(doc.edition)

    def _prose(self, doc):
        return section_prose(doc, self.sections)


class ApplicationsProse(_ProseRule):
    """What it checks:
        Counts of applications stated in the prose of sections 1, 3 and 4 against 表三: 收到/受理/接收
        政府信息公开申请N件 against 本年新收 总计 (or 本年新收 + 上年结转); 上年结转N件;
        办理/办结/答复/处理（政府信息公开）申请N件, which reports use for 本年新收, 新收 + 上年结转 or
        办理结果（七）总计 alike (a warning only when N is none of them); 结转下年度N件; outcomes 予以公开N件, 部分公开N件, 予以公开及部分公开N件, 不予公开N件,
        无法提供N件, 不予处理N件, 其他处理N件 against the sum of their 表三 rows (总计 column).
        未收到政府信息公开申请 is read as 0. Arabic and Chinese numerals (二十三件) are read.
    Why:
        The prose and the tables report the same year; a number that disagrees misleads the reader
        and is the kind of copy-paste error reviewers send back (spec X-6).
    Fires on:
        受理政府信息公开申请17件 where 表三 本年新收 总计 is 95 (and 上年结转 0).
    Silent on:
        共受理政府信息公开申请749件 where 新收 713 + 上年结转 36 = 749 (either reading is accepted);
        全年办理政府信息公开申请46件 where 本年新收 is 46 and （七）总计 48;
        counts for one kind of applicant (其中自然人申请741件); numbers that are approximate (近300件)
        or that an extractor displaced; tables whose cells were not read.
    Options:
        none
    """

    code = "CON001"
    name = "prose-applications"
    category = "consistency"
    severity = "warning"
    summary = "A count of applications in the prose differs from 表三"
    summary_zh = "正文中的申请件数与表三不一致"
    docs_zh = """
        检查内容：
            第一、三、四部分正文中写出的申请件数与表三核对：收到（受理）申请件数对“本年新收”总计（或本年新收
            加上年结转）；上年结转、办结（答复）、结转下年度的件数；予以公开、部分公开、不予公开、无法提供、
            不予处理、其他处理的件数对表三相应各行的总计。“未收到政府信息公开申请”按0计；阿拉伯数字和汉字
            数字都能识别。
        依据：
            正文与表格报告的是同一年度，数字不一致会误导读者，是审核中常被退回的错误。
        选项：
            无
    """

    def check(self, doc, ctx):
        table = doc.tables.get("table3")
        if table is None:
            return
        pack = self._pack(doc, ctx)
        prose, sents = self._prose(doc)
        claims = table3_claims(prose, sents)
        agreeing = {(claim.kind, paragraph_id(prose, claim.start)) for claim in claims
                    if (exp := _table3_expectation(table, pack, claim.kind)) is not None and claim.value in exp[0]}
        for claim in claims:
            exp = _table3_expectation(table, pack, claim.kind)
            if exp is None:
                continue
            accepted, shown, pairs, carried = exp
            if claim.value in accepted:
                continue
            if (claim.kind, paragraph_id(prose, claim.start)) in agreeing:
                continue  # the paragraph also states the table's number: another scope or year
            start, end = prose.span(claim.start, claim.end)
            quote = clause_of(prose, claim)
            name = T3_NAMES[claim.kind]
            msg = f"正文“{quote}”与表三不一致：表三{name}为{shown}"
            if claim.kind == "received" and carried:
                msg += f"（加上年结转{carried}为{shown + carried}）"
            if claim.kind == "results":
                new, old = (_cell_value(table, r, "total") for r in ("received_new", "carried_over"))
                msg += f"（本年新收为{new}，加上年结转为{new + old}）"
            msg += f"，正文为{claim.value}"
            cells = _cells(table, pairs if claim.kind != "received" or carried else pairs[:1])
            yield self.finding(doc, msg, start=start, end=end, table="table3", cells=cells,
                               evidence_key=f"{claim.kind}:{claim.value}",
                               args={"expected": shown, "found": claim.value, "claim": claim.kind,
                                     "accepted": sorted(accepted), "text": quote})


class CasesProse(_ProseRule):
    """What it checks:
        Counts of 行政复议 and 行政诉讼 cases stated in the prose of sections 1, 3 and 4 (in a
        sentence about information disclosure) against the 总计 of 表四: 行政复议N件 against the
        行政复议 总计, 行政诉讼N件 against 未经复议直接起诉 + 复议后起诉 (either block alone is also
        accepted); 未发生行政复议、行政诉讼的情况 as 0 for both.
    Why:
        Spec X-6: the prose and 表四 report the same cases.
    Fires on:
        因政府信息公开引起的行政复议案件3件 where 表四 行政复议 总计 is 2.
    Silent on:
        行政复议纠错1件, 行政诉讼败诉 (other counts); cases of other subjects (a sentence not about
        信息公开); 表四 not read.
    Options:
        none
    """

    code = "CON002"
    name = "prose-cases"
    category = "consistency"
    severity = "warning"
    summary = "A count of 行政复议/行政诉讼 cases in the prose differs from 表四"
    summary_zh = "正文中的行政复议、行政诉讼件数与表四不一致"
    docs_zh = """
        检查内容：
            第一、三、四部分正文中有关政府信息公开的行政复议、行政诉讼件数与表四总计核对：行政复议件数对
            “行政复议”总计，行政诉讼件数对“未经复议直接起诉”与“复议后起诉”之和（只对其中一项也认可）；
            “未发生行政复议、行政诉讼”按0计。
        依据：
            正文与表四报告的是同一批案件。
        选项：
            无
    """

    def check(self, doc, ctx):
        table = doc.tables.get("table4")
        if table is None:
            return
        prose, sents = self._prose(doc)
        parts = ["upheld", "corrected", "other", "pending"]

        def block(row):
            tot = _cell_value(table, row, "total")
            return tot, ({tot, _row_sum(table, row, parts)} - {None}) if tot is not None else set()

        review, review_ok = block("review")
        direct, direct_ok = block("litigation_direct")
        after, after_ok = block("litigation_after_review")
        for claim in table4_claims(prose, sents, sentence_section(doc, prose)):
            checks = []
            if claim.kind in ("review", "cases_none") and review is not None:
                checks.append(("行政复议总计", review, review_ok, [("review", "total")]))
            if claim.kind in ("litigation", "cases_none") and direct is not None and after is not None:
                accepted = {a + b for a in direct_ok for b in after_ok}
                if claim.kind == "litigation":
                    accepted |= direct_ok | after_ok
                checks.append(("行政诉讼总计（未经复议直接起诉+复议后起诉）", direct + after, accepted,
                               [("litigation_direct", "total"), ("litigation_after_review", "total")]))
            for name, shown, accepted, pairs in checks:
                if claim.value in accepted:
                    continue
                start, end = prose.span(claim.start, claim.end)
                quote = clause_of(prose, claim)
                yield self.finding(doc, f"正文“{quote}”与表四不一致：表四{name}为{shown}，正文为{claim.value}",
                                   start=start, end=end, table="table4", cells=_cells(table, pairs),
                                   evidence_key=f"{claim.kind}:{name}:{claim.value}",
                                   args={"expected": shown, "found": claim.value, "claim": claim.kind,
                                         "accepted": sorted(accepted), "text": quote})


class DocumentsProse(_ProseRule):
    """What it checks:
        Counts of 规章 and 行政规范性文件 stated in the prose of sections 1–4 with a verb that ties
        them to 表二 （一） (制发/印发/出台/公开… → 本年制发件数, 废止 → 本年废止件数, 现行有效 →
        现行有效件数) against that row of 表二.
    Why:
        Spec X-6: 主动公开规章N件、行政规范性文件N件 should agree with 表二.
    Fires on:
        本年制发行政规范性文件5件 where every cell of the 行政规范性文件 row of 表二 differs from 5.
    Silent on:
        A count equal to any cell of the row (the sentence may mean another column); counts with
        other verbs (清理规范性文件35件, 审查…); 表二 rows not read.
    Options:
        none
    """

    code = "CON003"
    name = "prose-documents"
    category = "consistency"
    severity = "warning"
    summary = "A count of 规章/行政规范性文件 in the prose differs from 表二"
    summary_zh = "正文中的规章、行政规范性文件件数与表二不一致"
    docs_zh = """
        检查内容：
            第一至第四部分正文中写出的规章、行政规范性文件件数，按动词对应表二第（一）项（制发、印发、出台、
            公开对“本年制发件数”，废止对“本年废止件数”，现行有效对“现行有效件数”），与表二该行核对。
        依据：
            正文中“主动公开规章N件、行政规范性文件N件”应与表二一致。
        选项：
            无
    """
    sections = (1, 2, 3, 4)

    def check(self, doc, ctx):
        table = doc.tables.get("table2")
        if table is None:
            return
        pack = self._pack(doc, ctx)
        specs = {r.key: r.cols for r in pack.table2_rows()}
        prose, sents = self._prose(doc)
        for claim in table2_claims(prose, sents):
            cols = specs.get(claim.kind)
            if not cols:
                continue
            values = {c: _cell_value(table, claim.kind, c) for c in cols}
            if any(v is None for v in values.values()):
                continue
            if claim.value in values.values():
                continue
            verb_cols = [c for c in claim.extra["verb_cols"] if c in values]
            if not verb_cols:
                # 2019 columns: 本年新制作/本年新公开 for 制发, 对外公开总数量 for 现行有效
                mapping = {"issued": ["made", "published"], "in_force": ["total_published"], "repealed": []}
                verb_cols = [c for v in claim.extra["verb_cols"] for c in mapping.get(v, []) if c in values]
            if not verb_cols:
                continue
            shown = values[verb_cols[0]]
            start, end = prose.span(claim.start, claim.end)
            quote = clause_of(prose, claim)
            label = pack.row_label("table2", claim.kind)
            col_label = pack.col_label("table2", verb_cols[0])
            yield self.finding(doc, f"正文“{quote}”与表二不一致：表二“{label}”{col_label}为{shown}"
                                    f"（该行各栏为{'、'.join(str(v) for v in values.values())}），正文为{claim.value}",
                               start=start, end=end, table="table2",
                               cells=_cells(table, [(claim.kind, c) for c in cols]),
                               evidence_key=f"{claim.kind}:{claim.value}",
                               args={"expected": shown, "found": claim.value, "claim": claim.kind, "text": quote})


# ------------------------------------------------------------------------------ sums in prose
_EXHAUSTIVE = re.compile(r"其他|其它|其余")  # a part that makes the list exhaustive


class ProseSum(_ProseRule):
    """What it checks:
        Sentences that state a total and then its parts, 共计N…，其中A…、B…、C…（…其他…）: when the
        parts are exhaustive (one of them is 其他/其余) they must add up to the total.
    Why:
        A total that its own breakdown contradicts is a copy-paste or typing error (e.g. 126 =
        3 + 77 + 11 + 25 + 10).
    Fires on:
        共发布信息120条，其中政策文件30条、工作动态50条、其他信息20条 (30 + 50 + 20 = 100).
    Silent on:
        Parts that add up (also when the first few parts already do and the sentence moves on);
        partial lists without 其他 (其中废止10件、修改6件); parts in another unit; numbers in
        brackets (其中…197条（政府预决算32条、部门预决算165条）); sentences whose digits an
        extractor displaced (其中：机构职能 条，工作动态 条，…3 77).
    Options:
        none
    """

    code = "CON004"
    name = "prose-sum"
    category = "consistency"
    severity = "warning"
    summary = "The parts listed in a sentence do not add up to the total it states"
    summary_zh = "正文所列分项之和与总数不符"
    docs_zh = """
        检查内容：
            先写总数、再列分项的句子（“共计N……，其中A……、B……、其他……”）：分项列全时（含“其他”“其余”），
            分项之和应等于总数。
        依据：
            总数与自己的分项相矛盾，是复制或录入错误。
        选项：
            无
    """
    sections = (1, 2, 3, 4, 5, 6)

    def check(self, doc, ctx):
        prose, sents = self._prose(doc)
        for claim in sum_claims(prose, sents):
            running, prefix_ok = 0, False
            for _, value in claim.parts:
                running += value
                if running == claim.total:
                    prefix_ok = True
                    break
            if prefix_ok:
                continue
            if not any(_EXHAUSTIVE.search(label) for label, _ in claim.parts):
                continue
            total = sum(v for _, v in claim.parts)
            start, end = prose.span(claim.start, claim.end)
            items = " + ".join(str(v) for _, v in claim.parts)
            yield self.finding(doc, f"正文所列分项之和与总数不符：总数{claim.total}{claim.unit}，分项{items} = {total}{claim.unit}",
                               start=start, end=end,
                               evidence_key=f"sum:{claim.total}:{items}",
                               args={"expected": claim.total, "found": total,
                                     "parts": [{"label": label, "value": v} for label, v in claim.parts]})


RULES = [ApplicationsProse, CasesProse, DocumentsProse, ProseSum]
