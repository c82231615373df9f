"""Blank table cells are unknown counts ≥ 0 (spec X-12, issue 9 item 1): a relation that no
non-negative values of its blanks can satisfy is an ARI001 error "whatever the blank cells are",
with the bound as expected; one the blanks could satisfy is not judged (ARI002 names the blanks).
The wrong-cell finder works on such tables: one changed printed cell in a 2019-edition table with
over a hundred blanks is named alone, with its original value."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import blank_reports
from conftest import FIXTURES, by_code, lint_text
from xxgk_lint.checks.wrongcell import evidence, find
from xxgk_lint.document.packs import load_pack
from xxgk_lint.run.engine import parse_file

CLEAN = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
COLS = blank_reports.COLS
PRINTED = [(row, ci) for row, values in blank_reports.T3.items() for ci, v in enumerate(values) if v is not None]


def _lint_page(tmp_path, t3=None, t4=None, **kw):
    return lint_text(tmp_path, blank_reports.report(t3=t3, t4=t4, **kw), name="report.html")


def _table(tmp_path, t3=None, t4=None, key="table3"):
    path = tmp_path / "report.html"
    path.write_text(blank_reports.report(t3=t3, t4=t4), encoding="utf-8")
    return parse_file(str(path)).tables[key]


# --------------------------------------------------------------------- the report as published
def test_blank_report_has_over_a_hundred_blanks_and_no_error(tmp_path):
    result = _lint_page(tmp_path)
    assert result.document.edition == "2019"
    table = result.document.tables["table3"]
    assert sum(1 for c in table.cells.values() if c.value is None) > 100
    assert not by_code(result, "ARI001")
    (blank3,) = [f for f in by_code(result, "ARI002") if f.table == "table3"]
    assert blank3.args["blank"] > 100
    assert find(table, load_pack("2019")) is None


# ------------------------------------------------------------------------ errors it must find
def test_258_to_259_is_found_and_named_alone(tmp_path):
    """The issue's example: 本年新收/自然人 258 printed as 259 in a table with 106 blanks."""
    t3, _ = blank_reports.tables()
    assert t3["received_new"][0] == 258
    t3["received_new"][0] = 259
    result = _lint_page(tmp_path, t3)
    ari = by_code(result, "ARI001")
    assert sorted(f.args["relation"] for f in ari) == ["T3-A:natural_person", "T3-B:received_new"]
    row = next(f for f in ari if f.args["relation"] == "T3-B:received_new")
    assert "无论空白单元格填何数值" in row.message
    assert row.args["expected"] == ">= 294" and row.args["found"] == 293 and row.args["bound"] == ">="
    # the one wrong cell first (the finding's place), then the other filled cells involved; never the blanks
    assert [(c["row"], c["col"]) for c in row.cells] == [("received_new", "natural_person"), ("received_new", "total"),
                                                         ("received_new", "commercial"), ("received_new", "legal_service")]
    assert row.message.startswith("表三“一、本年新收政府信息公开申请数量/自然人”印为259，应为258：")
    for f in ari:
        assert f.suggestion["kind"] == "single-cell"
        assert f.suggestion["cells"] == [{"row": "received_new", "col": "natural_person", "printed": 259, "suggested": 258}]
    assert by_code(result, "ARI002")  # the blanks themselves are still reported


@pytest.mark.parametrize("row,ci", PRINTED, ids=[f"{r}/{COLS[c]}" for r, c in PRINTED])
def test_every_printed_cell_one_too_high_is_named_alone(tmp_path, row, ci):
    """Every printed cell of the blank table, raised by one: the parts of its row (and the
    outcomes of its column) then add up to more than a printed total, which no blanks can mend;
    the finder names exactly that cell and its printed value."""
    t3, _ = blank_reports.tables()
    original = t3[row][ci]
    t3[row][ci] = original + 1
    result = _lint_page(tmp_path, t3)
    ari = by_code(result, "ARI001")
    assert ari, (row, COLS[ci])
    for f in ari:
        assert f.suggestion["kind"] == "single-cell", f.suggestion["text"]
        (fix,) = f.suggestion["cells"]
        assert (fix["row"], fix["col"], fix["printed"], fix["suggested"]) == (row, COLS[ci], original + 1, original)
        if "range" in fix:  # blanks on both sides of a relation leave the value a range
            low, high = fix["range"]
            assert low <= original and (high is None or original <= high)
        assert any(c["row"] == row and c["col"] == COLS[ci] for c in f.cells)


