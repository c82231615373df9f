"""Arithmetic rules: the relations of the rule pack (表三 T3-A/B/C, 表四 T4-A) per column and per
row, and the value domain of the cells (counts are integers ≥ 0)."""
from __future__ import annotations

import copy

from ..document.packs import load_pack
from ..document.relations import table_outcomes
from .wrongcell import bound_words, cell_name, find as find_wrong_cells
from .base import Rule
from .structure import TABLE_NAMES, TEMPLATE_EDITIONS

SECTION_OF = {"table2": 2, "table3": 3, "table4": 4}


def _the_cell_to_fix(suggestion) -> dict | None:
    """The one cell the wrong-cell finder names, or None when it names none or several."""
    if suggestion and suggestion.get("kind") == "single-cell" and len(suggestion.get("cells", [])) == 1:
        return suggestion["cells"][0]
    return None


def _fix_value(fix: dict) -> str:
    """What the one wrong cell should be: a value, or (with blank cells in its relations, which
    may be any count ≥ 0) the range of values that balance the table."""
    if "range" in fix:
        return "应" + bound_words(*fix["range"])
    return f"应为{fix['suggested']}"


def _sides(pack, table, inst, out) -> str:
    """The two sides of a failing relation in words, by template labels, without saying which one
    is wrong (for ARI002, blanks are counted as 0, and a blank total reads 空白)."""
    total = inst.total_term
    if total:
        label = pack.col_label(table, total[1]) if inst.relation.scope == "row" else pack.row_label(table, total[0])
        printed = "空白" if (total[0], total[1]) in out.blank_cells else out.found
        return f"各项相加为{out.expected}，“{label}”为{printed}"
    return f"{_side(pack, table, inst, 1)}之和为{out.expected}，{_side(pack, table, inst, -1)}之和为{out.found}"


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
        A blank cell (or /, -, —, 无) is an unknown count ≥ 0 (spec X-12): a relation that no
        non-negative values of its blanks can satisfy is an error "whatever the blank cells are"
        (无论空白单元格填何数值), with the bound as expected (">= 52": the filled parts already add up
        to 52) and the printed total as found; a relation the blanks could still satisfy is not
        judged (ARI002 names the blanks).
        When relations of a table fail, the wrong-cell finder (linter/wrongcell.py) looks for the
        smallest change that satisfies every relation of the table. When one cell explains all the
        failures (the usual typo), that cell is the finding's cell and place (`cells[0]`, the
        location), the message names it with its printed value and the value that balances the
        table, and the totals are only related cells. When several single cells would do, or none
        would, the finding is placed at the printed total only to locate the relation: the message
        gives both sides of the relation without saying which cell is wrong, and the suggestion
        lists the candidates or says the errors are not a single typo.
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
    summary_zh = "表格合计与各项之和不符"
    docs_zh = """
        检查内容：
            按模板版本检查表三、表四的全部勾稽关系（逐行、逐列）：表三“第一项加第二项之和，等于第三项加第四项之和”
            （本年新收＋上年结转＝办理结果总计＋结转下年度）；表三各行“总计”＝六类申请人之和；表三各列
            “（七）总计”＝（一）至（六）各项之和；表四各部分“总计”＝结果维持＋结果纠正＋其他结果＋尚未审结。
            关系不成立时，查找改动最少的单元格：若改正一个单元格即可使全部关系成立（常见的笔误），问题就标在
            这个单元格上，并写明印出的数和应有的数，合计只作为相关单元格；若有多个单元格都可能、或一个单元格
            不能解释，只说明哪一关系不成立、两边各是多少，不指认合计有误。
            空白单元格（或写作 /、-、—、无）按未知的非负数计：无论空白处填何数值关系都不能成立时（例如已填的
            各项之和已超过印出的总计），判为错误；空白处填某些数值可以成立的，不作判断（见ARI002）。
        依据：
            勾稽关系印在模板表头上，其余关系由表格结构决定（格式说明第五、六部分）。合计对不上是公开报告中
            最常见的错误。
        选项：
            无
    """
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
                fix = _the_cell_to_fix(suggestion)
                # the cell to change is the error when the finder names one; else the printed
                # total locates the relation (or, when the total is blank, its first printed term),
                # and the message only says that it fails
                anchor = (fix["row"], fix["col"]) if fix else (total[0], total[1]) if total else None
                if anchor not in table.cells or table.cells[anchor].value is None:
                    anchor = (filled[0].row, filled[0].col)
                primary = table.cells[anchor]
                diff = out.found - out.expected
                if out.bound == "=":
                    msg = f"{_subject(pack, key, inst)}不符合“{inst.relation.text}”：{_sides(pack, key, inst, out)}（相差{diff:+}）"
                    expected = out.expected
                else:
                    msg = f"{_subject(pack, key, inst)}不符合“{inst.relation.text}”：" + _bound_text(pack, key, inst, out)
                    expected = f"{out.bound} {out.expected}"
                if fix:
                    msg = (f"{TABLE_NAMES[key][:2]}“{cell_name(pack, key, fix['row'], fix['col'])}”印为{fix['printed']}，"
                           f"{_fix_value(fix)}：{msg}")
                roles = {(fix["row"], fix["col"]): "fix"} if fix else {}
                if total:
                    roles.setdefault((total[0], total[1]), "total")
                related = [{"role": roles.get((c.row, c.col), "item"),
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
    summary_zh = "表格中有应填数字的空白单元格"
    docs_zh = """
        检查内容：
            表三、表四中留空（或写作 /、-、—、无）的单元格。空白不等于0：含空白单元格的关系不判为错误，
            本提示列出空白单元格，并说明按0计算时各关系是否成立。
        依据：
            模板要求每个单元格都填写数字（无则填0），空白会让读者和工具无法确定含义。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        pack = load_pack(doc.edition)
        for table, outcomes in table_outcomes(doc, pack):
            key = table.key
            blanks = [c for c in table.cells.values() if c.value is None]
            if not blanks:
                continue
            failing = [out for out in outcomes if out.status == "blank" and out.expected != out.found]
            msg = f"{TABLE_NAMES[key]}有{len(blanks)}个空白单元格，模板要求填写数字（无则填0）"
            if failing:
                words = [f"{_subject(pack, key, out.instance)}（{_sides(pack, key, out.instance, out)}）" for out in failing]
                msg += "；按0计算时以下关系仍不成立：" + "、".join(words[:5]) + ("…" if len(words) > 5 else "")
            yield self.finding(doc, msg, table=key, section=SECTION_OF[key], cells=blanks,
                               start=blanks[0].start, end=blanks[0].end,
                               args={"blank": len(blanks),  # relation instance ids, for tools
                                     "failing_with_zero": [out.instance.id for out in failing]})


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
    summary_zh = "计数单元格为负数或不是整数"
    docs_zh = """
        检查内容：
            计数单元格应为非负整数：表三、表四的全部单元格，以及表二的计数单元格（2019版“本年增/减”可为负数，
            表二以万元计的金额可有小数）。
        依据：
            这些单元格统计的是申请、案件和文件的件数。
        选项：
            无
    """
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
                    yield self.finding(doc, f"{TABLE_NAMES[key]}“{cell_name(pack, key, cell.row, cell.col)}”的值{cell.raw}不是非负整数",
                                       table=key, section=SECTION_OF[key], cells=[cell], start=cell.start, end=cell.end,
                                       args={"expected": "integer >= 0", "found": value})


RULES = [TableRelation, BlankCells, CellValue]
