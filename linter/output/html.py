"""A self-contained HTML page for a person: what is wrong, where, and the tables as read.

For each file: the findings (severity, rule, place, message; a PDF finding names its page
"第N页"), then 表二/表三/表四 as read, rows and columns in template order with the template's Chinese
labels, and the cells the findings are about highlighted: `cell-error`/`cell-warning`/
`cell-info` for the cell a finding is about (for a failing relation: the one cell the wrong-cell
finder names, never the printed total merely because the sum is printed there), `cell-related`
for the other cells of that relation, and the value the named cell should have beside the printed
one ("7 → 应为 0"). Every data cell carries `data-table`/`data-row`/`data-col` (canonical keys) and
an `id` the findings link to. One file, no network: inline CSS, no scripts, a CSP that forbids fetching.
Everything that comes from a report or a rule is escaped.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field

from .. import __version__
from ..checks.structure import TABLE_NAMES, TEMPLATE_EDITIONS
from ..checks.finding import SEVERITY_RANK
from ..document.packs import load_pack
from ..document.relations import layout_rows, table_columns
from .html_template import page

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
RANK_SEVERITY = {rank: sev for sev, rank in SEVERITY_RANK.items()}
TABLE_KEYS = ("table2", "table3", "table4")
LEGEND = ('<p class="legend">图例：<span class="swatch error"></span>有问题的单元格（旁注应有的值）'
          '<span class="swatch warning"></span>需核对<span class="swatch related"></span>同一关系中的其他单元格'
          '<span class="swatch blank"></span>空白。鼠标悬停在单元格上可看到问题说明。</p>')
UNREADABLE_BADGE = '<span class="sev sev-error">无法读取</span>'
# Group captions printed between the rows of 表三 (template order): the first row of a group
# gets the caption of the pack's `groups` list that contains the keyword.
TABLE3_GROUPS = (("granted", "本年度办理结果"), ("denied_", "不予公开"), ("unable_", "无法提供"),
                 ("declined_", "不予处理"), ("other_", "其他处理"))


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def where(loc) -> str:
    """The place of a finding for a person: 42:7 for text, 第3页 for a PDF."""
    if loc is None:
        return ""
    if loc.line is not None:
        return f"{loc.line}:{loc.column or 1}"
    if loc.page is not None:
        return f"第{loc.page}页"
    if loc.table_index is not None:
        cell = f" 第{loc.row}行第{loc.col}列" if loc.row is not None and loc.col is not None else ""
        return f"表格{loc.table_index}{cell}"
    if loc.paragraph is not None:
        return f"第{loc.paragraph}段"
    return ""


def cell_id(file_no: int, table: str, row: str, col: str) -> str:
    return f"f{file_no}-{table}-{row}-{col}"


def short_name(key: str) -> str:
    """表三 for table3 (TABLE_NAMES holds 表三（收到和处理政府信息公开申请情况）)."""
    return TABLE_NAMES.get(key, key).split("（")[0]


def _visible(finding, show_suppressed: bool) -> bool:
    return finding.suppressed is None or show_suppressed


# ------------------------------------------------------------------------------ cell marks
@dataclass
class Mark:
    rank: int = -1  # SEVERITY_RANK of the worst finding about this cell; -1: none
    related: bool = False  # another cell of a failing relation
    expected: list = field(default_factory=list)  # what the cell should hold, when a finding says
    notes: list = field(default_factory=list)  # the messages, for the tooltip


def cell_marks(findings) -> dict:
    """(table, row, col) -> Mark, from the (unsuppressed) findings of one file."""
    marks: dict = {}
    for f in findings:
        if f.suppressed is not None or not f.table or not f.cells:
            continue
        first = f.cells[0]
        # a relation finding marks the cell to fix when the wrong-cell finder names one, and
        # otherwise no cell at all (every cell of the failing relation is only related): a
        # total is never marked as the error just because it is where the relation is printed
        if any(r.get("role") == "fix" for r in f.related):
            primary = {(r.get("row"), r.get("col")) for r in f.related if r.get("role") == "fix"}
        elif f.related:
            primary = set()
        else:
            primary = {(c.get("row"), c.get("col")) for c in f.cells}
        for c in f.cells:
            key = (f.table, c.get("row"), c.get("col"))
            mark = marks.setdefault(key, Mark())
            if (c.get("row"), c.get("col")) in primary:
                mark.rank = max(mark.rank, SEVERITY_RANK.get(f.severity, 1))
                note = f"{f.code} {f.message}"
            else:
                mark.related = True
                note = f"{f.code}（相关单元格）{f.message}"
            if note not in mark.notes:
                mark.notes.append(note)
        # "96 → 应为 95": where the wrong-cell finder proposes a value for a cell, or where the
        # evidence is about that very cell (the printed total of a failing sum)
        proposals = []
        for c in (f.suggestion or {}).get("cells", []) if isinstance(f.suggestion, dict) else []:
            if isinstance(c, dict) and _is_number(c.get("suggested")):
                value, span = c["suggested"], c.get("range")
                if isinstance(span, list) and len(span) == 2:  # blanks leave a range: ≤258, ≥5, 2～7
                    low, high = span
                    value = f"≥{_num(low)}" if high is None else f"≤{_num(high)}" if not low else f"{_num(low)}～{_num(high)}"
                proposals.append(((f.table, c.get("row"), c.get("col")), value))
        expected, found = f.args.get("expected"), f.args.get("found")
        if not f.related and _is_number(expected) and _is_number(found) and first.get("value") == found and expected != found:
            proposals.append(((f.table, first.get("row"), first.get("col")), expected))
        for key, value in proposals:
            mark = marks.setdefault(key, Mark())
            if value not in mark.expected:
                mark.expected.append(value)
    return marks


# ------------------------------------------------------------------------------------ tables
def _table_layout(key: str, table, pack) -> tuple:
    """(rows, columns-per-row or common columns, captions {row: caption}) in template order."""
    present_rows = list(dict.fromkeys([r for r, _ in table.cells] + [u[0] for u in table.unreadable]))
    present_cols = list(dict.fromkeys(c for _, c in table.cells))
    if pack is None:
        return present_rows, present_cols, {}
    if key == "table2":
        rows = [r.key for r in pack.table2_rows()]
        return rows + [r for r in present_rows if r not in rows], None, {}
    rows = layout_rows(table, pack)
    rows += [r for r in present_rows if r not in rows]
    cols = table_columns(key, pack) or present_cols
    captions: dict = {}
    if key == "table3":
        groups = pack.table("table3").get("groups", [])
        for prefix, word in TABLE3_GROUPS:
            caption = next((g for g in groups if word in g), None)
            first = next((r for r in rows if r.startswith(prefix) and r != "other"), None)
            if caption and first and first not in captions:
                captions[first] = caption
    elif key == "table4" and "litigation_direct" in rows:
        captions["litigation_direct"] = "行政诉讼"
    return rows, cols, captions


def _cell_html(file_no: int, key: str, table, row: str, col: str, marks: dict, pdf: bool) -> str:
    cell = table.cells.get((row, col))
    unreadable = any(u[0] == row and u[1] == col for u in table.unreadable)
    classes = ["num"]
    attrs = {"id": cell_id(file_no, key, row, col), "data-table": key, "data-row": row, "data-col": col}
    if cell is None:
        text = "?" if unreadable else ""
        classes.append("cell-unreadable" if unreadable else "cell-missing")
    elif cell.value is None:
        text = cell.raw if cell.raw and cell.raw.strip() else "（空）"
        classes.append("cell-blank")
    else:
        text = cell.raw or _num(cell.value)
    mark = marks.get((key, row, col))
    notes = []
    extra = ""
    if mark is not None:
        if mark.rank >= 0:
            classes.append(f"cell-{RANK_SEVERITY[mark.rank]}")
        elif mark.related:
            classes.append("cell-related")
        notes = list(mark.notes)
        if mark.expected:
            extra += f'<span class="expected">→ 应为 {esc(" 或 ".join(_num(v) for v in mark.expected))}</span>'
            attrs["data-expected"] = " ".join(_num(v) for v in mark.expected)
    if cell is not None and cell.location is not None and cell.location.page is not None:
        attrs["data-page"] = str(cell.location.page)
        if pdf and mark is not None and mark.rank >= 0:
            extra += f'<span class="page">第{cell.location.page}页</span>'
    if unreadable:
        notes.append("无法读取")
    if notes:
        attrs["title"] = "\n".join(notes)
    attr_text = " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items())
    return f'<td class="{" ".join(classes)}" {attr_text}>{esc(text)}{extra}</td>'


def _label_th(label: str) -> str:
    sub = " sub" if label[:1].isdigit() else ""  # 1.属于国家秘密 under （三）不予公开
    return f'<th class="row-label{sub}" scope="row">{esc(label)}</th>'


def table_html(file_no: int, key: str, table, pack, marks: dict, pdf: bool) -> str:
    rows, cols, captions = _table_layout(key, table, pack)
    row_label = (lambda r: pack.row_label(key, r)) if pack else (lambda r: r)
    col_label = (lambda c: pack.col_label(key, c)) if pack else (lambda c: c)
    out = [f'<figure class="report-table" id="f{file_no}-{key}">',
           f"<figcaption>{esc(TABLE_NAMES.get(key, key))}</figcaption>",
           f'<table class="grid" data-table="{esc(key)}">']
    if cols is None:  # 表二: blocks of rows sharing their columns, each with its own header
        specs = {r.key: r.cols for r in pack.table2_rows()}
        width = max((len(c) for c in specs.values()), default=1)
        out.append("<tbody>")
        previous = None
        for row in rows:
            row_cols = specs.get(row) or [c for r, c in table.cells if r == row]
            if row_cols != previous:
                heads = "".join(f'<th scope="col">{esc(col_label(c))}</th>' for c in row_cols)
                pad = width - len(row_cols)
                filler = f'<th class="pad" colspan="{pad}"></th>' if pad > 0 else ""
                out.append(f'<tr class="subhead"><th scope="col">信息内容</th>{heads}{filler}</tr>')
                previous = row_cols
            cells = "".join(_cell_html(file_no, key, table, row, c, marks, pdf) for c in row_cols)
            pad = width - len(row_cols)
            filler = f'<td class="pad" colspan="{pad}"></td>' if pad > 0 else ""
            out.append(f"<tr>{_label_th(row_label(row))}{cells}{filler}</tr>")
        out.append("</tbody>")
    else:
        heads = "".join(f'<th scope="col" data-col="{esc(c)}">{esc(col_label(c))}</th>' for c in cols)
        out.append(f'<thead><tr><th scope="col"></th>{heads}</tr></thead><tbody>')
        for row in rows:
            if row in captions:
                out.append(f'<tr class="group"><th colspan="{len(cols) + 1}">{esc(captions[row])}</th></tr>')
            cells = "".join(_cell_html(file_no, key, table, row, c, marks, pdf) for c in cols)
            out.append(f'<tr data-row="{esc(row)}">{_label_th(row_label(row))}{cells}</tr>')
        out.append("</tbody>")
    out.append("</table>")
    out.append("</figure>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------- findings
def _finding_row(file_no: int, n: int, f, doc) -> str:
    sev = f.severity if f.suppressed is None else "suppressed"
    label = SEVERITY_ZH.get(f.severity, f.severity) if f.suppressed is None else "已豁免"
    place = esc(where(f.location))
    if f.table and f.cells and doc is not None and f.table in doc.tables:
        first = f.cells[0]
        if (first.get("row"), first.get("col")) in doc.tables[f.table].cells:
            target = cell_id(file_no, f.table, first["row"], first["col"])
            place += f'<br><a href="#{esc(target)}">{esc(short_name(f.table))}中的单元格</a>'
    message = esc(f.message)
    if f.suggestion and f.suggestion.get("text"):
        message += f'<span class="suggestion">建议：{esc(f.suggestion["text"])}</span>'
    if f.suppressed is not None:
        sup = f.suppressed if isinstance(f.suppressed, dict) else {"reason": str(f.suppressed)}
        message += f'<span class="suggestion">已豁免（{esc(sup.get("kind", ""))}）：{esc(sup.get("reason", ""))}</span>'
    row_class = f"sev-row-{esc(f.severity)}" + (" suppressed" if f.suppressed is not None else "")
    return (f'<tr id="f{file_no}-finding-{n}" class="{row_class}" data-code="{esc(f.code)}">'
            f'<td><span class="sev sev-{esc(sev)}">{esc(label)}</span></td>'
            f'<td class="rule"><a href="#rule-{esc(f.code)}"><code>{esc(f.code)}</code></a><small>{esc(f.name)}</small></td>'
            f'<td class="where">{place}</td><td class="message">{message}</td></tr>')


def _badges(counts: dict) -> str:
    out = []
    for sev in ("error", "warning", "info"):
        if counts.get(sev):
            out.append(f'<span class="sev sev-{sev}">{counts[sev]} {SEVERITY_ZH[sev]}</span>')
    return "".join(out) or '<span class="sev clean">无问题</span>'


def file_html(file_no: int, result, show_suppressed: bool) -> str:
    doc = result.document
    out = [f'<section class="file" id="file-{file_no}">']
    counts = result.counts()
    badges = _badges(counts) if result.error is None else UNREADABLE_BADGE
    out.append(f'<h2><span class="path">{esc(result.path)}</span> <span class="badges">{badges}</span></h2>')
    if result.error is not None:
        out.append(f'<p class="unreadable">无法读取此文件：{esc(getattr(result.error, "clerk_message", result.error.message))} '
                   f'<code>{esc(result.error.code)}</code></p></section>')
        return "\n".join(out)
    if doc is not None:
        meta = [f"格式 {esc(doc.raw.format)}"]
        if doc.title:
            meta.insert(0, esc(doc.title))
        elif doc.agency:
            meta.insert(0, esc(doc.agency))
        meta.append(f"报告年度 {esc(doc.year)}" if doc.year else "报告年度 未识别")
        meta.append(f"模板 {esc(doc.edition)} 版" if doc.edition in ("2019", "2021") else f"模板 {esc(doc.edition or '未识别')}")
        if isinstance(doc.raw.meta, dict) and doc.raw.meta.get("pages"):
            meta.append(f"共 {esc(doc.raw.meta['pages'])} 页")
        out.append(f'<p class="meta">{" · ".join(meta)}</p>')
    visible = [f for f in result.findings if _visible(f, show_suppressed)]
    hidden = sum(1 for f in result.findings if f.suppressed is not None) if not show_suppressed else 0
    out.append(f"<h3>发现的问题（{sum(1 for f in visible if f.suppressed is None)}）</h3>")
    if visible:
        out.append('<table class="findings"><thead><tr><th>级别</th><th>规则</th><th>位置</th><th>说明</th></tr></thead><tbody>')
        out.extend(_finding_row(file_no, n, f, doc) for n, f in enumerate(visible, start=1))
        out.append("</tbody></table>")
    else:
        out.append('<p class="clean">未发现问题。</p>')
    if hidden:
        out.append(f'<p class="muted">另有 {hidden} 条已豁免（waiver/baseline）的问题未列出。</p>')
    if doc is not None:
        pack = load_pack(doc.edition) if doc.edition in TEMPLATE_EDITIONS else None
        marks = cell_marks(result.findings)
        pdf = doc.raw.format == "pdf"
        if pack is not None or any(key in doc.tables for key in TABLE_KEYS):
            out.append("<h3>表格（按读取结果）</h3>")
            out.append(LEGEND)
        for key in TABLE_KEYS:
            table = doc.tables.get(key)
            if table is not None and (table.cells or table.unreadable):
                out.append(table_html(file_no, key, table, pack, marks, pdf))
            elif pack is not None:
                out.append(f'<p class="muted">未读取到{esc(short_name(key))}。</p>')
    out.append("</section>")
    return "\n".join(out)


def rules_html(codes, lang: str = "zh") -> str:
    from ..checks.registry import rule_by_code, rule_section, rule_summary

    out = []
    for code in codes:
        rule = rule_by_code(code)
        if rule is None:
            continue
        zh = lang == "zh" and bool(getattr(rule, "docs_zh", ""))
        why = rule_section(rule, "Why", lang)  # English where the rule has no Chinese docs
        checks = rule_section(rule, "What it checks", lang)
        summary = rule_summary(rule, lang)
        out.append(f'<details class="rule" id="rule-{esc(rule.code)}"><summary><code>{esc(rule.code)}</code> '
                   f'{esc(rule.name)}：{esc(summary)}</summary>'
                   + (f"<pre>{esc(checks)}</pre>" if checks else "")
                   + (f"<pre>{'依据' if zh else 'Why'}：{esc(why)}</pre>" if why else "") + "</details>")
    if not out:
        return ""
    return "<h2>规则说明</h2>\n" + "\n".join(out)


def render(results, opts) -> str:
    show_suppressed = bool(getattr(opts, "show_suppressed", False))
    totals = Counter()
    suppressed = 0
    for r in results:
        totals.update({k: v for k, v in r.counts().items()})
        suppressed += sum(1 for f in r.findings if f.suppressed is not None)
    unreadable = sum(1 for r in results if r.error is not None)
    body = ['<header class="page"><h1>政府信息公开工作年度报告 检查结果</h1>'
            f'<p class="tool">xxgk-lint {esc(__version__)}</p></header>']
    stats = [("files", len(results), "文件"), ("error", totals["error"], "错误"),
             ("warning", totals["warning"], "警告"), ("info", totals["info"], "提示")]
    if unreadable:
        stats.append(("error", unreadable, "无法读取"))
    if suppressed:
        stats.append(("suppressed", suppressed, "已豁免"))
    clean = not (totals["error"] or totals["warning"] or totals["info"] or unreadable)
    body.append('<section class="summary">' + "".join(
        f'<div class="stat {cls}{" clean" if clean and cls == "files" else ""}" data-kind="{esc(label)}">'
        f'<span class="n">{n}</span><span class="label">{esc(label)}</span></div>'
        for cls, n, label in stats) + "</section>")
    if len(results) > 1:
        rows = []
        for i, r in enumerate(results, start=1):
            d = r.document
            status = UNREADABLE_BADGE if r.error else _badges(r.counts())
            rows.append(f'<tr><td><a href="#file-{i}">{esc(r.path)}</a></td><td>{esc(d.year if d else "")}</td>'
                        f'<td>{esc(d.edition if d else "")}</td><td>{status}</td></tr>')
        body.append('<table class="index"><thead><tr><th>文件</th><th>年度</th><th>模板</th><th>结果</th></tr></thead>'
                    f'<tbody>{"".join(rows)}</tbody></table>')
    body.extend(file_html(i, r, show_suppressed) for i, r in enumerate(results, start=1))
    codes = sorted({f.code for r in results for f in r.findings if _visible(f, show_suppressed)})
    body.append(rules_html(codes, getattr(opts, "lang", None) or "zh"))
    body.append(f'<footer>由 xxgk-lint {esc(__version__)} 生成。位置：文本文件为 行:列，PDF 为页码。</footer>')
    return page("xxgk-lint 检查结果", "\n".join(b for b in body if b))
