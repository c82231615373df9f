"""DOCX files built to hurt the reader: archives that lie about their sizes, malformed attributes.

A lie about sizes must cost a bounded amount of memory and give that file's one-line error; a
malformed attribute must be read past (its default value), so the report is still checked.
"""
from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from xxgk_lint.errors import InputError
from xxgk_lint.readers import read_path
from xxgk_lint.run.engine import lint_file

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "docx" / "report.docx"


def _lie_about_sizes(data: bytes, declared: int) -> bytes:
    """Set every member's uncompressed size, in local headers and central directory, to `declared`."""
    out = bytearray(data)
    i = out.find(b"PK\x03\x04")
    while i >= 0:
        struct.pack_into("<I", out, i + 22, declared)
        i = out.find(b"PK\x03\x04", i + 4)
    i = out.find(b"PK\x01\x02")
    while i >= 0:
        struct.pack_into("<I", out, i + 24, declared)
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


def test_bzip2_bomb_lying_about_its_size_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (40 * 1024 * 1024))
    path.write_bytes(_lie_about_sizes(path.read_bytes(), 100))
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            read_path(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.code == "corrupt" and "compression method" in info.value.message
    assert peak < 8 * 1024 * 1024, f"{peak} bytes allocated reading a 40 MB bomb"


def test_deflate_member_inflating_past_the_cap_is_refused(tmp_path):
    # honest small parts but a cap lower than what the document inflates to: refused while
    # inflating (the directory check alone would pass them: each part is under the ratio floor)
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(FIXTURE) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename))
    with pytest.raises(InputError) as info:
        from xxgk_lint.readers import docx as docx_reader

        docx_reader._inflate(path.read_bytes(), {"max_unzipped": 5_000})
    assert info.value.code == "zip-bomb"


def _with_document_xml(tmp_path, edit) -> Path:
    path = tmp_path / "edited.docx"
    with zipfile.ZipFile(FIXTURE) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "word/document.xml":
                blob = edit(blob.decode("utf-8")).encode("utf-8")
            zout.writestr(item, blob)
    return path


@pytest.mark.parametrize("edit", [
    lambda x: x.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="x"/>', 3),
    lambda x: x.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="99999999999"/>', 3),
    lambda x: x.replace('<w:ilvl w:val="0"/>', '<w:ilvl w:val="x"/>'),
    lambda x: x.replace("<w:r>", '<w:r><w:sym w:font="Wingdings" w:char="FFFFFFFF"/>', 3),
    lambda x: x.replace("<w:r>", '<w:r><w:sym w:font="Wingdings" w:char="zz"/>', 3),
], ids=["gridSpan-x", "gridSpan-huge", "ilvl-x", "sym-FFFFFFFF", "sym-zz"])
def test_malformed_attribute_is_read_past_and_the_report_checked(tmp_path, edit):
    clean = lint_file(str(FIXTURE))
    path = _with_document_xml(tmp_path, edit)
    assert path.read_bytes() != FIXTURE.read_bytes()
    result = lint_file(str(path))
    assert result.error is None, result.error.message
    assert result.document.year == clean.document.year
    assert set(result.document.tables) == set(clean.document.tables)
