"""PDF reading speed against pdfplumber's own extraction (the issue's yardstick).

For each synthetic report (3, 10 and 50 pages, from ../shared/samples) it times, in-process and
warm (imports and first-open costs excluded), the median of a few runs of:

- baseline: pdfplumber `extract_text()` + `extract_tables()` over every page;
- read: `xxgk_lint.readers.read_path` (this project's PDF reader);
- lint: `xxgk_lint.run.engine.lint_file`, the whole lint, when the engine exists.

and prints milliseconds and the ratio to the baseline. The goal: whole lint <= 0.5x baseline.

Then the per-page cost of our reader against PDFium's own floor, measured in the same run
(issue 13): the floor is what no PDFium-based reader can avoid (open the file, load every page
and its text page, get the page's text in one call); the reader's ratio to it says how much
our own work costs. The pages are r50_word.pdf (Word via LibreOffice) and a synthetic report
drawn here with reportlab in an embedded CJK font (WenQuanYi Micro Hei; text and a ruled table
on every page), written to a temporary folder. With `--against REV` the reader of that git
revision (its linter/ extracted into a temporary package) is timed too, interleaved with ours,
so the speed-up is a ratio measured on the same machine at the same time.

    python benchmarks/bench_pdf.py [--runs 5] [--samples DIR] [--pages 40] [--against REV]
"""
from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
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


WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
SENTENCES = ("本机关2023年共主动公开政府信息{n}条，其中规范性文件{m}件。",
             "全年共收到政府信息公开申请{n}件，办结{m}件，结转下年度继续办理{k}件。",
             "因政府信息公开被申请行政复议{k}件、提起行政诉讼{m}件，均已按期办结。",
             "Times New Roman 数字 {n}.{k}% 与中文混排，统计期限自2023年1月1日起至12月31日止。")


def floor(path: str) -> None:
    """PDFium's own cost of a text PDF: open, each page and its text page, the text in one call."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        pdf.close()


def synthetic_pdf(folder: str, pages: int) -> "str | None":
    """A report-like PDF of `pages` pages (prose and a 6×8 ruled table of numbers on each page)
    in an embedded CJK font, or None when reportlab or the font is missing."""
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    if not os.path.exists(WQY):
        return None
    pdfmetrics.registerFont(TTFont("WQYMicroHei", WQY, subfontIndex=0))
    path = os.path.join(folder, f"synthetic_{pages}.pdf")
    c = canvas.Canvas(path, pagesize=A4)
    for p in range(pages):
        y = 790
        c.setFont("WQYMicroHei", 16)
        c.drawString(70, y, f"（{p + 1}）某某局2023年政府信息公开工作年度报告")
        c.setFont("WQYMicroHei", 12)
        for i in range(22):
            y -= 20
            c.drawString(70, y, SENTENCES[i % 4].format(n=p * 31 + i, m=i * 7 + 3, k=(p + i) % 9))
        top, row_h, xs = y - 30, 22, [70 + 65 * k for k in range(8)]
        for r in range(7):
            c.line(xs[0], top - r * row_h, xs[-1], top - r * row_h)
        for x in xs:
            c.line(x, top, x, top - 6 * row_h)
        for r in range(6):
            for k in range(7):
                text = "申请人情况" if r == 0 else str((p + 1) * (r + 1) * (k + 2))
                c.drawString(xs[k] + 4, top - r * row_h - 16, text if k or r == 0 else f"{r}.项目")
        c.drawCentredString(297, 40, f"- {p + 1} -")
        c.showPage()
    c.save()
    return path


def previous_reader(rev: str, folder: str):
    """`read_path` of the reader at git revision `rev`: its linter/ package extracted from git into
    `folder` as the package `xxgk_lint_prev` (the readers import their own package relatively)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "linter"], check=True,
                             capture_output=True).stdout
    target = Path(folder) / "prev"
    target.mkdir()
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(target)
    (target / "linter").rename(target / "xxgk_lint_prev")
    sys.path.insert(0, str(target))
    return importlib.import_module("xxgk_lint_prev.readers").read_path


def per_page(paths: list, runs: int, prev) -> None:
    """ms/page of PDFium's floor, our reader and (with --against) the previous reader, as ratios:
    each run times all of them one after the other, in CPU time of this process (the reader is
    single-threaded), and the best run of each counts: on a shared machine wall time and the
    median move with the neighbours' load, the best CPU time much less."""
    from xxgk_lint.readers import read_path

    options = {"ocr": "off"}
    ours = lambda p: read_path(p, options)  # noqa: E731
    theirs = (lambda p: prev(p, options)) if prev else None  # noqa: E731
    print()
    print(f"per page (CPU ms/page, best of {runs} interleaved runs)")
    print(f"{'file':<18}{'pages':>6}{'floor':>8}{'read':>8}{'read/floor':>12}"
          + (f"{'prev':>8}{'prev/floor':>12}{'read/prev':>11}" if prev else ""))
    for path in paths:
        pages = read_path(path, options).meta.get("pages")
        fns = [floor, ours] + ([theirs] if theirs else [])
        times: list = [[] for _ in fns]
        for fn in fns:
            fn(path)  # warm-up
        for _ in range(runs):
            for k, fn in enumerate(fns):
                start = time.process_time()
                fn(path)
                times[k].append(time.process_time() - start)
        ms = [min(t) * 1000 / pages for t in times]  # the run least disturbed by other load
        row = f"{Path(path).name:<18}{pages:>6}{ms[0]:>8.2f}{ms[1]:>8.2f}{ms[1] / ms[0]:>12.1f}"
        if theirs:
            row += f"{ms[2]:>8.2f}{ms[2] / ms[0]:>12.1f}{ms[1] / ms[2]:>11.2f}"
        print(row)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--pages", type=int, default=40, help="pages of the synthetic report")
    parser.add_argument("--against", metavar="REV", help="also time the reader of this git revision")
    parser.add_argument("--per-page-only", action="store_true", help="skip the pdfplumber comparison")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if not args.per_page_only:
            versus_pdfplumber(args)
        prev = previous_reader(args.against, folder) if args.against else None
        paths = [str(args.samples / "r50_word.pdf")] if (args.samples / "r50_word.pdf").exists() else []
        synthetic = synthetic_pdf(folder, args.pages)
        if synthetic:
            paths.append(synthetic)
        else:
            print(f"(synthetic report not drawn: needs reportlab and {WQY})")
        per_page(paths, args.runs, prev)
    return 0


def versus_pdfplumber(args) -> None:
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


if __name__ == "__main__":
    sys.exit(main())
