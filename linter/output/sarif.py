"""SARIF 2.1.0 output (design notes §3.6), for GitHub code scanning and SARIF viewers.

One run. `tool.driver.rules` is the whole rule catalogue of the registry (id = code, name,
summary, the docstring, help in text and Markdown with the "Why", default level); each result
points back into it with `ruleId` and `ruleIndex`. Locations:

- `physicalLocation.artifactLocation`: the file as a URI relative to `%SRCROOT%` (the current
  directory, or `RenderOptions.extra["srcroot"]`); a file outside it gets an absolute file URI.
- `region` (startLine/startColumn/endLine/endColumn, columns in Unicode code points, end column
  exclusive) only for text-like input (text, Markdown, HTML): a PDF or DOCX has no lines, so its
  page and bbox (or DOCX paragraph / table cell) go into the `properties` of the physicalLocation.
- `logicalLocations`: the section, the table and the cell of the finding, with kinds "section",
  "table" and "cell" and fully qualified names like "section3", "table3",
  "table3/received_new/total" (keys of ../shared/spec/keys.md).
- `relatedLocations`: the other cells of a relation (the items feeding a total).

`partialFingerprints["xxgk-lint/v1"]` is `Finding.fingerprint` (no line numbers in it), so an
alert survives edits above it. A waived or baselined finding (`Finding.suppressed`) is kept, with
a `suppressions` entry of kind "external": SARIF consumers hide or dismiss it instead of seeing it
as fixed. A file that cannot be read at all becomes a `toolExecutionNotification` of the
invocation, and `executionSuccessful` is false.
"""
from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .. import __version__
from ..checks.base import DOC_HEADINGS_ZH
from ..checks.registry import rule_docs, rule_section, rule_summary
from ..checks.structure import TEMPLATE_EDITIONS
from ..document.model import Location
from ..document.packs import load_pack

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "xxgk-lint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TEXT_FORMATS = ("text", "markdown", "html")
MIME_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DOC_HEADINGS = ("What it checks", "Why", "Fires on", "Silent on", "Options")
TABLE_SECTION = {"table2": "2", "table3": "3", "table4": "4"}
UNREADABLE = {"id": "XXGK-UNREADABLE", "name": "unreadable-file",
              "shortDescription": {"text": "文件无法读取，未作检查"},
              "fullDescription": {"text": "文件无法读取，未作检查（例如文件为空、已损坏、加密或没有文字层）。"
                                          "通知中写明原因和应对办法。"},
              "help": {"text": "按通知中的说明处理后重新检查：另存为未加密的 PDF 或 DOCX，或对扫描件先做文字识别。",
                       "markdown": "按通知中的说明处理后重新检查：另存为未加密的 PDF 或 DOCX，或对扫描件先做文字识别。"},
              "defaultConfiguration": {"level": "error"}}


