"""End to end on a PDF: a misprinted 表三 cell in a published-style PDF gives ARI001 findings
that point at the page and box of the printed cells, and the wrong-cell finder names the cell."""
from __future__ import annotations

from conftest import FIXTURES, by_code
from xxgk_lint.run.engine import LintOptions, lint_file


def test_misprinted_cell_is_found_on_its_page():
    result = lint_file(str(FIXTURES / "pdf" / "typo_stsong.pdf"), LintOptions(select=["ARI"]))
    findings = by_code(result, "ARI001")
    assert sorted(f.args["relation"] for f in findings) == ["T3-B:unable_not_held", "T3-C:total"]
    row = next(f for f in findings if f.args["relation"] == "T3-B:unable_not_held")
    cell = result.document.tables["table3"].cells[("unable_not_held", "total")]
    assert (row.args["expected"], row.args["found"]) == (10, 11)
    assert row.location.page == cell.location.page == 1
    x0, top, x1, bottom = row.location.bbox
    assert x0 < x1 and top < bottom and x1 - x0 < 30  # the box of the printed "11", not of the line
    # the column's relation fails at （七）总计 on page 2, but the cell to fix is on page 1: both
    # findings point at the misprinted cell, the column total is only related
    column = next(f for f in findings if f.args["relation"] == "T3-C:total")
    assert column.location == row.location
    total = result.document.tables["table3"].cells[("results_total", "total")]
    assert total.location.page == 2
    assert [r["role"] for r in column.related if (r["row"], r["col"]) == ("results_total", "total")] == ["total"]
    for f in findings:
        assert f.suggestion["kind"] == "single-cell"
        assert f.suggestion["cells"] == [{"row": "unable_not_held", "col": "total", "printed": 11, "suggested": 10}]


def test_the_same_pdf_without_the_misprint_is_clean():
    result = lint_file(str(FIXTURES / "pdf" / "split_stsong.pdf"), LintOptions(select=["ARI"]))
    assert result.findings == []
