"""Input rules: where the document does not let a rule decide, say so ("cannot check") with the
place and the reason, instead of passing silently or guessing an error."""
from __future__ import annotations

from ..document.packs import load_pack
from ..document.relations import instances
from .base import Rule
from .structure import TABLE_NAMES, TEMPLATE_EDITIONS


class TableNotFound(Rule):
    """What it checks:
        Sections 2, 3 and 4 are present but their table (表二, 表三, 表四) could not be found in
        them: nothing of it can be checked.
    Why:
        Some reports publish the tables as images (spec S-3, X-10): the section is there, the
        numbers are not machine-readable, so no arithmetic rule can run.
    Fires on:
        A section 三 with a heading and prose but no table rows.
    Silent on:
        A section whose table was read.
    Options:
        none
    """

    code = "INP001"
    name = "table-not-found"
    category = "input"
    severity = "warning"
    summary = "Cannot check: a section's table was not found (image?)"
    summary_zh = "无法检查：某部分的表格未找到（可能是图片）"
    docs_zh = """
        检查内容：
            第二、三、四部分存在，但其中的表二、表三、表四没有找到，表中数字都无法检查。
        依据：
            有的报告以图片形式发布表格：部分标题在，数字却无法读取，任何计算类检查都不能进行。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        for number, key in ((2, "table2"), (3, "table3"), (4, "table4")):
            sec = doc.section(number)
            if key not in doc.tables and sec is not None:
                yield self.finding(doc, f"无法检查：第{number}部分中未找到可读取的{TABLE_NAMES[key]}（可能是图片）",
                                   start=sec.start, end=sec.body_start, section=number, table=key,
                                   args={"expected": TABLE_NAMES[key], "found": None})


class CellsUnreadable(Rule):
    """What it checks:
        Table cells that were found but could not be read: a row label without values, a row
        with too many or too few values, a run of concatenated digits that splits several ways.
    Why:
        A cell that cannot be read cannot be checked; reporting it keeps the linter honest about
        what it did not verify (never a silent pass, never a guessed error).
    Fires on:
        A flattened 表二 row 行政规范性文件693665 (three cells whose digits run together).
    Silent on:
        Tables whose every cell was read.
    Options:
        none
    """

    code = "INP002"
    name = "cells-unreadable"
    category = "input"
    severity = "warning"
    summary = "Cannot check: table cells could not be read"
    summary_zh = "无法检查：表格单元格无法读取"
    docs_zh = """
        检查内容：
            找到了但读不出的单元格：行名后没有数字、数字个数多于或少于该行的列数、连写的数字有多种拆分方式。
        依据：
            读不出的单元格无法检查；如实说明哪些没有核对，既不默默放过，也不猜测错误。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        pack = load_pack(doc.edition)
        for key in ("table2", "table3", "table4"):
            table = doc.tables.get(key)
            if table is None or not table.unreadable:
                continue
            by_row = {}
            for row, col, problem, pos in table.unreadable:
                by_row.setdefault(row, (problem, pos, []))[2].append(col)
            for row, (problem, pos, cols) in by_row.items():
                label = pack.row_label(key, row)
                cells = [{"row": row, "col": col, "value": None} for col in cols]
                kw = {"start": pos, "end": pos + 1} if pos is not None else {"start": table.start, "end": table.start + 1}
                yield self.finding(doc, f"无法检查：{TABLE_NAMES[key]}“{label}”一行无法读取（{problem}）",
                                   table=key, cells=cells, args={"problem": problem}, evidence_key=row, **kw)


class RelationUnchecked(Rule):
    """What it checks:
        Table relations that the reader had to use to split concatenated digit runs
        (`一、本年新收政府信息公开申请数量640020470` is 64, 0, 0, 2, 0, 4, 70 only because the row total
        must hold). Such a relation is not evidence: it is reported as unchecked.
    Why:
        Web pages saved as text lose the cell borders; the reading is then only as good as the
        relation that chose it, so the relation cannot also judge the table.
    Fires on:
        A one-line web-page text whose 表三 row digits run together.
    Silent on:
        Tables with separated cells.
    Options:
        none
    """

    code = "INP003"
    name = "relation-unchecked"
    category = "input"
    severity = "warning"
    summary = "Cannot check: a relation was used to split run-together digits"
    summary_zh = "无法检查：某些关系被用来拆分连写的数字"
    docs_zh = """
        检查内容：
            读取时为拆分连写数字而用到的表格关系（例如“一、本年新收政府信息公开申请数量640020470”只有按该行
            合计成立才能拆成64、0、0、2、0、4、70）。这样的关系不能再作为核对依据，列为未检查。
        依据：
            网页另存为文本会丢失单元格边框，读取结果依赖于用来拆分的关系，该关系就不能再用来判断表格是否正确。
        选项：
            无
    """
    editions = TEMPLATE_EDITIONS

    def check(self, doc, ctx):
        pack = load_pack(doc.edition)
        for key in ("table3", "table4"):
            table = doc.tables.get(key)
            if table is None or not table.used_relations:
                continue
            used = sorted(table.used_relations)
            words = "、".join(_relation_words(pack, table, used))
            yield self.finding(doc, f"无法检查：{TABLE_NAMES[key]}的数字连写在一起，以下关系被用来拆分数字，因此未作检查：{words}",
                               start=table.start, end=(table.start or 0) + 1, table=key,
                               args={"relations": used}, evidence_key=",".join(used))


def _relation_words(pack, table, ids) -> list:
    """Relation instances named by their row or column labels: “自然人”一列的合计."""
    by_id = {inst.id: inst for inst in instances(table, pack)}
    out = []
    for rid in ids:
        inst = by_id.get(rid)
        if inst is None:
            continue
        key = rid.split(":", 1)[1]
        where = (f"“{pack.row_label(table.key, key)}”一行" if inst.relation.scope == "row"
                 else f"“{pack.col_label(table.key, key)}”一列")
        out.append(where + ("的合计" if inst.total_term else "的勾稽关系"))
    return out


