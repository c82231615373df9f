"""Waivers (config entries that accept a finding, with a required reason) and baselines
(fingerprints of accepted findings, independent of line numbers): suppressed findings stay in
the results, never count for the exit code, and unused waivers are reported."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from xxgk_lint.cli import main, schema_text

TOTAL_ROW = "（七）总计 42 3 0 1 2 0 48"


@pytest.fixture
def clean() -> str:
    text = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
    assert TOTAL_ROW in text, "tests/fixtures/clean_2023.txt changed: update TOTAL_ROW"
    return text


def broken(clean: str) -> str:
    """（七）总计/总计 49 instead of 48: ARI001 three times (T3-A:total, T3-C:total, T3-B:results_total)."""
    return clean.replace(TOTAL_ROW, "（七）总计 42 3 0 1 2 0 49")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def findings(result) -> list:
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(schema_text()))
    return [f for file in data["files"] for f in file["findings"]]


def relations(items) -> set:
    return {f["args"].get("relation") for f in items}


def config(tmp_path: Path, body: str) -> Path:
    return write(tmp_path / "pyproject.toml", "[tool.xxgk-lint]\n" + body)


# -------------------------------------------------------------------------------- waivers
def test_waiver_by_code_suppresses_with_reason(tmp_path, clean):
    report = write(tmp_path / "reports" / "r.txt", broken(clean))
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "reports/*.txt"\ncode = "ARI001"\n'
                     'reason = "published table, typo confirmed by the agency"\n')
    result = run("check", "--format", "json", report)
    assert result.exit_code == 0, result.stdout + result.stderr
    items = findings(result)
    assert len(items) == 3
    assert all(f["suppressed"] == {"kind": "waiver", "reason": "published table, typo confirmed by the agency"}
               for f in items)
    data = json.loads(result.stdout)
    assert data["summary"]["suppressed"] == 3 and data["summary"]["error"] == 0
    assert data["unused_waivers"] == []
    text = run("check", report)
    assert text.exit_code == 0 and "ARI001" not in text.stdout  # hidden in text output
    shown = run("check", "--show-suppressed", report)
    assert shown.stdout.count("ARI001") == 3 and "typo confirmed" in shown.stdout
    assert shown.exit_code == 0


def test_waiver_by_relation_instance_and_by_relation_id(tmp_path, clean):
    report = write(tmp_path / "r.txt", broken(clean))
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\nrelation = "T3-A:total"\nreason = "x"\n')
    result = run("check", "--format", "json", report)
    open_ = [f for f in findings(result) if f.get("suppressed") is None]
    assert relations(open_) == {"T3-C:total", "T3-B:results_total"} and result.exit_code == 1
    # the relation written as `code` (as the design notes allow), and an id without instance
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "T3-C"\nreason = "x"\n'
                     '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"\nrelation = "T3-B"\nreason = "y"\n')
    open_ = [f for f in findings(run("check", "--format", "json", report)) if f.get("suppressed") is None]
    assert relations(open_) == {"T3-A:total"}


def test_waiver_by_fingerprint_only_matches_that_finding(tmp_path, clean):
    report = write(tmp_path / "r.txt", broken(clean))
    target = next(f for f in findings(run("check", "--format", "json", report))
                  if f["args"]["relation"] == "T3-A:total")
    config(tmp_path, f'[[tool.xxgk-lint.waivers]]\nfiles = "*.txt"\ncode = "ARI001"\n'
                     f'fingerprint = "{target["fingerprint"][:12]}"\nreason = "x"\n')
    items = findings(run("check", "--format", "json", report))
    assert [f["args"]["relation"] for f in items if f.get("suppressed")] == ["T3-A:total"]


def test_waiver_for_other_files_does_not_apply(tmp_path, clean):
    report = write(tmp_path / "b.txt", broken(clean))
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "a.txt"\ncode = "ARI"\nreason = "x"\n')
    result = run("check", "--format", "json", report)
    assert result.exit_code == 1 and not any(f.get("suppressed") for f in findings(result))
    assert json.loads(result.stdout)["unused_waivers"] == []  # a.txt was not in the run: not judged
    assert "unused waiver" not in result.stderr


def test_unused_waiver_is_reported_on_stderr_and_in_json(tmp_path, clean):
    report = write(tmp_path / "r.txt", clean)
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"\nreason = "fixed since"\n')
    result = run("check", "--format", "json", report)
    assert result.exit_code == 0  # a warning, not a failure
    (unused,) = json.loads(result.stdout)["unused_waivers"]
    assert unused["code"] == "ARI001" and unused["index"] == 0 and unused["files"] == ["r.txt"]
    assert unused["config"].endswith("pyproject.toml") and unused["reason"] == "fixed since"
    lines = [line for line in result.stderr.splitlines() if "unused waiver" in line]
    assert len(lines) == 1 and "tool.xxgk-lint.waivers[0]" in lines[0] and "ARI001" in lines[0]
    text = run("check", report)
    assert "unused waiver" in text.stderr and text.exit_code == 0


def test_waiver_for_a_rule_that_did_not_run_is_not_judged(tmp_path, clean):
    report = write(tmp_path / "r.txt", clean)
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"\nreason = "x"\n')
    result = run("check", "--format", "json", "--select", "PER", report)
    assert json.loads(result.stdout)["unused_waivers"] == []


def test_waivers_come_from_the_nearest_config(tmp_path, clean):
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "**"\ncode = "ARI001"\nreason = "root"\n')
    write(tmp_path / "sub" / "xxgk-lint.toml", 'ignore = []\n')  # nearer, without the waiver
    top = write(tmp_path / "r.txt", broken(clean))
    sub = write(tmp_path / "sub" / "r.txt", broken(clean))
    assert run("check", top).exit_code == 0
    assert run("check", sub).exit_code == 1


def test_waived_findings_in_real_console_script(tmp_path, clean):
    """The installed `xxgk-lint` (not only the click object) reads config and waivers."""
    exe = shutil.which("xxgk-lint") or os.path.join(os.path.dirname(sys.executable), "xxgk-lint")
    report = write(tmp_path / "r.txt", broken(clean))
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"\nreason = "ok"\n')
    p = subprocess.run([exe, "check", str(report)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"\n')
    p = subprocess.run([exe, "check", str(report)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "reason" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------------------ baselines
def test_baseline_survives_lines_inserted_above_and_new_errors_count(tmp_path, clean):
    report = write(tmp_path / "r.txt", broken(clean))
    baseline = tmp_path / "baseline.json"
    result = run("check", "--write-baseline", baseline, report)
    assert result.exit_code == 0, result.stdout + result.stderr  # writing accepts what is there
    assert "wrote 3 finding(s)" in result.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["xxgk_lint_baseline"] == 1
    assert {(e["file"], e["code"], e["count"]) for e in data["findings"]} == {("r.txt", "ARI001", 1)}
    assert len(data["findings"]) == 3

    before = {f["fingerprint"]: f["location"]["line"] for f in findings(run("check", "--format", "json", report))}
    # edit the report above the findings: three more lines of prose in section 1
    moved = broken(clean).replace("一、总体情况\n", "一、总体情况\n\n新增的一段说明文字。\n另一行。\n", 1)
    report.write_text(moved, encoding="utf-8")
    result = run("check", "--format", "json", "--baseline", baseline, report)
    items = findings(result)
    assert result.exit_code == 0, result.stdout
    assert {f["fingerprint"] for f in items} == set(before)
    assert all(f["location"]["line"] == before[f["fingerprint"]] + 3 for f in items)  # lines did move
    assert all(f["suppressed"]["kind"] == "baseline" for f in items)

    # a new error elsewhere is reported and fails; the old ones stay suppressed
    worse = moved.replace("行政处罚 86", "行政处罚 -86")
    assert worse != moved
    report.write_text(worse, encoding="utf-8")
    result = run("check", "--format", "json", "--baseline", baseline, report)
    assert result.exit_code == 1
    open_ = [f for f in findings(result) if f.get("suppressed") is None]
    assert [f["code"] for f in open_] == ["ARI003"]
    text = run("check", "--baseline", baseline, report)
    assert "ARI003" in text.stdout and "ARI001" not in text.stdout


def test_baseline_counts_per_key(tmp_path, clean):
    report = write(tmp_path / "r.txt", broken(clean))
    baseline = tmp_path / "b.json"
    run("check", "--write-baseline", baseline, report)
    data = json.loads(baseline.read_text(encoding="utf-8"))
    target = next(e for e in data["findings"] if "等于第三项加第四项之和" in e["message"])  # the T3-A finding
    data["findings"] = [target]
    baseline.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", "--format", "json", "--baseline", baseline, report)
    open_ = [f for f in findings(result) if f.get("suppressed") is None]
    assert len(open_) == 2 and result.exit_code == 1


def test_baseline_is_keyed_by_file_name(tmp_path, clean):
    a = write(tmp_path / "a.txt", broken(clean))
    b = write(tmp_path / "b.txt", broken(clean))
    baseline = tmp_path / "b.json"
    run("check", "--write-baseline", baseline, a)
    assert run("check", "--baseline", baseline, a).exit_code == 0
    assert run("check", "--baseline", baseline, b).exit_code == 1  # same findings, other report
    moved = write(tmp_path / "elsewhere" / "a.txt", broken(clean))
    assert run("check", "--baseline", baseline, moved).exit_code == 0


def test_fixed_baseline_entries_are_mentioned(tmp_path, clean):
    report = write(tmp_path / "r.txt", broken(clean))
    baseline = tmp_path / "b.json"
    run("check", "--write-baseline", baseline, report)
    report.write_text(clean, encoding="utf-8")
    result = run("check", "--baseline", baseline, report)
    assert result.exit_code == 0 and "3 baselined finding(s) no longer occur" in result.stderr


def test_waivers_win_over_the_baseline_and_are_not_recorded(tmp_path, clean):
    report = write(tmp_path / "r.txt", broken(clean))
    config(tmp_path, '[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\nrelation = "T3-A"\nreason = "x"\n')
    baseline = tmp_path / "b.json"
    run("check", "--write-baseline", baseline, report)
    assert len(json.loads(baseline.read_text(encoding="utf-8"))["findings"]) == 2
    items = findings(run("check", "--format", "json", "--baseline", baseline, report))
    assert sorted(f["suppressed"]["kind"] for f in items) == ["baseline", "baseline", "waiver"]


@pytest.mark.parametrize("content, needle", [
    (None, "not found"),
    ("{not json", "not valid JSON"),
    ('{"findings": []}', "not an xxgk-lint baseline"),
    ('{"xxgk_lint_baseline": 1, "findings": [{"file": "r.txt"}]}', "findings[0]"),
])
def test_bad_baseline_is_one_line_exit_2(tmp_path, clean, content, needle):
    report = write(tmp_path / "r.txt", clean)
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    result = run("check", "--baseline", baseline, report)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "b.json" in lines[0]
