"""`--format summary` (tab-separated, for pasting into a spreadsheet) and `--format csv`: one row
per file with agency, year, edition, counts and top rules, the previous-year report or why there
is none, then totals per rule."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest

from batch_support import report, write
from xxgk_lint.run.engine import FileResult
from xxgk_lint.errors import InputError
from xxgk_lint.checks.finding import Finding
from xxgk_lint.document.model import Document, RawDocument
from xxgk_lint.output import FORMATS, RenderOptions, renderer

EXE = shutil.which("xxgk-lint") or os.path.join(os.path.dirname(sys.executable), "xxgk-lint")


def finding(code, severity="warning", suppressed=None):
    return Finding(code=code, name=code.lower(), category="arithmetic", severity=severity, message="m",
                   suppressed=suppressed)


def doc(agency, year, edition="2021"):
    return Document(raw=RawDocument(path="x", format="text", lines=[]), agency=agency, year=year, edition=edition)


@pytest.fixture
def results():
    return [
        FileResult(path="甲/2023.txt", document=doc("甲局", 2023),
                   findings=[finding("ARI001", "error"), finding("STR006"), finding("STR006"), finding("STR006"),
                             finding("PER002"), finding("YOY004", "info"), finding("ARI001", "error"),
                             finding("ARI002", suppressed={"kind": "waiver", "reason": "ok"})]),
        FileResult(path="乙/2023.pdf", error=InputError("timeout", "checking took longer than 60 s")),
        FileResult(path="甲/2022.txt", document=doc("甲局", 2022), findings=[finding("STR006")]),
    ]


PAIRS = {"甲/2023.txt": {"previous": "甲/2022.txt", "reason": None},
         "乙/2023.pdf": {"previous": None, "reason": "file could not be read"},
         "甲/2022.txt": {"previous": None, "reason": "no 2021 report of 甲局 in this run"}}


def test_formats_are_registered():
    assert FORMATS["summary"] == ".summary" and FORMATS["csv"] == ".csvfmt"


def test_summary_rows_rule_totals_and_totals(results):
    text = renderer("summary")(results, RenderOptions(extra={"cross_year": PAIRS}))
    blocks = text.rstrip("\n").split("\n\n")
    assert len(blocks) == 3
    rows = [line.split("\t") for line in blocks[0].splitlines()]
    assert rows[0] == ["path", "agency", "year", "edition", "status", "errors", "warnings", "info", "top rules",
                       "previous year", "note"]
    assert all(len(r) == 11 for r in rows)
    assert rows[1] == ["甲/2023.txt", "甲局", "2023", "2021", "ok", "2", "4", "1", "STR006(3) ARI001(2) PER002(1)",
                       "甲/2022.txt", ""]
    assert rows[2][:5] == ["乙/2023.pdf", "", "", "", "timeout"] and rows[2][10] == "checking took longer than 60 s"
    assert rows[3][9] == "" and rows[3][10] == "no previous year: no 2021 report of 甲局 in this run"
    rules = [line.split("\t") for line in blocks[1].splitlines()]
    assert rules[0] == ["rule", "name", "category", "severity", "findings", "files"]
    assert rules[1] == ["STR006", "str006", "arithmetic", "warning", "4", "2"]
    assert [r[0] for r in rules[1:]] == ["STR006", "ARI001", "PER002", "YOY004"]  # suppressed ARI002 not counted
    totals = dict(line.split("\t") for line in blocks[2].splitlines())
    assert totals == {"files": "3", "could not be checked": "1", "errors": "2", "warnings": "5", "info": "1",
                      "suppressed": "1", "compared with previous year": "1", "no previous year": "1"}


def test_summary_without_pairing_information(results):
    text = renderer("summary")(results, RenderOptions())
    assert "no previous year" not in text


def test_csv_is_one_rectangular_table_with_totals(results):
    text = renderer("csv")(results, RenderOptions(extra={"cross_year": PAIRS}))
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = rows[0]
    assert header[:11] == ["path", "agency", "year", "edition", "status", "errors", "warnings", "info", "top rules",
                           "previous year", "note"]
    assert header[11:] == ["ARI001", "PER002", "STR006", "YOY004"]
    assert all(len(r) == len(header) for r in rows)
    assert [r[0] for r in rows] == ["path", "甲/2023.txt", "乙/2023.pdf", "甲/2022.txt", "TOTAL"]
    first = dict(zip(header, rows[1]))
    assert (first["STR006"], first["ARI001"], first["previous year"]) == ("3", "2", "甲/2022.txt")
    total = dict(zip(header, rows[-1]))
    assert (total["errors"], total["warnings"], total["info"], total["STR006"], total["ARI001"]) == ("2", "5", "1", "4", "2")
    assert total["status"] == "1 not checked" and total["previous year"] == "1 without previous year"


def test_cells_never_break_the_table():
    r = FileResult(path="a\tb.txt", error=InputError("unreadable", "two\nlines"))
    text = renderer("summary")([r], RenderOptions())
    assert text.splitlines()[1].split("\t")[0] == "a b.txt" and "two lines" in text


def test_summary_and_csv_from_the_command_line(tmp_path):
    write(tmp_path, "d/a2022.txt", report("样例县统计局", 2022, carried_forward=4, prose="B"))
    write(tmp_path, "d/a2023.txt", report("样例县统计局", 2023, carried_over=2))
    write(tmp_path, "d/b2023.txt", report("样例县水务局", 2023))
    p = subprocess.run([EXE, "check", "--isolated", "--format", "summary", "--jobs", "2", str(tmp_path / "d")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    rows = [line.split("\t") for line in p.stdout.split("\n\n")[0].splitlines()[1:]]
    assert [(os.path.basename(r[0]), r[1], r[2], r[8]) for r in rows] == [
        ("a2022.txt", "样例县统计局", "2022", ""), ("a2023.txt", "样例县统计局", "2023", "YOY001(1)"),
        ("b2023.txt", "样例县水务局", "2023", "")]
    assert rows[1][9].endswith("a2022.txt")
    assert rows[2][10] == "no previous year: no 2022 report of 样例县水务局 in this run"
    out = tmp_path / "review.csv"
    p = subprocess.run([EXE, "check", "--isolated", "--format", "csv", "-o", str(out), str(tmp_path / "d")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["YOY001"] for r in rows] == ["0", "1", "0", "1"] and rows[-1]["path"] == "TOTAL"
