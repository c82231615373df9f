"""Streamed results: `--format jsonl` and `check_files(on_result=...)`.

Each file is handed on in input order as it is done and not kept; the year-over-year findings,
which need every report, follow as `"pass": "cross-year"` lines. The parent's peak memory does
not grow with the number of files.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from batch_support import report, write
from xxgk_lint.cli import schema_text
from xxgk_lint.run.app import CheckRequest, check_files


def _file_schema() -> dict:
    schema = json.loads(schema_text())
    return {**schema["$defs"]["file"], "$defs": schema["$defs"]}


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xxgk_lint.cli", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def years(tmp_path) -> Path:
    """Three years of one agency (2023 carries over 3 where 2022 carried forward 1: a cross-year
    finding), another agency, and an unreadable file, named so that input order differs from
    year order."""
    write(tmp_path, "a_2023.txt", report("样例县统计局", 2023, carried_over=3))
    write(tmp_path, "b_2022.txt", report("样例县统计局", 2022, carried_forward=1))
    write(tmp_path, "c_other.txt", report("样例县民政局", 2023))
    write(tmp_path, "d_empty.txt", "")
    write(tmp_path, "e_2021.txt", report("样例县统计局", 2021))
    return tmp_path


def test_jsonl_lines_are_the_json_file_objects_in_input_order(years):
    whole = _run("check", "--format", "json", "-j", "2", str(years))
    lines = _run("check", "--format", "jsonl", "-j", "2", str(years))
    assert lines.returncode == whole.returncode == 2
    assert lines.stderr.strip().endswith("d_empty.txt: 无法读取：文件是空的，没有可检查的内容（empty）")
    objects = [json.loads(line) for line in lines.stdout.splitlines()]
    schema = _file_schema()
    for obj in objects:
        jsonschema.validate(obj, schema)
    files = json.loads(whole.stdout)["files"]
    own = [o for o in objects if "pass" not in o]
    later = [o for o in objects if o.get("pass") == "cross-year"]
    assert [o["path"] for o in own] == [f["path"] for f in files]
    assert objects[:len(own)] == own  # the cross-year lines come after every file's own line
    # each report compared with last year's (2023 with 2022, 2022 with 2021), in input order
    assert [Path(o["path"]).name for o in later] == ["a_2023.txt", "b_2022.txt"]
    for obj, expected in zip(own, files):
        extra = [f for o in later if o["path"] == obj["path"] for f in o["findings"]]
        merged = sorted(obj["findings"] + extra, key=json.dumps)
        assert merged == sorted(expected["findings"], key=json.dumps)
    assert all(f["category"] == "cross-year" for o in later for f in o["findings"])
    assert any("3" in f["message"] for f in later[0]["findings"])


def test_on_result_streams_in_input_order_and_keeps_nothing(years):
    seen, cross = [], []
    outcome = check_files(CheckRequest(paths=[str(years)], jobs=2),
                          on_result=lambda r: seen.append((r.path, len(r.findings))),
                          on_cross_year=lambda r: cross.append(r.path))
    assert [Path(p).name for p, _ in seen] == ["a_2023.txt", "b_2022.txt", "c_other.txt", "d_empty.txt", "e_2021.txt"]
    assert cross == [str(years / "a_2023.txt"), str(years / "b_2022.txt")]
    assert outcome.exit_code() == 2
    assert all(len(r.findings) <= 2 for r in outcome.results)  # stand-ins: the worst finding (+ cross-year)


_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_kb(folder: Path) -> int:
    cmd = [sys.executable, "-m", "xxgk_lint.cli", "check", "--format", "jsonl", "-j", "1", "--timeout", "0",
           "--max-memory", "0", str(folder)]
    out = subprocess.run([sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, timeout=300)
    return int(out.stdout.strip())


def test_peak_memory_is_flat_in_the_number_of_files(tmp_path):
    text = report("样例县统计局", 2023)
    small, large = tmp_path / "small", tmp_path / "large"
    for i in range(600):
        if i < 60:
            write(small, f"r{i:04d}.txt", text)
        write(large, f"r{i:04d}.txt", text)
    ratio = _peak_kb(large) / _peak_kb(small)
    assert ratio < 1.15, f"10x the files took {ratio:.2f}x the peak memory"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_goes_away_stops_the_run_quietly(tmp_path, jobs):
    """`xxgk-lint check --format jsonl dir | head -1`: the closed pipe ends the run without a
    traceback and without blaming a report (no "could not be read back", no scheduler error)."""
    import fcntl

    for i in range(40):  # clean reports: a run that is not cut short exits 0
        write(tmp_path, f"r{i:02d}_2023.txt", report(f"样例县第{i}局", 2023))
    proc = subprocess.Popen([sys.executable, "-m", "xxgk_lint.cli", "check", "--format", "jsonl", "-j", jobs,
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)  # 40 lines of ~200 bytes overflow it
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert json.loads(first)["path"].endswith("r00_2023.txt")
    assert "Traceback" not in err and "read back" not in err, err
    assert proc.returncode == 1  # cut short (clean reports would give 0)
