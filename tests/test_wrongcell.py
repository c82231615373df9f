"""The wrong-cell finder (linter/checks/wrongcell.py) and its suggestion on ARI001 findings: a change of one
表三 cell is traced back to exactly that cell and its original value, for every cell of the
table; 表四 blocks give several equal candidates; two changes are not a single typo. The extracted
values are never altered. Also the Chinese numerals of linter/document/numerals.py."""
from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, by_code, lint_text
from xxgk_lint.run.engine import parse_file
from xxgk_lint.document.numerals import chinese_to_int, parse_number
from xxgk_lint.document.packs import load_pack
from xxgk_lint.checks.wrongcell import evidence, find

CLEAN = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


# ----------------------------------------------------------------------------- numerals
@pytest.mark.parametrize("text,value", [
    ("二十三", 23), ("十三", 13), ("十", 10), ("一百零五", 105), ("一百一十", 110), ("两千", 2000),
    ("三十五万", 350000), ("一万零五百", 10500), ("一百万", 1000000), ("〇", 0), ("零", 0), ("两", 2),
    ("二〇二四", 2024), ("一九九九", 1999), ("一〇五", 105),
    ("749", 749), ("1,295", 1295), ("１２９５", 1295), ("4068.208", 4068.208),
])
def test_numbers_are_read(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["三五", "七八", "十几", "数十", "百", "一千二", "二百五", "一万二", "零五", "二〇", "", "12a"])
def test_approximations_and_shorthand_are_not_numbers(text):
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=99_999_999))
@settings(max_examples=300, deadline=None)
def test_chinese_numerals_round_trip(n):
    assert chinese_to_int(_to_chinese(n)) == n


