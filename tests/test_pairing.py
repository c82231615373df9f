"""Pairing reports with last year's report of the same agency (linter/run/pairing.py): agency names
normalised, consecutive years only, stable choice among duplicates, and the facts a worker
extracts (values, whether the reader was sure of them, sentences with the years abstracted)."""
from __future__ import annotations

import pickle
import random

import pytest

from batch_support import report, write
from conftest import CORPUS, need_shared
from xxgk_lint.run.engine import parse_file
from xxgk_lint.document.model import Cell, Table
from xxgk_lint.run.pairing import (FactCell, YearFacts, _fact_cells, agency_key, comparable, pair_reports,
                            sentence_key, year_facts)


@pytest.mark.parametrize("name, key", [
    ("上海市人民政府办公厅", "上海市人民政府办公厅"),
    ("上海市 人民政府办公厅", "上海市人民政府办公厅"),
    ("上海市人民政府办公厅2023年度", "上海市人民政府办公厅"),
    ("上海市人民政府办公厅2023年政府信息公开工作年度报告", "上海市人民政府办公厅"),
    ("正文2025年上海市人民政府办公厅", "上海市人民政府办公厅"),
    ("（上海市人民政府办公厅）", "上海市人民政府办公厅"),
    ("上海市人民政府办公厅信息公开年度报告", "上海市人民政府办公厅"),
    ("ＡＢＣ区政府", "ABC区政府"),
    ("", ""),
])
def test_agency_key(name, key):
    assert agency_key(name) == key


def facts(path, agency, year, fmt="text"):
    return YearFacts(path=path, agency=agency, agency_key=agency_key(agency), year=year, format=fmt)


def test_consecutive_years_of_one_agency_are_paired():
    f = [facts("a2022.txt", "甲局", 2022), facts("a2023.txt", "甲 局", 2023), facts("b2023.txt", "乙局", 2023)]
    out = pair_reports(f)
    assert out[1].previous == 0 and out[1].previous_path == "a2022.txt" and out[1].reason == ""
    assert out[0].previous is None and "no 2021 report of 甲局" in out[0].reason
    assert out[2].previous is None and "乙局" in out[2].reason


def test_years_that_are_not_consecutive_are_not_paired():
    out = pair_reports([facts("a2021.txt", "甲局", 2021), facts("a2023.txt", "甲局", 2023)])
    assert out[1].previous is None
    assert "no 2022 report" in out[1].reason and "latest earlier one: 2021" in out[1].reason


def test_unknown_agency_year_or_unreadable_file_has_a_reason():
    out = pair_reports([None, facts("x.txt", "", 2023), facts("y.txt", "甲局", None), facts("z.txt", "", 2022)])
    assert [o.previous for o in out] == [None, None, None, None]
    assert out[0].reason == "file could not be read"
    assert out[1].reason.startswith("agency unknown")
    assert out[2].reason == "report year unknown"


def test_duplicates_prefer_the_same_format_then_input_order():
    f = [facts("a2022.pdf", "甲局", 2022, "pdf"), facts("a2022.html", "甲局", 2022, "html"),
         facts("a2023.html", "甲局", 2023, "html"), facts("a2023.txt", "甲局", 2023, "text")]
    out = pair_reports(f)
    assert out[2].previous_path == "a2022.html"
    assert out[3].previous_path == "a2022.pdf"


def test_pairing_does_not_depend_on_input_order():
    f = [facts(f"{a}{y}.txt", a, y) for a in ("甲局", "乙局", "丙局") for y in (2020, 2021, 2022, 2023)]
    expected = {x.path: o.previous_path for x, o in zip(f, pair_reports(f))}
    rng = random.Random(7)
    for _ in range(5):
        shuffled = f[:]
        rng.shuffle(shuffled)
        assert {x.path: o.previous_path for x, o in zip(shuffled, pair_reports(shuffled))} == expected


