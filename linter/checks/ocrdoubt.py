"""OCR doubt: a table relation that fails on OCR'd cells the engine may have misread is "cannot
check" (INP007), not an error (ARI001).

Why a step after the rules and not inside ARI001: the arithmetic rule judges the numbers it is
given; whether those numbers are the printed ones is a property of how they were read. Keeping
the judgement here leaves the arithmetic rule and the wrong-cell finder unchanged for every
other input, and works whatever rules are selected (an ARI001 on doubtful cells must never reach
the reviewer as an error, even with `--select ARI001`).

A failing relation is doubtful when one of the cells it involves was read by OCR and
- was read with low confidence (below `LOW`), or
- has another reading that would make the relation hold: the second reading of the cell when two
  readings disagreed (linter/readers/ocr/layout.py), or, when the cell was read below `SURE`, a
  digit the recogniser confuses with the one read (0/6/8/9, 1/7, 3/8, 5/6 …), or
- is the wrong-cell finder's single suspect and the value the finder proposes is one of its
  readings or differs from the one read by a confusable digit, whatever the confidence (an
  overprinted or hand-corrected digit is read surely, and wrongly).
Otherwise the failure stands as ARI001, and the finding says the text was read by OCR. Every
finding's cells say whether they were OCR'd and with what confidence.
"""
from __future__ import annotations

from ..document.packs import load_pack, template_editions
from ..document.relations import table_outcomes
from .base import Rule
from .wrongcell import cell_name
from .structure import TABLE_NAMES

LOW = 0.5  # below this a reading is no evidence at all
SURE = 0.9  # at or above this only a recorded second reading counts as an alternative
CONFUSABLE = {"0": "689", "1": "74", "2": "73", "3": "852", "4": "19", "5": "638", "6": "850",
              "7": "12", "8": "03695", "9": "840"}


class OcrDoubt(Rule):
    """What it checks:
        A table relation (T3-A/B/C, T4-A) that fails on cells read by OCR from a scan or a
        picture, where a cell involved may have been misread: read with low confidence, read
        differently twice, or read as a digit the recogniser confuses with another digit that
        would make the relation hold. Such a failure is reported as "cannot check", naming the
        doubtful cell by its template row and column and what was read, instead of as ARI001.
    Why:
        A false error is as bad as a miss: "总计 24 should be 23" is only evidence when the 4 was
        read for sure. A reviewer looks at the named cell in the scan and decides.
    Fires on:
        A scanned 表三 whose 总计 cell read as 8 at confidence 0.6, where 6 would balance the row;
        a 总计 printed 23 over a faint 8, read 28, where the wrong-cell finder proposes 23.
    Silent on:
        Text PDFs, DOCX and HTML text (nothing is OCR'd); relations that fail with every cell read
        confidently (those stay ARI001, saying the text was read by OCR).
    Options:
        none
    """

    code = "INP007"
    name = "ocr-doubt"
    category = "input"
    severity = "warning"
    summary = "Cannot check: a relation fails on OCR'd cells that may have been misread"
    summary_zh = "无法检查：识别（OCR）读出的单元格可能读错，表格关系不成立不能据此判定"
    docs_zh = """
        检查内容：
            扫描件或图片中的表格经文字识别（OCR）读出后，表三、表四的勾稽关系不成立，而涉及的某个单元格可能读错
            （识别把握不大、两次读出的数不同，或读出的数字容易与另一个能使关系成立的数字混淆）时，不报错误，
            而报“无法检查”，写明可疑单元格的模板行列名称和读出的内容，请对照原件核对。
        依据：
            误报与漏报同样有害：只有确定读对了，“总计应为23”才算证据。审核人看一眼原件中这个单元格即可判断。
            涉及的单元格都读得有把握时，关系不成立仍报ARI001，并说明内容是经文字识别读出的。
        选项：
            无
    """
    needs_report = False

    def applies(self, doc):
        return False  # produced by `apply` from ARI001 findings, see the module docstring

    def check(self, doc, ctx):
        return iter(())


def ocr_used(doc) -> bool:
    return bool(doc.raw.meta.get("ocr"))


def apply(doc, findings: list, keep_doubt: bool = True) -> list:
    """The findings with OCR facts added to their cells and doubtful ARI001 turned into INP007
    (dropped when `keep_doubt` is False, i.e. INP007 is not selected)."""
    if not ocr_used(doc):
        return findings
    pack = load_pack(doc.edition) if doc.edition in template_editions() else None
    outcomes = {}
    if pack is not None:
        for table, outs in table_outcomes(doc, pack):
            for out in outs:
                outcomes[out.instance.id] = (table, out.instance)
    result = []
    for f in findings:
        _annotate_cells(doc, f)
        if f.code == "ARI001" and f.args.get("relation") in outcomes:
            table, inst = outcomes[f.args["relation"]]
            doubt = doubtful_cell(table, inst, f.suggestion)
            if doubt is not None:
                if keep_doubt:
                    result.append(_as_doubt(doc, f, pack, table, doubt))
                continue
            if _any_ocr(table, inst):
                f.message += "（表格数字经文字识别（OCR）读出，参与计算的单元格均读得可靠）"
                f.args["ocr"] = True
        result.append(f)
    return result


