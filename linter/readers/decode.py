"""Bytes to str for text-like reports: UTF-8 (with or without BOM), UTF-16 with BOM, and the
Chinese legacy encodings (GBK/GB18030, Big5) detected by charset-normalizer, never by hand."""
from __future__ import annotations

import codecs

from ..errors import InputError


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for binary data that is no text at all."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise InputError("binary", "is a binary file, not a text report")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_8", "utf_16"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise InputError("encoding", "text encoding could not be detected (save it as UTF-8)")
    enc = best.encoding
    if enc in ("gbk", "gb2312", "hz", "cp936"):
        enc = "gb18030"  # superset: never fails on characters GBK lacks
    return data.decode(enc, errors="replace"), enc


def split_lines(text: str) -> list[str]:
    """Universal newlines (CRLF, CR, LF); keeps empty lines so line numbers match the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