def test_filled_outcomes_above_the_printed_results_total(tmp_path):
    """（七）总计/商业企业 printed 30 while the filled outcomes of the column add up to 31."""
    t3, _ = blank_reports.tables()
    t3["results_total"][1] = 30
    ari = by_code(_lint_page(tmp_path, t3), "ARI001")
    col = next(f for f in ari if f.args["relation"] == "T3-C:commercial")
    assert col.args["expected"] == ">= 31" and col.args["found"] == 30
    assert "无论空白单元格填何数值" in col.message and "“商业企业”一列" in col.message
    assert (col.cells[0]["row"], col.cells[0]["col"]) == ("results_total", "commercial")
    assert all(c["value"] is not None for c in col.cells)


def test_table4_block_with_a_blank_over_its_total(tmp_path):
    _, t4 = blank_reports.tables()
    t4[4] = 4  # 行政复议 总计 4 while 3 + 1 + blank + 1 ≥ 5
    (f,) = by_code(_lint_page(tmp_path, t4=t4), "ARI001")
    assert f.table == "table4" and f.args["expected"] == ">= 5" and f.args["found"] == 4
    assert f.suggestion["kind"] == "several"
    total = next(c for c in f.suggestion["cells"] if c["col"] == "total")
    assert total["suggested"] == 5 and total["range"] == [5, None]


def test_blank_on_the_total_side_bounds_the_other_way(tmp_path):
    """T3-A with 结转下年度 blank: the printed outcomes and carried-forward already exceed what
    本年新收 + 上年结转 (all printed) can give."""
    text = CLEAN.replace("四、结转下年度继续办理 3 0 0 0 1 0 4", "四、结转下年度继续办理 3 0 0 0 1 0 /")
    text = text.replace("一、本年新收政府信息公开申请数量 40 3 0 1 2 0 46", "一、本年新收政府信息公开申请数量 40 3 0 1 2 0 41")
    ari = by_code(lint_text(tmp_path, text), "ARI001")
    col = next(f for f in ari if f.args["relation"] == "T3-A:total")
    assert col.args["bound"] == "<=" and col.args["expected"] == "<= 47" and col.args["found"] == 48
    assert "无论空白单元格填何数值" in col.message


# --------------------------------------------------------------------- what it must not judge
@pytest.mark.parametrize("row,ci", [("granted", 0), ("unable_not_held", 1), ("declined_confirmation", 4)])
def test_a_part_one_too_low_is_not_judged_where_blanks_could_make_it_up(tmp_path, row, ci):
    """A part lowered by one: a blank of its row and one of its column could hold the missing
    one, so no relation is provably wrong (the relations are judged one at a time)."""
    t3, _ = blank_reports.tables()
    t3[row][ci] -= 1
    result = _lint_page(tmp_path, t3)
    assert not by_code(result, "ARI001")
    assert by_code(result, "ARI002")


def test_parts_below_the_total_are_not_judged(tmp_path):
    text = CLEAN.replace("4.保护第三方合法权益 2 0 0 0 0 0 2", "4.保护第三方合法权益 / 0 0 0 0 0 2")
    result = lint_text(tmp_path, text)
    assert not by_code(result, "ARI001")
    assert by_code(result, "ARI002")[0].args["blank"] == 1