def _jsonable(value):
    """Rule args may hold anything a rule put there: keep what JSON can hold, str() the rest."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


# ---------------------------------------------------------------------------------- artifacts
def artifact_uri(path: str, srcroot: str) -> tuple:
    """(uri, uriBaseId or None): relative to `srcroot` when the file is inside it."""
    root = Path(srcroot).resolve()
    p = Path(path)
    absolute = (p if p.is_absolute() else root / p).resolve()
    try:
        rel = absolute.relative_to(root)
    except ValueError:
        return absolute.as_uri(), None
    return quote(PurePosixPath(*rel.parts).as_posix(), safe="/"), SRCROOT


class _Artifacts:
    def __init__(self, srcroot: str):
        self.srcroot = srcroot
        self.items: list = []
        self.index: dict = {}

    def location(self, path: str, doc=None) -> dict:
        if path not in self.index:
            uri, base = artifact_uri(path, self.srcroot)
            loc = {"uri": uri, **({"uriBaseId": base} if base else {})}
            item: dict = {"location": dict(loc)}
            fmt = doc.raw.format if doc is not None else None
            if fmt in MIME_TYPES:
                item["mimeType"] = MIME_TYPES[fmt]
            if doc is not None:
                item["properties"] = {"format": fmt, "year": doc.year, "edition": doc.edition,
                                      "agency": doc.agency or None}
                encoding = doc.raw.meta.get("encoding") if isinstance(doc.raw.meta, dict) else None
                if encoding and fmt in TEXT_FORMATS:
                    item["encoding"] = str(encoding)
            self.index[path] = len(self.items)
            self.items.append(item)
        item = self.items[self.index[path]]
        return {**item["location"], "index": self.index[path]}


# -------------------------------------------------------------------------------------- rules
def rule_help_markdown(rule, lang: str = "en") -> str:
    parts = [f"**{rule.code} {rule.name}**: {rule_summary(rule, lang)}"]
    for heading in DOC_HEADINGS:
        text = rule_section(rule, heading, lang)
        if text:
            title = DOC_HEADINGS_ZH.get(heading, heading) if lang == "zh" and getattr(rule, "docs_zh", "") else heading
            parts.append(f"### {title}\n\n{text}")
    if len(parts) == 1 and rule_docs(rule, lang):
        parts.append(rule_docs(rule, lang))
    return "\n\n".join(parts)


def rule_help_text(rule, lang: str = "en") -> str:
    why = rule_section(rule, "Why", lang)
    text = f"{rule.code} {rule.name}: {rule_summary(rule, lang)}"
    if why:
        text += f"\n\n{'依据' if lang == 'zh' and getattr(rule, 'docs_zh', '') else 'Why'}: {why}"
    return text


def rule_descriptor(rule, lang: str = "en") -> dict:
    desc = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule_summary(rule, lang) or rule.name or rule.code},
        "defaultConfiguration": {"level": LEVELS.get(getattr(rule, "severity", "warning"), "warning")},
        "help": {"text": rule_help_text(rule, lang), "markdown": rule_help_markdown(rule, lang)},
        "properties": {"category": getattr(rule, "category", ""),
                       "tags": [rule.category] if getattr(rule, "category", "") else [],
                       "editions": list(rule.editions) if getattr(rule, "editions", None) else None},
    }
    if rule_docs(rule, lang):
        desc["fullDescription"] = {"text": rule_docs(rule, lang)}
    return desc


def _ad_hoc_descriptor(finding) -> dict:
    """A finding whose code is not in the registry (e.g. from a rule that was unregistered)."""
    text = f"{finding.code}（{finding.name or '未登记的规则'}）：该规则未在本次运行的规则目录中登记"
    return {"id": finding.code, **({"name": finding.name} if finding.name and finding.name != finding.code else {}),
            "shortDescription": {"text": finding.name or finding.code},
            "fullDescription": {"text": text}, "help": {"text": text, "markdown": text},
            "defaultConfiguration": {"level": LEVELS.get(finding.severity, "warning")},
            "properties": {"category": finding.category, "tags": [finding.category] if finding.category else []}}


# ---------------------------------------------------------------------------------- locations
def region(loc) -> dict | None:
    if loc is None or loc.line is None:
        return None
    out = {"startLine": loc.line}
    if loc.column is not None:
        out["startColumn"] = loc.column
    if loc.end_line is not None:
        out["endLine"] = loc.end_line
        if loc.end_column is not None:
            out["endColumn"] = loc.end_column
    return out


def _location_properties(loc, text_like: bool) -> dict:
    data = loc.to_json()
    drop = ("line", "column", "end_line", "end_column") if text_like else ()
    return {k: v for k, v in data.items() if k not in drop}


def physical_location(artifact: dict, loc, text_like: bool) -> dict:
    out: dict = {"artifactLocation": artifact}
    if loc is not None:
        reg = region(loc) if text_like else None
        if reg:
            out["region"] = reg
        props = _location_properties(loc, bool(reg))
        if props:
            out["properties"] = props
    return out


def _cell_label(pack, table, row, col) -> str | None:
    if pack is None:
        return None
    return f"{pack.row_label(table, row)}/{pack.col_label(table, col)}"


def cell_logical(table: str, row: str, col: str, pack=None) -> dict:
    out = {"name": f"{row}/{col}", "fullyQualifiedName": f"{table}/{row}/{col}", "kind": "cell"}
    label = _cell_label(pack, table, row, col)
    if label:
        out["properties"] = {"label": label}
    return out


def logical_locations(finding, pack=None) -> list:
    out = []
    section = finding.section or TABLE_SECTION.get(finding.table or "")
    if section:
        out.append({"name": str(section), "fullyQualifiedName": f"section{section}", "kind": "section"})
    if finding.table:
        out.append({"name": finding.table, "fullyQualifiedName": finding.table, "kind": "table"})
        if finding.cells:
            first = finding.cells[0]
            if first.get("row") and first.get("col"):
                out.append(cell_logical(finding.table, first["row"], first["col"], pack))
    return out


def related_locations(finding, artifact: dict, text_like: bool, pack=None) -> list:
    out = []
    primary = None
    if finding.cells:
        primary = (finding.cells[0].get("row"), finding.cells[0].get("col"))
    for item in finding.related:
        loc = item.get("location")
        if isinstance(loc, dict):  # a finding read back from JSON (e.g. a baseline)
            loc = Location(**{k: v for k, v in loc.items() if k in Location.__dataclass_fields__})
        if not hasattr(loc, "to_json"):
            continue
        if (item.get("row"), item.get("col")) == primary:
            continue  # that cell is the result's own location
        entry: dict = {"id": len(out), "physicalLocation": physical_location(artifact, loc, text_like)}
        if finding.table and item.get("row") and item.get("col"):
            entry["logicalLocations"] = [cell_logical(finding.table, item["row"], item["col"], pack)]
        label = _cell_label(pack, finding.table, item.get("row"), item.get("col")) if finding.table else None
        what = label or f"{item.get('row')}/{item.get('col')}"
        entry["message"] = {"text": f"{what} = {item.get('value')}"}
        entry["properties"] = {"role": item.get("role"), "row": item.get("row"), "col": item.get("col"),
                               "value": _jsonable(item.get("value"))}
        out.append(entry)
    return out


# ------------------------------------------------------------------------------------ results
def _message(finding) -> str:
    """The message, with the wrong-cell finder's proposal: code scanning shows only this text."""
    text = (finding.suggestion or {}).get("text") if isinstance(finding.suggestion, dict) else None
    return f"{finding.message}。建议：{text}" if text else finding.message


