"""Fuzz campaign (on demand, bounded): mutated copies of our fixtures through the whole lint.

For each reader (txt, md, html, docx, pdf) it writes `--count` mutants of the repository's own
fixtures (seeded, so a run can be repeated): bytes flipped, inserted, deleted, chunks duplicated
or truncated, and for DOCX also mutations of the XML inside a still valid zip (attributes given
junk values, elements cut), so the parser gets past the archive. All mutants go through
`run_batch` (worker processes, the per-file timeout and memory limit of the CLI) and it prints,
per reader: inputs, escapes (our own exception surfacing: an `internal`/`reader-internal` error,
or a reader's catch-all naming a Python error no damaged file explains, "DOCX file could not be
read (TypeError)", or a rule that crashed on the file), hangs (timeouts),
worker crashes, unreadable (proper one-line errors, by code), the worst time and the largest
worker peak RSS. The goal: 0 escapes, 0 hangs, 0 crashes. Failing inputs are kept in
`--keep DIR` when given.

usage: python benchmarks/fuzz_readers.py [--count 2000] [--seed 13] [--readers txt,md,html,docx,pdf]
                                         [--timeout 20] [--keep DIR]
"""
from __future__ import annotations

import argparse
import collections
import io
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "tests"))

from xxgk_lint.run.batch import BatchOptions, run_batch  # noqa: E402
from xxgk_lint.run.engine import LintOptions  # noqa: E402

OWN_ERRORS = {"internal", "reader-internal"}
# a reader's catch-all ("DOCX file could not be read (TypeError)") naming a Python error that a
# damaged file does not explain: probably our own bug reported as a corrupt file
_SUSPECT = re.compile(r"could not be read \((TypeError|AttributeError|IndexError|KeyError|NameError|"
                      r"UnboundLocalError|ZeroDivisionError|AssertionError|OverflowError|RecursionError)")
SEEDS = {
    "txt": lambda: sorted(FIXTURES.glob("*.txt")),
    "md": lambda: sorted(FIXTURES.rglob("*.md")) or sorted(FIXTURES.glob("*.txt")),
    "html": lambda: sorted(FIXTURES.rglob("*.html")),
    "docx": lambda: sorted(FIXTURES.rglob("*.docx")),
    "pdf": lambda: sorted(p for p in FIXTURES.rglob("*.pdf") if p.name not in ("encrypted.pdf",)),
}
_JUNK = [b"x", b"-1", b"0", b"65536", b"99999999999", b"FFFFFFFF", b"", b"NaN", b"1e308", b" 3 "]
_ATTRIBUTE = re.compile(rb'\s(?:w|wp|a|r):[A-Za-z]+="([^"]*)"')  # WordprocessingML values, not namespaces
_STRUCTURE = ["\t", "|", "<td>", "</table>", "一、", "（七）总计", "\n\n", "**", "__", "[", "<!--", "　", "2023年",
              "二、主动公开政府信息情况", "\u200b", "\ufeff", "𠀀"]


