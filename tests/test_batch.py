"""Checking many reports: discovery in folders (linter/run/discovery.py), worker processes
(linter/run/batch.py), a crashing, a hanging and a memory-hungry file becoming that file's error while
the run goes on, stable output order whatever the scheduling, documents, the progress bar."""
from __future__ import annotations

import io
import re
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_support import misbehaving_lint, report, slow_lint, write
from xxgk_lint.run.batch import BatchOptions, default_jobs, run_batch
from xxgk_lint.run.discovery import discover
from xxgk_lint.run.engine import LintOptions

EXE = shutil.which("xxgk-lint") or os.path.join(os.path.dirname(sys.executable), "xxgk-lint")


def run(*args, cwd=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def rel(paths, root):
    return [os.path.relpath(p, root).replace(os.sep, "/") for p in paths]


# -- discovery ------------------------------------------------------------------------------------
@pytest.fixture
def tree(tmp_path):
    for name in ("b.txt", "a.pdf", "c.md", "d.html", "e.docx", "notes.doc", "data.csv", "image.png",
                 ".hidden.txt", "~$lock.docx", "sub/z.txt", "sub/deeper/y.htm", ".git/x.txt", ".cache/w.txt",
                 "drafts/v.txt", "build/out.txt", "keep/u.log.txt", "keep/skip.txt", "keep/skip_not.txt"):
        write(tmp_path, name, "x")
    (tmp_path / ".gitignore").write_text("build/\n*.log.txt\n# comment\n/keep/skip*.txt\n!keep/skip_not.txt\n",
                                         encoding="utf-8")
    return tmp_path


def test_folder_walk_keeps_report_files_sorted(tree):
    assert rel(discover([str(tree)]), tree) == [
        "a.pdf", "b.txt", "c.md", "d.html", "drafts/v.txt", "e.docx", "keep/skip_not.txt",
        "sub/deeper/y.htm", "sub/z.txt"]


def test_exclude_globs(tree):
    assert rel(discover([str(tree)], ["drafts", "*.md,sub/deeper/*"]), tree) == [
        "a.pdf", "b.txt", "d.html", "e.docx", "keep/skip_not.txt", "sub/z.txt"]
    assert "sub/deeper/y.htm" not in rel(discover([str(tree)], ["**/deeper/**"]), tree)
    assert rel(discover([str(tree / "sub")], ["deeper/"]), tree) == ["sub/z.txt"]


def test_gitignore_of_the_folder_without_repository(tree):
    # not in a repository (no .git folder above): the folder's own .gitignore still applies
    shutil.rmtree(tree / ".git")
    assert "build/out.txt" not in rel(discover([str(tree)]), tree)


def test_gitignore_of_a_parent_folder_in_the_repository(tree):
    # the .gitignore at the repository root applies when a subfolder is checked
    write(tree, "sub/ignored.log.txt", "x")
    assert rel(discover([str(tree / "sub")]), tree) == ["sub/deeper/y.htm", "sub/z.txt"]


def test_files_named_explicitly_are_kept_in_order_and_once(tree):
    files = [str(tree / "data.csv"), str(tree / "b.txt"), str(tree / "build" / "out.txt"), str(tree / "b.txt")]
    assert rel(discover(files), tree) == ["data.csv", "b.txt", "build/out.txt"]
    assert rel(discover(files, ["*.csv"]), tree) == ["b.txt", "build/out.txt"]
    # a missing file is passed on: the engine reports it as that file's error
    assert discover([str(tree / "missing.txt")]) == [str(tree / "missing.txt")]


def test_default_jobs_is_the_cpu_count():
    assert default_jobs() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert default_jobs() == len(os.sched_getaffinity(0))


# -- workers: crash, hang, memory ----------------------------------------------------------------
@pytest.fixture
def reports(tmp_path):
    """Six good reports and four bad ones, interleaved."""
    names = ["r1.txt", "crash.txt", "r2.txt", "hang.txt", "r3.txt", "hog.txt", "r4.txt", "raise.txt",
             "r5.txt", "r6.txt"]
    for i, name in enumerate(names):
        write(tmp_path, name, report(f"样例{i}局", 2023))
    return [str(tmp_path / n) for n in names]


@pytest.mark.parametrize("jobs", [1, 2])
def test_bad_files_become_their_own_errors_and_the_run_goes_on(reports, jobs):
    started = time.monotonic()
    out = run_batch(reports, LintOptions(), BatchOptions(jobs=jobs, timeout=3, max_memory=1536), lint=misbehaving_lint)
    assert time.monotonic() - started < 30
    assert [r.path for r in out.results] == reports
    errors = {os.path.basename(r.path): r.error.code for r in out.results if r.error}
    assert errors == {"crash.txt": "worker-crashed", "hang.txt": "timeout", "hog.txt": "memory-limit",
                      "raise.txt": "internal"}
    by_name = {os.path.basename(r.path): r for r in out.results}
    assert "SIGSEGV" in by_name["crash.txt"].error.message
    assert "--timeout" in by_name["hang.txt"].error.message
    assert "1536 MB" in by_name["hog.txt"].error.message
    good = [r for r in out.results if r.error is None]
    assert len(good) == 6 and all(r.document is not None and r.document.year == 2023 for r in good)


def test_no_timeout_when_disabled_but_crash_still_contained(tmp_path):
    a = write(tmp_path, "a.txt", report(year=2023))
    crash = write(tmp_path, "crash.txt", report(year=2023))
    out = run_batch([str(crash), str(a)], LintOptions(), BatchOptions(jobs=1, timeout=0, max_memory=1536),
                    lint=misbehaving_lint)
    assert [r.error.code if r.error else None for r in out.results] == ["worker-crashed", None]


def test_unreadable_files_keep_their_input_error(tmp_path):
    empty = write(tmp_path, "empty.txt", "")
    out = run_batch([str(empty), str(tmp_path / "missing.txt")], LintOptions(), BatchOptions(jobs=2))
    assert [r.error.code for r in out.results] == ["empty", "unreadable"]


# -- stable order ---------------------------------------------------------------------------------
def test_output_order_is_the_input_order_whatever_finishes_first(tmp_path):
    # the first files are the slowest: with 3 workers they finish last
    paths = [str(write(tmp_path, f"f{i:02d}_s{max(0, 12 - 3 * i)}.txt", report(f"样例{i}局", 2023)))
             for i in range(8)]
    out = run_batch(paths, LintOptions(), BatchOptions(jobs=3), lint=slow_lint)
    assert [r.path for r in out.results] == paths


def test_json_output_is_identical_for_any_number_of_jobs(tmp_path):
    folder = tmp_path / "reports"
    for i in range(6):
        write(folder, f"{i}/2022.txt", report(f"样例{i}局", 2022, carried_forward=i, prose="B"))
        write(folder, f"{i}/2023.txt", report(f"样例{i}局", 2023, carried_over=2, normative=(2, 0, 8 + i)))
    write(folder, "broken.pdf", "not a pdf")
    outputs = []
    for jobs in ("1", "2", "4"):
        p = run("check", "--isolated", "--format", "json", "--jobs", jobs, str(folder))
        assert p.returncode == 2, p.stderr  # broken.pdf
        outputs.append(json.loads(p.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    files = [f["path"] for f in outputs[0]["files"]]
    assert files == sorted(files, key=lambda f: f.split("/")) and len(files) == 13
    assert any(x["code"] == "YOY001" for f in outputs[0]["files"] for x in f["findings"])


# -- documents ------------------------------------------------------------------------------------
def test_workers_send_slim_documents_unless_asked(tmp_path):
    path = str(write(tmp_path, "a.txt", report(year=2023)))
    # one file runs in this process unless `isolate` asks for a worker
    slim = run_batch([path], LintOptions(), BatchOptions(jobs=1, isolate=True)).results[0].document
    assert slim.raw.lines == [] and slim.year == 2023 and slim.agency == "样例县统计局"
    assert slim.tables == {} and slim.sections == []
    full = run_batch([path], LintOptions(), BatchOptions(jobs=1, keep_documents=True, isolate=True)).results[0].document
    assert full.raw.lines and full.text.startswith("样例县统计局")
    inproc = run_batch([path], LintOptions(), BatchOptions(jobs=1, timeout=0, max_memory=0))
    assert inproc.jobs == 0 and inproc.results[0].document.raw.lines
    single = run_batch([path], LintOptions(), BatchOptions())
    assert single.jobs == 0 and single.results[0].error is None


@pytest.mark.parametrize("fmt", ["html", "sarif", "github", "text"])
def test_every_format_works_with_workers(tmp_path, fmt):
    for i in range(3):
        write(tmp_path, f"d/{i}.txt", report(f"样例{i}局", 2023))
    p = run("check", "--isolated", "--format", fmt, "--jobs", "2", str(tmp_path / "d"))
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    assert p.stdout or fmt == "github"  # annotations only for findings


def test_no_report_files_is_an_input_error(tmp_path):
    write(tmp_path, "notes.csv", "x")
    p = run("check", str(tmp_path))
    assert p.returncode == 2 and "no report files found" in p.stderr and "Traceback" not in p.stderr


def test_worker_memory_is_recorded(tmp_path):
    paths = [str(write(tmp_path, f"{i}.txt", report(f"样例{i}局", 2023))) for i in range(4)]
    out = run_batch(paths, LintOptions(), BatchOptions(jobs=2))
    assert out.jobs == 2
    assert sum(len(v) for v in out.worker_memory.values()) == 4
    assert all(kb > 0 for v in out.worker_memory.values() for kb in v)


# -- progress bar ---------------------------------------------------------------------------------
def test_progress_bar_only_on_request_or_terminal(tmp_path):
    paths = [str(write(tmp_path, f"{i}.txt", report(f"样例{i}局", 2023))) for i in range(7)]
    stream = io.StringIO()  # not a terminal: nothing
    run_batch(paths, LintOptions(), BatchOptions(jobs=2), progress_stream=stream)
    assert stream.getvalue() == ""
    stream = io.StringIO()
    run_batch(paths, LintOptions(), BatchOptions(jobs=2, progress=True), progress_stream=stream)
    text = stream.getvalue()
    assert "7/7" in strip_ansi(text) and text.endswith("\x1b[2K")  # the bar is erased at the end


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def test_progress_line_fits_the_terminal_with_cjk_names(monkeypatch):
    """A long Chinese file name is cut by display width (two columns a character), never wrapped."""
    from rich.cells import cell_len

    from xxgk_lint.run.batch import _Progress

    monkeypatch.setenv("COLUMNS", "60")
    stream = io.StringIO()
    bar = _Progress(12, stream)
    bar.update(5, "/reports/" + "样例市某某区人民政府办公室" * 4 + ".pdf", force=True)
    bar.close()
    lines = [part for part in re.split(r"[\r\n]", strip_ansi(stream.getvalue())) if part.strip()]
    assert any("5/12" in line and "样例市" in line and line.rstrip().endswith("…") for line in lines)
    assert all(cell_len(line) <= 60 for line in lines)


def test_no_progress_on_a_pipe(tmp_path):
    for i in range(8):
        write(tmp_path, f"d/{i}.txt", report(f"样例{i}局", 2023))
    p = run("check", "--isolated", "--format", "json", str(tmp_path / "d"))
    assert p.stderr == "" and json.loads(p.stdout)["summary"]["files"] == 8


_IN_PROCESS = """
import json, sys
sys.path.insert(0, sys.argv[1])
from batch_support import misbehaving_lint, report, write
from pathlib import Path
from xxgk_lint.run.batch import BatchOptions, run_batch
from xxgk_lint.run.engine import LintOptions
tmp, name = Path(sys.argv[2]), sys.argv[3]
out = run_batch([str(write(tmp, name, report(year=2023)))], LintOptions(),
                BatchOptions(timeout=1, max_memory=1536), lint=misbehaving_lint)
after = run_batch([str(write(tmp, "ok.txt", report(year=2023)))], LintOptions(), BatchOptions(timeout=1, max_memory=1536))
print(json.dumps([out.jobs, out.results[0].error and out.results[0].error.code, after.results[0].error is None]))
"""


@pytest.mark.parametrize("name, code", [("hang.txt", "timeout"), ("hog.txt", "memory-limit")])
def test_single_file_in_process_keeps_its_limits(tmp_path, name, code):
    # in a fresh interpreter: the address-space limit is only lowered on a process that uses less
    # than it, which a test process that has loaded the OCR engine may not
    p = subprocess.run([sys.executable, "-c", _IN_PROCESS, str(Path(__file__).parent), str(tmp_path), name],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    jobs, error, after_ok = json.loads(p.stdout.strip().splitlines()[-1])
    assert jobs == 0  # no worker forked
    assert error == code
    assert after_ok  # the limits were lifted again


@pytest.mark.parametrize("isolate", [False, True], ids=["in-process", "worker"])
def test_timeout_restarts_on_each_ocr_page_but_still_stops_a_hang(tmp_path, isolate):
    # a long scan moves on page by page (2.5 s in all, over a limit of 1 s): checked; a file that
    # hangs after its first page is still stopped
    from batch_support import paged_lint

    scan = str(write(tmp_path, "scan.txt", report(year=2023)))
    stall = str(write(tmp_path, "stall.txt", report(year=2023)))
    options = BatchOptions(jobs=1, timeout=1, max_memory=1536, isolate=isolate)
    started = time.monotonic()
    moving = run_batch([scan], LintOptions(), options, lint=paged_lint)
    assert moving.jobs == (1 if isolate else 0)
    assert moving.results[0].error is None and time.monotonic() - started > 2.4
    hung = run_batch([stall], LintOptions(), options, lint=paged_lint)
    assert hung.results[0].error is not None and hung.results[0].error.code == "timeout"
    again = run_batch([scan], LintOptions(), BatchOptions(jobs=1, timeout=1, max_memory=1536, isolate=isolate))
    assert again.results[0].error is None  # no listener left behind


def test_workers_share_the_cores_for_ocr(tmp_path, monkeypatch):
    """With --jobs 2 each worker's OCR engine gets its share of the cores, not all of them (two
    onnxruntime pools of every core would fight over them); the parent's setting is restored."""
    from batch_support import thread_share_lint

    monkeypatch.delenv("XXGK_LINT_OCR_THREADS", raising=False)
    paths = [str(write(tmp_path, f"d/{i}.txt", report(f"样例{i}局", 2023))) for i in range(4)]
    out = run_batch(paths, LintOptions(), BatchOptions(jobs=2), lint=thread_share_lint)
    share = max(1, (os.cpu_count() or 1) // 2)
    assert [r.seconds for r in out.results] == [float(share)] * 4
    assert "XXGK_LINT_OCR_THREADS" not in os.environ


def test_the_engine_is_built_with_the_thread_share(monkeypatch):
    import sys
    import types

    from xxgk_lint.readers.ocr import engine

    built = {}
    fake = types.ModuleType("rapidocr_onnxruntime")
    fake.RapidOCR = lambda **kw: built.update(kw) or object()
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", fake)
    monkeypatch.setattr(engine, "_engine", None)
    monkeypatch.setenv("XXGK_LINT_OCR_THREADS", "3")
    engine.engine()
    assert built["intra_op_num_threads"] == 3
    monkeypatch.setattr(engine, "_engine", None)
    monkeypatch.delenv("XXGK_LINT_OCR_THREADS")
    engine.engine()
    assert built["intra_op_num_threads"] == -1  # alone: every core


def test_input_errors_cross_process_boundaries_whole():
    """Workers and Dask pickle results: an InputError keeps its code, message and install hint."""
    import pickle

    from xxgk_lint.errors import InputError

    error = pickle.loads(pickle.dumps(InputError("pdf-no-text", "PDF has no text layer", install="pip install x")))
    assert (error.code, error.message, error.install) == ("pdf-no-text", "PDF has no text layer", "pip install x")
    assert "pip install x" in error.clerk_message
