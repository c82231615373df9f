"""Consistency rules: numbers stated in the prose against the tables (表二, 表三, 表四), and sums
stated within the prose (共计N…其中A、B、C).

Precision first. A claim is only compared when the sentence states one count exactly (a keyword
directly followed by the number and 件/条/个), when the table cells it is compared with were read,
and when no reasonable reading of the sentence agrees with the table: 受理申请N件 is accepted as
本年新收 or as 本年新收 + 上年结转, 规章N件 as any cell of the 规章 row. Sentences whose digits a PDF
extractor moved away (`其中：机构职能 条，工作动态 条，政策文件及3 77`) are not read at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..numerals import NUMBER, parse_number
from ..packs import load_pack
from ..relations import layout_rows
from .base import Rule
from .dates import is_page_number, line_spans
from .structure import TEMPLATE_EDITIONS

GAP = "\x00"  # whitespace that hides a displaced or missing number: the sentence is not read
BREAK = "\x01"  # a sentence boundary: an excluded stretch (table, page number), a sub-heading line
_WS = " \t\u3000\r\n\xa0"
_HWS = " \t\u3000\xa0"
_UNIT_SLOTS = set("件条个项次篇期场年月日")
_NUMERAL_CHARS = set("〇○零一二三四五六七八九十百千万两")


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass
class Prose:
    """Prose of the report with whitespace removed (PDF line breaks, spaces of conversions), and
    for every character its offset in the document text."""

    text: str
    offsets: list

    def span(self, i: int, j: int) -> tuple:
        j = max(j, i + 1)
        return self.offsets[i], self.offsets[min(j, len(self.offsets)) - 1] + 1


def _excluded_spans(doc) -> list:
    spans = []
    for table in doc.tables.values():
        if table.start is not None and table.end is not None:
            spans.append((table.start, table.end))
    for line, (start, end, text) in zip(doc.raw.lines, line_spans(doc)):
        if line.is_table_row or is_page_number(text):
            spans.append((start, end))
    return sorted(spans)


_SUBHEADING = re.compile(r"^[ \t\u3000]*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．])[^。；;！？]{0,24}$")


def _heading_line_ends(doc) -> set:
    """Offsets where a short numbered sub-heading line ends (（二）依申请公开): a sentence boundary
    even without punctuation."""
    return {end for line, (start, end, text) in zip(doc.raw.lines, line_spans(doc))
            if not line.is_table_row and _SUBHEADING.match(text)}


def prose_view(doc, ranges, excluded=None) -> Prose:
    """The prose of the document text within `ranges` [(start, end)], tables and page numbers left
    out. Whitespace is dropped, except where it hides a number: between two digits (`3 77`: digits
    displaced by an extractor, or a number broken across lines) and before a unit or date marker
    that has no number (`机构职能 条`, `自 年 月 日`); those become GAP."""
    text = doc.text
    excluded = _excluded_spans(doc) if excluded is None else excluded
    heading_ends = _heading_line_ends(doc)
    out, offs = [], []
    for start, end in ranges:
        pos = start
        cuts = [(max(s, start), min(e, end)) for s, e in excluded if s < end and e > start]
        pieces, cur = [], start
        for s, e in cuts:
            if s > cur:
                pieces.append((cur, s))
            cur = max(cur, e)
        if cur < end:
            pieces.append((cur, end))
        for s, e in pieces:
            if out and out[-1] != BREAK:
                out.append(BREAK)
                offs.append(s)
            i = s
            while i < e:
                ch = text[i]
                if ch in _WS:
                    j = i
                    while j < e and text[j] in _WS:
                        j += 1
                    prev = out[-1] if out else ""
                    nxt = text[j] if j < e else ""
                    run = text[i:j]
                    if heading_ends and any(k in heading_ends for k in range(i, j)):
                        if out and out[-1] != BREAK:
                            out.append(BREAK)
                            offs.append(i)
                    elif prev.isdigit() and nxt.isdigit():
                        out.append(GAP)
                        offs.append(i)
                    elif (nxt in _UNIT_SLOTS and _cjk(prev) and prev not in _NUMERAL_CHARS
                          and any(c in _HWS for c in run)):
                        out.append(GAP)
                        offs.append(i)
                    i = j
                    continue
                out.append(ch)
                offs.append(i)
                i += 1
            pos = e
        if out and out[-1] != BREAK:
            out.append(BREAK)
            offs.append(pos)
    return Prose("".join(out), offs)


_SENTENCE_END = re.compile(r"[。！？!?" + BREAK + "]")


def sentences(prose: Prose) -> list:
    """(start, end) indices into prose.text of each sentence (up to and including 。！？)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(prose.text):
        if m.end() - start > 1:
            out.append((start, m.end()))
        start = m.end()
    if start < len(prose.text):
        out.append((start, len(prose.text)))
    return out