class YearUnknown(Rule):
    """What it checks:
        The report year could be read from the title or the statistics period.
    Why:
        The year decides the template edition and the expected statistics period; without it only
        year-independent rules run. Pass --year to fix it.
    Fires on:
        A report with neither a title year nor a statistics-period sentence.
    Silent on:
        A report titled …2023年政府信息公开工作年度报告.
    Options:
        none
    """

    code = "INP004"
    name = "year-unknown"
    category = "input"
    severity = "warning"
    summary = "Cannot check: the report year is unknown (use --year)"
    summary_zh = "无法检查：报告年度不明（可用 --year 指定）"
    docs_zh = """
        检查内容：
            能否从标题或统计期限中读出报告年度。
        依据：
            年度决定模板版本和应有的统计期限；没有年度时只能运行与年度无关的检查。可用 --year 指定。
        选项：
            无
    """

    def applies(self, doc):
        return doc.year is None

    def check(self, doc, ctx):
        yield self.finding(doc, "无法确定报告年度（标题、统计期限和报告开头均未写明年份），请用 --year 指定", start=0, end=1)


class ReaderNote(Rule):
    """What it checks:
        What the reader noticed but could not read: a PDF page without a text layer (a scanned
        page or a table pasted as an image) in an otherwise readable report.
    Why:
        A table printed as an image cannot be checked (spec S-3, X-10); the reviewer should know
        which page was skipped.
    Fires on:
        A PDF whose page 4 (表三) is a scanned image.
    Silent on:
        A PDF whose every page has text.
    Options:
        none
    """

    code = "INP005"
    name = "reader-note"
    category = "input"
    severity = "warning"
    summary = "Cannot check: part of the file (a page) has no readable text"
    summary_zh = "无法检查：文件的某部分（某页）没有可读取的文字"
    docs_zh = """
        检查内容：
            读取时发现但无法读取的部分：例如 PDF 中没有文字层的页面（扫描页或以图片粘贴的表格）。
        依据：
            以图片印出的表格无法检查，审核人应知道跳过了哪一页。
        选项：
            无
    """
    needs_report = False

    def applies(self, doc):
        return bool(doc.raw.notes)

    def check(self, doc, ctx):
        from ..document.model import Location

        for note in doc.raw.notes:
            if not isinstance(note, dict):
                continue
            location = Location(page=note.get("page"), line=note.get("line"))
            if location.page is None and location.line is None:
                location = Location(line=1, column=1)
            yield self.finding(doc, f"无法检查：{_note_words(note)}", location=location,
                               args={"note": note.get("code"), "detail": note.get("message")},
                               evidence_key=f"{note.get('code')}:{note.get('page')}")


# what a reader's note says to a clerk, by its code (filled from the note's own fields); the
# reader's English message stays in args
NOTE_WORDS = {
    "pdf-page-no-text": "第{page}页没有文字层（可能是扫描页或以图片粘贴的表格），该页内容未作检查",
    "picture-not-read": "文中第{picture}张图片里的文字未能读取，图片中的内容（如以图片粘贴的表格）未作检查",
    "ocr-failed": "第{page}页的文字识别（OCR）未能完成，该页内容未作检查",
    "pdf-page-fallback": "第{page}页只能用备用方式读取，未嵌入字体的字符可能缺失，该页的检查结果可能不全",
}


def _note_words(note: dict) -> str:
    try:
        words = NOTE_WORDS[note.get("code")].format_map(note)
    except (KeyError, IndexError, ValueError):  # an unknown note, or one without the fields
        message = str(note.get("message") or "")
        if message and not any("a" <= ch.lower() <= "z" for ch in message):
            words = message  # a reader that already writes Chinese
        else:
            words = "文件的一部分没有可读取的文字，未作检查"
    if note.get("install"):  # a part the optional OCR extra would read
        words += f"；安装文字识别（OCR）扩展后即可检查：{note['install']}"
    return words


class NotAReport(Rule):
    """What it checks:
        The file reads like a 政府信息公开工作年度报告 at all: it has a report title, a statistics
        period or section headings. When it has none of them, this one finding says so and no
        other rule runs on it (a README or a notice swept up with a folder of reports).
    Why:
        Nine "missing section" errors on a file that is no report tell the reviewer nothing.
    Fires on:
        A Markdown README in a folder of reports; a notice (关于…的函).
    Silent on:
        Any report with a title line …年政府信息公开工作年度报告, or with its section headings.
    Options:
        none
    """

    code = "INP006"
    name = "not-a-report"
    category = "input"
    severity = "warning"
    summary = "Cannot check: the file does not read like an annual report"
    summary_zh = "无法检查：文件看起来不是年度报告"
    docs_zh = """
        检查内容：
            文件是否像一份政府信息公开工作年度报告：有报告标题、统计期限或部分标题。三者都没有时，只给出这一条
            提示，不再运行其他检查（例如与报告放在同一文件夹中的说明文件）。
        依据：
            对不是报告的文件报出一串“缺少部分”的错误，对审核人没有帮助。
        选项：
            无
    """
    needs_report = False

    def applies(self, doc):
        return not doc.recognised

    def check(self, doc, ctx):
        yield self.finding(doc, "无法检查：该文件不像政府信息公开工作年度报告（没有报告标题、统计期限或章节标题）",
                           start=0, end=1)


RULES = [TableNotFound, CellsUnreadable, RelationUnchecked, YearUnknown, ReaderNote, NotAReport]
