"""OCR speed: seconds per page of our whole read of a scanned PDF against RapidOCR's own time on
the same page images, measured in the same run (the issue's yardstick).

For each page of the scanned fixture (tests/fixtures/ocr/scanned_2023.pdf, or the PDFs given):

- engine: the page rendered as our reader renders it (same dpi), then RapidOCR's plain call on
  that image with its default settings (detection + angle classifier + recognition): what a user
  of the engine alone pays;
- read: `xxgk_lint.readers.read_path` on the whole PDF (render, OCR, deskew, grid, second reading
  of unsure cells, lines into the document model), per page.

It prints seconds per page and the ratio read/engine. The goal: <= 1.3x (our reconstruction costs
little). Warm: the engine is loaded and one page read before timing. On a machine shared with
other jobs the absolute times move; the ratio, measured in the same run, is what counts.

    python benchmarks/bench_ocr.py [--runs 1] [PDF ...]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "tests" / "fixtures" / "ocr" / "scanned_2023.pdf"


def page_images(path: Path, dpi: int) -> list:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()


def engine_alone(images: list) -> float:
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    engine = _plain_engine(RapidOCR)
    start = time.perf_counter()
    for image in images:
        engine(np.asarray(image))
    return time.perf_counter() - start


_PLAIN = None


def _plain_engine(cls):
    global _PLAIN
    if _PLAIN is None:
        _PLAIN = cls()
    return _PLAIN


def our_read(path: Path) -> float:
    from xxgk_lint.readers import read_path

    start = time.perf_counter()
    read_path(str(path), {"ocr": "auto"})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        print("the OCR extra is not installed: pip install 'xxgk-lint[ocr]'")
        return 2
    from xxgk_lint.readers.pdf.scan import DPI

    print(f"{'file':32} {'pages':>5} {'engine s/page':>14} {'read s/page':>12} {'ratio':>6}")
    ratios = []
    for path in args.pdfs:
        images = page_images(path, DPI)
        engine_alone(images[:1])  # warm both: models loaded, first-call costs paid
        our_read(path)
        engine_t, read_t = [], []
        for _ in range(args.runs):  # alternate, so both see the same load on a shared machine
            engine_t.append(engine_alone(images))
            read_t.append(our_read(path))
        e, r = statistics.median(engine_t) / len(images), statistics.median(read_t) / len(images)
        ratios.append(r / e)
        print(f"{path.name[:32]:32} {len(images):5d} {e:14.2f} {r:12.2f} {r / e:6.2f}")
    print(f"ratio read/engine: {statistics.median(ratios):.2f}x (goal <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
