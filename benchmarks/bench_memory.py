"""Benchmark: peak memory of `xxgk-lint check` in the streamed formats (jsonl, csv, summary, text)
for 300 and 3 000 text reports (issue 13: within 1.3× for 10× the files), and for comparison
`--format json` (which needs every result at once and grows with the folder).

Each run is a fresh `xxgk-lint` process; its peak RSS is the largest of the process tree
(parent and workers, RUSAGE_CHILDREN of a small wrapper), so `--jobs 1 --timeout 0 --max-memory 0`
(in-process) measures the parent alone and the default measures parent and workers.

By default the folder holds copies of one report with a wrong total (two findings each; nothing to
pair); `--pairs` makes them 10
agencies over 3 years, so that most reports are compared with last year's: their cross-year
findings can only be written once every file is done, so they are held until the end (that
memory grows with the number of pairs found, by design).

usage: python benchmarks/bench_memory.py [--small 300] [--large 3000] [--pairs] [--formats jsonl,csv,summary,text]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from batch_support import report  # noqa: E402

WRONG_TOTAL = ("一、本年新收政府信息公开申请数量 10 0 0 0 0 0 10", "一、本年新收政府信息公开申请数量 10 0 0 0 0 0 11")

_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_kb(folder: Path, *args) -> int:
    cmd = [sys.executable, "-m", "xxgk_lint.cli", "check", *args, str(folder)]
    return int(subprocess.run([sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True).stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=300)
    ap.add_argument("--large", type=int, default=3000)
    ap.add_argument("--pairs", action="store_true")
    ap.add_argument("--formats", default="jsonl,csv,summary,text", help="streamed formats to measure (comma-separated)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="xxgk-mem-") as tmp:
        folders = {}
        for n in (args.small, args.large):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            for i in range(n):
                text = report(f"样例{i % 10:02d}县统计局", 2021 + (i // 10) % 3) if args.pairs else report()
                # a wrong total in 表三: every report has findings to write (text lines, csv columns)
                text = text.replace(WRONG_TOTAL[0], WRONG_TOTAL[1])
                (folder / f"r{i:05d}.txt").write_text(text, encoding="utf-8")
            folders[n] = folder
        in_process = ("-j", "1", "--timeout", "0", "--max-memory", "0")
        runs = [(f"{fmt}, in-process", ("--format", fmt, *in_process), True) for fmt in args.formats.split(",")]
        runs += [("jsonl, workers", ("--format", "jsonl"), True), ("json, in-process", ("--format", "json", *in_process), False)]
        for label, extra, streamed in runs:
            small, large = (peak_kb(folders[n], *extra) for n in (args.small, args.large))
            goal = " (goal ≤ 1.3)" if streamed else " (not streamed: grows)"
            print(f"{label:20}: {args.small} files {small / 1024:6.1f} MB, {args.large} files {large / 1024:6.1f} MB: "
                  f"ratio {large / small:.2f}{goal}", flush=True)


if __name__ == "__main__":
    main()
