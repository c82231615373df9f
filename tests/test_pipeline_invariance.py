"""Every rendering of one report reads the same: tables (every cell) and findings.

The renderings in tests/fixtures/pipeline/<report>/ were made once by make_pipeline.py (see its
docstring) along the paths published reports take: Word DOCX, LibreOffice PDF, the web page,
Chromium's print-to-PDF, pdftotext -layout/-raw of both PDFs, the page's text on one line,
LibreOffice's DOCX to plain text. They
include 表三 broken across pages (a page-number footer and the running header between its rows),
rows printed blank instead of zero, and a misprinted total.

One report (blank_cells) prints every zero cell blank, so most rows of 表三 keep only some of
their seven values: where a rendering still shows where each value stands (the PDFs, the web
page, the Word file, `pdftotext -layout`) every cell reads as in the Word file; where it does not
(`pdftotext -raw`, text on one line, LibreOffice's plain text), those rows cannot be placed and
must be reported as unreadable, never guessed."""
from __future__ import annotations

from pathlib import Path

import pytest

from xxgk_lint.run.engine import lint_document, parse_file

PIPELINE = Path(__file__).parent / "fixtures" / "pipeline"
REPORTS = sorted(p.name for p in PIPELINE.iterdir() if p.is_dir())
RENDERINGS = ["lo.pdf", "web.pdf", "report.html", "docx.txt", "lo.layout.txt", "lo.raw.txt", "web.layout.txt",
              "web.raw.txt", "web.oneline.txt"]


def _read(path: Path) -> tuple:
    doc = parse_file(str(path))
    cells = {(key, row, col): cell.value for key, table in doc.tables.items()
             for (row, col), cell in table.cells.items()}
    unreadable = sorted((key, u[0], u[1]) for key, table in doc.tables.items() for u in table.unreadable)
    findings = sorted((f.code, f.severity, f.table or "", str(f.section or ""),
                       tuple(sorted((c.get("row"), c.get("col")) for c in (f.to_json().get("cells") or []))))
                      for f in lint_document(doc))
    return cells, unreadable, findings


@pytest.fixture(scope="module")
def reference():
    return {name: _read(PIPELINE / name / "report.docx") for name in REPORTS}


def test_the_reference_reads_every_cell(reference):
    for name, (cells, unreadable, _findings) in reference.items():
        assert not unreadable, name
        # 表二 8 + 表三 25x7 + 表四 15 cells
        assert len(cells) == 8 + 25 * 7 + 15 + 2, name


def test_the_misprinted_total_is_an_error_and_blank_rows_are_blank(reference):
    _cells, _u, findings = reference["typo_total"]
    errors = [f for f in findings if f[1] == "error"]
    assert errors and all(f[0].startswith("ARI") and f[2] == "table3" for f in errors)
    cells, _u, findings = reference["blank_rows"]
    assert not [f for f in findings if f[1] == "error"]
    assert cells[("table3", "declined_excessive", "total")] is None


# renderings that keep no trace of a value's column: a row with blank cells inside cannot be placed
POSITIONLESS = {"docx.txt", "lo.raw.txt", "web.raw.txt", "web.oneline.txt"}
BLANK_INSIDE_ROWS = {"blank_cells"}


# (rows with blank cells inside, in a rendering without positions, are test_unplaceable_rows_are_unread)
@pytest.mark.parametrize("report,rendering", [(r, n) for r in REPORTS for n in RENDERINGS
                                              if not (r in BLANK_INSIDE_ROWS and n in POSITIONLESS)])
def test_every_rendering_reads_like_the_docx(reference, report, rendering):
    cells, unreadable, findings = _read(PIPELINE / report / rendering)
    ref_cells, ref_unreadable, ref_findings = reference[report]
    diff = {k: (ref_cells.get(k), cells.get(k)) for k in set(cells) | set(ref_cells)
            if ref_cells.get(k, "missing") != cells.get(k, "missing")}
    assert not diff, f"{report}/{rendering}: {sorted(diff.items())[:5]}"
    assert unreadable == ref_unreadable
    assert findings == ref_findings


@pytest.mark.parametrize("report", sorted(BLANK_INSIDE_ROWS))
@pytest.mark.parametrize("rendering", sorted(POSITIONLESS))
def test_unplaceable_rows_are_unread_never_guessed(reference, report, rendering):
    cells, unreadable, findings = _read(PIPELINE / report / rendering)
    ref_cells, _ref_unreadable, _ref_findings = reference[report]
    wrong = {k: (ref_cells.get(k), v) for k, v in cells.items() if ref_cells.get(k, "missing") != v}
    assert not wrong, f"{report}/{rendering}: {sorted(wrong.items())[:5]}"
    missing = sorted(k for k in ref_cells if k not in cells)
    assert missing == sorted(set(unreadable) & set(missing)) == sorted(set(unreadable))
    assert not [f for f in findings if f[1] == "error"]
    assert any(f[0].startswith("INP") for f in findings)  # the clerk is told what was not checked
