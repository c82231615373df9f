"""Structure rules: the six mandated sections, their order and headings, the template tables,
and whether the tables follow the layout of the report year's template edition."""
from __future__ import annotations

from ..document.packs import load_pack, template_editions
from .base import Rule

SECTION_NAMES = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                 4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况",
                 6: "六、其他需要报告的事项"}
TABLE_NAMES = {"table2": "表二（主动公开政府信息情况）", "table3": "表三（收到和处理政府信息公开申请情况）",
               "table4": "表四（政府信息公开行政复议、行政诉讼情况）"}
TEMPLATE_EDITIONS = template_editions()


class MissingSection(Rule):
    """What it checks:
        Each of the six mandated sections (一、总体情况 … 六、其他需要报告的事项) has its heading.
    Why:
        《政府信息公开条例》第五十条 lists the content of the annual report; the national format
        (国办公开办函〔2019〕60号, 〔2021〕30号) turns it into six numbered sections. Spec S-1.
    Fires on:
        A 2023 report with no 五、存在的主要问题及改进情况 heading.
    Silent on:
        A report whose section 6 only says 无 (an empty section is allowed), or a report for a year
        before 2019 (no mandated template).
    Options:
        none
    """

    code = "STR001"
    name = "missing-section"
    category = "structure"
    severity = "error"
    summary = "A mandated section heading is missing"
    summary_zh = "缺少规定的部分标题"
    docs_zh = """
        检查内容：
            规定的六个部分（一、总体情况……六、其他需要报告的事项）各有标题。
        依据：
            《条例》第五十条规定了年度报告的内容，国家格式（国办公开办函〔2019〕60号、〔2021〕30号）将其
            分为六个有序号的部分。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        present = {s.number for s in doc.sections}
        for number in range(1, 7):
            if number in present:
                continue
            after = [s for s in doc.sections if s.number < number]
            anchor = after[-1] if after else None
            yield self.finding(doc, f"缺少第{number}部分“{SECTION_NAMES[number]}”的标题",
                               start=anchor.start if anchor else 0,
                               end=anchor.body_start if anchor else 1, section=number,
                               args={"expected": SECTION_NAMES[number], "found": None})


class SectionOrder(Rule):
    """What it checks:
        The section headings appear in template order, each once.
    Why:
        The national format fixes the order of the six sections (spec S-1); reviewers compare
        reports section by section.
    Fires on:
        三、收到和处理政府信息公开申请情况 printed before 二、主动公开政府信息情况; a heading printed twice.
    Silent on:
        Six headings in order, each once.
    Options:
        none
    """

    code = "STR002"
    name = "section-order"
    category = "structure"
    severity = "error"
    summary = "Sections are out of order or duplicated"
    summary_zh = "部分顺序错乱或重复"
    docs_zh = """
        检查内容：
            各部分标题按模板顺序出现，且每个只出现一次。
        依据：
            国家格式规定了六个部分的顺序，审核时逐部分对照。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        seen = {}
        highest = 0
        for sec in doc.sections:
            if sec.number in seen:
                yield self.finding(doc, f"第{sec.number}部分标题重复出现：“{sec.heading}”",
                                   start=sec.start, end=sec.body_start, section=sec.number,
                                   args={"expected": "once", "found": "twice"})
                continue
            seen[sec.number] = sec
            if sec.number < highest:
                yield self.finding(doc, f"第{sec.number}部分“{sec.heading}”出现在第{highest}部分之后，顺序错误",
                                   start=sec.start, end=sec.body_start, section=sec.number,
                                   args={"expected": f"before section {highest}", "found": f"after section {highest}"})
            highest = max(highest, sec.number)


