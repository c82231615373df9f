"""PDF reading speed against pdfplumber's own extraction (the issue's yardstick).

For each synthetic report (3, 10 and 50 pages, from ../shared/samples) it times, in-process and
warm (imports and first-open costs excluded), the median of a few runs of:

- baseline: pdfplumber `extract_text()` + `extract_tables()` over every page;
- read: `xxgk_lint.readers.read_path` (this project's PDF reader);
- lint: `xxgk_lint.run.engine.lint_file`, the whole lint, when the engine exists.

and prints milliseconds and the ratio to the baseline. The goal: whole lint <= 0.5x baseline.

    python benchmarks/bench_pdf.py [--runs 5] [--samples DIR]
"""
from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_SAMPLES = ROOT.parent / "shared" / "samples"
FILES = ("r03_word.pdf", "r10_word.pdf", "r50_word.pdf")


def baseline(path: str) -> None:
    """What pdfplumber gives for free: the text and tables of every page."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()


def median_ms(fn, path: str, runs: int) -> float:
    fn(path)  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def lint_function():
    """`lint_file(path)` (default options) when xxgk_lint.run.engine exists (it is written in parallel)."""
    try:
        engine = importlib.import_module("xxgk_lint.run.engine")
    except ImportError:
        return None
    fn = getattr(engine, "lint_file", None)
    if fn is None:
        return None

    def lint(path: str):
        result = fn(path)
        if result.error is not None:  # a failed read would time nothing useful
            raise SystemExit(f"{path}: {result.error.code}: {result.error.message}")
        return result

    return lint


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    args = parser.parse_args(argv)
    from xxgk_lint.readers import read_path

    lint = lint_function()
    print(f"{'file':<14}{'pages':>6}{'baseline ms':>13}{'read ms':>10}{'read x':>8}"
          + (f"{'lint ms':>10}{'lint x':>8}" if lint else ""))
    for name in FILES:
        path = str(args.samples / name)
        if not Path(path).exists():
            print(f"{name}: missing (need ../shared/samples)")
            continue
        pages = read_path(path).meta.get("pages")
        base = median_ms(baseline, path, args.runs)
        read = median_ms(read_path, path, args.runs)
        row = f"{name:<14}{pages:>6}{base:>13.1f}{read:>10.1f}{read / base:>8.2f}"
        if lint:
            total = median_ms(lint, path, args.runs)
            row += f"{total:>10.1f}{total / base:>8.2f}"
        print(row)
    if lint is None:
        print("(xxgk_lint.run.engine.lint_file not available yet: whole-lint column omitted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
