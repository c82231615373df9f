"""Streamed text, csv, summary and github output (linter/output/stream.py, the CLI's `_Stream`).

`xxgk-lint check` writes these formats without keeping the results: text prints each file's
findings as the file is done; csv, summary and github spool the results to disk and render them at
the end. Here the streamed output is compared with the renderer given the whole list of results
(what `check` printed before streaming), on a folder with findings of the reports' own, findings of
the year-over-year pass, a report with both, and an empty file.
"""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from batch_support import report, write
from xxgk_lint.cli import main
from xxgk_lint.output import RenderOptions, renderer, streams
from xxgk_lint.output.stream import SpooledResults
from xxgk_lint.run.app import CheckRequest, check_files

FIXTURES = Path(__file__).parent / "fixtures"
NEW_REQUESTS = "一、本年新收政府信息公开申请数量 10 0 0 0 0 0 10"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One agency over three years (2023 with a wrong total of its own and a carried-over count
    that disagrees with 2022: findings of both passes, interleaved by line), another agency, a
    fixture report with arithmetic findings, and an empty file; names out of year order."""
    tmp = tmp_path_factory.mktemp("reports")
    own_error = report("样例县统计局", 2023, carried_over=3).replace(NEW_REQUESTS, NEW_REQUESTS[:-2] + "11")
    assert own_error != report("样例县统计局", 2023, carried_over=3)
    write(tmp, "a_2023.txt", own_error)
    write(tmp, "b_2022.txt", report("样例县统计局", 2022, carried_forward=1))
    write(tmp, "c_other.txt", report("样例县民政局", 2023))
    write(tmp, "d_empty.txt", "")
    write(tmp, "e_2021.txt", report("样例县统计局", 2021))
    shutil.copyfile(FIXTURES / "report_2023_typo.txt", tmp / "f_typo.txt")
    return tmp


@pytest.fixture(scope="module")
def whole(folder):
    """The results of the folder as one list (nothing streamed), cross-year findings merged in."""
    return check_files(CheckRequest(paths=[str(folder)], jobs=2))


def _cli(*args) -> str:
    result = CliRunner().invoke(main, ["check", "--lang", "zh", "-j", "2", *args], catch_exceptions=False)
    assert result.exit_code == 2, result.output  # the empty file
    return result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF (csv) into LF


def test_the_folder_has_what_the_comparison_needs(whole):
    by_name = {Path(r.path).name: r for r in whole.results}
    categories = [f.category for f in by_name["a_2023.txt"].findings]
    assert "cross-year" in categories and "arithmetic" in categories
    own = [f.location.line for f in by_name["a_2023.txt"].findings if f.category != "cross-year"]
    cross = [f.location.line for f in by_name["a_2023.txt"].findings if f.category == "cross-year"]
    assert min(cross) < max(own) < max(cross)  # interleaved: merging must sort, not append
    assert by_name["d_empty.txt"].error is not None
    assert any(f.code.startswith("ARI") for f in by_name["f_typo.txt"].findings)


@pytest.mark.parametrize("fmt, extra", [("summary", ()), ("csv", ()), ("github", ()), ("text", ("--statistics",))])
def test_spooled_formats_are_byte_identical_to_the_whole_rendering(folder, whole, fmt, extra):
    assert streams(fmt)
    expected = renderer(fmt)(whole.results, RenderOptions(extra=whole.extra, lang="zh",
                                                          statistics="--statistics" in extra))
    assert _cli("--format", fmt, *extra, str(folder)) == expected


def test_text_without_year_over_year_findings_is_byte_identical(folder):
    request = CheckRequest(paths=[str(folder)], jobs=2, ignore=["YOY"])
    outcome = check_files(request)
    assert all(f.category != "cross-year" for r in outcome.results for f in r.findings)
    expected = renderer("text")(outcome.results, RenderOptions(extra=outcome.extra, lang="zh"))
    assert _cli("--ignore", "YOY", str(folder)) == expected


def test_text_prints_year_over_year_findings_after_every_file(folder, whole):
    """Each file's own findings as it is done, in input order; the year-over-year findings, known
    only when every report is done, follow in input order; the summary line is the same."""
    opts = RenderOptions(extra=whole.extra, lang="zh", quiet=True)
    own = [dataclasses.replace(r, findings=[f for f in r.findings if f.category != "cross-year"])
           for r in whole.results]
    cross = [dataclasses.replace(r, findings=[f for f in r.findings if f.category == "cross-year"])
             for r in whole.results if r.error is None]
    cross = [r for r in cross if r.findings]
    assert [Path(r.path).name for r in cross] == ["a_2023.txt", "b_2022.txt"]
    summary = renderer("text")(whole.results, RenderOptions(lang="zh", statistics=True)).splitlines()[-1]
    expected = renderer("text")(own, opts) + renderer("text")(cross, opts) + summary + "\n"
    streamed = _cli(str(folder))
    assert streamed == expected
    assert sorted(streamed.splitlines()) == sorted(renderer("text")(whole.results, RenderOptions(lang="zh")).splitlines())


def test_streamed_text_to_a_file_is_what_stdout_gets(folder, tmp_path):
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["check", "--lang", "zh", "-j", "2", "-o", str(out), str(folder)])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == _cli(str(folder))
    assert "d_empty.txt: 无法读取" in result.stderr  # with --output, the unreadable file is named on stderr


def test_spooled_results_merge_cross_year_findings_and_allow_nested_passes(whole):
    spool = SpooledResults()
    stubs = []
    for r in whole.results:
        own = [f for f in r.findings if f.category != "cross-year"]
        spool.append(dataclasses.replace(r, findings=own))
        stubs.append(dataclasses.replace(r, findings=[f for f in r.findings if f.category == "cross-year"]))
    for stub in stubs:
        if stub.findings:
            spool.add_cross_year(stub)
    assert len(spool) == len(whole.results)
    pairs = [(a.path, b.path) for a in spool for b in spool]
    assert len(pairs) == len(whole.results) ** 2
    assert [[f.to_json() for f in r.findings] for r in spool] == [[f.to_json() for f in r.findings]
                                                                 for r in whole.results]
    spool.close()


def test_formats_that_need_every_result_say_so():
    for fmt in ("json", "sarif", "html"):
        assert not streams(fmt)
    help_text = CliRunner().invoke(main, ["check", "--help"]).output
    assert "json, sarif and html" in " ".join(help_text.split())


_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_kb(folder: Path, fmt: str) -> int:
    cmd = [sys.executable, "-m", "xxgk_lint.cli", "check", "--format", fmt, "-j", "1", "--timeout", "0",
           "--max-memory", "0", str(folder)]
    out = subprocess.run([sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, timeout=300)
    return int(out.stdout.strip())


def test_spooled_summary_memory_is_flat_in_the_number_of_files(tmp_path):
    """The spooled formats hold one result at a time (the whole list of 400 results with their
    findings would show). Text and jsonl hold none: tests/test_streaming.py measures jsonl."""
    text = report("样例县统计局", 2023).replace(NEW_REQUESTS, NEW_REQUESTS[:-2] + "11")  # findings to hold
    small, large = tmp_path / "small", tmp_path / "large"
    for i in range(400):
        if i < 40:
            write(small, f"r{i:04d}.txt", text)
        write(large, f"r{i:04d}.txt", text)
    ratio = _peak_kb(large, "summary") / _peak_kb(small, "summary")
    assert ratio < 1.12, f"10x the files took {ratio:.2f}x the peak memory"
