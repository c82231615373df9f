"""Year facts and pairing: which report is last year's report of the same agency.

Cross-year rules (linter/checks/crossyear.py) compare two reports of one agency for consecutive
years. In a batch the reports are linted in worker processes and the parsed `Document`s are not
sent back whole, so each worker extracts a small picklable `YearFacts` record instead: the
agency, year and edition, the 表三 rows 上年结转/结转下年度, the 表二 rows the continuity
relations need (with where each cell is printed) and the normalised prose sentences. The parent
pairs the records once every file is done (`pair_reports`) and the rules compare the pairs.

Pairing is deliberately strict (a wrong pair means false alarms): the agency must be known from
the title on both sides and equal after normalisation (`agency_key`), and the years must be
consecutive. Reports whose title names no agency are paired by `--previous` only; the summary
says why a report has no previous year.

`cross_year_pass` is that step of a batch (linter/batch.py): pair, compare, add the findings.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Optional

from ..document.model import Document, Location

# 表三 rows and 表二 rows/columns the cross-year relations use
TABLE3_ROWS = ("carried_over", "carried_forward")
TABLE2_ROWS = {
    "2021": {"regulations": ("issued", "repealed", "in_force"),
             "normative_documents": ("issued", "repealed", "in_force")},
    "2019": {row: ("previous_count", "change") for row in
             ("licensing", "other_services", "penalty", "coercion", "fees")},
}
# sections whose prose is compared with last year's report (总体情况, 存在的主要问题及改进情况)
COMPARED_SECTIONS = (1, 5)
MIN_SENTENCE_CHARS = 12  # shorter sentences ("无。", sub-headings) say nothing about copying

_WS = re.compile(r"[\s\u3000]+")
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年度?")
_REPORT_WORDS = re.compile(r"(?:关于)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报).*$")
_LEADING = re.compile(r"^(?:正文|附件\s*\d*\s*[:：]?)")
_NON_WORD = re.compile(r"[\W_]+")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


@dataclass
class FactCell:
    """One table cell as a fact: its value, as printed, where, and whether the reader was sure.

    `certain` is False when the reader chose the value among several splits of a digit run with
    the help of a table relation: such a value is a guess and is not compared across years."""

    value: Any
    raw: str = ""
    location: Optional[Location] = None
    certain: bool = True


@dataclass
class Sentence:
    key: str  # normalised: no spaces/punctuation, NFKC, report years as placeholders
    text: str  # as printed (shortened)
    section: Optional[int]
    location: Optional[Location] = None


@dataclass
class YearFacts:
    """What a cross-year comparison needs from one report; small and picklable."""

    path: str
    agency: str = ""
    agency_key: str = ""
    year: Optional[int] = None
    year_source: str = ""
    edition: Optional[str] = None
    title: str = ""
    format: str = ""
    tables: dict = field(default_factory=dict)  # "table2"/"table3" -> row -> col -> FactCell
    table_found: dict = field(default_factory=dict)  # "table2"/"table3" -> bool
    sentences: list = field(default_factory=list)  # list[Sentence] of the prose

    def cell(self, table: str, row: str, col: str) -> Optional[FactCell]:
        return self.tables.get(table, {}).get(row, {}).get(col)


# -- agency names ---------------------------------------------------------------------------------
def agency_key(name: str) -> str:
    """The agency name reduced for comparison: NFKC, no spaces or punctuation, no year, no
    `政府信息公开工作年度报告`. "上海市人民政府办公厅" and "上海市 人民政府办公厅（2023年度）"
    give the same key; an empty name gives ""."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _WS.sub("", s)
    s = _LEADING.sub("", s)
    s = _YEAR_WORD.sub("", s)
    s = _REPORT_WORDS.sub("", s)
    s = _NON_WORD.sub("", s)
    s = re.sub(r"年度$", "", s)
    return s


def agency_of(doc: Document) -> str:
    """The agency as the parser read it from the title, or "" (never guessed from the prose or
    the file name)."""
    return doc.agency or ""


# -- sentences ------------------------------------------------------------------------------------
def sentence_key(text: str, year: Optional[int]) -> str:
    """Normalise a sentence for comparison across years: NFKC, spaces and punctuation removed,
    and the report year, the year before and the year after written as placeholders, so that
    "2023年，我局…" in the 2023 report matches "2022年，我局…" in the 2022 one. Other numbers
    stay: a sentence with new figures is not a copy."""
    s = unicodedata.normalize("NFKC", text)
    s = _NON_WORD.sub("", s)
    if year:
        s = re.sub(r"(?:19|20)\d{2}", lambda m: {year: "〈Y〉", year - 1: "〈Y-1〉", year + 1: "〈Y+1〉"}
                   .get(int(m.group(0)), m.group(0)), s)
    return s


