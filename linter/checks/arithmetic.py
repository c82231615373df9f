"""Arithmetic rules: the relations of the rule pack (表三 T3-A/B/C, 表四 T4-A) per column and per
row, and the value domain of the cells (counts are integers ≥ 0)."""
from __future__ import annotations

import copy

from ..document.packs import load_pack
from ..document.relations import table_outcomes
from .wrongcell import find as find_wrong_cells
from .base import Rule
from .structure import TABLE_NAMES, TEMPLATE_EDITIONS

SECTION_OF = {"table2": 2, "table3": 3, "table4": 4}


def _name(pack, table, row, col) -> str:
    return f"{pack.row_label(table, row)}/{pack.col_label(table, col)}"


def _subject(pack, table, inst) -> str:
    """The row or column a relation instance is about, in words: 表三“（一）予以公开”一行."""
    short = TABLE_NAMES[table][:2]
    key = inst.id.split(":", 1)[1]
    if inst.relation.scope == "row":
        return f"{short}“{pack.row_label(table, key)}”一行"
    return f"{short}“{pack.col_label(table, key)}”一列"


class TableRelation(Rule):
    """What it checks:
        Every arithmetic relation of the template edition, per column and per row:
        T3-A 本年新收 + 上年结转 = 办理结果总计 + 结转下年度 (the 勾稽关系 printed in 表三's header),
        T3-B 总计 = the six applicant columns, T3-C （七）总计 = the sum of outcomes （一）–（六），
        T4-A 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 for each block of 表四.
        The finding names the total cell and every cell involved, with the expected and found value.
        A blank cell (or /, -, —, 无) is an unknown count ≥ 0 (spec X-12): a relation that no
        non-negative values of its blanks can satisfy is an error "whatever the blank cells are"
        (无论空白单元格填何数值), with the bound as expected (">= 52": the filled parts already add up
        to 52) and the printed total as found; a relation the blanks could still satisfy is not
        judged (ARI002 names the blanks).
        When relations of a table fail, the wrong-cell finder (linter/wrongcell.py) looks for the
        smallest change that satisfies every relation of the table: when one cell explains all the
        failures (the usual typo), each finding carries a `suggestion` naming that cell, its printed
        value and the value that balances the table; when several single cells would do, it lists
        them; when none would, it says the errors are not a single typo.
    Why:
        T3-A is printed in the template itself ([T]); the others follow from the structure of the
        tables (spec §5.3, §6). A table whose totals do not add up is the commonest published error.
    Fires on:
        本年新收 总计 95 where the six columns add up to 96; a column whose filled outcomes already
        add up to more than its printed （七）总计 while other outcomes are blank.
    Silent on:
        Balanced tables; relations that blank cells could still satisfy (ARI002), e.g. filled parts
        adding up to less than the total; relations with an unreadable cell (INP002).
    Options:
        none
    """

    code = "ARI001"
    name = "table-relation"
    category = "arithmetic"
    severity = "error"
    summary = "A table total does not equal the sum of its parts"
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        pack = load_pack(doc.edition)
        for table, outcomes in table_outcomes(doc, pack):
            key = table.key
            suggestion = None
            for out in outcomes:
                if out.status != "fail":
                    continue
                inst = out.instance
                if suggestion is None:
                    found = find_wrong_cells(table, pack)
                    suggestion = found.to_json() if found is not None else {}
                cells = [table.cells[(r, c)] for r, c, _ in inst.terms]
                filled = [c for c in cells if c.value is not None]
                total = inst.total_term
                primary = table.cells[(total[0], total[1])] if total and table.cells[(total[0], total[1])].value is not None else filled[0]
                diff = out.found - out.expected
                if out.bound == "=":
                    msg = (f"{_subject(pack, key, inst)}不符合{inst.relation.id}（{inst.relation.text}）："
                           f"应为{out.expected}，实为{out.found}（相差{diff:+}）")
                    expected = out.expected
                else:
                    msg = (f"{_subject(pack, key, inst)}不符合{inst.relation.id}（{inst.relation.text}）："
                           + _bound_text(pack, key, inst, out))
                    expected = f"{out.bound} {out.expected}"
                related = [{"role": "total" if (c.row, c.col) == (primary.row, primary.col) else "item",
                            "row": c.row, "col": c.col, "value": c.value, "location": c.location}
                           for c in filled if c.location is not None]
                args = {"relation": inst.id, "relation_text": inst.relation.text,
                        "expected": expected, "found": out.found, "difference": diff}
                if out.bound != "=":
                    args.update(bound=out.bound, blank=len(out.blank_cells),
                                note="fails whatever the blank cells are (blanks as unknown counts >= 0)")
                yield self.finding(doc, msg, table=key, section=SECTION_OF[key], cells=[primary] + [c for c in filled if c is not primary],
                                   start=primary.start, end=primary.end, related=related, evidence_key=inst.id,
                                   suggestion=copy.deepcopy(suggestion) if suggestion else None, args=args)


