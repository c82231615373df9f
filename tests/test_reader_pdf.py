"""The PDF reader: lines by baseline, tables as TAB rows in reading order, cross-page stitching,
source locations, and one InputError code per kind of unreadable file.

Runs on the committed fixtures (tests/fixtures/pdf, made by make_fixtures.py) and, when the
checkout has ../shared beside it, on the shared samples and the 洪泽区 corpus PDF.
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from xxgk_lint.errors import InputError
from xxgk_lint.readers import pdf as pdf_reader
from xxgk_lint.readers import read_path
from xxgk_lint.readers.pdf import cells as pdf_cells
from xxgk_lint.readers.pdf import emit as pdf_emit
from xxgk_lint.readers.pdf import lines as pdf_lines
from xxgk_lint.readers.pdf import page as pdf_page
from xxgk_lint.readers.pdf import stitch as pdf_stitch

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = SHARED / "samples"
CORPUS = SHARED / "corpus"

T3_LABELS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
    "7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
    "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
    "四、结转下年度继续办理",
]
GROUP_LABELS = {2: "三、本年度办理结果", 4: "（三）不予公开", 12: "（四）无法提供", 15: "（五）不予处理",
                20: "（六）其他处理"}
NUM = re.compile(r"^\d+$")


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    return path


def fixture_values() -> dict:
    """The numbers make_fixtures.py drew (imported from the generator, no reportlab needed)."""
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "tests" / "fixtures" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trailing_numbers(line) -> int:
    cells = line.text.split("\t")
    k = 0
    while k < len(cells) and NUM.match(cells[-1 - k]):
        k += 1
    return k


def table3_rows(doc) -> list:
    """Table lines with exactly seven trailing numbers and a label before them (表三's data rows)."""
    return [ln for ln in doc.lines if ln.is_table_row and trailing_numbers(ln) == 7
            and len(ln.text.split("\t")) > 7]


def table4_row(doc):
    rows = [ln for ln in doc.lines if ln.is_table_row and trailing_numbers(ln) == 15]
    assert len(rows) == 1
    return rows[0]


def assert_table3(doc) -> list:
    """25 rows, the right labels (last label cell; group labels in the first row of a group),
    every row's total the sum of its six applicant columns. Returns the rows' cell lists."""
    rows = [ln.text.split("\t") for ln in table3_rows(doc)]
    assert len(rows) == 25, [r[:-7] for r in rows]
    assert [r[-8] for r in rows] == T3_LABELS
    for index, group in GROUP_LABELS.items():
        assert group in rows[index][:-7], (index, rows[index])
    for r in rows:
        assert sum(int(v) for v in r[-7:-1]) == int(r[-1]), r
    return rows


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------------------------
# the committed fixtures (always run)


@pytest.fixture(scope="module", params=["split_stsong.pdf", "split_embedded.pdf"])
def fixture_doc(request):
    return read_path(str(FIXTURES / request.param))


def test_fixture_table3_rows_labels_and_values(fixture_doc):
    rows = assert_table3(fixture_doc)
    gen = fixture_values()
    values = gen.table3_values()
    expected = [values[k] for k in list(gen.T3) + ["results_total", "carried_forward"]]
    assert [[int(v) for v in r[-7:]] for r in rows] == expected


def test_fixture_table4_has_fifteen_numbers(fixture_doc):
    row = table4_row(fixture_doc)
    assert [int(v) for v in row.text.split("\t")] == fixture_values().T4


def test_fixture_period_sentence_keeps_its_digits(fixture_doc):
    """12 pt digits lowered 2 pt inside 16 pt text stay on their line, in place."""
    text = compact("".join(ln.text for ln in fixture_doc.lines if not ln.is_table_row))
    assert "统计期限自2023年1月1日起至2023年12月31日止" in text
    first = next(ln for ln in fixture_doc.lines if "统计期限" in ln.text)
    assert compact(first.text) == "本报告所列数据的统计期限自2023年1月1日起至"


def test_fixture_raised_digits_stay_in_place(fixture_doc):
    line = next(ln for ln in fixture_doc.lines if "主动公开政府信息" in ln.text and not ln.is_table_row)
    assert compact(line.text) == "本年度主动公开政府信息1234条，办理申请58件。"


def test_fixture_row_broken_across_pages_is_merged(fixture_doc):
    """The fragment (label rest + empty number cells) joins the row above; its label cell keeps
    one segment per page."""
    row = next(ln for ln in table3_rows(fixture_doc) if "1.申请人无正当理由逾期不补正" in ln.text)
    cells = row.text.split("\t")
    assert cells[0] == "（六）其他处理"
    assert cells[1] == T3_LABELS[20]
    label_segments = [s for s in row.segments if s.start >= len(cells[0]) + 1
                      and s.end <= len(cells[0]) + 1 + len(cells[1])]
    assert {s.location.page for s in label_segments} == {1, 2}
    assert not any(ln.is_table_row and set(ln.text.split("\t")) <= {"", "处理"} for ln in fixture_doc.lines)


def test_fixture_repeated_header_rows_and_footers_dropped(fixture_doc):
    texts = [ln.text for ln in fixture_doc.lines]
    assert texts.count("自然人\t法人或其他组织\t总计") == 1
    assert sum(t.startswith("（本列数据的勾稽关系为") for t in texts) == 1
    assert not any(re.fullmatch(r"[—-]\s*\d+\s*[—-]", t.strip()) for t in texts)


def test_fixture_reading_order_and_no_duplicate_prose(fixture_doc):
    texts = [ln.text for ln in fixture_doc.lines]
    heading3 = texts.index("三、收到和处理政府信息公开申请情况")
    assert texts[heading3 + 1].startswith("（本列数据的勾稽关系为")
    carried = next(i for i, t in enumerate(texts) if t.startswith("四、结转下年度继续办理"))
    assert texts[carried + 1] == "四、政府信息公开行政复议、行政诉讼情况"
    prose = [ln.text for ln in fixture_doc.lines if not ln.is_table_row]
    assert not any("本年新收政府信息公开申请数量" in t or "结果维持" in t for t in prose)


def test_fixture_cell_segments_have_page_and_cell_box(fixture_doc):
    rows = table3_rows(fixture_doc)
    for ln in rows:
        cells = ln.text.split("\t")
        assert len(ln.segments) >= len(cells)
        for seg in ln.segments:
            x0, top, x1, bottom = seg.location.bbox
            assert 0 <= x0 < x1 <= 595.3 and 0 <= top < bottom <= 841.9
            if seg.char_boxes:
                assert len(seg.char_boxes) == seg.end - seg.start
    assert rows[0].segments[0].location.page == 1
    assert {s.location.page for s in rows[-1].segments} == {2}
    assert {s.location.page for s in rows[-3].segments} == {2}


def test_fixture_prose_char_boxes_give_tight_locations(fixture_doc):
    text = fixture_doc.text
    start = text.index("1234")
    loc = fixture_doc.locate(start, start + 4)
    assert loc.page == 1
    line = next(ln for ln in fixture_doc.lines if "1234" in ln.text and not ln.is_table_row)
    assert loc.bbox[0] > line.location.bbox[0] and loc.bbox[2] < line.location.bbox[2]
    assert loc.bbox[2] - loc.bbox[0] < 40  # four digits, not the whole line


def test_fixture_meta(fixture_doc):
    assert fixture_doc.meta["pages"] == 2
    assert "ReportLab" in fixture_doc.meta["producer"]
    assert fixture_doc.format == "pdf"


def test_backends_agree_on_the_embedded_fixture():
    """PDFium glyphs and edges give the same text as pdfminer's (the cross-check backend)."""
    path = str(FIXTURES / "split_embedded.pdf")
    fast = read_path(path)
    slow = read_path(path, {"pdf_backend": "pdfplumber"})
    assert [ln.text for ln in fast.lines] == [ln.text for ln in slow.lines]


@pytest.mark.parametrize("rotation", [90, 180, 270])
@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_rotated_pages_read_upright(tmp_path, rotation, backend):
    """A landscape page stored as a rotated portrait page reads as it is displayed."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "rotated.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setPageRotation(rotation)
    c.translate(*{90: (0, 0), 180: (595, 842), 270: (595, 842)}[rotation])
    c.rotate(rotation)
    if rotation == 90:
        c.translate(0, -595)
    c.setFont("Helvetica", 14)
    c.drawString(80, 500, "First line 2023")
    c.drawString(80, 470, "Second line 12 31")
    for i in range(3):
        c.line(80, 300 + 20 * i, 400, 300 + 20 * i)
    for x in (80, 240, 400):
        c.line(x, 300, x, 340)
    c.drawString(90, 325, "alpha")
    c.drawString(250, 325, "1")
    c.drawString(90, 305, "beta")
    c.drawString(250, 305, "2")
    c.showPage()
    c.save()
    doc = read_path(str(path), {"pdf_backend": backend})
    assert [ln.text for ln in doc.lines] == ["First line 2023", "Second line 12 31", "alpha\t1", "beta\t2"]


# --------------------------------------------------------------------------------------------
# the line builder on hand-made glyphs


def glyphs(spec: list) -> list:
    """(text, x0, baseline, size) → _Char records with advance-width boxes."""
    out = []
    for text, x0, base, size in spec:
        width = size if ord(text[0]) > 0x2E80 else size / 2
        out.append(pdf_lines.Glyph(text, x0, x0 + width, base - size * 0.88, base + size * 0.12, size, base, x0))
    return out


def test_build_lines_groups_by_baseline_not_top():
    cjk = [(ch, 100 + 16 * i, 200.0, 16) for i, ch in enumerate("期限自")]
    digits = [(d, 148 + 6 * i, 202.0, 12) for i, d in enumerate("2023")]  # smaller and lowered
    after = [("年", 172, 200.0, 16)]
    lines = pdf_lines.build_lines(glyphs(after + digits + cjk))  # stream order: anything
    assert [ln.text for ln in lines] == ["期限自2023年"]


def test_build_lines_splits_real_lines_and_orders_by_x():
    spec = [("乙", 116, 228.0, 16), ("甲", 100, 228.0, 16), ("丙", 100, 200.0, 16)]
    assert [ln.text for ln in pdf_lines.build_lines(glyphs(spec))] == ["丙", "甲乙"]


def test_spaces_kept_only_between_latin_characters():
    spec = [("A", 100, 100.0, 10), ("B", 120, 100.0, 10), ("中", 140, 100.0, 10), ("C", 160, 100.0, 10)]
    assert pdf_lines.build_lines(glyphs(spec))[0].text == "A B中C"


def test_fake_bold_glyph_drawn_twice_is_kept_once():
    spec = [("报", 100, 100.0, 16), ("报", 100.4, 100.0, 16), ("告", 116, 100.0, 16)]
    assert pdf_lines.build_lines(glyphs(spec))[0].text == "报告"


def test_join_wrapped_cell_text():
    assert pdf_lines.clean_cell_text("三\n、\n本\n年") == "三、本年"
    assert pdf_lines.clean_cell_text("Times\nRoman") == "Times Roman"
    assert pdf_lines.clean_cell_text("1234\n5") == "12345"


def part(page: int, rows: list) -> "pdf_cells.TablePart":
    """A table part from rows of (text, bbox) or None."""
    out = [[None if c is None else pdf_cells.TableCell(c[1], page, [(c[0], [None] * len(c[0]), page, c[1])])
            for c in row] for row in rows]
    cells = [c.bbox for row in out for c in row if c is not None]
    bbox = (min(b[0] for b in cells), min(b[1] for b in cells), max(b[2] for b in cells), max(b[3] for b in cells))
    return pdf_cells.TablePart(page, bbox, out)


def test_stitch_folds_a_continued_group_label_but_not_a_new_one():
    """`（五）不予处|理`: the rest of a merged label on the next page joins it; a group that starts
    at the top of the page (`（六）…`) stays a cell of its own."""
    previous = part(1, [[("（五）不予处", (10, 700, 50, 800)), ("1.信访", (50, 700, 90, 750)), ("3", (90, 700, 99, 750))],
                        [None, ("2.重复", (50, 750, 90, 800)), ("1", (90, 750, 99, 800))]])
    for text, folded in (("理", True), ("（六）其他处理", False)):
        table = [part(1, [[c and (c.text, c.bbox) for c in row] for row in previous.rows])]
        following = part(2, [[(text, (10, 60, 50, 110)), ("3.出版物", (50, 60, 90, 110)), ("0", (90, 60, 99, 110))]])
        pdf_stitch.append_continuation(table, following)
        lines = pdf_emit.table_lines(table)
        if folded:
            assert lines[0].text.split("\t")[0] == "（五）不予处理"
            assert lines[-1].text == "3.出版物\t0"
        else:
            assert lines[0].text.split("\t")[0] == "（五）不予处"
            assert lines[-1].text == "（六）其他处理\t3.出版物\t0"


@pytest.mark.parametrize("text,top,footer", [
    ("— 3 —", 400, True), ("-3-", 800, True), ("第3页", 400, True), ("第 3 页 共 10 页", 400, True),
    ("3", 800, True), ("3", 400, False), ("2023年", 800, False), ("一、总体情况", 800, False),
])
def test_footer_lines(text, top, footer):
    assert pdf_page.is_footer(text, top, 842) is footer


# --------------------------------------------------------------------------------------------
# unreadable PDFs: one code each


def error_of(path, options=None) -> InputError:
    with pytest.raises(InputError) as info:
        read_path(str(path), options)
    assert "\n" not in info.value.message
    return info.value


def test_scanned_pdf_without_text_layer():
    err = error_of(FIXTURES / "no_text.pdf")
    assert err.code == "pdf-no-text"
    assert "no text layer (scanned?): OCR it first" in err.message


def test_encrypted_pdf():
    assert error_of(FIXTURES / "encrypted.pdf").code == "pdf-encrypted"


def test_truncated_pdf(tmp_path):
    data = (FIXTURES / "split_stsong.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert error_of(path).code == "truncated"


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n")
    assert error_of(path).code == "corrupt"


def test_zero_bytes(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert error_of(path).code == "empty"
    with pytest.raises(InputError) as info:
        pdf_reader.read("empty.pdf", b"", {})
    assert info.value.code == "empty"


def test_not_a_pdf_despite_extension(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("一、总体情况\n本年度……", encoding="utf-8")
    assert error_of(path).code == "not-pdf"
    with pytest.raises(InputError) as info:
        pdf_reader.read("report.pdf", "一、总体情况".encode("utf-8"), {})
    assert info.value.code == "not-pdf"


def test_page_count_over_the_limit():
    err = error_of(FIXTURES / "split_stsong.pdf", {"max_pages": 1})
    assert err.code == "too-many-pages"
    assert "2 pages" in err.message


def test_page_size_over_the_limit(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "poster.pdf"
    c = canvas.Canvas(str(path), pagesize=(20000, 20000))
    c.drawString(100, 100, "poster")
    c.showPage()
    c.save()
    assert error_of(path).code == "page-too-large"
    assert error_of(FIXTURES / "split_stsong.pdf", {"max_page_size": 300}).code == "page-too-large"


def test_library_failure_becomes_corrupt(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("library bug")

    monkeypatch.setattr(pdf_cells, "find_tables", boom)
    err = error_of(FIXTURES / "split_embedded.pdf")
    assert err.code == "corrupt"


# --------------------------------------------------------------------------------------------
# lazy imports


def test_pdf_libraries_are_not_imported_until_a_pdf_is_read():
    """pdfplumber and pypdfium2 take ~0.2 s together to import, so linting a text file must not pay for
    them: neither the CLI nor any module of the PDF reader package imports them at the top (a
    fresh interpreter, since this test process has loaded them already)."""
    probe = (
        "import sys\n"
        "heavy = lambda: sorted(m for m in ('pdfplumber', 'pypdfium2') if m in sys.modules)\n"
        "import xxgk_lint.cli\n"
        "print('cli', heavy())\n"
        "import importlib, pkgutil, xxgk_lint.readers.pdf as pdf\n"
        "for module in pkgutil.iter_modules(pdf.__path__):\n"
        "    importlib.import_module(pdf.__name__ + '.' + module.name)\n"
        "print('reader', heavy())\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split("\n")[:2] == ["cli []", "reader []"]


# --------------------------------------------------------------------------------------------
# the shared samples (skipped without ../shared)


SAMPLE_PDFS = ["r03_word.pdf", "r10_word.pdf", "r50_word.pdf", "r03_single.pdf", "r03_digit12.pdf",
               "r03_raise3.pdf", "r03_lower3.pdf", "r03_stsong.pdf", "r03_stsong_times.pdf"]


@pytest.mark.parametrize("name", SAMPLE_PDFS)
def test_samples_table3_and_table4(name):
    doc = read_path(str(shared(SAMPLES / name)))
    assert_table3(doc)
    assert len(table4_row(doc).text.split("\t")) == 15


def test_sample_digit12_period_sentence_on_one_line():
    doc = read_path(str(shared(SAMPLES / "r03_digit12.pdf")))
    line = next(ln for ln in doc.lines if "统计期限" in ln.text)
    assert "统计期限自2023年1月1日起至2023年12月31日止" in compact(line.text)


@pytest.mark.parametrize("name", ["artifact_desc0.pdf", "artifact_embedded.pdf", "artifact_stsong.pdf"])
def test_sample_artifact_pages_keep_digits_in_place(name):
    doc = read_path(str(shared(SAMPLES / name)))
    pages = doc.meta["pages"]
    for page in range(1, pages + 1):
        text = compact("".join(ln.text for ln in doc.lines if ln.location.page == page))
        assert "统计期限自2023年1月1日起至2023年12月31日止" in text, page
        assert "截至2023年12月31日累计发布信息697655条" in text, page


def test_sample_r03_word_stitches_the_row_broken_mid_row():
    doc = read_path(str(shared(SAMPLES / "r03_word.pdf")))
    rows = table3_rows(doc)
    broken = rows[20]
    cells = broken.text.split("\t")
    assert cells[0] == "（六）其他处理" and cells[1] == T3_LABELS[20]
    assert {s.location.page for s in broken.segments} == {2, 3}
    assert {s.location.page for s in rows[21].segments} == {3}
    assert {s.location.page for s in rows[0].segments} == {2}
    assert doc.meta == {"pages": 3, "producer": "LibreOffice 7.4", "creator": "Writer"}


def test_sample_backends_agree():
    path = str(shared(SAMPLES / "r03_word.pdf"))
    assert [ln.text for ln in read_path(path).lines] == \
        [ln.text for ln in read_path(path, {"pdf_backend": "pdfplumber"}).lines]


def test_corpus_hongze_table3_and_table4():
    """A real WPS export: invisible white boxes behind every line, vertical-writing labels,
    表三 over two pages with empty continued merges; （六）其他处理 printed as one row."""
    doc = read_path(str(shared(CORPUS / "003_hongze_district_2024.pdf")))
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    truth = labels["files"]["003_hongze_district_2024.pdf"]["tables"]
    rows = [ln.text.split("\t") for ln in table3_rows(doc)]
    assert len(rows) == 23
    cols = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
    assert [[int(v) for v in r[-7:]] for r in rows] == \
        [[truth["table3"][key][c] for c in cols] for key in truth["table3"]]
    assert rows[2][-9:-7] == ["三、本年度办理结果", "（一）予以公开"]
    assert rows[13][0] == "2.没有现成信息需要另行制作"  # continued merges are not empty cells
    t4 = [int(v) for v in table4_row(doc).text.split("\t")]
    assert t4 == [truth["table4"][b][c] for b in ("review", "litigation_direct", "litigation_after_review")
                  for c in ("upheld", "corrected", "other", "pending", "total")]
    prose = [ln.text for ln in doc.lines if not ln.is_table_row]
    assert "一、总体情况" in prose and "六、其他需要报告的事项" in prose


@pytest.mark.parametrize("label,new_row", [
    ("3.要求提供公开出版物", True), ("（六）其他处理", True), ("四、结转下年度继续办理", True),
    ("政府信息公开申请", False),  # the rest of the label above: no label of its own
])
def test_stitch_a_labelled_row_with_blank_cells_on_the_new_page_is_a_row_of_its_own(label, new_row):
    """A row at the top of the next page whose cells are blank (zero printed as nothing) is a new
    row when it starts with its own template label; only an unlabelled fragment continues the row
    above."""
    table = [part(1, [[("1.信访举报投诉类申请", (50, 700, 90, 750)), ("3", (90, 700, 99, 750)), ("1", (99, 700, 108, 750))],
                      [("2.重复申请", (50, 750, 90, 800)), ("1", (90, 750, 99, 800)), ("1", (99, 750, 108, 800))]])]
    following = part(2, [[(label, (50, 60, 90, 110)), ("", (90, 60, 99, 110)), ("", (99, 60, 108, 110))],
                         [("4.无正当理由大量反复申请", (50, 110, 90, 160)), ("0", (90, 110, 99, 160)), ("0", (99, 110, 108, 160))]])
    pdf_stitch.append_continuation(table, following)
    texts = [line.text for line in pdf_emit.table_lines(table)]
    if new_row:
        assert texts[1] == "2.重复申请\t1\t1"
        assert texts[2] == f"{label}\t\t"
        assert len(texts) == 4
    else:
        assert texts[1] == f"2.重复申请{label}\t1\t1"
        assert len(texts) == 3