def test_blank_totals_of_sub_rows_are_not_judged(tmp_path):
    """Shanghai-style: 总计 filled only on some rows; the blank totals hide non-zero counts."""
    text = CLEAN
    for label in ("（一）予以公开", "4.保护第三方合法权益", "1.本机关不掌握相关政府信息", "2.重复申请"):
        text = re.sub(rf"^({re.escape(label)}(?: \d+){{6}}) \d+$", r"\1 /", text, flags=re.M)
    result = lint_text(tmp_path, text)
    assert not by_code(result, "ARI001")
    assert by_code(result, "ARI002")[0].args["blank"] == 4


@given(st.sets(st.tuples(st.integers(0, 24), st.integers(0, 6)), max_size=60))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_blanking_cells_of_a_balanced_table_never_gives_an_error(tmp_path, blanked):
    """Any set of cells of a balanced table left blank (whatever they hid): never ARI001, and the
    finder proposes nothing."""
    lines = CLEAN.split("\n")
    rows = [i for i, ln in enumerate(lines) if re.search(r"( \d+){7}$", ln) and not ln.startswith("2 1 0")]
    assert len(rows) == 25
    for r, c in blanked:
        parts = lines[rows[r]].split(" ")
        parts[len(parts) - 7 + c] = "/"
        lines[rows[r]] = " ".join(parts)
    result = lint_text(tmp_path, "\n".join(lines))
    assert not by_code(result, "ARI001")
    assert find(result.document.tables["table3"], load_pack("2021")) is None


@given(st.sets(st.tuples(st.integers(0, 24), st.integers(0, 6)), min_size=20, max_size=90),
       st.integers(0, 24), st.integers(0, 6), st.sampled_from([1, 2, 5, -1, -3]))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_changed_cell_is_always_among_the_candidates(tmp_path, blanked, row, col, delta):
    """Blanks anywhere (some hiding non-zero counts) and one printed cell changed: when ARI001
    fires, the changed cell is among the cells the finder names (alone or with others)."""
    lines = CLEAN.split("\n")
    rows = [i for i, ln in enumerate(lines) if re.search(r"( \d+){7}$", ln) and not ln.startswith("2 1 0")]
    if (row, col) in blanked:
        return
    parts = lines[rows[row]].split(" ")
    old = int(parts[len(parts) - 7 + col])
    if old + delta < 0:
        return
    parts[len(parts) - 7 + col] = str(old + delta)
    lines[rows[row]] = " ".join(parts)
    for r, c in blanked:
        parts = lines[rows[r]].split(" ")
        parts[len(parts) - 7 + c] = "/"
        lines[rows[r]] = " ".join(parts)
    result = lint_text(tmp_path, "\n".join(lines))
    ari = by_code(result, "ARI001")
    if not ari:
        return
    s = ari[0].suggestion
    named = [(c["row"], c["col"]) for c in s["cells"]]
    keys = list(result.document.tables["table3"].cells)
    key = sorted({k[0] for k in keys}, key=lambda r: [k[0] for k in keys].index(r))[row]
    assert s["kind"] in ("single-cell", "several"), s["text"]
    assert (key, COLS[col]) in named or re.search(r"另有\d+个单元格", s["text"]), s["text"]


def test_evidence_keeps_relations_with_blanks(tmp_path):
    table = _table(tmp_path)
    cons = {c.instance.id: c for c in evidence(table, load_pack("2019"))}
    assert cons["T3-B:received_new"].blanks and cons["T3-B:received_new"].satisfiable
    assert all(c.satisfiable for c in cons.values())


def test_html_report_shows_the_range_the_blanks_leave(tmp_path):
    from xxgk_lint.output import RenderOptions, renderer

    _, t4 = blank_reports.tables()
    t4[4] = 4
    page = renderer("html")([_lint_page(tmp_path, t4=t4)], RenderOptions())
    assert 'data-expected="≥5"' in page and 'data-expected="≤2"' in page
