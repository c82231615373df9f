"""Claims: the counts a report states in its prose, read so they can be compared with its tables.

Each reader turns the sentences of a `Prose` view (linter/prose.py) into `Claim`s for one table:
`table3_claims` (applications: received, carried over and forward, handled, each outcome),
`table4_claims` (行政复议/行政诉讼 cases), `table2_claims` (规章/规范性文件 with the verb that
ties them to a column); `sum_claims` reads sentences that state a total and its parts
(共计N…其中A、B、C). They are kept apart from the consistency rules because reading Chinese prose
(which phrase states which count, in which context, how exactly) is a job of its own and by far
the larger one; the rules only judge claims against the tables.

Precision first: a claim is only made when the sentence states one count exactly (a keyword
directly followed by the number and 件/条/个), in a context that ties it to the table (a sentence
about information-disclosure applications, 信息公开, section 4), and never from a sentence whose
digits an extractor displaced (`其中：机构职能 条，工作动态 条，政策文件及3 77`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .numerals import NUMBER, parse_number
from .prose import BREAK, GAP, Prose, is_reliable, same_paragraph

# ------------------------------------------------------------------------------ claims on tables
COUNT_UNIT = "[件条个]"
_GAP_WORDS = r"(?:共计|合计|总计|累计|总数为|数量为|总量为|共|计|为|达)?"


@dataclass
class Claim:
    """One count stated in the prose: what it counts (`kind`), its value, and where it is in
    prose.text (the phrase, the number, the sentence) so that a finding can quote and locate it."""

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
    """The exact whole number of the match's `num` group; None for approximations and decimals,
    which are never compared."""
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
# 同意公开答复9件 is the outcome 予以公开, not the number of replies: 答复 right after an outcome word
# is part of that outcome
# 办理/处理 only with the applications named right after it (办理政府信息公开申请N件), or after 共/全部/
# 依法/已: 办理N件 alone may count anything (人大建议…); 不予处理/其他处理 are outcomes
RESULTS = re.compile(r"(?:共|已|全部|依法)?(?<!公开)(?<!处理)(?<!提供)(?<!不予)(?<!其他)(?<!予以)(?P<verb>办结|答复|办理|处理)(?:了)?"
                     r"(?P<kw>依申请公开|政府信息公开申请|信息公开申请|申请)?"
                     + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")

OUTCOMES = [
    ("granted_partly", re.compile(r"(?:予以公开|同意公开)(?:及|和|与|、|或)部分公开(?:答复|决定)?(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("granted", re.compile(r"(?<![不及和与、])(?:予以公开|同意公开)(?:答复|决定)?(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("partly", re.compile(r"(?<![及和与、])部分公开(?:答复|决定)?(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("denied", re.compile(r"不予公开(?:答复|决定)?(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("unable", re.compile(r"无法提供(?:答复|决定)?(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("declined", re.compile(r"不予处理(?:答复|决定)?(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
    ("other", re.compile(r"其他处理(?:答复|决定)?(?:的)?" + _GAP_WORDS + rf"(?P<num>{NUMBER}){COUNT_UNIT}")),
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


def _application_context(prose: Prose, sent: tuple, previous: list) -> bool:
    """The sentence, or one of the two before it in its paragraph, is about information-disclosure
    applications."""
    texts = [prose.text[s:e] for s, e in same_paragraph(prose, sent, previous[-2:])] + [prose.text[sent[0]:sent[1]]]
    return any("申请" in t for t in texts)


def _disclosure_context(prose: Prose, sent: tuple, previous: list, section: Optional[int], reach: int = 1) -> bool:
    """The sentence, or one of the `reach` sentences before it, is about information disclosure."""
    if section == 4:
        return True
    before = same_paragraph(prose, sent, previous[-reach:]) if reach else []
    texts = [prose.text[s:e] for s, e in before] + [prose.text[sent[0]:sent[1]]]
    return any(re.search(r"信息公开|依申请", t) for t in texts)


def _claim(kind, m, sent, base, value, **extra) -> Claim:
    """A Claim from a match `m` in the sentence `sent` that starts at `base` in prose.text; a match
    without a number (未收到…申请, 未发生…行政复议) points at the whole phrase."""
    has_num = m.groupdict().get("num") is not None
    ns, ne = (m.start("num"), m.end("num")) if has_num else (m.start(), m.end())
    return Claim(kind, value, base + m.start(), base + m.end(), base + ns, base + ne, sent,
                 label=m.group(0), extra=extra)


def table3_claims(prose: Prose, sents: list) -> list:
    """Claims on 表三: counts of applications received, carried over and forward, handled, and of
    each outcome. One phrase gives at most one claim; counts that name one kind of applicant or
    another subject (自然人, 复议, 投诉…) are not read as the total."""
    claims = []
    for k, sent in enumerate(sents):
        if not is_reliable(prose, sent):
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
            if m.group("verb") in ("办理", "处理") and not (m.group("kw") or re.match(r"共|全部|依法|已", m.group(0))):
                continue  # 办理N件 alone is too vague (办理人大建议…); 共办理N件 is the total handled
            if "申请" not in s:
                continue  # 办结/答复N件 only next to the applications it concerns
            taken.append(m.span())
            claims.append(_claim("results", m, sent, base, value))
    return claims


def table4_claims(prose: Prose, sents: list, section_of) -> list:
    """Claims on 表四: counts of 行政复议 and 行政诉讼 cases, and 未发生…行政复议、行政诉讼 as 0 for
    both, in sentences about information disclosure (or in section 4, as `section_of` tells);
    counts of 纠错/败诉 are other numbers and are left out."""
    claims = []
    for sent in sents:
        if not is_reliable(prose, sent):
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
    """Claims on 表二: counts of 规章 and 规范性文件 whose clause has a verb tying them to a column
    (`extra["verb_cols"]`: issued, repealed, in_force); other verbs (清理, 审查…) say nothing
    about 表二."""
    claims = []
    for sent in sents:
        if not is_reliable(prose, sent):
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


# ------------------------------------------------------------------------------ sums in prose
_TOTAL = re.compile(r"(?:共计|合计|总计|累计|总共|一共|(?<!公)共(?![享同建治产识性赢]))(?P<mid>[^，,；;。：:、\d" + GAP + BREAK + r"]{0,20}?)"
                    rf"(?P<num>{NUMBER})(?P<unit>[件条个项次篇])(?P<tail>[^，,；;。\d{GAP}{BREAK}]{{0,12}}?)"
                    r"(?:[，,]?(?P<paren>[（(])?其中[：:，,]?)")
_ITEM = re.compile(rf"(?P<num>{NUMBER})(?P<unit>[件条个项次篇家场期人名份批])")


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
    """A total and its listed parts, stated in one sentence (共计N…，其中A…、B…); offsets in
    prose.text."""

    total: int
    unit: str
    parts: list  # [(label, value)]
    start: int
    end: int
    sentence: tuple


def sum_claims(prose: Prose, sents: list) -> list:
    """Sentences that state a total and then at least two parts in the same unit; the parts are
    those of the （…） right after 其中 when there is one, and numbers in brackets inside the
    list (a breakdown of one part) are not parts."""
    out = []
    for sent in sents:
        if not is_reliable(prose, sent):
            continue
        s = prose.text[sent[0]:sent[1]]
        for m in _TOTAL.finditer(s):
            total = _num(m)
            if total is None:
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
                value = _num(it)
                if value is None:
                    ok = False
                    break
                parts.append((masked[prev_end:it.start()].strip(" ，,、；;：:"), value))
                prev_end = it.end()
            if not ok:
                continue
            out.append(SumClaim(total, unit, parts, sent[0] + m.start(), sent[0] + m.end() + items[-1].end(), sent))
    return out


# ---------------------------------------------------------------------------------- quoting
def clause_of(prose: Prose, claim: Claim) -> str:
    """The clause of the sentence around a claim (between ，；： marks), markers removed: what a
    finding quotes, so the reader sees the words the number came from."""
    s, e = claim.sentence
    sentence = prose.text[s:e].replace(BREAK, "").rstrip("。")
    a = max([sentence.rfind(ch, 0, claim.start - s) for ch in "，,；;："] + [-1]) + 1
    b_candidates = [i for i in (sentence.find(ch, claim.end - s) for ch in "，,；;") if i >= 0]
    b = min(b_candidates) if b_candidates else len(sentence)
    return sentence[a:b]
