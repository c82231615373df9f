"""The OCR engine: RapidOCR (PP-OCR models in ONNX, shipped inside its wheel), one per process.

Why a wrapper: the engine is an optional extra, so importing it is the one place that can fail
with "install xxgk-lint[ocr]"; it is loaded on first use (a text PDF never loads it) and shared by
every page of the process (loading the models costs ~0.2 s, a page ~2-6 s). The wrapper also
fixes the settings the readers depend on: no angle classifier (pages are upright once deskewed:
the classifier only costs time and flips single digits), and a low score threshold so that a
faint `0` is kept with its low confidence instead of silently dropped (the confidence decides
later whether a relation can be judged).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from ...errors import InputError

INSTALL_HINT = "pip install 'xxgk-lint[ocr]'"
MIN_SCORE = 0.3  # boxes read below this are dropped by the engine; the cell is then re-read alone

_engine = None
_lock = threading.Lock()


@dataclass
class Box:
    """One recognised text box: its quadrilateral in image pixels, the text and its confidence."""

    quad: list  # four (x, y) points: top-left, top-right, bottom-right, bottom-left
    text: str
    confidence: float

    @property
    def bbox(self) -> tuple:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return (min(xs), min(ys), max(xs), max(ys))


def missing_engine_error(what: str) -> InputError:
    return InputError("ocr-unavailable", f"{what}: OCR is needed to read it; install the OCR extra "
                                         f"({INSTALL_HINT}) or check the Word/WPS original")


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


THREADS_ENV = "XXGK_LINT_OCR_THREADS"


def threads() -> int:
    """onnxruntime's threads per engine: what the batch leaves each worker (it sets THREADS_ENV
    before starting them, so that N workers do not each take every core), else -1 (all cores)."""
    try:
        return max(1, int(os.environ[THREADS_ENV]))
    except (KeyError, ValueError):
        return -1


def engine():
    """The process's engine, loaded on first use; InputError when the extra is not installed."""
    global _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                raise missing_engine_error("this file has pages or pictures without text") from None
            _engine = RapidOCR(text_score=MIN_SCORE, use_cls=False, print_verbose=False,
                               intra_op_num_threads=threads())
        return _engine


def recognise(image) -> list:
    """Every text box of an image (a numpy RGB array or a PIL image), in the engine's order."""
    import numpy as np

    array = np.asarray(image.convert("RGB")) if hasattr(image, "convert") else image
    result, _ = engine()(array, use_cls=False)
    out = []
    for quad, text, score in result or []:
        out.append(Box(quad=[(float(x), float(y)) for x, y in quad], text=str(text), confidence=float(score)))
    return out


def recognise_crops(arrays: list) -> list:
    """(text, confidence) of each crop holding one line of text (table cells), recognition only,
    in batches."""
    if not arrays:
        return []
    rec = engine().text_rec
    # the recogniser pads every crop of a batch to at least 320 px wide (a text line); cell crops
    # are a few digits wide, so a narrow minimum and bigger batches read them ~5x faster
    with _lock:
        shape, batch = rec.rec_image_shape, rec.rec_batch_num
        rec.rec_image_shape, rec.rec_batch_num = [shape[0], shape[1], shape[1]], 24
        try:
            results, _ = rec(list(arrays))
        finally:
            rec.rec_image_shape, rec.rec_batch_num = shape, batch
    return [(str(text), float(score)) for text, score in results]