# ------------------------------------------------------------------------------------ claims
COUNT_UNIT = "[件条个]"
_GAP_WORDS = r"(?:共计|合计|总计|累计|总数为|数量为|总量为|共|计|为|达)?"


@dataclass
class Claim:
    kind: str
    value: object
    start: int  # offset in prose.text of the phrase
    end: int
    num_start: int
    num_end: int
    sentence: tuple  # (start, end) in prose.text
    label: str = ""
    extra: dict = field(default_factory=dict)


def _num(m) -> Optional[int]:
    value = parse_number(m.group("num"))
    if value is None or isinstance(value, float):
        return None
    return value


_APPLICANT_QUALIFIERS = re.compile(r"自然人|法人|企业|组织|机构|结转|因|引起|复议|诉讼|投诉|举报|信访|行政许可|审批")

RECEIVED_AFTER = re.compile(
    r"(?:收到|受理|接收|接到|新收)(?P<mid>[^。；;，,]{0,30}?)(?P<kw>申请|依申请(?:政府)?信息公开|依申请公开)"
    r"(?:总数|总量|数量)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")
RECEIVED_BEFORE = re.compile(
    rf"(?:收到|受理|接收|接到)(?:了)?(?:各类)?(?P<num>{NUMBER}){COUNT_UNIT}(?P<mid>(?:政府信息公开|信息公开|依申请公开)?)申请")
RECEIVED_NONE = re.compile(
    r"(?:未|没有)(?:收到|受理|接到|接收)(?P<mid>[^。；;，,]{0,14}?)(?:依申请|信息公开申请|公开申请)")
CARRIED_OVER = re.compile(r"上(?:一)?年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")
CARRIED_FORWARD = re.compile(
    r"结转(?:至|到)?下(?:一)?年(?:度)?(?:继续办理)?(?:的)?(?:申请)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")