def alternatives(cell, loc, suspect: bool = False) -> list:
    """Other values the cell may hold, by what the readings say (see the module docstring); for
    the wrong-cell finder's suspect the confusable digits count whatever the confidence (the
    recogniser reads an overprinted or corrected digit surely, and wrongly)."""
    out = []
    for alt in loc.ocr_alternatives or ():
        value = _int(alt)
        if value is not None:
            out.append(value)
    unsure = loc.confidence is not None and loc.confidence < SURE
    if (unsure or suspect) and isinstance(cell.value, int):
        digits = str(cell.value)
        for i, d in enumerate(digits):
            for other in CONFUSABLE.get(d, ""):
                candidate = digits[:i] + other + digits[i + 1:]
                if len(candidate) > 1 and candidate[0] == "0":
                    continue
                out.append(int(candidate))
    return [v for v in dict.fromkeys(out) if v != cell.value]


def doubtful_cell(table, inst, suggestion):
    """(cell, location, alternative or None) of the first doubtful cell of a failing instance,
    or None when every cell involved is sure. An alternative reading counts when with it the
    relation holds for some values of its blank cells (unknown counts ≥ 0, as ARI001 judges)."""
    residual = sum(w * (table.cells[(r, c)].value or 0) for r, c, w in inst.terms)
    blank_weights = [w for r, c, w in inst.terms if table.cells[(r, c)].value is None]
    suspects = {}
    if suggestion and suggestion.get("kind") == "single-cell":
        suspects = {(s["row"], s["col"]): s for s in suggestion.get("cells", [])}
    for r, c, w in inst.terms:
        cell = table.cells[(r, c)]
        loc = cell.location
        if loc is None or loc.confidence is None:
            continue
        if loc.confidence < LOW:
            return cell, loc, None
        for alt in alternatives(cell, loc):
            if _holds_for_some_blanks(residual + w * (alt - (cell.value or 0)), blank_weights):
                return cell, loc, alt
        if (r, c) in suspects:
            fix = suspects[(r, c)]
            for alt in alternatives(cell, loc, suspect=True):
                if _fixes(fix, alt):
                    return cell, loc, alt
    return None


def _holds_for_some_blanks(residual, blank_weights: list) -> bool:
    """Σ w·printed = residual: blanks ≥ 0 of weight w can move it only in w's direction."""
    if residual == 0:
        return True
    return any(w * residual < 0 for w in blank_weights)


def _fixes(fix: dict, value) -> bool:
    """Whether `value` is what the wrong-cell finder says would balance the table: its value, or
    within its range when blank cells leave one."""
    if "range" in fix:
        low, high = fix["range"]
        return (low is None or value >= low) and (high is None or value <= high)
    return value == fix.get("suggested")


def _as_doubt(doc, f, pack, table, doubt):
    cell, loc, alt = doubt
    name = f"{TABLE_NAMES[table.key][:2]}“{cell_name(pack, table.key, cell.row, cell.col)}”"
    read = loc.ocr_read or cell.raw or str(cell.value)
    why = f"识别置信度{loc.confidence:.2f}" + (f"，也可能是“{alt}”" if alt is not None else "")
    message = (f"无法检查：{f.message}，但单元格{name}由文字识别（OCR）读出，读作“{read}”（{why}），"
               "可能是识别错误：请对照原件核对该单元格")
    rule = OcrDoubt()
    args = dict(f.args)
    args.update({"ocr": True, "doubtful_cell": {"row": cell.row, "col": cell.col, "read": read,
                                                "confidence": loc.confidence, "alternative": alt}})
    return type(f)(code=rule.code, name=rule.name, category=rule.category, severity=rule.severity,
                   message=message, section=f.section, table=f.table, cells=f.cells,
                   location=loc if loc.page is not None or loc.line is not None else f.location,
                   args=args, related=f.related, suggestion=f.suggestion, path=f.path,
                   evidence_key=f.evidence_key)


def _annotate_cells(doc, f) -> None:
    table = doc.tables.get(f.table) if f.table else None
    if table is None:
        return
    for ref in f.cells:
        if not isinstance(ref, dict):
            continue
        cell = table.cells.get((ref.get("row"), ref.get("col")))
        loc = cell.location if cell is not None else None
        if loc is not None and loc.confidence is not None:
            ref["ocr"] = True
            ref["confidence"] = round(float(loc.confidence), 3)
            if loc.ocr_read is not None:
                ref["read"] = loc.ocr_read


def _any_ocr(table, inst) -> bool:
    for r, c, _ in inst.terms:
        loc = table.cells[(r, c)].location
        if loc is not None and loc.confidence is not None:
            return True
    return False


def _int(text):
    try:
        return int(str(text).replace(",", ""))
    except ValueError:
        return None


RULES = [OcrDoubt]
