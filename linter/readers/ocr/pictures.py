"""Pictures inside DOCX and HTML reports (表三 pasted as an image), read by OCR.

Why: a clerk who pastes 表二/表三/表四 into the Word file or the web page as a picture leaves
the tables unreadable to every text reader; OCR puts the picture's text back in its place in
the document, so the table reader finds the rows as if they had been typed.

Only pictures big enough to hold a table or a paragraph are read (logos, seals and icons are
skipped: they cost OCR time and hold nothing to check). Pictures come as bytes (a DOCX media
part, an HTML data: URI or a file next to the page: never fetched from the network).
`--ocr off` skips them; without the OCR extra each skipped picture becomes a reader note
(INP005, cannot check) naming the extra to install.
"""
from __future__ import annotations

import io
import sys

from ...document.model import Location
from . import mode

MIN_WIDTH, MIN_HEIGHT = 240, 100  # pixels: smaller pictures are icons, logos or seals


class Pictures:
    """The pictures of one document, read in document order."""

    def __init__(self, options: dict, path: str):
        self.mode = mode(options)
        self.path = path
        self.count = 0  # pictures seen (big enough to matter)
        self.read_count = 0
        self.notes: list = []
        self.progress = bool(options.get("progress"))

    def lines(self, data: bytes, base: Location) -> list:
        """The document lines read from one picture (none when skipped); `base` is where it sits."""
        if self.mode == "off" or not data:
            return []
        image = _open(data)
        if image is None or image.width < MIN_WIDTH or image.height < MIN_HEIGHT:
            return []
        self.count += 1
        from . import engine, read_image
        from .emit import ocr_lines

        if not engine.available():
            self.notes.append({"code": "picture-not-read", "line": base.line, "picture": self.count,
                               "install": engine.INSTALL_HINT,
                               "message": f"picture {self.count} is not read: OCR is needed to check the "
                                          f"text in it (install the OCR extra: {engine.INSTALL_HINT})"})
            return []
        if self.progress:
            print(f"xxgk-lint: OCR {self.path} picture {self.count}", file=sys.stderr, flush=True)
        try:
            read = read_image(image)
        except MemoryError:
            raise
        except Exception as exc:  # the engine failed on this picture: it is not checked, the file is
            self.notes.append({"code": "picture-not-read", "line": base.line, "picture": self.count,
                               "message": f"picture {self.count} could not be read by OCR ({type(exc).__name__})"})
            return []
        self.read_count += 1
        base = Location(**{**vars(base), "image": self.count})
        return ocr_lines(read, base, scale=0)

    def summary(self) -> dict:
        return {"engine": "rapidocr-onnxruntime", "pictures": self.read_count}


def _open(data: bytes):
    """The picture as an RGB PIL image, or None when it is no picture PIL can read."""
    try:
        from PIL import Image

        image = Image.open(io.BytesIO(data))
        image.load()
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.split()[-1])
            image = background
        return image.convert("RGB")
    except Exception:  # an unreadable or exotic picture (EMF, WMF) is no text to read
        return None
