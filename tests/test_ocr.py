"""OCR of scanned pages and pictures (linter/readers/ocr/, the `ocr` extra), and the doubt rule
(INP007) that keeps a possibly misread cell from becoming an error.

The fixtures (tests/fixtures/ocr, made by make_fixtures.py) are our clean report with one table
typo (表三 （一）予以公开 总计 23 printed as 24), rendered at 150 dpi, tilted, noised and JPEG-compressed:
a 3-page scanned PDF, a DOCX and an HTML page whose 表三 is a picture. Every cell must read as in
the text version, and the findings must be exactly the two failures the typo causes.

OCR is slow on a shared 2-core machine: each fixture is OCR'd once per module (module-scoped
fixtures); the doubt rule and the layout steps are tested on synthetic input without the engine.
Tests that need the engine skip without it, and fail instead when CI=true.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from xxgk_lint.document.model import Location
from xxgk_lint.errors import InputError
from xxgk_lint.readers import read_path
from xxgk_lint.readers.ocr import engine as ocr_engine
from xxgk_lint.readers.ocr import layout
from xxgk_lint.run.engine import LintOptions, lint_file, parse_file

OCR = FIXTURES / "ocr"
TYPO = ("（一）予以公开 20 2 0 1 0 0 23", "（一）予以公开 20 2 0 1 0 0 24")
EXPECTED_FAILURES = {"T3-B:granted", "T3-C:total"}


def need_engine():
    if ocr_engine.available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("the OCR engine (pip install 'xxgk-lint[ocr]') is required in CI")
    pytest.skip("the OCR engine is not installed (pip install 'xxgk-lint[ocr]')")


@pytest.fixture(scope="module")
def text_tables(tmp_path_factory):
    """表三/表四 of the same report read from its text (the truth the OCR must match)."""
    path = tmp_path_factory.mktemp("truth") / "report.txt"
    path.write_text((FIXTURES / "clean_2023.txt").read_text(encoding="utf-8").replace(*TYPO), encoding="utf-8")
    doc = parse_file(str(path))
    return {key: doc.tables[key].as_dict() for key in ("table2", "table3", "table4")}


def _lint(name: str):
    need_engine()
    result = lint_file(str(OCR / name), LintOptions())
    assert result.error is None, result.error.message
    return result


@pytest.fixture(scope="module")
def scanned():
    return _lint("scanned_2023.pdf")


@pytest.fixture(scope="module")
def docx_picture():
    return _lint("table3_picture.docx")


@pytest.fixture(scope="module")
def html_picture():
    return _lint("table3_picture.html")


def test_overprinted_cell_read_wrongly_is_cannot_check_not_an_error():
    """doubt_picture.html: the clean report, its 表三 picture with 总计 23 printed over a faint 8;
    the engine reads 28 surely: the failures are INP007 naming the cell, never ARI001."""
    result = _lint("doubt_picture.html")
    codes = sorted((f.code, f.args.get("relation")) for f in result.findings if f.severity == "error" or f.code == "INP007")
    assert codes == [("INP007", "T3-B:granted"), ("INP007", "T3-C:total")], codes
    doubt = result.findings[[f.code for f in result.findings].index("INP007")]
    assert "（一）予以公开/总计" in doubt.message and "读作“28”" in doubt.message and "“23”" in doubt.message


def _cells_right(doc, truth: dict, key: str) -> tuple:
    got = doc.tables[key].as_dict()
    cells = [(r, c) for r, cols in truth[key].items() for c in cols]
    right = sum(1 for r, c in cells if got.get(r, {}).get(c) == truth[key][r][c])
    return right, len(cells)


# ------------------------------------------------------------------------- scanned PDF


def test_scanned_pdf_every_table_cell_read_right(scanned, text_tables):
    for key in ("table2", "table3", "table4"):
        right, total = _cells_right(scanned.document, text_tables, key)
        assert total > 0 and right == total, f"{key}: {right}/{total} cells read right"


def test_scanned_pdf_findings_are_exactly_the_typo(scanned):
    found = [(f.code, f.args.get("relation")) for f in scanned.findings]
    assert sorted(found) == sorted(("ARI001", rel) for rel in EXPECTED_FAILURES), found
    for f in scanned.findings:
        assert "OCR" in f.message
        assert f.location.page == 2 and f.location.confidence is not None
        assert all(c.get("ocr") and 0 < c["confidence"] <= 1 for c in f.cells)


def test_scanned_pdf_cells_carry_page_box_and_confidence(scanned):
    doc = scanned.document
    cell = doc.tables["table3"].cells[("granted", "total")]
    loc = cell.location
    assert loc.page == 2 and loc.confidence >= 0.9 and loc.ocr_read == "24"
    x0, top, x1, bottom = loc.bbox
    assert 0 < x0 < x1 <= 596 and 0 < top < bottom <= 842
    assert doc.raw.meta["ocr"]["pages"] == [1, 2, 3]


def test_scanned_pdf_prose_read_in_order(scanned):
    text = scanned.document.text
    assert scanned.document.year == 2023
    assert text.index("一、总体情况") < text.index("二、主动公开政府信息情况") < text.index("六、其他需要报告的事项")
    assert "统计期限自2023年1月1日起至2023年12月31日止" in text.replace(" ", "").replace("\n", "")


def test_json_says_ocr_per_file_and_cell(scanned):
    import jsonschema

    from xxgk_lint.output import RenderOptions, renderer

    data = json.loads(renderer("json")([scanned], RenderOptions()))
    schema = json.loads((Path(__file__).resolve().parents[1] / "linter" / "schemas" /
                         "check-output.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    entry = data["files"][0]
    assert entry["ocr"]["pages"] == [1, 2, 3]
    cell = entry["findings"][0]["cells"][0]
    assert cell["ocr"] is True and 0 < cell["confidence"] <= 1 and "read" in cell
    assert entry["findings"][0]["location"]["ocr"] is True


# ------------------------------------------------------------------ pictures in DOCX, HTML


@pytest.mark.parametrize("which", ["docx_picture", "html_picture"])
def test_table_picture_read_into_the_document(which, text_tables, request):
    result = request.getfixturevalue(which)
    right, total = _cells_right(result.document, text_tables, "table3")
    assert right == total, f"{right}/{total} cells of 表三 read right"
    assert sorted(f.args.get("relation") for f in result.findings) == sorted(EXPECTED_FAILURES)
    cell = result.document.tables["table3"].cells[("granted", "total")]
    assert cell.location.image == 1 and cell.location.confidence is not None
    assert result.document.raw.meta["ocr"]["pictures"] == 1


# ------------------------------------------------------------------ no engine, --ocr off


def test_without_the_engine_a_scan_names_the_extra(monkeypatch):
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    with pytest.raises(InputError) as info:
        read_path(str(OCR / "scanned_2023.pdf"))
    assert info.value.code == "pdf-no-text"
    assert "xxgk-lint[ocr]" in info.value.message and "\n" not in info.value.message


def test_without_the_engine_a_picture_is_a_reader_note(monkeypatch):
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    result = lint_file(str(OCR / "table3_picture.html"))
    notes = [f for f in result.findings if f.code == "INP005"]
    assert len(notes) == 1 and "xxgk-lint[ocr]" in notes[0].message
    assert not [f for f in result.findings if f.code == "ARI001"]


def test_ocr_off_gives_todays_error(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("the engine must not run with --ocr off")

    monkeypatch.setattr(ocr_engine, "recognise", boom)
    with pytest.raises(InputError) as info:
        read_path(str(OCR / "scanned_2023.pdf"), {"ocr": "off"})
    assert info.value.message == "PDF has no text layer (scanned?): OCR it first, or check the Word/WPS original"


def test_text_pdf_never_loads_the_engine(tmp_path):
    """A text PDF reads as before and imports neither the engine nor onnxruntime."""
    script = f"""
