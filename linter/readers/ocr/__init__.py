"""OCR for pages and pictures without a text layer: scanned PDFs, 表三 pasted into Word or a web
page as a picture.

Why here and how: a scanned report is still a report; refusing it ("OCR it first") leaves a good
share of a reviewer's folder unchecked. The engine is RapidOCR on onnxruntime
(`pip install 'xxgk-lint[ocr]'`), whose wheel ships the PP-OCR Chinese models, so nothing is
downloaded at run time. It is imported lazily: a run that meets no image never loads it.

The steps, one module each:

- `engine.py`: the one engine instance per process, a page image into recognised boxes, and a
  single crop re-read (a table cell the detector missed);
- `layout.py`: boxes into reading-order lines: the skew measured from the boxes and undone, the
  table grid found from the ruling lines (OpenCV, shipped with the engine), boxes assigned to its
  cells; without a grid, numbers on a baseline become the cells of a row;
- `emit.py`: those lines into the document model: table rows as TAB-separated cells, each cell
  with its page, box and recognition confidence (`Location.confidence`, `Location.ocr`).

The readers decide where OCR is needed (`mode()`: `--ocr auto|off|force`); the PDF reader per
page, the DOCX and HTML readers per picture.
"""
from __future__ import annotations

MODES = ("auto", "off", "force")


def mode(options: dict) -> str:
    """The OCR mode of a run: `auto` (only where there is no text), `off`, or `force`."""
    value = (options or {}).get("ocr") or "auto"
    if value not in MODES:
        raise ValueError(f"ocr mode must be one of {', '.join(MODES)}, not {value!r}")
    return value


def read_image(image, reread: bool = True) -> list:
    """The OCR'd lines (layout.OcrLine) of one image, in reading order. Loads the engine on first
    use (InputError naming the extra when it is not installed)."""
    from . import engine, layout
    from ...run import heartbeat

    heartbeat.beat()  # a page or picture is read: the file's time limit starts afresh (run/heartbeat.py)
    boxes = engine.recognise(image)
    return layout.lay_out(image, boxes, engine.recognise_crops if reread else None)