def test_comparable():
    cur, prev = facts("a2023.txt", "甲局", 2023), facts("a2022.txt", "甲局", 2022)
    assert comparable(cur, prev) == (True, "")
    ok, why = comparable(cur, facts("b2022.txt", "乙局", 2022), asserted=True)
    assert not ok and "agencies differ" in why
    ok, why = comparable(cur, facts("a2021.txt", "甲局", 2021), asserted=True)
    assert not ok and "not consecutive" in why
    anonymous = facts("x2022.txt", "", 2022)
    assert comparable(cur, anonymous)[0] is False
    assert comparable(cur, anonymous, asserted=True) == (True, "")  # --previous: the user says so


def test_year_facts_of_a_report(tmp_path):
    path = write(tmp_path, "r.txt", report("样例县统计局", 2023, carried_over=3, carried_forward=2, normative=(2, 1, 9)))
    f = year_facts(parse_file(str(path)))
    assert (f.agency, f.agency_key, f.year, f.edition) == ("样例县统计局", "样例县统计局", 2023, "2021")
    assert f.cell("table3", "carried_over", "natural_person").value == 3
    assert f.cell("table3", "carried_forward", "total").value == 2
    assert f.cell("table3", "carried_over", "total").certain
    assert f.cell("table3", "carried_over", "total").location.line is not None
    assert [f.cell("table2", "normative_documents", c).value for c in ("issued", "repealed", "in_force")] == [2, 1, 9]
    # prose of sections 1, 5 and 6, never the table sections, years as placeholders
    assert {s.section for s in f.sentences} <= {1, 5, 6}
    assert any(s.key.startswith("〈Y〉年本单位") for s in f.sentences)
    assert any("〈Y+1〉年将实行" in s.key for s in f.sentences)
    # small and picklable: this is what a worker sends back
    assert len(pickle.dumps(f)) < 20_000


def test_report_without_title_has_no_agency(tmp_path):
    path = write(tmp_path, "r.txt", report(year=2023, title=False))
    f = year_facts(parse_file(str(path)))
    assert f.year == 2023 and f.agency == "" and f.agency_key == ""


def test_sentence_key_abstracts_only_the_report_years():
    a = sentence_key("2023年，我局发布信息120条；2024年将继续。", 2023)
    b = sentence_key("2022年， 我局发布信息120条；2023年将继续。", 2022)
    assert a == b
    assert sentence_key("2022年，我局发布信息121条", 2022) != sentence_key("2023年，我局发布信息120条", 2023)
    assert "2015" in sentence_key("自2015年起施行", 2023)


def _cell(row, col, value, raw):
    return Cell(row=row, col=col, value=value, raw=raw)


def test_values_chosen_by_a_relation_are_not_certain():
    table = Table(key="table3")
    cols = ("natural_person", "total")
    for col, raw in zip(cols, ("12", "12")):
        table.cells[("carried_over", col)] = _cell("carried_over", col, int(raw), raw)
    for col, raw in zip(cols, ("1", "1")):
        table.cells[("carried_forward", col)] = _cell("carried_forward", col, int(raw), raw)
    table.used_relations = {"T3-A:natural_person", "T3-A:total"}
    out = _fact_cells(table, {"carried_over": cols, "carried_forward": cols})
    assert not out["carried_over"]["natural_person"].certain  # "1212" split by a relation
    assert out["carried_forward"]["natural_person"].certain  # single digits: only one split
    table.used_relations = {"T3-B:carried_over"}
    out = _fact_cells(table, {"carried_over": cols})
    assert not out["carried_over"]["total"].certain
    table.used_relations = set()
    table.unreadable = [("carried_over", "total", "unreadable", None)]
    out = _fact_cells(table, {"carried_over": cols})
    assert "total" not in out["carried_over"] and out["carried_over"]["natural_person"].certain


def test_fact_cell_defaults():
    assert FactCell(value=1).certain


def test_pingtan_reports_without_title_are_not_paired_automatically():
    files = [need_shared(CORPUS / f) for f in ("010_pingtan_2021.txt", "011_pingtan_2022.txt", "012_pingtan_2023.txt")]
    f = [year_facts(parse_file(str(p))) for p in files]
    assert [x.year for x in f] == [2021, 2022, 2023]
    out = pair_reports(f)
    assert all(o.previous is None and o.reason.startswith("agency unknown") for o in out)
    # with --previous the user asserts the pair: the years are consecutive, so they are compared
    assert comparable(f[1], f[0], asserted=True) == (True, "")