import sys
from reportlab.pdfgen import canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
c = canvas.Canvas({str(tmp_path / 'text.pdf')!r})
c.setFont("STSong-Light", 12)
c.drawString(72, 760, "示例局2023年政府信息公开工作年度报告")
c.drawString(72, 740, "一、总体情况")
c.save()
from xxgk_lint.readers import read_path
raw = read_path({str(tmp_path / 'text.pdf')!r}, {{"ocr": "auto"}})
assert "一、总体情况" in raw.text, raw.text
assert "ocr" not in raw.meta
loaded = [m for m in ("rapidocr_onnxruntime", "onnxruntime", "cv2", "xxgk_lint.readers.ocr.engine") if m in sys.modules]
assert not loaded, loaded
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


# --------------------------------------------------------------- the doubt rule (INP007)


@pytest.fixture
def typo_doc(tmp_path):
    """The report with the typo, parsed from text, its cells then marked as OCR'd."""
    path = tmp_path / "report.txt"
    path.write_text((FIXTURES / "clean_2023.txt").read_text(encoding="utf-8").replace(*TYPO), encoding="utf-8")
    doc = parse_file(str(path))
    doc.raw.meta["ocr"] = {"engine": "test", "pages": [1]}
    for cell in doc.tables["table3"].cells.values():
        loc = cell.location
        cell.location = Location(line=loc.line, column=loc.column, confidence=0.99, ocr_read=cell.raw)
    return doc


