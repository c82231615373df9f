"""Bytes to str for text-like reports: UTF-8 (with or without BOM), UTF-16/32 with BOM, UTF-16
without BOM (Windows "Unicode" exports), and the Chinese legacy encodings (GBK/GB18030, Big5)
detected by charset-normalizer, never by hand.

HTML and XML files may declare their encoding (`<meta charset=gb2312>`); the HTML reader passes
that as `declared`. A declaration is honoured when the bytes decode under it, except that bytes
which are plainly UTF-8 stay UTF-8: pages re-saved as UTF-8 often keep their old `gb2312` meta.
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# GBK and GB2312 pages use characters their names lack; GB18030 is the superset that never fails.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030",
              "x-gbk": "gb18030", "euc-cn": "gb18030", "x-x-big5": "big5"}

# C0 controls other than TAB, LF, VT, FF, CR; plus DEL. Text reports have next to none of them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for binary data that is no text at all.

    `declared` is an encoding the file names for itself (HTML meta / XML declaration), tried
    after a BOM and before detection.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), enc)
    if declared:
        found = _try_declared(data, declared)
        if found is not None:
            return _checked(*found)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(*utf16)
    if b"\x00" in data[:4096]:
        raise InputError("binary", "is a binary file, not a text report")
    return _checked(*_detect(data))


def normalize_encoding(name: str) -> str | None:
    """The Python codec for an encoding label as written in a file, or None if unknown."""
    label = name.strip().strip("'\"").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def _try_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    """Decode with the declared encoding if that works and the bytes are not plainly UTF-8."""
    enc = normalize_encoding(declared)
    if enc is None or enc.startswith(("utf-16", "utf-32")):
        return None  # a UTF-16 page read as bytes cannot declare itself in ASCII; ignore the lie
    if enc not in ("utf-8", "ascii") and _is_plain_utf8(data):
        return None
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return None


def _is_plain_utf8(data: bytes) -> bool:
    """Valid UTF-8 with multi-byte sequences: legacy CJK text is practically never that."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: ASCII characters (digits, newlines) put a NUL in every other byte
    (LE: odd bytes, BE: even); the other half has few NULs (only from characters like 一 U+4E00)."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:4096]
    even_nul = head[0::2].count(0) / max(1, len(head[0::2]))
    odd_nul = head[1::2].count(0) / max(1, len(head[1::2]))
    for enc, nul_share, other in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if nul_share > 0.1 and other * 2 < nul_share:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                return None
    return None


def _detect(data: bytes) -> tuple[str, str]:
    """Legacy encodings by charset-normalizer, preferring the Chinese ones."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_8", "utf_16"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise InputError("encoding", "text encoding could not be detected (save it as UTF-8)")
    enc = normalize_encoding(best.encoding) or "gb18030"
    return data.decode(enc, errors="replace"), enc


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Refuse decoded text that is really binary: NUL characters or many control characters."""
    sample = text[:65536]
    if "\x00" in sample:
        raise InputError("binary", "is a binary file, not a text report")
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        raise InputError("binary", "is a binary file (many control characters), not a text report")
    return text, encoding


def split_lines(text: str) -> list[str]:
    """Universal newlines (CRLF, CR, LF); keeps empty lines so line numbers match the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