def mutate_text(data: bytes, rng: random.Random) -> bytes:
    """Character-level mutations of a text report (decoding keeps working, so the parser and the
    rules are what gets exercised); one in ten gets byte-level damage instead."""
    if rng.random() < 0.1:
        return mutate_bytes(data, rng)
    text = list(data.decode("utf-8", errors="replace"))
    for _ in range(rng.randint(1, 12)):
        if not text:
            text = list("一、总体情况")
        i = rng.randrange(len(text))
        kind = rng.randrange(5)
        if kind == 0:
            text[i] = chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x4E00, 0x9FA5), rng.randrange(0x3000, 0x3040)]))
        elif kind == 1:
            text[i:i] = list(rng.choice(_STRUCTURE) * rng.randint(1, 50))
        elif kind == 2:
            del text[i:i + rng.randint(1, 200)]
        elif kind == 3:
            j = min(len(text), i + rng.randint(1, 2000))
            text[i:i] = text[i:j] * rng.randint(1, 10)
        else:
            text[i] = rng.choice("0123456789")
    out = "".join(text)
    return out.encode("gb18030" if rng.random() < 0.1 else "utf-8", errors="replace")


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            out += rng.randbytes(16)
        kind = rng.randrange(6)
        i = rng.randrange(len(out))
        if kind == 0:  # flip bits
            out[i] ^= 1 << rng.randrange(8)
        elif kind == 1:  # insert random bytes
            out[i:i] = rng.randbytes(rng.randint(1, 64))
        elif kind == 2:  # delete a run
            del out[i:i + rng.randint(1, 256)]
        elif kind == 3:  # duplicate a chunk (long lines, repeated tables)
            j = min(len(out), i + rng.randint(1, 2048))
            out[i:i] = out[i:j] * rng.randint(1, 20)
        elif kind == 4:  # truncate
            del out[rng.randint(len(out) // 2, len(out)):]
        else:  # a structural character in the middle (tabs, pipes, angle brackets, numerals)
            out[i:i] = rng.choice([b"\t", b"|", b"<td>", b"</table>", "一、".encode(), "（七）总计".encode(), b"\n\n", b"**"])
    return bytes(out)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Half the time: junk attribute values or cut elements inside word/document.xml of a valid zip."""
    if rng.random() < 0.5:
        return mutate_bytes(data, rng)
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.endswith(".xml") and rng.random() < 0.6:
                for _ in range(rng.randint(1, 6)):
                    values = [m.span(1) for m in _ATTRIBUTE.finditer(blob)]
                    if values:
                        a, b = rng.choice(values)
                        blob = blob[:a] + rng.choice(_JUNK) + blob[b:]
                if rng.random() < 0.1:
                    blob = mutate_bytes(blob, rng)
            out.writestr(info.filename, blob)
    return buf.getvalue()


def build(reader: str, folder: Path, count: int, rng: random.Random) -> int:
    seeds = [p.read_bytes() for p in SEEDS[reader]()]
    if not seeds:
        return 0
    folder.mkdir(parents=True)
    ext = {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx", "pdf": ".pdf"}[reader]
    for n in range(count):
        data = rng.choice(seeds)
        if reader == "docx":
            data = mutate_docx(data, rng)
        elif reader == "pdf":
            data = mutate_bytes(data, rng)
        else:
            data = mutate_text(data, rng)
        (folder / f"m{n:05d}{ext}").write_bytes(data)
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--readers", default="txt,md,html,docx,pdf")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print(f"seed {args.seed}, {args.count} mutants per reader, timeout {args.timeout:g} s per file")
    total_escapes = 0
    with tempfile.TemporaryDirectory(prefix="xxgk-fuzz-") as tmp:
        for reader in args.readers.split(","):
            folder = Path(tmp) / reader
            n = build(reader, folder, args.count, rng)
            if not n:
                print(f"{reader:5}: no seed fixture")
                continue
            files = sorted(str(p) for p in folder.iterdir())
            started = time.perf_counter()
            run = run_batch(files, LintOptions(), BatchOptions(timeout=args.timeout, max_memory=1536, progress=False,
                                                               cross_year=False, isolate=True))
            wall = time.perf_counter() - started
            codes = collections.Counter(r.error.code for r in run.results if r.error)
            escapes = [r for r in run.results if (r.error and (r.error.code in OWN_ERRORS
                                                                  or _SUSPECT.search(r.error.message)))
                       or any(f.args.get("internal_error") for f in r.findings)]
            worst = max(run.results, key=lambda r: r.seconds)
            rss = max((max(s) for s in run.worker_memory.values() if s), default=0)
            total_escapes += len(escapes)
            print(f"{reader:5}: {n} inputs in {wall:.0f} s; escapes {len(escapes)}, hangs {codes.get('timeout', 0)}, "
                  f"crashes {codes.get('worker-crashed', 0)}, memory-limit {codes.get('memory-limit', 0)}; "
                  f"worst time {worst.seconds:.2f} s ({Path(worst.path).name}); worker peak RSS {rss / 1024:.0f} MB; "
                  f"unreadable by code: {dict(sorted(codes.items()))}")
            for r in escapes[:5]:
                message = r.error.message if r.error else next(f.message for f in r.findings if f.args.get("internal_error"))
                print(f"       escape {Path(r.path).name}: {message[:160]}")
            bad = escapes + [r for r in run.results if r.error and r.error.code in ("timeout", "worker-crashed")]
            if args.keep and bad:
                args.keep.mkdir(parents=True, exist_ok=True)
                for r in bad:
                    shutil.copy(r.path, args.keep / f"{reader}_{Path(r.path).name}")
    print(f"total escapes: {total_escapes}")


if __name__ == "__main__":
    main()