def _mark(doc, row, col, confidence, alternatives=None):
    cell = doc.tables["table3"].cells[(row, col)]
    cell.location.confidence = confidence
    cell.location.ocr_alternatives = alternatives


def _findings(doc, **options):
    from xxgk_lint.run.engine import lint_document

    return [(f.code, f.args.get("relation")) for f in lint_document(doc, LintOptions(**options))
            if f.code in ("ARI001", "INP007")]


def test_confidently_read_failure_stays_an_error(typo_doc):
    assert sorted(_findings(typo_doc)) == sorted(("ARI001", r) for r in EXPECTED_FAILURES)


def test_low_confidence_cell_makes_the_relation_uncheckable(typo_doc):
    _mark(typo_doc, "granted", "total", 0.42)
    assert sorted(_findings(typo_doc)) == [("INP007", "T3-B:granted"), ("INP007", "T3-C:total")]


def test_second_reading_that_balances_makes_it_uncheckable(typo_doc):
    from xxgk_lint.run.engine import lint_document

    _mark(typo_doc, "granted", "total", 0.95, alternatives=("23",))
    findings = [f for f in lint_document(typo_doc, LintOptions()) if f.code == "INP007"]
    assert len(findings) == 2
    msg = findings[0].message
    assert msg.startswith("无法检查") and "（一）予以公开/总计" in msg and "读作“24”" in msg and "“23”" in msg
    assert findings[0].severity == "warning" and findings[0].args["doubtful_cell"]["alternative"] == 23


def test_unsure_digit_that_cannot_explain_the_difference_keeps_the_error(typo_doc):
    # an unsure 0 could be 6, 8 or 9: none makes 20+2+0+1+0+0 equal 24, so the error stands
    _mark(typo_doc, "granted", "legal_service", 0.7)
    assert ("ARI001", "T3-B:granted") in _findings(typo_doc)


def test_unsure_digit_whose_lookalike_balances_is_doubt(typo_doc):
    # 总计 24 read unsure: 24 -> no lookalike gives 23; but the 2 of 商业企业 read unsure could
    # be a 3 (2/3 are confused), and 20+3+0+1+0+0 = 24 holds
    _mark(typo_doc, "granted", "commercial", 0.7)
    assert ("INP007", "T3-B:granted") in _findings(typo_doc)


