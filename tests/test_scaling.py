"""Time grows linearly with the input: doubling a hostile input roughly doubles the time.

Ratios, not absolute times (the machine may be shared): each size is timed twice and the faster
run kept; a quadratic step gives a ratio near 4, linear work near 2, so 3 leaves room for noise.
"""
from __future__ import annotations

import time

from conftest import FIXTURES
from xxgk_lint.run.engine import lint_file

MAX_RATIO = 3.0


def _best_time(path) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        result = lint_file(str(path))
        best = min(best, time.perf_counter() - started)
        assert result.error is None, result.error.message
    return best


def _ratio(tmp_path, name: str, make) -> float:
    small, large = tmp_path / f"small_{name}", tmp_path / f"large_{name}"
    small.write_text(make(1), encoding="utf-8")
    large.write_text(make(2), encoding="utf-8")
    _best_time(small)  # warm up: grammar, rule packs, imports
    return _best_time(large) / _best_time(small)


def test_markdown_line_of_unclosed_emphasis_links_and_comments_is_linear(tmp_path):
    # every opener lacks its closer: a regex that scans to the line's end from each is quadratic
    unit = "__a **b ~~c [d <!-- e ![f [[g]( "
    ratio = _ratio(tmp_path, "line.md", lambda k: "# 2023年度报告\n\n" + unit * (1500 * k) + "\n")
    assert ratio < MAX_RATIO, f"doubling the line multiplied the time by {ratio:.1f}"


def test_one_line_web_page_text_is_linear(tmp_path):
    # a report saved from a web page: one line, a long first section full of numbers (claims whose
    # paragraph is looked up), the headings and tables of the template after it
    lines = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8").split("\n")
    second = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    filler = "全年共收到政府信息公开申请46件，上年结转6件，办结48件，结转下年度继续办理4件。本单位持续推进政务公开标准化建设。"

    def make(k: int) -> str:
        return " ".join(lines[:second] + [filler * (1200 * k)] + lines[second:])

    ratio = _ratio(tmp_path, "web.txt", make)
    assert ratio < MAX_RATIO, f"doubling the text multiplied the time by {ratio:.1f}"
