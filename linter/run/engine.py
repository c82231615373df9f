"""Run the rules over documents: read, parse, check, select, resolve severities, sort.

`lint_file` never raises for bad input: a file that cannot be read becomes `FileResult.error`
(one line naming the problem), and a rule that crashes becomes a finding of its own, so one bad
file or one buggy plugin never stops a run over hundreds of reports.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

from ..checks.base import Context
from ..errors import InputError
from ..checks.finding import Finding
from ..document.model import Document, Location
from ..document.packs import load_pack, template_editions
from ..document.parse import parse
from ..readers import read_path
from ..checks.registry import select_rules
from ..checks import ocrdoubt


@dataclass
class LintOptions:
    select: Optional[list] = None
    ignore: list = field(default_factory=list)
    extend_select: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)  # code -> severity override
    year: Optional[int] = None
    edition: Optional[str] = None
    agency_kind: Optional[str] = None  # "department" or "government"
    published: Optional[str] = None  # ISO date, overrides the date under the signature
    rule_options: dict = field(default_factory=dict)
    reader_options: dict = field(default_factory=dict)
    ocr: str = "auto"  # OCR of scanned pages and pictures: "auto" (where there is no text), "off", "force"
    extra: dict = field(default_factory=dict)  # e.g. {"previous_document": Document}

    def parse_options(self) -> dict:
        return {"year": self.year, "edition": self.edition}


@dataclass
class FileResult:
    path: str
    error: Optional[InputError] = None
    findings: list = field(default_factory=list)
    document: Optional[Document] = None
    seconds: float = 0.0

    def counts(self) -> dict:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            if f.suppressed is None:
                out[f.severity] += 1
        return out


def parse_file(path: str, options: Optional[LintOptions] = None) -> Document:
    """Read and parse one file; raises InputError when it cannot be read at all."""
    options = options or LintOptions()
    raw = read_path(path, {"ocr": options.ocr, **options.reader_options})
    return parse(raw, options.parse_options())


def lint_document(doc: Document, options: Optional[LintOptions] = None) -> list:
    options = options or LintOptions()
    pack = load_pack(doc.edition) if doc.edition in template_editions() else None
    ctx_options = {"agency_kind": options.agency_kind, "published": options.published, **options.extra}
    findings = []
    rules = select_rules(options.select, options.ignore, options.extend_select)
    for rule_cls in rules:
        rule = rule_cls()
        ctx = Context(pack=pack, options={**ctx_options, **options.rule_options.get(rule.code, {})})
        try:
            if not rule.runs_on(doc):
                continue
            for finding in rule.check(doc, ctx):
                findings.append(finding)
        except Exception as exc:  # a buggy rule must not kill the run; say so where it shows
            findings.append(Finding(code=rule.code, name=rule.name, category="input", severity="warning",
                                    message=f"无法检查：规则{rule.code}在本文件上运行出错，这项检查未完成（请把文件交给开发者排查）",
                                    location=Location(line=1, column=1), path=doc.path,
                                    args={"internal_error": True, "exception": f"{type(exc).__name__}: {exc}"}))
    findings = ocrdoubt.apply(doc, findings, keep_doubt=any(r.code == "INP007" for r in rules))
    for f in findings:
        if f.code in options.severity:
            f.severity = options.severity[f.code]
    return sorted(findings, key=lambda f: f.sort_key())


def lint_file(path: str, options: Optional[LintOptions] = None) -> FileResult:
    options = options or LintOptions()
    started = time.perf_counter()
    try:
        doc = parse_file(path, options)
    except InputError as exc:
        return FileResult(path=path, error=exc, seconds=time.perf_counter() - started)
    except RecursionError:
        return FileResult(path=path, error=InputError("too-complex", "document structure is too deeply nested to read"))
    except MemoryError:
        return FileResult(path=path, error=InputError("too-large", "not enough memory to read this document"))
    except Exception as exc:  # never a traceback for the user: the file is reported, the run goes on
        return FileResult(path=path, error=InputError("internal", f"could not be read ({type(exc).__name__}: {exc})"),
                          seconds=time.perf_counter() - started)
    findings = lint_document(doc, options)
    doc._memo.clear()  # views derived for the rules: not needed past this point
    return FileResult(path=path, findings=findings, document=doc, seconds=time.perf_counter() - started)
