"""The DOCX reader: body order, merged cells written once, list numbering rendered, source
locations (paragraph; table/row/col), and refusals (legacy binary, corrupt zip, zip bomb, XXE)."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from xxgk_lint.errors import InputError
from xxgk_lint.readers import docx as docx_reader
from xxgk_lint.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "docx" / "report.docx"
SHARED = Path(__file__).resolve().parents[2] / "shared"
NUM = re.compile(r"^\d+$")


@pytest.fixture(scope="module")
def doc():
    return read_path(str(FIXTURE))


def table3_rows(document) -> list:
    out = []
    for ln in document.lines:
        cells = ln.text.split("\t")
        if ln.is_table_row and len(cells) > 7 and all(NUM.match(c) for c in cells[-7:]) \
                and not NUM.match(cells[-8]):
            out.append(ln)
    return out


def test_body_order_and_numbered_headings(doc):
    prose = [ln.text for ln in doc.lines if not ln.is_table_row]
    headings = [t for t in prose if re.match(r"^[一二三四五六]、", t)]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    texts = [ln.text for ln in doc.lines]
    h3 = texts.index("三、收到和处理政府信息公开申请情况")
    assert texts[h3 + 1].startswith("（本列数据的勾稽关系为")
    h4 = texts.index("四、政府信息公开行政复议、行政诉讼情况")
    assert texts[h4 - 1].startswith("四、结转下年度继续办理\t")
    assert texts[h4 + 1] == "行政复议\t行政诉讼"
    assert doc.format == "docx" and doc.meta["tables"] == 2


def test_tracked_changes_and_line_breaks(doc):
    texts = [ln.text for ln in doc.lines]
    assert "本年度主动公开政府信息1234条，办理申请58件。" in texts  # insertion kept, deletion dropped
    i = texts.index("本年度主动公开政府信息1234条，办理申请58件。")
    assert texts[i + 1] == "以上数据均经复核。"
    assert doc.lines[i].location.paragraph == doc.lines[i + 1].location.paragraph == 4
    assert not any("999" in t for t in texts)


def test_table3_rows_merged_cells_written_once(doc):
    rows = [ln.text.split("\t") for ln in table3_rows(doc)]
    assert len(rows) == 25
    assert rows[2][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert rows[3][0] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert rows[4][:2] == ["（三）不予公开", "1.属于国家秘密"]
    assert rows[5][0] == "2.其他法律行政法规禁止公开"  # both merged label columns omitted
    assert rows[20][:2] == ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]
    assert rows[-1][0] == "四、结转下年度继续办理"
    texts = [ln.text for ln in doc.lines]
    assert "自然人\t法人或其他组织\t总计" in texts  # vMerge continue in the header rows omitted
    assert "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他" in texts
    t4 = [ln for ln in doc.lines if ln.is_table_row and len(ln.text.split("\t")) == 15
          and all(NUM.match(c) for c in ln.text.split("\t"))]
    assert len(t4) == 1


def test_cell_locations_are_table_row_and_grid_column(doc):
    rows = table3_rows(doc)
    first_group = rows[4]  # （三）不予公开 | 1.属于国家秘密 | 7 numbers
    assert [s.location.col for s in first_group.segments] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert {s.location.table_index for s in first_group.segments} == {1}
    assert first_group.location.row == 8
    assert [s.location.col for s in rows[5].segments] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert [s.location.col for s in rows[0].segments] == [1, 4, 5, 6, 7, 8, 9, 10]  # gridSpan 3
    start = doc.text.index("1.属于国家秘密")
    loc = doc.locate(start, start + 3)
    assert (loc.table_index, loc.row, loc.col) == (1, 8, 3)


def test_paragraph_locations(doc):
    start = doc.text.index("一、总体情况")
    assert doc.locate(start).paragraph == 3
    assert doc.lines[0].location.paragraph == 1


def test_shared_sample_docx():
    path = SHARED / "samples" / "r03_word.docx"
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    document = read_path(str(path))
    rows = [ln.text.split("\t") for ln in table3_rows(document)]
    assert len(rows) == 25
    assert all(sum(int(v) for v in r[-7:-1]) == int(r[-1]) for r in rows)


def test_numbering_formats():
    assert [docx_reader.format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 23, 105)] == \
        ["一", "十", "十一", "二十", "二十三", "一百零五"]
    assert docx_reader.format_number(3, "decimalEnclosedCircle") == "③"
    assert docx_reader.format_number(4, "upperRoman") == "IV"
    assert docx_reader.format_number(2, "chineseLegalSimplified") == "贰"


# --------------------------------------------------------------------------------------------
# unreadable DOCX


def error_of(path, options=None) -> InputError:
    with pytest.raises(InputError) as info:
        read_path(str(path), options)
    assert "\n" not in info.value.message
    return info.value


@pytest.mark.parametrize("name", ["old.doc", "old.wps", "renamed.docx"])
def test_legacy_binary_documents(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088)
    err = error_of(path)
    assert err.code == "legacy-binary"
    assert ".docx" in err.message


def test_corrupt_zip(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes(FIXTURE.read_bytes()[:5000])
    assert error_of(path).code == "corrupt"


def test_damaged_document_xml(tmp_path):
    path = tmp_path / "bad.docx"
    rewrite(FIXTURE, path, {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert error_of(path).code == "corrupt"


def test_zip_without_word_document(tmp_path):
    path = tmp_path / "notword.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "一、总体情况")
    path.write_bytes(buf.getvalue())
    assert error_of(path).code == "not-docx"
    path2 = tmp_path / "nomain.docx"
    rewrite(FIXTURE, path2, {}, drop={"word/document.xml", "_rels/.rels"})
    assert error_of(path2).code == "not-docx"


def test_document_without_text(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert error_of(path).code == "empty"


def test_zip_bomb_refused_before_parsing(tmp_path, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("python-docx must not open a zip bomb")

    monkeypatch.setattr(docx_reader, "_open", never)
    path = tmp_path / "bomb.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 100_000
    err = error_of(path)
    assert err.code == "zip-bomb"
    assert error_of(FIXTURE, {"max_unzipped": 10_000}).code == "zip-bomb"


def rewrite(src: Path, dst: Path, replace: dict, drop=frozenset()) -> None:
    """Copy a DOCX with some members replaced or dropped."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in drop:
                continue
            zout.writestr(item, replace.get(item.filename, zin.read(item.filename)))


def test_external_entities_are_never_resolved(tmp_path):
    """A document.xml declaring an external entity on a local file: the file's text must not
    appear (python-docx parses with resolve_entities=False and no network)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-4711", encoding="utf-8")
    with zipfile.ZipFile(FIXTURE) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    head, rest = xml.split("?>", 1)
    doctype = (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
               f'<!ENTITY % remote SYSTEM "{secret.as_uri()}">]>')
    rest = rest.replace("<w:t>某某县示例局2023年政府信息公开工作年度报告</w:t>",
                        "<w:t>某某县示例局2023年政府信息公开工作年度报告&xxe;</w:t>", 1)
    assert "&xxe;" in rest
    path = tmp_path / "xxe.docx"
    rewrite(FIXTURE, path, {"word/document.xml": (head + "?>" + doctype + rest).encode("utf-8")})
    try:
        document = read_path(str(path))
    except InputError as err:  # refusing the file is fine too; leaking its content is not
        assert "TOP-SECRET" not in err.message
        return
    assert "TOP-SECRET" not in document.text
    assert document.lines[0].text.startswith("某某县示例局2023年政府信息公开工作年度报告")