def _side(pack, table, inst, sign) -> str:
    """The printed terms of one sign of a relation instance, in template labels."""
    names = []
    for r, c, w in inst.terms:
        if (w > 0) == (sign > 0):
            names.append(pack.col_label(table, c) if inst.relation.scope == "row" else pack.row_label(table, r))
    return "与".join(f"“{n}”" for n in names)


def _bound_text(pack, table, inst, out) -> str:
    """Why a relation with blank cells fails whatever the blanks are: the printed terms of one side
    already exceed what the other side can reach."""
    blanks = f"（{len(out.blank_cells)}个空白单元格按未知的非负数计）"
    if out.bound == ">=":  # blanks among the parts: they can only add to them
        if inst.total_term is not None:
            return (f"无论空白单元格填何数值，各项已填数之和已达{out.expected}，总计至少应为{out.expected}，"
                    f"实为{out.found}（相差{out.found - out.expected:+}）{blanks}")
        return (f"无论空白单元格填何数值，{_side(pack, table, inst, -1)}之和至少应为{out.expected}"
                f"（{_side(pack, table, inst, 1)}已填数之和），实为{out.found}（相差{out.found - out.expected:+}）{blanks}")
    return (f"无论空白单元格填何数值，{_side(pack, table, inst, -1)}之和至少为{out.found}（已填数之和），"
            f"而{_side(pack, table, inst, 1)}之和为{out.expected}，两者不能相等（相差{out.found - out.expected:+}）{blanks}")


class BlankCells(Rule):
    """What it checks:
        Cells of 表三/表四 left blank (or written /, -, —, 无) where the template expects a number.
        Blank is not zero but an unknown count ≥ 0: a relation that no such values can satisfy is
        an ARI001 error; one they could satisfy is not judged, and this warning names the blank
        cells and the relations that would not hold with blanks as 0.
    Why:
        Spec T3-H and X-12: the template expects every cell filled; blanks make the table
        ambiguous to readers and to tools.
    Fires on:
        表三 rows whose 法人或其他组织 columns are left empty.
    Silent on:
        Tables with every cell filled, zeros included.
    Options:
        none
    """

    code = "ARI002"
    name = "blank-cells"
    category = "arithmetic"
    severity = "warning"
    summary = "Table cells left blank where the template expects numbers"
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        pack = load_pack(doc.edition)
        for table, outcomes in table_outcomes(doc, pack):
            key = table.key
            blanks = [c for c in table.cells.values() if c.value is None]
            if not blanks:
                continue
            failing = [f"{out.instance.id}（应为{out.expected}，实为{out.found}）" for out in outcomes
                       if out.status == "blank" and out.expected != out.found]
            msg = f"{TABLE_NAMES[key]}有{len(blanks)}个空白单元格，模板要求填写数字（无则填0）"
            if failing:
                msg += "；按0计算时以下关系仍不成立：" + "、".join(failing[:5]) + ("…" if len(failing) > 5 else "")
            yield self.finding(doc, msg, table=key, section=SECTION_OF[key], cells=blanks,
                               start=blanks[0].start, end=blanks[0].end,
                               args={"blank": len(blanks), "failing_with_zero": failing})


class CellValue(Rule):
    """What it checks:
        Count cells are whole numbers ≥ 0: every cell of 表三 and 表四, and the count cells of 表二
        (the 2019 本年增/减 may be negative; 表二 amounts in 万元 may have decimals).
    Why:
        Spec T3-D, T4-B, T2-3: they count applications, cases and documents.
    Fires on:
        A 表三 cell printed as 2.5 or -1.
    Silent on:
        0, 12, and 7730.28 in 表二's 本年收费金额（单位：万元）.
    Options:
        none
    """

    code = "ARI003"
    name = "cell-value"
    category = "arithmetic"
    severity = "error"
    summary = "A count cell is negative or not a whole number"
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        pack = load_pack(doc.edition)
        t2 = pack.table("table2")
        signed, decimal = set(t2.get("signed_cols", [])), set(t2.get("decimal_cols", []))
        for key in ("table2", "table3", "table4"):
            table = doc.tables.get(key)
            if table is None:
                continue
            for cell in table.cells.values():
                value = cell.value
                if value is None:
                    continue
                if key == "table2" and cell.col in decimal:
                    ok = value >= 0
                elif key == "table2" and cell.col in signed:
                    ok = float(value).is_integer()
                else:
                    ok = float(value).is_integer() and value >= 0
                if not ok:
                    yield self.finding(doc, f"{TABLE_NAMES[key]}“{_name(pack, key, cell.row, cell.col)}”的值{cell.raw}不是非负整数",
                                       table=key, section=SECTION_OF[key], cells=[cell], start=cell.start, end=cell.end,
                                       args={"expected": "integer >= 0", "found": value})


RULES = [TableRelation, BlankCells, CellValue]
