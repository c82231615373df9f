"""The cross-year rules (linter/checks/crossyear.py): each fires on a real discontinuity and stays
silent on a consistent pair, on values it cannot trust, and on reports that are not last year's
report of the same agency; in a batch (automatic pairing) and with `--previous`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from batch_support import report, write
from conftest import CORPUS, need_shared
from xxgk_lint.run.batch import BatchOptions, run_batch
from xxgk_lint.checks.crossyear import compare_years
from xxgk_lint.run.engine import LintOptions, lint_file, parse_file
from xxgk_lint.run.pairing import year_facts

EXE = shutil.which("xxgk-lint") or os.path.join(os.path.dirname(sys.executable), "xxgk-lint")


def run(*args):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120)


def pair(tmp_path, previous: dict, current: dict, options=None):
    """Cross-year findings of `current` against `previous` (report() keyword arguments)."""
    prev = write(tmp_path, "prev.txt", report(**{"year": 2022, "carried_forward": 2, **previous}))
    cur = write(tmp_path, "cur.txt", report(**{"year": 2023, **current}))
    return compare_years(year_facts(parse_file(str(cur))), year_facts(parse_file(str(prev))), options)


def codes(findings):
    return sorted(f.code for f in findings)


# -- YOY001 上年结转 = last year's 结转下年度 ------------------------------------------------------
def test_carried_over_fires_when_it_differs(tmp_path):
    found = pair(tmp_path, {"carried_forward": 4, "prose": "B"}, {"carried_over": 2})
    assert codes(found) == ["YOY001"]
    f = found[0]
    assert f.severity == "warning" and f.category == "cross-year" and f.table == "table3" and f.section == "3"
    assert {c["col"] for c in f.cells} == {"natural_person", "total"}
    assert f.args["columns"]["total"] == {"this_year": 2, "previous_year": 4}
    assert f.location.line is not None and f.path.endswith("cur.txt")
    assert "自然人本年2、上年4" in f.message


def test_carried_over_silent_when_equal(tmp_path):
    assert pair(tmp_path, {"carried_forward": 2, "prose": "B"}, {"carried_over": 2}) == []


def test_no_comparison_between_agencies_or_distant_years(tmp_path):
    a22 = write(tmp_path, "a22.txt", report("甲县统计局", 2022, carried_forward=5, prose="B"))
    b23 = write(tmp_path, "b23.txt", report("乙县统计局", 2023, carried_over=2))
    a21 = write(tmp_path, "a21.txt", report("乙县统计局", 2021, carried_forward=5, prose="B"))
    run_ = run_batch([str(a22), str(b23), str(a21)], LintOptions(), BatchOptions(jobs=1, timeout=0, max_memory=0))
    assert not [f for r in run_.results for f in r.findings if f.category == "cross-year"]
    assert run_.pairs[str(b23)]["previous"] is None
    assert "latest earlier one: 2021" in run_.pairs[str(b23)]["reason"]


# -- YOY002 现行有效件数 --------------------------------------------------------------------------
def test_in_force_fires_when_more_in_force_than_possible(tmp_path):
    found = pair(tmp_path, {"normative": (1, 0, 6), "prose": "B"}, {"normative": (2, 0, 14)})
    assert codes(found) == ["YOY002"]
    assert found[0].args["expected"] == 8 and found[0].args["found"] == 14 and found[0].table == "table2"


def test_in_force_fires_when_most_documents_vanish(tmp_path):
    found = pair(tmp_path, {"normative": (1, 0, 30), "prose": "B"}, {"normative": (2, 0, 9)})
    assert codes(found) == ["YOY002"] and found[0].args["difference"] == -23


@pytest.mark.parametrize("in_force", [8, 7, 5])  # exact, one expired, a few expired
def test_in_force_silent_when_it_follows(tmp_path, in_force):
    assert pair(tmp_path, {"normative": (1, 0, 6), "prose": "B"}, {"normative": (2, 0, in_force)}) == []


def test_in_force_tolerance_is_an_option(tmp_path):
    found = pair(tmp_path, {"normative": (1, 0, 6), "prose": "B"}, {"normative": (2, 0, 9)})
    assert codes(found) == ["YOY002"]  # 9 > 8 + 0.8
    loose = LintOptions(rule_options={"YOY002": {"rel_tolerance": 0.2}})
    assert pair(tmp_path, {"normative": (1, 0, 6), "prose": "B"}, {"normative": (2, 0, 9)}, loose) == []


# -- YOY004 text reused ---------------------------------------------------------------------------
def test_text_reuse_reports_the_share(tmp_path):
    found = pair(tmp_path, {"prose": "A"}, {"prose": "A"})
    assert codes(found) == ["YOY004"]
    f = found[0]
    assert f.severity == "info" and f.args["share"] == 1.0 and f.args["reused_sentences"] == f.args["sentences"]
    assert "100%" in f.message and f.section == "1" and f.args["examples"]


def test_text_reuse_silent_when_rewritten(tmp_path):
    assert pair(tmp_path, {"prose": "B"}, {"prose": "A"}) == []


def test_text_reuse_threshold(tmp_path):
    strict = LintOptions(rule_options={"YOY004": {"min_share": 1.01}})
    assert pair(tmp_path, {"prose": "A"}, {"prose": "A"}, strict) == []


# -- selection, severities --------------------------------------------------------------------------
def test_selection_and_severity_overrides_apply(tmp_path):
    assert pair(tmp_path, {"carried_forward": 4}, {"carried_over": 2}, LintOptions(ignore=["YOY"])) == []
    found = pair(tmp_path, {"carried_forward": 4}, {"carried_over": 2},
                 LintOptions(select=["YOY001"], severity={"YOY001": "error"}))
    assert codes(found) == ["YOY001"] and found[0].severity == "error"


def test_rule_check_uses_previous_document_in_context(tmp_path):
    prev = write(tmp_path, "prev.txt", report(year=2022, carried_forward=4, prose="B"))
    cur = write(tmp_path, "cur.txt", report(year=2023, carried_over=2))
    result = lint_file(str(cur), LintOptions(extra={"previous_document": parse_file(str(prev))}))
    assert [f.code for f in result.findings if f.category == "cross-year"] == ["YOY001"]
    assert not [f for f in lint_file(str(cur), LintOptions()).findings if f.category == "cross-year"]


# -- in a batch and on the command line --------------------------------------------------------------
def test_batch_pairs_and_adds_findings_in_order(tmp_path):
    write(tmp_path, "d/2021.txt", report(year=2021, carried_forward=3, prose="B"))
    write(tmp_path, "d/2022.txt", report(year=2022, carried_over=3, carried_forward=4, prose="A"))
    write(tmp_path, "d/2023.txt", report(year=2023, carried_over=1, prose="B"))
    p = run("check", "--isolated", "--format", "json", "--jobs", "2", str(tmp_path / "d"))
    out = json.loads(p.stdout)
    by_file = {os.path.basename(f["path"]): [x["code"] for x in f["findings"]] for f in out["files"]}
    assert by_file == {"2021.txt": [], "2022.txt": [], "2023.txt": ["YOY001"]}
    assert p.returncode == 0  # warnings only


def test_previous_option(tmp_path):
    prev = write(tmp_path, "old/report.txt", report(year=2022, carried_forward=4, prose="B"))
    cur = write(tmp_path, "report.txt", report(year=2023, carried_over=2))
    p = run("check", "--isolated", "--previous", str(prev), str(cur))
    assert "YOY001" in p.stdout and p.returncode == 0
    # --year of the current report does not leak into the previous one
    p = run("check", "--isolated", "--year", "2023", "--previous", str(prev), str(cur))
    assert "YOY001" in p.stdout
    # the previous report is not checked itself: none of the lines is about it
    assert not any(line.startswith(str(prev)) for line in p.stdout.splitlines())


def test_previous_option_refuses_other_agency_and_distant_year(tmp_path):
    other = write(tmp_path, "other.txt", report("别的单位", 2022, carried_forward=4, prose="B"))
    old = write(tmp_path, "old.txt", report(year=2020, carried_forward=4, prose="B"))
    cur = write(tmp_path, "report.txt", report(year=2023, carried_over=2))
    p = run("check", "--isolated", "--previous", str(other), str(cur))
    assert "YOY" not in p.stdout and "agencies differ" in p.stderr and p.returncode == 0
    p = run("check", "--isolated", "--previous", str(old), str(cur), "--format", "summary")
    assert "YOY" not in p.stdout and "not consecutive" in p.stdout


def test_previous_option_needs_a_single_report(tmp_path):
    a = write(tmp_path, "a.txt", report(year=2023))
    b = write(tmp_path, "b.txt", report(year=2023, prose="B"))
    p = run("check", "--previous", str(a), str(a), str(b))
    assert p.returncode == 2 and "--previous" in p.stderr and "Traceback" not in p.stderr


def test_unreadable_previous_is_a_note_not_a_failure(tmp_path):
    cur = write(tmp_path, "report.txt", report(year=2023))
    p = run("check", "--isolated", "--previous", str(tmp_path / "missing.txt"), str(cur))
    assert p.returncode == 0 and "could not be read" in p.stderr


# -- real reports: no false alarms ---------------------------------------------------------------
@pytest.mark.parametrize("prev, cur", [("010_pingtan_2021.txt", "011_pingtan_2022.txt"),
                                       ("011_pingtan_2022.txt", "012_pingtan_2023.txt")])
def test_real_consecutive_reports_raise_no_cross_year_warning(prev, cur):
    p, c = need_shared(CORPUS / prev), need_shared(CORPUS / cur)
    found = compare_years(year_facts(parse_file(str(c))), year_facts(parse_file(str(p))))
    assert [f for f in found if f.severity != "info"] == []