def test_finder_suspect_with_a_confusable_digit_is_doubt_even_when_read_surely(tmp_path):
    """总计 28 for 23 (8/3 are confused): the finder's single suspect, read at 0.99, still doubt."""
    path = tmp_path / "report.txt"
    path.write_text((FIXTURES / "clean_2023.txt").read_text(encoding="utf-8").replace(
        TYPO[0], TYPO[0][:-2] + "28"), encoding="utf-8")
    doc = parse_file(str(path))
    doc.raw.meta["ocr"] = {"engine": "test", "pages": [1]}
    for cell in doc.tables["table3"].cells.values():
        loc = cell.location
        cell.location = Location(line=loc.line, column=loc.column, confidence=0.99, ocr_read=cell.raw)
    assert sorted(_findings(doc)) == [("INP007", "T3-B:granted"), ("INP007", "T3-C:total")]


def test_doubt_is_dropped_when_inp007_is_not_selected(typo_doc):
    _mark(typo_doc, "granted", "total", 0.42)
    assert _findings(typo_doc, select=["ARI001"]) == []


# ------------------------------------------------------------------------- layout steps


def _box(x, y, w, h, text, conf=0.99, slope=0.0):
    dy = slope * w
    return ocr_engine.Box(quad=[(x, y), (x + w, y + dy), (x + w, y + h + dy), (x, y + h)], text=text, confidence=conf)


def test_skew_measured_from_long_boxes():
    boxes = [_box(100, 100 + 40 * i, 600, 30, "政府信息公开工作年度报告", slope=0.02) for i in range(5)]
    assert layout.skew_angle(boxes) == pytest.approx(1.146, abs=0.01)
    assert layout.skew_angle([_box(100, 100, 20, 30, "0")]) == 0.0


def test_numbers_on_a_baseline_become_a_row_without_rules():
    from PIL import Image

    boxes = [_box(100, 200, 200, 30, "（一）予以公开"), _box(420, 204, 20, 28, "2O"),
             _box(500, 202, 14, 28, "l"), _box(580, 203, 14, 28, "0"), _box(100, 300, 300, 30, "二、主动公开")]
    lines = layout.lay_out(Image.new("RGB", (800, 600), "white"), boxes)
    assert [ln.is_table_row for ln in lines] == [True, False]
    assert lines[0].text == "（一）予以公开\t20\t1\t0"
    assert lines[0].cells[1].read == "2O"


@pytest.mark.parametrize("text,number", [("12", "12"), ("1,234", "1,234"), ("o", "0"), ("1O", "10"),
                                         ("0°", "0"), ("予以公开", None), ("", None), ("3.5", "3.5")])
def test_as_number_maps_digit_lookalikes_only_in_whole_number_cells(text, number):
    assert layout.as_number(text) == number


def test_html_pictures_come_only_from_data_uris_and_files_beside_the_page(tmp_path):
    from xxgk_lint.readers.html import PagePictures

    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "t3.png").write_bytes(b"PNG!")
    (tmp_path.parent / "outside.png").write_bytes(b"NOPE")
    pictures = PagePictures({}, str(tmp_path / "page.html"))
    assert pictures.fetch("data:image/png;base64,UE5HIQ==") == b"PNG!"
    assert pictures.fetch("page_files/t3.png") == b"PNG!"
    assert pictures.fetch("page_files/t3.png?v=2") == b"PNG!"
    for src in ("http://example.invalid/t3.png", "//example.invalid/t3.png", "../outside.png",
                str(tmp_path.parent / "outside.png"), "file:///etc/passwd", "data:image/png,raw"):
        assert pictures.fetch(src) is None, src