CARRIED_FORWARD_BEFORE = re.compile(rf"(?:^|[，,；;、])(?P<num>{NUMBER}){COUNT_UNIT}(?:申请)?(?:结转(?:至|到)?下(?:一)?年)")
RESULTS = re.compile(r"(?:共|已|全部|依法)?(?:办结|答复|办理)(?:了)?(?:依申请公开|政府信息公开申请|信息公开申请|申请)?"
                     + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")

OUTCOMES = [
    ("granted_partly", re.compile(r"(?:予以公开|同意公开)(?:及|和|与|、|或)部分公开(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("granted", re.compile(r"(?<![不及和与、])(?:予以公开|同意公开)(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("partly", re.compile(r"(?<![及和与、])部分公开(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("denied", re.compile(r"不予公开(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("unable", re.compile(r"无法提供(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("declined", re.compile(r"不予处理(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("other", re.compile(r"其他处理(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
]

_CASE_UNIT = "[件起宗个]"
REVIEW = re.compile(r"行政复议(?:案件|申请)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){_CASE_UNIT}")
LITIGATION = re.compile(r"行政诉讼(?:案件)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){_CASE_UNIT}")
CASES_NONE = re.compile(r"(?:未发生|没有发生|无)(?:因政府信息公开(?:工作|申请)?(?:而)?)?(?:被申请)?行政复议(?:和|及|、|或|与)(?:被)?(?:提起)?行政诉讼(?:案件)?(?:的)?(?:情况|情形|案件)")

REGULATION = re.compile(r"(?P<kw>行政规范性文件|规范性文件|规章)" + r"(?:共计|共|合计)?" + rf"(?P<num>{NUMBER}){COUNT_UNIT}")
_T2_VERBS = [
    ("in_force", re.compile(r"现行有效|有效")),
    ("repealed", re.compile(r"废止|失效")),
    ("issued", re.compile(r"制发|印发|出台|制定|发布|新增|公开|公布|新制作")),
]
_T2_OTHER_VERBS = re.compile(r"清理|修改|修订|审查|审核|备案|起草|评估|梳理|征求|解读|报送|合法性")


def _same_paragraph(prose: Prose, sent: tuple, previous: list) -> list:
    """The sentences of `previous` that are in the paragraph of `sent`: back to the last break (a
    sub-heading, a table, the start of a section), the sub-heading itself included."""
    out = []
    for s, e in reversed(previous):
        if prose.text[e - 1] == BREAK:
            if e - s <= 30:  # the sub-heading of the paragraph, e.g. （二）依申请公开
                out.insert(0, (s, e))
            break
        out.insert(0, (s, e))
    return out


def _application_context(prose: Prose, sent: tuple, previous: list) -> bool:
    """The sentence, or one of the two before it in its paragraph, is about information-disclosure
    applications."""
    texts = [prose.text[s:e] for s, e in _same_paragraph(prose, sent, previous[-2:])] + [prose.text[sent[0]:sent[1]]]
    return any("申请" in t for t in texts)


def _disclosure_context(prose: Prose, sent: tuple, previous: list, section: Optional[int], reach: int = 1) -> bool:
    """The sentence, or one of the `reach` sentences before it, is about information disclosure."""
    if section == 4:
        return True
    before = _same_paragraph(prose, sent, previous[-reach:]) if reach else []
    texts = [prose.text[s:e] for s, e in before] + [prose.text[sent[0]:sent[1]]]
    return any(re.search(r"信息公开|依申请", t) for t in texts)


def _paragraph(prose: Prose, index: int) -> int:
    """An id of the paragraph (the stretch between two breaks) that holds prose.text[index]."""
    return prose.text.rfind(BREAK, 0, index)


def _reliable(prose: Prose, sent: tuple) -> bool:
    return GAP not in prose.text[sent[0]:sent[1]]


def _claim(kind, m, sent, base, value, **extra) -> Claim:
    has_num = m.groupdict().get("num") is not None
    ns, ne = (m.start("num"), m.end("num")) if has_num else (m.start(), m.end())
    return Claim(kind, value, base + m.start(), base + m.end(), base + ns, base + ne, sent,
                 label=m.group(0), extra=extra)


def table3_claims(prose: Prose, sents: list) -> list:
    claims = []
    for k, sent in enumerate(sents):
        if not _reliable(prose, sent):
            continue
        s = prose.text[sent[0]:sent[1]]
        base = sent[0]
        prev = sents[max(0, k - 2):k]
        taken = []  # (start, end) of matches already used, so one phrase gives one claim

        def free(m):
            return all(m.end() <= a or m.start() >= b for a, b in taken)

        for m in RECEIVED_AFTER.finditer(s):
            mid = m.group("mid")
            if _APPLICANT_QUALIFIERS.search(mid):
                continue
            if not (re.search(r"信息公开|依申请", mid + m.group("kw"))
                    or _disclosure_context(prose, sent, sents[max(0, k - 2):k], None, reach=2)):
                continue  # 受理申请N件 only under 依申请公开 (its sub-heading or a sentence before)
            value = _num(m)
            if value is not None and free(m):
                taken.append(m.span())
                claims.append(_claim("received", m, sent, base, value))
        for m in RECEIVED_BEFORE.finditer(s):
            value = _num(m)
            if value is None or not free(m):
                continue
            if not (m.group("mid") or _disclosure_context(prose, sent, sents[max(0, k - 3):k], None, reach=3)):
                continue
            if _APPLICANT_QUALIFIERS.search(s[max(0, m.start() - 6):m.start()]):
                continue
            taken.append(m.span())
            claims.append(_claim("received", m, sent, base, value))
        for m in RECEIVED_NONE.finditer(s):
            mid = m.group("mid")
            if _APPLICANT_QUALIFIERS.search(mid) or not free(m):
                continue
            # 未收到…申请 followed by a count in the same clause is no zero claim
            clause = re.split(r"[，,；;。]", s[m.end():])[0]
            if re.search(NUMBER + COUNT_UNIT, clause):
                continue
            taken.append(m.span())
            claims.append(_claim("received", m, sent, base, 0))
        if not _application_context(prose, sent, prev):
            continue
        for m in CARRIED_OVER.finditer(s):
            value = _num(m)
            if value is not None and free(m):
                taken.append(m.span())
                claims.append(_claim("carried_over", m, sent, base, value))
        for pattern in (CARRIED_FORWARD, CARRIED_FORWARD_BEFORE):
            for m in pattern.finditer(s):
                value = _num(m)
                if value is not None and free(m):
                    taken.append(m.span())
                    claims.append(_claim("carried_forward", m, sent, base, value))
        for kind, pattern in OUTCOMES:
            for m in pattern.finditer(s):
                value = _num(m)
                if value is not None and free(m):
                    taken.append(m.span())
                    claims.append(_claim(kind, m, sent, base, value))
        for m in RESULTS.finditer(s):
            value = _num(m)
            if value is None or not free(m):
                continue
            if "办理" in m.group(0) and not re.match(r"共|全部|依法|已", m.group(0)):
                continue  # 办理N件 alone is too vague (办理人大建议…); 共办理N件 is the total handled
            if "申请" not in s:
                continue  # 办结/答复N件 only next to the applications it concerns
            taken.append(m.span())
            claims.append(_claim("results", m, sent, base, value))
    return claims


def table4_claims(prose: Prose, sents: list, section_of) -> list:
    claims = []
    for sent in sents:
        if not _reliable(prose, sent):
            continue
        s = prose.text[sent[0]:sent[1]]
        base = sent[0]
        # the sentence itself must be about information disclosure (or be in section 4): a
        # paragraph may go on to 行政复议 cases of the whole administration
        if not _disclosure_context(prose, sent, [], section_of(sent), reach=0):
            continue
        for m in CASES_NONE.finditer(s):
            claims.append(_claim("cases_none", m, sent, base, 0))
        for kind, pattern in (("review", REVIEW), ("litigation", LITIGATION)):
            for m in pattern.finditer(s):
                value = _num(m)
                if value is None:
                    continue
                before = s[max(0, m.start() - 4):m.start()]
                if re.search(r"纠错|败诉|胜诉|被纠正|撤销", s[m.start():m.end()]) or "纠错" in before:
                    continue
                claims.append(_claim(kind, m, sent, base, value))
    return claims


def table2_claims(prose: Prose, sents: list) -> list:
    claims = []
    for sent in sents:
        if not _reliable(prose, sent):
            continue
        s = prose.text[sent[0]:sent[1]]
        base = sent[0]
        for m in REGULATION.finditer(s):
            value = _num(m)
            if value is None:
                continue
            clause_start = max(s.rfind(ch, 0, m.start()) for ch in "，,；;。：:") + 1
            lead = s[clause_start:m.start()]
            if _T2_OTHER_VERBS.search(lead):
                continue
            cols = [col for col, pat in _T2_VERBS if pat.search(lead)]
            if not cols:
                continue
            row = "regulations" if m.group("kw") == "规章" else "normative_documents"
            claims.append(_claim(row, m, sent, base, value, verb_cols=cols))
    return claims


# ------------------------------------------------------------------------------- table values
def _cell_value(table, row, col):
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
    """(accepted values, the value to show, cells) for a claim kind, or None when the cells were
    not all read."""
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
        value = total("results_total")
        if value is None:
            return None
        outcome_rows = [r for r in rows if r not in ("received_new", "carried_over", "results_total", "carried_forward")]
        accepted = {value, sums("results_total"), _sum([total(r) for r in outcome_rows])}
        return accepted - {None}, value, [("results_total", "total")], None
    group = T3_GROUPS[kind]
    group_rows = group(rows) if callable(group) else group
    values = [total(r) for r in group_rows]
    value = _sum(values)
    if value is None:
        return None
    by_cols = _sum([sums(r) for r in group_rows])
    return {value, by_cols} - {None}, value, [(r, "total") for r in group_rows], None


class _ProseRule(Rule):
    editions = TEMPLATE_EDITIONS
    sections = (1, 3, 4)

    @staticmethod
    def _pack(doc, ctx):
        return ctx.pack or load_pack(doc.edition)

    def _prose(self, doc):
        ranges = []
        for sec in doc.sections:
            if sec.number in self.sections:
                ranges.append((sec.body_start, sec.end))
        prose = prose_view(doc, ranges)
        return prose, sentences(prose)

    def _section_of(self, doc, prose):
        def of(sent):
            sec = doc.section_at(prose.offsets[sent[0]])
            return sec.number if sec else None
        return of

    def _quote(self, prose, claim) -> str:
        s, e = claim.sentence
        sentence = prose.text[s:e].replace(BREAK, "").rstrip("。")
        # the clause around the claim, for the message
        a = max([sentence.rfind(ch, 0, claim.start - s) for ch in "，,；;："] + [-1]) + 1
        b_candidates = [i for i in (sentence.find(ch, claim.end - s) for ch in "，,；;") if i >= 0]
        b = min(b_candidates) if b_candidates else len(sentence)
        return sentence[a:b]


class ApplicationsProse(_ProseRule):
    """What it checks:
        Counts of applications stated in the prose of sections 1, 3 and 4 against 表三: 收到/受理/接收
        政府信息公开申请N件 against 本年新收 总计 (or 本年新收 + 上年结转); 上年结转N件, 办结/答复N件
        ((七)总计), 结转下年度N件; outcomes 予以公开N件, 部分公开N件, 予以公开及部分公开N件, 不予公开N件,
        无法提供N件, 不予处理N件, 其他处理N件 against the sum of their 表三 rows (总计 column).
        未收到政府信息公开申请 is read as 0. Arabic and Chinese numerals (二十三件) are read.
    Why:
        The prose and the tables report the same year; a number that disagrees misleads the reader
        and is the kind of copy-paste error reviewers send back (spec X-6).
    Fires on:
        受理政府信息公开申请17件 where 表三 本年新收 总计 is 95 (and 上年结转 0).
    Silent on:
        共受理政府信息公开申请749件 where 新收 713 + 上年结转 36 = 749 (either reading is accepted);
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

    def check(self, doc, ctx):
        table = doc.tables.get("table3")
        if table is None:
            return
        pack = self._pack(doc, ctx)
        prose, sents = self._prose(doc)
        claims = table3_claims(prose, sents)
        agreeing = {(claim.kind, _paragraph(prose, claim.start)) for claim in claims
                    if (exp := _table3_expectation(table, pack, claim.kind)) is not None and claim.value in exp[0]}
        for claim in claims:
            exp = _table3_expectation(table, pack, claim.kind)
            if exp is None:
                continue
            accepted, shown, pairs, carried = exp
            if claim.value in accepted:
                continue
            if (claim.kind, _paragraph(prose, claim.start)) in agreeing:
                continue  # the paragraph also states the table's number: another scope or year
            start, end = prose.span(claim.start, claim.end)
            quote = self._quote(prose, claim)
            name = T3_NAMES[claim.kind]
            msg = f"正文“{quote}”与表三不一致：表三{name}为{shown}"
            if claim.kind == "received" and carried:
                msg += f"（加上年结转{carried}为{shown + carried}）"
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
        for claim in table4_claims(prose, sents, self._section_of(doc, prose)):
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
                quote = self._quote(prose, claim)
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
            quote = self._quote(prose, claim)
            label = pack.row_label("table2", claim.kind)
            col_label = pack.col_label("table2", verb_cols[0])
            yield self.finding(doc, f"正文“{quote}”与表二不一致：表二“{label}”{col_label}为{shown}"
                                    f"（该行各栏为{'、'.join(str(v) for v in values.values())}），正文为{claim.value}",
                               start=start, end=end, table="table2",
                               cells=_cells(table, [(claim.kind, c) for c in cols]),
                               evidence_key=f"{claim.kind}:{claim.value}",
                               args={"expected": shown, "found": claim.value, "claim": claim.kind, "text": quote})


# ------------------------------------------------------------------------------ sums in prose
_TOTAL = re.compile(r"(?:共计|合计|总计|累计|总共|一共|(?<!公)共(?![享同建治产识性赢]))(?P<mid>[^，,；;。：:、\d" + GAP + BREAK + r"]{0,20}?)"
                    rf"(?P<num>{NUMBER})(?P<unit>[件条个项次篇])(?P<tail>[^，,；;。\d{GAP}{BREAK}]{{0,12}}?)"
                    r"(?:[，,]?(?P<paren>[（(])?其中[：:，,]?)")
_ITEM = re.compile(rf"(?P<num>{NUMBER})(?P<unit>[件条个项次篇家场期人名份批])")
_EXHAUSTIVE = re.compile(r"其他|其它|其余")


def _mask_parens(s: str) -> str:
    """Text inside （…）/(…) replaced by spaces of the same length (nesting allowed)."""
    out, depth = [], 0
    for ch in s:
        if ch in "（(":
            depth += 1
            out.append(" ")
        elif ch in "）)" and depth:
            depth -= 1
            out.append(" ")
        else:
            out.append(" " if depth else ch)
    return "".join(out)


@dataclass
class SumClaim:
    total: int
    unit: str
    parts: list  # [(label, value)]
    start: int
    end: int
    sentence: tuple


def sum_claims(prose: Prose, sents: list) -> list:
    out = []
    for sent in sents:
        if not _reliable(prose, sent):
            continue
        s = prose.text[sent[0]:sent[1]]
        for m in _TOTAL.finditer(s):
            total = parse_number(m.group("num"))
            if total is None or isinstance(total, float):
                continue
            unit = m.group("unit")
            if m.group("paren"):
                depth, end = 0, None
                for i in range(m.start("paren"), len(s)):
                    if s[i] in "（(":
                        depth += 1
                    elif s[i] in "）)":
                        depth -= 1
                        if depth == 0:
                            end = i
                            break
                if end is None:
                    continue
                scope = s[m.end():end]
            else:
                scope = s[m.end():]
            masked = _mask_parens(scope)
            # a list whose first clause (up to ；) already has several parts ends there: what
            # follows the ； is another statement (…；共办理718件，结转下一年31件)
            first = re.split(r"[；;]", masked)[0]
            if len(_ITEM.findall(first)) >= 2:
                masked = first
            items = list(_ITEM.finditer(masked))
            if len(items) < 2 or any(it.group("unit") != unit for it in items):
                continue
            parts, prev_end, ok = [], 0, True
            for it in items:
                value = parse_number(it.group("num"))
                if value is None or isinstance(value, float):
                    ok = False
                    break
                parts.append((masked[prev_end:it.start()].strip(" ，,、；;：:"), value))
                prev_end = it.end()
            if not ok:
                continue
            out.append(SumClaim(total, unit, parts, sent[0] + m.start(), sent[0] + m.end() + items[-1].end(), sent))
    return out


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
