"""Pages without a usable text layer, read by OCR (linter/readers/ocr/).

Why per page: a report is often a text PDF with one scanned page (the signed last page, or 表三
printed, filled in by hand and scanned back), and OCR costs seconds a page where the text layer
costs milliseconds; so only the pages that need it are OCR'd (`--ocr auto`, the default): a page
with no text, or with only a stray page number stamped over a scan, that holds a picture covering
a fifth of it or more. `--ocr force` reads every
page by OCR (a text layer that is garbage), `--ocr off` never (a scanned page is then reported as
unchecked, a fully scanned file is refused as before).

Pages are rendered at `DPI` (enough for 五号/小五 digits; the engine works at most 2000 px a side,
which an A4 page at 170 dpi just fits).
"""
from __future__ import annotations

import sys

from ...document.model import Location
from .. import ocr

DPI = 170
MAX_SIDE = 4000  # pixels: an A3 page at DPI fits; larger pages are rendered smaller
MIN_TEXT = 12  # a page with fewer characters than this (a stamped page number) has no usable text layer
MIN_PICTURE = 0.2  # share of the page a picture must cover for the page to be taken as a scan


class PageOcr:
    """Decides per page whether OCR is wanted and reads those pages."""

    def __init__(self, source, count: int, options: dict, path: str):
        self.source = source
        self.count = count
        self.mode = ocr.mode(options)
        self.path = path
        self.pages: list = []
        self.missing = False  # the engine is not installed
        self.failed: list = []  # pages (1-based) the engine failed on (a reader note says so)
        self.progress = bool(options.get("progress")) or _tty()

    def wanted(self, index: int, n_chars: int) -> bool:
        """OCR this page? `force`: always; `auto`: when it has no usable text layer and a picture
        covers a good part of it (a blank page is not worth seconds of OCR)."""
        if self.mode == "off":
            return False
        if self.mode == "force":
            return True
        return n_chars < MIN_TEXT and self._has_picture(index)

    def _has_picture(self, index: int) -> bool:
        import pypdfium2.raw as raw

        page = self.source.pdf[index]
        try:
            width, height = page.get_size()
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                x0, y0, x1, y1 = obj.get_bounds()
                if (x1 - x0) * (y1 - y0) >= MIN_PICTURE * width * height:
                    return True
        finally:
            page.close()
        return False

    def read(self, index: int):
        """The page's lines by OCR, or None when the engine is not installed."""
        from ..ocr import engine

        if self.missing or not engine.available():
            self.missing = True
            return None
        if self.progress:
            print(f"xxgk-lint: OCR {self.path} page {index + 1}/{self.count}", file=sys.stderr, flush=True)
        page = self.source.pdf[index]
        try:
            # DPI, but never more than MAX_SIDE pixels a side: a page may be up to 200 inches
            # (--max-page-size), which at DPI would take gigabytes the engine scales away anyway
            scale = min(DPI / 72, MAX_SIDE / max(page.get_size()))
            image = page.render(scale=scale).to_pil()
            lines = ocr.read_image(image)
        except MemoryError:
            raise
        except Exception as exc:  # the engine failed on this page: the page is not checked, the file is
            self.failed.append(index + 1)
            self.source.notes.append({"code": "ocr-failed", "page": index + 1,
                                      "message": f"page {index + 1} could not be read by OCR "
                                                 f"({type(exc).__name__}): its content is not checked"})
            return []
        finally:
            page.close()
        from ..ocr.emit import ocr_lines

        self.pages.append(index + 1)
        return ocr_lines(lines, Location(page=index + 1), scale=1 / scale)

    def hint(self) -> str:
        if self.mode == "off":
            return ""
        if self.missing:
            return f" (install the OCR extra to read it: {ocr.engine.INSTALL_HINT})"
        return ""

    def install_field(self) -> dict:
        """{"install": how to get the OCR extra} for a note on a page it would have read."""
        if self.mode != "off" and self.missing:
            return {"install": ocr.engine.INSTALL_HINT}
        return {}

    def summary(self) -> dict:
        return {"engine": "rapidocr-onnxruntime", "pages": list(self.pages), "dpi": DPI}


def _tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