def test_each_ocr_read_is_a_progress_beat_for_the_time_limit(monkeypatch):
    # the per-file --timeout restarts on each page or picture OCR reads (linter/run/heartbeat.py)
    pytest.importorskip("cv2")
    from PIL import Image

    from xxgk_lint.readers import ocr
    from xxgk_lint.run import heartbeat

    monkeypatch.setattr(ocr_engine, "recognise", lambda image: [])
    beats = []
    page = Image.new("RGB", (200, 100), "white")
    with heartbeat.listening(lambda: beats.append(1)):
        ocr.read_image(page)
        ocr.read_image(page)
    ocr.read_image(page)  # nobody listening: nothing happens
    assert len(beats) == 2


@pytest.mark.parametrize("text", ["4 6 12", "0 0 0", "1 O"])
def test_digits_apart_are_not_one_number(text):
    # the boxes of several narrow cells in one grid cell (rules not found): never read as 4612
    assert layout.as_number(text) is None


def test_several_numbers_in_one_box_become_cells_of_a_row_without_rules():
    from xxgk_lint.readers.ocr.engine import Box

    def box(x0, x1, text):
        return Box(quad=[(x0, 100), (x1, 100), (x1, 120), (x0, 120)], text=text, confidence=0.97)

    deskew = layout.Deskew(1000, 1000, 0.0)
    placed = [layout._Placed(b, b.bbox) for b in (box(10, 150, "（一）予以公开"), box(200, 500, "20 1 0 0 21"))]
    lines = layout.baseline_lines(placed, deskew, 20.0)
    assert lines[0].is_table_row and lines[0].text == "（一）予以公开\t20\t1\t0\t0\t21"
    boxes = [c.bbox for c in lines[0].cells[1:]]
    assert all(a[2] <= b[0] for a, b in zip(boxes, boxes[1:]))  # each number its own place, left to right


def test_narrow_single_digit_cells_keep_their_rules():
    # a row of ruled cells one digit wide (about a text height apart) is not taken for a double rule
    np = pytest.importorskip("numpy")
    pytest.importorskip("cv2")
    grey = np.full((200, 700), 255, dtype=np.uint8)
    xs = [20, 120, 220] + list(range(236, 400, 16))  # cells 16 px wide, text 22 px high
    grey[50:52, 20:xs[-1] + 2] = 0
    grey[80:82, 20:xs[-1] + 2] = 0
    for x in xs:
        grey[50:82, x:x + 2] = 0
    bands = layout.grid_bands(grey, 22.0)
    assert len(bands) == 1 and len(bands[0].cuts) == len(xs)


def test_a_box_across_the_rules_of_narrow_cells_is_no_cells_value():
    # the detector took the cells 0|4|6|12 as one box `04612`: no cell may read 4612; the cells it
    # covers are read again alone from their own ink (here: a fake second reader)
    np = pytest.importorskip("numpy")
    pytest.importorskip("cv2")
    from xxgk_lint.readers.ocr.engine import Box

    grey = np.full((120, 400), 255, dtype=np.uint8)
    cuts = [10, 110, 130, 150, 170, 210]
    for i, (x0, x1) in enumerate(zip(cuts, cuts[1:])):
        grey[45:60, x0 + 6:x1 - 6] = 0  # some ink in every cell
    band = layout.Band(top=40, bottom=65, left=10, right=210, cuts=cuts)

    def placed(x0, x1, text):
        b = Box(quad=[(x0, 44), (x1, 44), (x1, 61), (x0, 61)], text=text, confidence=0.99)
        return layout._Placed(b, b.bbox)

    members = [placed(20, 60, "予以公开"), placed(112, 205, "04612")]
    crops = []

    def reread(arrays):
        crops.extend(arrays)
        return [(str(i), 0.98) for i in range(len(arrays))]

    row = layout.band_row(band, members, grey, layout.Deskew(400, 120, 0.0), 20.0, reread)
    assert row.cells[0].text == "予以公开"
    assert all("4612" not in c.text for c in row.cells)
    assert [c.text for c in row.cells[1:]] == ["0", "1", "2", "3"] and len(crops) == 4