class HeadingVariant(Rule):
    """What it checks:
        Section headings use the template wording and numeral.
    Why:
        Spec S-2: headings are compared after normalisation; known variants are accepted with a
        note, so a reviewer sees where a report departs from the format.
    Fires on:
        五、存在的主要问题及整改措施 (a variant), 四、政府信息公开行政法复议、行政诉讼情况 (a typo), a heading
        numbered 五 that is the sixth section.
    Silent on:
        一、总体情况 exactly as in the template.
    Options:
        none
    """

    code = "STR003"
    name = "heading-variant"
    category = "structure"
    severity = "info"
    summary = "A section heading differs from the template wording"
    summary_zh = "部分标题与模板措辞不同"
    docs_zh = """
        检查内容：
            部分标题是否使用模板的措辞和序号。
        依据：
            标题经规范化后比较；常见的变体可以接受但给出提示，让审核人看到与格式不同之处。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        for sec in doc.sections:
            wrong_number = sec.printed_number is not None and sec.printed_number != sec.number
            if sec.variant == "standard" and not wrong_number:
                continue
            msg = f"第{sec.number}部分标题“{sec.heading}”与模板“{SECTION_NAMES[sec.number]}”不一致"
            if wrong_number:
                msg += f"（编号应为{SECTION_NAMES[sec.number][0]}）"
            yield self.finding(doc, msg, start=sec.start, end=sec.body_start, section=sec.number,
                               severity="warning" if wrong_number else None,
                               args={"expected": SECTION_NAMES[sec.number], "found": sec.heading})


class MissingTable(Rule):
    """What it checks:
        表二, 表三 and 表四 are in the report. When their section (2, 3, 4) is missing, so is the
        table. (When the section is there but its table cannot be found or read, INP001 says
        "cannot check" instead: the table may be an image.)
    Why:
        The national format requires the three statistical tables; reviewers check their numbers.
    Fires on:
        A 2022 report whose 三、收到和处理政府信息公开申请情况 is followed directly by section 四.
    Silent on:
        A report whose three tables were read.
    Options:
        none
    """

    code = "STR004"
    name = "missing-table"
    category = "structure"
    severity = "error"
    summary = "A template table is missing with its section"
    summary_zh = "缺少模板规定的表格"
    docs_zh = """
        检查内容：
            报告中应有表二、表三、表四。所在部分（第二、三、四部分）缺失时，表格也视为缺失。（部分存在而表格
            找不到或读不出时，由INP001说明“无法检查”，表格可能是图片。）
        依据：
            国家格式要求三张统计表，审核人要核对其中的数字。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        for number, key in ((2, "table2"), (3, "table3"), (4, "table4")):
            if key in doc.tables:
                continue
            if doc.section(number) is None:
                yield self.finding(doc, f"缺少{TABLE_NAMES[key]}（第{number}部分缺失）", section=number, table=key,
                                   start=0, end=1, args={"expected": TABLE_NAMES[key], "found": None})