def extract_sentences(doc: Document) -> list:
    """Sentences of the report's prose (table rows left out), with the section they are in.

    Only text inside the sections is taken, never that of the table sections 二–四 (captions and
    labels) nor the preamble before 一、总体情况 (mostly the fixed 编制说明 that every report
    repeats by design); when no section was found, nothing is. Lines are joined before splitting
    (PDF and Markdown conversions wrap paragraphs), sentences end at 。！？； and at table rows."""
    raw = doc.raw
    out: list = []
    if not raw.lines:
        return out
    text = doc.text
    for sec in doc.sections:
        if sec.number in (2, 3, 4):
            continue
        chars: list = []  # joined prose of the section
        offsets: list = []  # text offset of each char
        first = raw.line_index(sec.body_start)
        for idx in range(first, len(raw.lines)):
            line = raw.lines[idx]
            line_start = raw._starts[idx]
            if line_start >= sec.end:
                break
            if line.is_table_row or not line.text.strip():  # a table row or a paragraph break
                chars.append("\n")
                offsets.append(line_start)
                continue
            lo, hi = max(line_start, sec.body_start), min(line_start + len(line.text), sec.end)
            for k in range(lo, hi):
                chars.append(text[k])
                offsets.append(k)
        joined = "".join(chars)
        for m in _SENTENCE.finditer(joined):
            key = sentence_key(m.group(0), doc.year)
            if len(key) < MIN_SENTENCE_CHARS:
                continue
            s, e = offsets[m.start()], offsets[m.end() - 1] + 1
            piece = _WS.sub("", m.group(0)).strip()
            out.append(Sentence(key=key, text=piece if len(piece) <= 80 else piece[:79] + "…",
                                section=sec.number, location=doc.locate(s, e)))
    return out


# -- facts ----------------------------------------------------------------------------------------
def _fact_cells(table, rows: dict) -> dict:
    out: dict = {}
    unreadable = {(u[0], u[1]) for u in table.unreadable}
    used = table.used_relations
    for row, cols in rows.items():
        row_cells = [table.cells.get((row, c)) for c in cols]
        # a row whose every cell is a single printed digit was split the only way possible
        single_digits = all(c is not None and len((c.raw or "").strip()) == 1 for c in row_cells)
        for col in cols:
            cell = table.cells.get((row, col))
            if cell is None or (row, col) in unreadable:
                continue
            guessed = f"T3-B:{row}" in used or f"T3-A:{col}" in used or f"T3-C:{col}" in used
            if table.key != "table3":
                guessed = False  # table2 readers never guess: ambiguous runs are unreadable
            out.setdefault(row, {})[col] = FactCell(
                value=cell.value, raw=cell.raw, certain=not guessed or single_digits,
                location=cell.location)
    return out


def year_facts(doc: Document, *, with_sentences: bool = True) -> YearFacts:
    """Extract the facts of one parsed report (in the worker that parsed it)."""
    agency = agency_of(doc)
    facts = YearFacts(path=doc.path, agency=agency, agency_key=agency_key(agency), year=doc.year,
                      year_source=doc.year_source, edition=doc.edition, title=doc.title,
                      format=doc.raw.format)
    t3 = doc.tables.get("table3")
    facts.table_found["table3"] = t3 is not None
    if t3 is not None:
        cols = ("natural_person", "commercial", "research", "social_welfare", "legal_service",
                "other_org", "total")
        facts.tables["table3"] = _fact_cells(t3, {row: cols for row in TABLE3_ROWS})
        _locate_cells(doc, t3, facts.tables["table3"])
    t2 = doc.tables.get("table2")
    facts.table_found["table2"] = t2 is not None
    if t2 is not None and doc.edition in TABLE2_ROWS and t2.layout in ("", doc.edition):
        facts.tables["table2"] = _fact_cells(t2, TABLE2_ROWS[doc.edition])
        _locate_cells(doc, t2, facts.tables["table2"])
    if with_sentences:
        facts.sentences = extract_sentences(doc)
    return facts


def _locate_cells(doc: Document, table, cells: dict) -> None:
    """Give every fact cell a source location (from the cell, or from its text offsets)."""
    for row, cols in cells.items():
        for col, fact in cols.items():
            if fact.location is None:
                cell = table.cells.get((row, col))
                if cell is not None and cell.start is not None and doc.raw.lines:
                    fact.location = doc.locate(cell.start, cell.end)


# -- pairing --------------------------------------------------------------------------------------
@dataclass
class PairOutcome:
    """For one report: the index of last year's report in the run (or None) and, when None, why."""

    previous: Optional[int] = None
    previous_path: Optional[str] = None
    reason: str = ""

    def to_json(self) -> dict:
        return {"previous": self.previous_path, "reason": self.reason or None}