def cell_fix(finding, artifact: dict, text_like: bool) -> dict | None:
    """A SARIF `fix` replacing the printed number of the one cell the wrong-cell finder names,
    when the finding is placed on that very cell of a text-like file (a PDF has no lines to edit)."""
    sug = finding.suggestion if isinstance(finding.suggestion, dict) else None
    if not text_like or not sug or sug.get("kind") != "single-cell" or len(sug.get("cells", [])) != 1:
        return None
    cell, first = sug["cells"][0], (finding.cells or [{}])[0]
    if (cell.get("row"), cell.get("col")) != (first.get("row"), first.get("col")):
        return None
    reg = region(finding.location)
    if not reg or "startColumn" not in reg or "endColumn" not in reg:
        return None
    return {"description": {"text": sug.get("text") or f"改为{cell.get('suggested')}"},
            "artifactChanges": [{"artifactLocation": {k: v for k, v in artifact.items() if k != "index"},
                                 "replacements": [{"deletedRegion": reg,
                                                   "insertedContent": {"text": str(cell.get("suggested"))}}]}]}


def result_entry(finding, rule_index: int, artifact: dict, text_like: bool, pack=None) -> dict:
    location = {"physicalLocation": physical_location(artifact, finding.location, text_like)}
    logical = logical_locations(finding, pack)
    if logical:
        location["logicalLocations"] = logical
    out: dict = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": _message(finding)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    related = related_locations(finding, artifact, text_like, pack)
    if related:
        out["relatedLocations"] = related
    fix = cell_fix(finding, artifact, text_like)
    if fix:
        out["fixes"] = [fix]
    if finding.suppressed is not None:
        sup = finding.suppressed if isinstance(finding.suppressed, dict) else {"reason": str(finding.suppressed)}
        entry = {"kind": "external", "status": "accepted"}
        if sup.get("reason"):
            entry["justification"] = str(sup["reason"])
        if sup.get("kind"):
            entry["properties"] = {"kind": sup["kind"]}
        out["suppressions"] = [entry]
    props: dict = {"category": finding.category, "severity": finding.severity, "section": finding.section,
                   "table": finding.table, "cells": _jsonable(finding.cells), "args": _jsonable(finding.args)}
    if finding.suggestion is not None:
        props["suggestion"] = _jsonable(finding.suggestion)
    out["properties"] = props
    return out


def sarif_log(results, opts=None) -> dict:
    from ..checks.registry import all_rules

    extra = getattr(opts, "extra", None) or {}
    srcroot = extra.get("srcroot") or os.getcwd()
    rules = list(all_rules())
    lang = getattr(opts, "lang", None) or "zh"
    descriptors = [rule_descriptor(r, lang) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    artifacts = _Artifacts(srcroot)
    out_results, notifications = [], []
    for result in results:
        doc = result.document
        artifact = artifacts.location(result.path, doc)
        if result.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{result.path}: {result.error.clerk_message}（{result.error.code}）"
                            if lang == "zh" else f"{result.path}: {result.error.message}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                "descriptor": {"id": UNREADABLE["id"], "index": 0},
                "properties": {"path": result.path, "code": result.error.code, "detail": result.error.message},
            })
            continue
        text_like = doc is None or doc.raw.format in TEXT_FORMATS
        pack = load_pack(doc.edition) if doc is not None and doc.edition in TEMPLATE_EDITIONS else None
        for finding in result.findings:
            if finding.code not in index:
                index[finding.code] = len(descriptors)
                descriptors.append(_ad_hoc_descriptor(finding))
            out_results.append(result_entry(finding, index[finding.code], artifact, text_like, pack))
    driver = {"name": "xxgk-lint", "version": __version__, "semanticVersion": __version__,
              "rules": descriptors, "notifications": [UNREADABLE]}
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    run = {
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(srcroot).resolve().as_uri().rstrip("/") + "/"}},
        "artifacts": artifacts.items,
        "results": out_results,
        "columnKind": "unicodeCodePoints",
        "language": "zh-CN" if lang == "zh" else "en-US",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _information_uri() -> str | None:
    try:
        from importlib.metadata import metadata

        meta = metadata("xxgk-lint")
    except Exception:
        return None
    for value in meta.get_all("Project-URL") or []:
        _, _, url = value.partition(", ")
        if url.startswith("http"):
            return url.strip()
    home = meta.get("Home-page")
    return home if home and home.startswith("http") else None


def render(results, opts) -> str:
    return json.dumps(sarif_log(results, opts), ensure_ascii=False, indent=2) + "\n"
