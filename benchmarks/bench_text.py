"""Benchmark: lint text-like reports in-process, one core.

Prints reports/second for the whole lint (read + parse + all rules) over the text, Markdown and
HTML reports of ../shared/corpus plus the repository's fixtures, and the cost of sectioning with
the lark grammar against the baseline of a plain regex scan for the six headings, measured in the
same run. Goal (issue 2): ≥ 200 text reports per second per core.

usage: python benchmarks/bench_text.py [--rounds N]
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from xxgk_lint.run.engine import LintOptions, lint_file
from xxgk_lint.document.sectioner import find_headings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
HEADING_SCAN = re.compile(r"[一二三四五六][、.．]\s*(总体情况|主动公开政府信息|收到和处理|.{0,12}行政复议|.{0,10}问题|其[他它].{0,6}事项)")


def files() -> list:
    out = sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".md", ".html")) if CORPUS.exists() else []
    out += sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    out += sorted((ROOT / "examples").glob("*.txt"))
    return out


def timed(fn, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    a = ap.parse_args()
    paths = files()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    options = LintOptions()
    for p in paths:  # warm up: grammar, packs, imports
        lint_file(str(p), options)
    lint = timed(lambda: [lint_file(str(p), options) for p in paths], a.rounds)
    plain = [p for p in paths if p.suffix == ".txt"]
    lint_txt = timed(lambda: [lint_file(str(p), options) for p in plain], a.rounds)
    lark_time = timed(lambda: [find_headings(t) for t in texts], a.rounds)
    regex_time = timed(lambda: [HEADING_SCAN.findall(t) for t in texts], a.rounds)
    n = len(paths)
    print(f"{n} text-like reports, median of {a.rounds} rounds")
    print(f"whole lint, .txt only ({len(plain)}): {lint_txt * 1000 / len(plain):7.2f} ms/report  "
          f"{len(plain) / lint_txt:8.1f} reports/s  (goal >= 200/s)")
    print(f"whole lint, all formats:   {lint * 1000 / n:7.2f} ms/report  {n / lint:8.1f} reports/s")
    print(f"lark sectioning: {lark_time * 1000 / n:7.3f} ms/report")
    print(f"regex scan:      {regex_time * 1000 / n:7.3f} ms/report (baseline)")
    print(f"sectioning / regex baseline: {lark_time / regex_time:6.1f}x")


if __name__ == "__main__":
    main()