def comparable(current: YearFacts, previous: YearFacts, *, asserted: bool = False) -> tuple:
    """(True, "") when `previous` is last year's report of the same agency, else (False, why).

    `asserted` is set for `--previous`: the user says the two reports are of one agency, so an
    agency missing from either title is accepted; two agencies that are both named and differ
    are still refused, and so are years that are not consecutive."""
    if current.year is None:
        return False, "report year unknown"
    if previous.year is None:
        return False, f"year of {previous.path} unknown"
    if previous.year != current.year - 1:
        return False, (f"{previous.path} is the {previous.year} report, not {current.year - 1}: "
                       "years are not consecutive")
    if current.agency_key and previous.agency_key:
        if current.agency_key != previous.agency_key:
            return False, f"agencies differ: {current.agency} / {previous.agency}"
    elif not asserted:
        return False, "agency unknown (no title naming it)"
    return True, ""


def pair_reports(facts: list) -> list:
    """One PairOutcome per entry of `facts` (None entries: files that could not be read).

    Same agency (normalised title agency, never empty) and the year before. When several files
    are last year's report of the agency (a PDF and an HTML copy, say), the one with the same
    format is taken, else the first in input order; the choice does not depend on scheduling."""
    by_agency: dict = {}
    for i, f in enumerate(facts):
        if f is not None and f.agency_key and f.year is not None:
            by_agency.setdefault(f.agency_key, []).append(i)
    out = []
    for i, f in enumerate(facts):
        if f is None:
            out.append(PairOutcome(reason="file could not be read"))
            continue
        if f.year is None:
            out.append(PairOutcome(reason="report year unknown"))
            continue
        if not f.agency_key:
            out.append(PairOutcome(reason="agency unknown (no title naming it)"))
            continue
        group = by_agency.get(f.agency_key, [])
        candidates = [j for j in group if facts[j].year == f.year - 1]
        if not candidates:
            earlier = sorted({facts[j].year for j in group if facts[j].year < f.year})
            why = f"no {f.year - 1} report of {f.agency} in this run"
            if earlier:
                why += f" (latest earlier one: {earlier[-1]})"
            out.append(PairOutcome(reason=why))
            continue
        same_format = [j for j in candidates if facts[j].format == f.format]
        j = (same_format or candidates)[0]
        out.append(PairOutcome(previous=j, previous_path=facts[j].path))
    return out


# -- the pass of a batch --------------------------------------------------------------------------
def cross_year_pass(results: list, facts: list, options: list, previous=None, previous_path=None,
                    full_facts=None) -> tuple:
    """The year-over-year pass of a run, once every file is done (linter/batch.py): pair the
    reports, or compare each with `previous_path` (`--previous`; `previous` is its (FileResult,
    YearFacts or None)), and add the findings of the `cross-year` rules to the current year's
    FileResult, kept sorted. `facts` and `options` (LintOptions) are aligned with `results`.

    Returns (pairs, notes): for each path {"previous": path or None, "reason": why not or None},
    and one-line messages for stderr. `full_facts(i)`, when given, gives the whole facts of report
    i where `facts` holds only their pairing fields (a streamed batch keeps the rest on disk)."""
    from ..checks.crossyear import compare_years

    whole = full_facts or (lambda i: facts[i])

    pairs, notes = {}, []
    if previous_path:
        prev_result, prev_facts = previous
        for i, result in enumerate(results):
            cur = facts[i]
            if prev_result.error is not None:
                why = f"--previous {previous_path} could not be read: {prev_result.error.message}"
            elif cur is None:
                why = "file could not be read"
            elif prev_facts is None:
                why = f"--previous {previous_path}: nothing to compare"
            else:
                ok, why = comparable(cur, prev_facts, asserted=True)
                if ok:
                    pairs[result.path] = PairOutcome(previous_path=previous_path).to_json()
                    _add_findings(result, compare_years(whole(i), prev_facts, options[i]))
                    continue
                why = f"--previous {previous_path} not compared: {why}"
            pairs[result.path] = PairOutcome(reason=why).to_json()
            notes.append(f"{result.path}: {why}")
        return pairs, notes
    for i, outcome in enumerate(pair_reports(facts)):
        result = results[i]
        pairs[result.path] = outcome.to_json()
        if outcome.previous is not None:
            _add_findings(result, compare_years(whole(i), whole(outcome.previous), options[i]))
    return pairs, notes


def _add_findings(result, findings: list) -> None:
    if findings:
        result.findings = sorted(list(result.findings) + list(findings), key=lambda f: f.sort_key())
