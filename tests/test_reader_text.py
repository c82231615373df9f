"""The text reader and decode(): every encoding a clerk's file arrives in, and what is no text."""
from __future__ import annotations

import codecs

import pytest

from xxgk_lint.errors import InputError
from xxgk_lint.readers import read_path
from xxgk_lint.readers import text as text_reader
from xxgk_lint.readers.decode import decode, split_lines

REPORT = ("示例区示例局2023年政府信息公开工作年度报告\n"
          "一、总体情况\n"
          "本局全年主动公开信息一百二十条。\n"
          "\n"
          "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26\n"
          "六、其他需要报告的事项\n")
TRAD = "示例區示例局政府資訊公開工作年度報告\n一、總體情況\n本局全年依申請公開資訊十件，均已答覆。\n"


def read_bytes(data: bytes):
    return text_reader.read("t.txt", data, {})


def texts(doc):
    return [ln.text for ln in doc.lines]


@pytest.mark.parametrize("data,encoding", [
    (REPORT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16"),
    (REPORT.encode("utf-16-le"), "utf-16-le"),  # Notepad-style export that lost its BOM
    (REPORT.encode("gbk"), "gb18030"),
    (REPORT.encode("gb18030"), "gb18030"),
])
def test_encodings(data, encoding):
    doc = read_bytes(data)
    assert doc.meta["encoding"] == encoding
    assert texts(doc) == REPORT.split("\n")


def test_big5():
    doc = read_bytes(TRAD.encode("big5"))
    assert doc.meta["encoding"] == "big5"
    assert texts(doc)[1] == "一、總體情況"


def test_gbk_file_through_dispatcher(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("gbk"))
    doc = read_path(str(path))
    assert doc.format == "text"
    assert texts(doc)[4] == "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26"


def test_gb18030_only_characters_survive():
    line = "申请人：𠀀某某，用字䶮\n"  # outside GBK, inside GB18030
    assert read_bytes(line.encode("gb18030")).lines[0].text == line.strip()


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_keep_line_numbers(newline):
    doc = read_bytes(REPORT.replace("\n", newline).encode("utf-8"))
    assert texts(doc) == REPORT.split("\n")
    assert [ln.location.line for ln in doc.lines] == list(range(1, len(REPORT.split("\n")) + 1))
    assert all(ln.location.column == 1 for ln in doc.lines)


def test_tab_lines_are_table_rows():
    doc = read_bytes(REPORT.encode("utf-8"))
    assert [ln.is_table_row for ln in doc.lines] == [False, False, False, False, True, False, False]
    assert not read_bytes("\t缩进的一行\n".encode()).lines[0].is_table_row


def test_locate_maps_offsets_to_line_and_column():
    doc = read_bytes(REPORT.replace("\n", "\r\n").encode("utf-8"))
    pos = doc.text.index("一百二十条")
    loc = doc.locate(pos)
    assert (loc.line, loc.column) == (3, 11)


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    bytes(range(256)) * 8,
    b"\x00" * 64,
    b"PK\x05\x06" + b"\x00" * 18,
    "正文\x00\x00\x00二".encode("utf-8"),
    b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11" * 20,
])
def test_binary_is_input_error(data):
    with pytest.raises(InputError) as err:
        read_bytes(data)
    assert err.value.code == "binary"


def test_binary_named_txt_via_dispatcher(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(InputError) as err:
        read_path(str(path))
    assert err.value.code in ("binary", "encoding")


@pytest.mark.parametrize("data", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF8 + b" \r\n \t"])
def test_bom_only_file_is_empty(data):
    with pytest.raises(InputError) as err:
        read_bytes(data)
    assert err.value.code == "empty"


def test_empty_file_via_dispatcher(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as err:
        read_path(str(path))
    assert err.value.code == "empty"


def test_declared_encoding_used_only_when_it_fits():
    gbk = "一、总体情况".encode("gbk")
    assert decode(gbk, declared="gb2312") == ("一、总体情况", "gb18030")
    assert decode("一、总体情况".encode("utf-8"), declared="gb2312") == ("一、总体情况", "utf-8")
    assert decode(gbk, declared="no-such-charset")[0] == "一、总体情况"
    assert decode(b"plain", declared="utf-16")[1] == "utf-8"  # ASCII cannot be UTF-16


def test_split_lines_universal_newlines():
    assert split_lines("a\r\nb\rc\n\nd") == ["a", "b", "c", "", "d"]
