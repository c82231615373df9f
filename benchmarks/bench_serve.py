"""Load test of `xxgk-lint serve` on loopback (issue 11): `--uploads` concurrent uploads of mixed
reports (text, HTML, DOCX, PDF fixtures), bounded in count and time.

The real command is started on a free port (as tests/serve_support.py does), then:
1. baseline: each report uploaded alone, one after the other (the latency of an idle server);
2. load: `--uploads` uploads sent by `--clients` threads at once.
Every answer is compared with the baseline answer for that report (same JSON: none lost, none
mixed up). While the load runs, /healthz is polled (the server must keep answering) and the RSS
of the server and of its worker processes is sampled.

Prints: p50/p95/max latency under load and the ratio of p95 to the idle latency, errors, wrong or
lost answers, /healthz worst latency, peak RSS of the server (and of server + workers) against the
idle server's, and whether any upload remained on disk. Exit 1 when an answer was wrong or lost, an
upload remained, or the time cap was hit.

usage: python benchmarks/bench_serve.py [--uploads 50] [--clients 50] [--workers 2] [--time-cap 300]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from serve_support import check, fixture, request, running_server  # noqa: E402

MIX = ["report_2023_typo.txt", "clean_2023.txt", "html/word_export_2023.html", "docx/report.docx",
       "pdf/typo_stsong.pdf"]


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list:
    """Child processes of every thread of `pid` (workers are forked from the server's threads)."""
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(p) for p in fh.read().split())
        except OSError:
            pass
    return out


def percentile(values: list, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--uploads", type=int, default=50)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--time-cap", type=float, default=300.0, help="seconds for the load phase")
    args = ap.parse_args()
    uploads = min(args.uploads, 500)  # bounded whatever is asked
    reports = [fixture(name) for name in MIX]
    with tempfile.TemporaryDirectory() as tmp, \
            running_server(Path(tmp) / "uploads", "--workers", str(args.workers)) as server:
        pid = server.proc.pid
        idle_rss = rss_kb(pid)
        expected, idle = {}, {}
        for name, data in reports:
            started = time.monotonic()
            status, _, body = check(server, [(name, data)])
            idle[name] = time.monotonic() - started
            assert status == 200, (name, status, body)
            expected[name] = body
        after_warm_rss = rss_kb(pid)

        peak = {"server": 0, "total": 0}
        health = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                server_kb = rss_kb(pid)
                peak["server"] = max(peak["server"], server_kb)
                peak["total"] = max(peak["total"], server_kb + sum(rss_kb(c) for c in children(pid)))
                started = time.monotonic()
                try:
                    ok = request("GET", server.base + "/healthz", timeout=30)[0] == 200
                except OSError:
                    ok = False
                health.append((time.monotonic() - started) if ok else float("inf"))
                time.sleep(0.1)

        latencies, wrong, errors = [], [], []

        def one(i: int):
            name, data = reports[i % len(reports)]
            started = time.monotonic()
            try:
                status, _, body = check(server, [(name, data)], timeout=args.time_cap)
            except Exception as exc:  # noqa: BLE001 - a lost answer is what is measured
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                return
            latencies.append(time.monotonic() - started)
            if status != 200:
                errors.append(f"{name}: HTTP {status}")
            elif body != expected[name]:
                wrong.append(name)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=max(1, min(args.clients, uploads))) as pool:
            futures = [pool.submit(one, i) for i in range(uploads)]
            done, not_done = wait(futures, timeout=args.time_cap)
            for f in not_done:
                f.cancel()
        wall = time.monotonic() - started
        stop.set()
        sampler.join()
        leftovers = [p for p in (Path(tmp) / "uploads").rglob("*")]

    lost = uploads - len(latencies) - len([e for e in errors if "HTTP" not in e])
    idle_mean = sum(idle.values()) / len(idle)
    print(f"uploads {uploads} ({len(MIX)} kinds of report), clients {min(args.clients, uploads)}, "
          f"--workers {args.workers}, cpus {os.cpu_count()}")
    print(f"idle latency per report: " + ", ".join(f"{Path(n).name} {t * 1000:.0f} ms" for n, t in idle.items()))
    if latencies:
        p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
        print(f"under load: wall {wall:.1f} s, {len(latencies) / wall:.2f} uploads/s; latency p50 {p50:.2f} s, "
              f"p95 {p95:.2f} s, max {max(latencies):.2f} s; p95 / idle mean {p95 / idle_mean:.1f}x "
              f"(queueing: {uploads} uploads over {args.workers} workers)")
        one_at_a_time = sum(idle[reports[i % len(reports)][0]] for i in range(uploads))
        print(f"throughput vs the same uploads one at a time on the idle server: {one_at_a_time / wall:.2f}x "
              f"(load average now {os.getloadavg()[0]:.1f})")
    print(f"answers: {len(latencies)} received, {len(wrong)} wrong, {len(errors)} errors, "
          f"{max(0, lost)} lost{' (time cap hit)' if not_done else ''}")
    for e in errors[:5]:
        print("  error:", e)
    finite = [h for h in health if h != float("inf")]
    print(f"/healthz during load: {len(health)} polls, {len(health) - len(finite)} failed, "
          f"worst {max(finite) * 1000 if finite else float('nan'):.0f} ms")
    print(f"server RSS: idle {idle_rss / 1024:.0f} MB, after warm-up {after_warm_rss / 1024:.0f} MB, "
          f"peak {peak['server'] / 1024:.0f} MB ({peak['server'] / max(1, after_warm_rss):.2f}x warm); "
          f"peak with workers {peak['total'] / 1024:.0f} MB")
    print(f"uploads left on disk: {len(leftovers)}")
    return 1 if (wrong or errors or not_done or leftovers or len(health) != len(finite)) else 0


if __name__ == "__main__":
    sys.exit(main())