def _doubt_table(values: dict, confidence: dict):
    """A minimal table of OCR'd cells for the doubt check: {(row, col): value or None}."""
    from types import SimpleNamespace as NS

    cells = {key: NS(row=key[0], col=key[1], value=v, raw=None if v is None else str(v),
                     location=NS(confidence=confidence.get(key, 0.99), ocr_alternatives=(), ocr_read=None))
             for key, v in values.items()}
    return NS(cells=cells)


def test_an_unsure_total_that_blanks_could_balance_is_a_doubt():
    """Parts 5 and 3 printed, the other parts blank, the total read "4" at confidence 0.8: the
    "9" it may be balances the row with one blank = 1, so the failure is no evidence (INP007),
    although with blanks as 0 it would still fail."""
    from types import SimpleNamespace as NS

    from xxgk_lint.checks.ocrdoubt import doubtful_cell

    values = {("r", "a"): 5, ("r", "b"): 3, ("r", "c"): None, ("r", "total"): 4}
    table = _doubt_table(values, {("r", "total"): 0.8})
    inst = NS(terms=[("r", "a", 1), ("r", "b", 1), ("r", "c", 1), ("r", "total", -1)])
    cell, _loc, alt = doubtful_cell(table, inst, suggestion=None)
    assert (cell.col, alt) == ("total", 9)
    # read surely, the same total is evidence: no doubt
    sure = _doubt_table(values, {})
    assert doubtful_cell(sure, inst, suggestion=None) is None


def _page_ocr(pdf_bytes: bytes):
    from xxgk_lint.readers.pdf.scan import PageOcr
    from xxgk_lint.readers.pdf.source import PdfSource

    source = PdfSource(pdf_bytes, {})
    return source, PageOcr(source, len(source.pdf), {"ocr": "auto"}, "x.pdf")


def test_an_engine_failure_on_a_page_is_a_note_not_a_damaged_file(monkeypatch):
    import xxgk_lint.readers.ocr as ocr

    def boom(image, reread=True):
        raise RuntimeError("onnxruntime: bad input")

    monkeypatch.setattr(ocr, "read_image", boom)
    monkeypatch.setattr(ocr_engine, "available", lambda: True)
    source, scans = _page_ocr((OCR / "scanned_2023.pdf").read_bytes())
    try:
        assert scans.read(0) == [] and scans.failed == [1]
        (note,) = source.notes
        assert note["code"] == "ocr-failed" and note["page"] == 1
    finally:
        source.close()


def test_an_engine_failure_on_a_picture_is_a_note(monkeypatch):
    import xxgk_lint.readers.ocr as ocr

    def boom(image, reread=True):
        raise RuntimeError("onnxruntime: bad input")

    monkeypatch.setattr(ocr, "read_image", boom)
    result = lint_file(str(OCR / "table3_picture.html"))
    assert result.error is None
    notes = [f for f in result.findings if f.code == "INP005"]
    assert notes and all("未作检查" in f.message for f in notes)
    assert not [f for f in result.findings if f.code == "ARI001"]


def test_a_huge_page_is_rendered_within_the_pixel_cap(monkeypatch):
    """A page may be up to 200 inches: OCR renders it at most MAX_SIDE pixels a side, and the
    boxes still come back in page units."""
    import io

    from reportlab.pdfgen import canvas

    import xxgk_lint.readers.ocr as ocr
    from xxgk_lint.readers.pdf.scan import MAX_SIDE

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(9000, 6000))
    c.rect(100, 100, 8000, 5000, fill=1)
    c.save()
    seen = []
    monkeypatch.setattr(ocr, "read_image", lambda image, reread=True: seen.append(image.size) or [])
    monkeypatch.setattr(ocr_engine, "available", lambda: True)
    source, scans = _page_ocr(buf.getvalue())
    try:
        assert scans.read(0) == []
    finally:
        source.close()
    assert seen and max(seen[0]) <= MAX_SIDE and max(seen[0]) >= MAX_SIDE - 2