def _to_chinese(n: int) -> str:
    """A standard Chinese numeral for n (written here independently of the parser)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def below_10000(v: int, leading: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = v // unit % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero and (out or not leading):
                out += "零"
            zero = False
            out += ("" if (d == 1 and unit == 10 and not out and leading) else digits[d]) + name
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return below_10000(low, True)
    text = below_10000(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low, True)
    return text


# ------------------------------------------------------------------------------ finder
def _table3_lines(text):
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("四、结转下年度"))
    return lines, [i for i in range(start, end + 1) if re.search(r"( \d+){7}$", lines[i])]


def _mutate(text, line_no, col_index, new_value):
    lines = text.split("\n")
    parts = lines[line_no].split(" ")
    values = parts[-7:]
    values[col_index] = str(new_value)
    lines[line_no] = " ".join(parts[:-7] + values)
    return "\n".join(lines)


def _doc(tmp_path, text, name="report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(str(path))


def test_clean_table_needs_no_suggestion(tmp_path):
    doc = _doc(tmp_path, CLEAN)
    pack = load_pack("2021")
    assert find(doc.tables["table3"], pack) is None
    assert find(doc.tables["table4"], pack) is None


def test_every_single_table3_cell_change_is_traced_back(tmp_path):
    """Change each cell of 表三 in turn (+3): the finder names exactly that cell, with the printed
    (changed) value and the original value as the one that balances the table."""
    from xxgk_lint.document.relations import layout_rows

    pack = load_pack("2021")
    lines, rows = _table3_lines(CLEAN)
    keys = layout_rows(_doc(tmp_path, CLEAN).tables["table3"], pack)
    assert len(rows) == len(keys) == 25
    checked = 0
    for row_key, line_no in zip(keys, rows):
        original = lines[line_no].split(" ")[-7:]
        for col_index, col in enumerate(COLS):
            old = int(original[col_index])
            text = _mutate(CLEAN, line_no, col_index, old + 3)
            doc = _doc(tmp_path, text)
            table = doc.tables["table3"]
            found = find(table, pack)
            assert found is not None and found.kind == "single-cell", (lines[line_no], col)
            (fix,) = found.fixes
            assert (fix.row, fix.col, fix.printed, fix.suggested) == (row_key, col, old + 3, old)
            assert table.cells[(fix.row, fix.col)].value == old + 3  # never altered
            checked += 1
    assert checked == 25 * 7


def test_suggestion_on_the_ari001_findings(tmp_path):
    text = CLEAN.replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 5 0 0 0 1 0 6",
                         "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 7 0 0 0 1 0 6")
    result = lint_text(tmp_path, text)
    ari = by_code(result, "ARI001")
    assert sorted(f.args["relation"] for f in ari) == ["T3-B:partly_granted", "T3-C:natural_person"]
    for f in ari:
        s = f.suggestion
        assert s["kind"] == "single-cell"
        assert s["cells"] == [{"row": "partly_granted", "col": "natural_person", "printed": 7, "suggested": 5}]
        assert "（二）部分公开/自然人" in s["text"] and "7" in s["text"] and "5" in s["text"]
        assert "所在行" in s["text"] and "所在列" in s["text"]
    assert result.document.tables["table3"].value("partly_granted", "natural_person") == 7
    assert ari[0].suggestion is not ari[1].suggestion  # each finding has its own copy


def test_json_and_text_output_carry_the_suggestion(tmp_path):
    from xxgk_lint.output import RenderOptions, renderer

    text = CLEAN.replace("一、本年新收政府信息公开申请数量 40 3 0 1 2 0 46", "一、本年新收政府信息公开申请数量 40 3 0 1 2 0 47")
    result = lint_text(tmp_path, text)
    data = [f.to_json() for f in by_code(result, "ARI001")]
    assert data and all(d["suggestion"]["cells"] == [{"row": "received_new", "col": "total", "printed": 47, "suggested": 46}]
                        for d in data)
    out = renderer("text")([result], RenderOptions())
    assert out.count("建议：“一、本年新收政府信息公开申请数量/总计”印为47；若为46") == len(data)
    assert "勾稽关系" in out


def test_table4_block_has_several_equal_candidates(tmp_path):
    text = CLEAN.replace("2 1 0 1 4 1 0 0 1 2 0 0 0 0 0", "2 1 0 1 5 1 0 0 1 2 0 0 0 0 0")
    (f,) = by_code(lint_text(tmp_path, text), "ARI001")
    s = f.suggestion
    assert s["kind"] == "several"
    assert [(c["col"], c["printed"], c["suggested"]) for c in s["cells"]] == [
        ("upheld", 2, 3), ("corrected", 1, 2), ("other", 0, 1), ("pending", 1, 2), ("total", 5, 4)]
    assert "5个单元格" in s["text"]


def test_two_changes_are_not_a_single_typo(tmp_path):
    text = CLEAN.replace("（一）予以公开 20 2 0 1 0 0 23", "（一）予以公开 21 2 0 1 0 0 24")
    ari = by_code(lint_text(tmp_path, text), "ARI001")
    assert ari and all(f.suggestion["kind"] == "none" and f.suggestion["cells"] == [] for f in ari)
    assert "不能用单个单元格" in ari[0].suggestion["text"]
    assert ari[0].suggestion["min_cells"] == 2


def test_a_fix_must_give_a_count(tmp_path):
    """The only cell that could balance the table would have to become negative: no single fix."""
    text = CLEAN.replace("3.其他 1 0 0 0 0 0 1", "3.其他 1 0 0 0 0 0 0")  # total 0, row needs 1
    text = text.replace("（七）总计 42 3 0 1 2 0 48", "（七）总计 42 3 0 1 2 0 47")
    text = text.replace("四、结转下年度继续办理 3 0 0 0 1 0 4", "四、结转下年度继续办理 3 0 0 0 1 0 5")
    ari = by_code(lint_text(tmp_path, text), "ARI001")
    assert ari and ari[0].suggestion["kind"] == "none"


def test_blank_cells_are_free_unknowns_and_used_instances_no_evidence(tmp_path):
    """A relation with a blank cell is evidence with the blank as an unknown count ≥ 0 (it can
    still hold); one the reader used to split digits is none."""
    pack = load_pack("2021")
    text = CLEAN.replace("（一）予以公开 20 2 0 1 0 0 23", "（一）予以公开 20 2 / 1 0 0 23")
    table = _doc(tmp_path, text).tables["table3"]
    by_id = {con.instance.id: con for con in evidence(table, pack)}
    assert by_id["T3-B:granted"].blanks == [("granted", "research")]
    assert by_id["T3-B:granted"].satisfiable and by_id["T3-C:research"].satisfiable
    assert not by_id["T3-C:natural_person"].blanks
    table = copy.copy(_doc(tmp_path, CLEAN).tables["table3"])
    table.used_relations = {"T3-B:granted"}
    assert "T3-B:granted" not in {con.instance.id for con in evidence(table, pack)}


def test_used_relation_failure_is_no_evidence(tmp_path):
    """A failing instance the reader used to split digits is not evidence: nothing is proposed."""
    pack = load_pack("2021")
    text = CLEAN.replace("（一）予以公开 20 2 0 1 0 0 23", "（一）予以公开 20 2 0 1 0 0 24")
    table = _doc(tmp_path, text).tables["table3"]
    assert find(table, pack).kind == "single-cell"
    table.used_relations = {"T3-B:granted", "T3-C:total"}
    assert find(table, pack) is None


def test_corpus_tables_need_no_suggestion():
    from conftest import CORPUS, need_shared

    need_shared(CORPUS / "labels.json")
    for path in sorted(CORPUS.glob("*")):
        if path.name in ("README.md", "labels.json"):
            continue
        doc = parse_file(str(path))
        if doc.edition not in ("2019", "2021"):
            continue
        pack = load_pack(doc.edition)
        for key in ("table3", "table4"):
            if key in doc.tables:
                assert find(doc.tables[key], pack) is None, (path.name, key)


def test_single_other_row_layout(tmp_path):
    """A 2021 report printing （六）其他处理 as one row (the 2019 layout) is searched with that row."""
    start, end = CLEAN.index("（六）其他处理"), CLEAN.index("（七）总计")
    text = CLEAN[:start] + "（六）其他处理 3 0 0 0 0 0 2\n" + CLEAN[end:]
    ari = by_code(lint_text(tmp_path, text), "ARI001")
    assert sorted(f.args["relation"] for f in ari) == ["T3-B:other", "T3-C:natural_person"]
    assert all(f.suggestion["cells"] == [{"row": "other", "col": "natural_person", "printed": 3, "suggested": 2}]
               for f in ari)