class EditionLayout(Rule):
    """What it checks:
        The tables follow the template edition of the report year: the 2021 edition (reports for
        2021 on) splits 表三 （六）其他处理 into three sub-rows and has the 2021 表二 columns; the 2019
        edition (reports for 2019–2020) has a single （六）其他处理 row and the 2019 表二 columns.
    Why:
        国办公开办函〔2021〕30号 replaced the 2019 format (spec §7); a report that reuses the old layout
        is a known fault (spec X-2, §6.1).
    Fires on:
        A 2024 report whose 表三 prints （六）其他处理 as one row; a 2022 report with 本年新制作数量 in 表二.
    Silent on:
        A 2023 report with the three （六） sub-rows and the 2021 表二 columns.
    Options:
        none
    """

    code = "STR005"
    name = "edition-layout"
    category = "structure"
    severity = "warning"
    summary = "A table follows the layout of the other template edition"
    summary_zh = "表格采用了另一版模板的样式"
    docs_zh = """
        检查内容：
            表格应采用报告年度对应的模板版本：2021年版（2021年度起）将表三“（六）其他处理”分为三行，表二采用
            2021年版的列；2019年版（2019—2020年度）表三“（六）其他处理”为一行，表二采用2019年版的列。
        依据：
            国办公开办函〔2021〕30号取代了2019年版格式，沿用旧表格样式是已知的常见问题。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        table3 = doc.tables.get("table3")
        if table3 is not None and table3.layout and table3.layout != doc.edition:
            spec = load_pack(doc.edition).table("table3")
            rows = [r["key"] for r in spec.get("foreign_other_rows", [])]
            want = len(spec.get("other_rows", []))
            msg = (f"表三“（六）其他处理”印为{len(rows)}行（{table3.layout}版格式），"
                   f"{doc.year}年报告适用{doc.edition}版格式，应为{want}行")
            cells = [c for c in table3.cells.values() if c.row in rows]
            yield self.finding(doc, msg, table="table3", section=3, cells=cells,
                               args={"expected": doc.edition, "found": table3.layout})
        sec = doc.section(2)
        if sec is None:
            return
        pack = load_pack(doc.edition)
        body = doc.text[sec.body_start:sec.end].replace(" ", "")
        foreign = [m for m in pack.table("table2").get("foreign_markers", []) if m in body]
        if foreign:
            pos = doc.text.find(foreign[0][:2], sec.body_start)
            yield self.finding(doc, f"表二使用了另一版格式的栏目（{'、'.join(foreign)}），与{doc.year}年报告适用的{doc.edition}版格式不符",
                               table="table2", section=2, start=max(pos, sec.body_start),
                               args={"expected": doc.edition, "found": foreign})


class TableLabel(Rule):
    """What it checks:
        Row labels of 表二 use the edition's wording, e.g. 行政规范性文件 (2021) rather than the 2019
        label 规范性文件.
    Why:
        Spec T2-2: the 2021 format renamed the row; the old label suggests an outdated template.
    Fires on:
        A 2023 report whose 表二 row reads 规范性文件.
    Silent on:
        行政规范性文件 in a 2021+ report.
    Options:
        none
    """

    code = "STR006"
    name = "table-label"
    category = "structure"
    severity = "warning"
    summary = "A table row label differs from the template"
    summary_zh = "表格行名与模板不同"
    docs_zh = """
        检查内容：
            表二的行名应使用本版模板的措辞，例如2021年版为“行政规范性文件”，而不是2019年版的“规范性文件”。
        依据：
            2021年版格式更改了行名，沿用旧行名说明可能套用了旧模板。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        table2 = doc.tables.get("table2")
        if table2 is None:
            return
        pack = load_pack(doc.edition)
        for key, label, start, end in table2.label_notes:
            expected = pack.row_label("table2", key)
            cells = [c for c in table2.cells.values() if c.row == key]
            yield self.finding(doc, f"表二行标签“{label.strip()}”与模板“{expected}”不一致", start=start, end=end,
                               table="table2", section=2, cells=cells,
                               args={"expected": expected, "found": label.strip()})


class PreTemplate(Rule):
    """What it checks:
        Reports for years before 2019 predate the national format: no section or table rule
        applies to them, and this note says so (the statistics period is still checked).
    Why:
        The first national format (国办公开办函〔2019〕60号) applies from the 2019 reports on (spec §1.2).
    Fires on:
        A 2016 report.
    Silent on:
        Any report for 2019 or later.
    Options:
        none
    """

    code = "STR007"
    name = "pre-template-report"
    category = "structure"
    severity = "info"
    summary = "Report predates the national template: structure not checked"
    summary_zh = "报告早于国家统一格式，未检查结构"
    docs_zh = """
        检查内容：
            2019年度以前的报告早于国家统一格式：部分和表格的检查都不适用，本提示予以说明（统计期限仍会检查）。
        依据：
            第一个国家格式（国办公开办函〔2019〕60号）自2019年度报告起适用。
        选项：
            无
    """
    editions = ("pre2019",)

    def check(self, doc, ctx):
        yield self.finding(doc, f"{doc.year}年报告早于2019年统一格式，不检查章节与表格", start=doc.title_start or 0,
                           end=(doc.title_start or 0) + max(1, len(doc.title)),
                           args={"expected": ">= 2019", "found": doc.year})


RULES = [MissingSection, SectionOrder, HeadingVariant, MissingTable, EditionLayout, TableLabel, PreTemplate]
