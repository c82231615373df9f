"""The rule contract: a small class with its metadata beside its check.

A rule declares `code`, `name` (kebab case), `category`, `severity` (the default), `summary`, and
a docstring with the sections "What it checks", "Why", "Fires on", "Silent on" and "Options" (for
developers, in English), and beside them `summary_zh` and `docs_zh` with the sections 检查内容,
依据 and 选项 (for clerks, in Chinese). They feed `xxgk-lint rule CODE`, the SARIF rule catalogue
and the HTML report, in the language asked for (`--lang`, linter/lang.py).
`check(doc, ctx)` yields Findings; it never formats output or reads configuration itself.
`editions` limits a rule to template editions ("2019", "2021", "pre2019"; None: all).
"""
from __future__ import annotations

import inspect
from typing import Iterable, Optional

from .finding import Finding, cell_ref
from ..document.model import Document, Location


DOC_HEADINGS_ZH = {"What it checks": "检查内容", "Why": "依据", "Options": "选项"}


class Context:
    """What a rule may use besides the document: the rule pack of the edition and the options."""

    def __init__(self, pack=None, options: Optional[dict] = None):
        self.pack = pack
        self.options = options or {}

    def option(self, name, default=None):
        return self.options.get(name, default)


class Rule:
    code: str = ""
    name: str = ""
    category: str = ""
    severity: str = "warning"
    summary: str = ""
    summary_zh: str = ""
    docs_zh: str = ""  # the documentation in Chinese: 检查内容, 依据, 选项
    editions: Optional[tuple] = None  # None: every edition
    needs_report: bool = True  # False: also runs on a file that does not read like a report
    options_schema: dict = {}

    def applies(self, doc: Document) -> bool:
        return self.editions is None or doc.edition in self.editions

    def runs_on(self, doc: Document) -> bool:
        """Whether the engine runs this rule on `doc`: a file that is no annual report at all
        gets only the rules that say so, not a finding for every missing part."""
        return (doc.recognised or not self.needs_report) and self.applies(doc)

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def docs(cls, lang: str = "en") -> str:
        """The documentation in `lang` ("zh" or "en"); English when there is no Chinese."""
        if lang == "zh" and cls.docs_zh:
            return inspect.cleandoc(cls.docs_zh)
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary_in(cls, lang: str = "en") -> str:
        return (cls.summary_zh or cls.summary) if lang == "zh" else cls.summary

    @classmethod
    def doc_section(cls, title: str, lang: str = "en") -> str:
        """The text under one heading of the documentation: an English heading ("Why") of the
        docstring, or with lang "zh" its Chinese counterpart (依据) of `docs_zh`."""
        if lang == "zh" and cls.docs_zh:
            title = DOC_HEADINGS_ZH.get(title, title)
        lines = cls.docs(lang).splitlines()
        out, on = [], False
        for line in lines:
            if line.rstrip(":：").strip() == title:
                on = True
                continue
            if on and line and not line.startswith(" ") and line.endswith((":", "：")):
                break
            if on:
                out.append(line.strip())
        return "\n".join(out).strip()

    # -- helpers for building findings -------------------------------------------------------
    def finding(self, doc: Document, message: str, *, start: Optional[int] = None,
                end: Optional[int] = None, location: Optional[Location] = None,
                section=None, table: Optional[str] = None, cells=(), severity: Optional[str] = None,
                category: Optional[str] = None, args: Optional[dict] = None, related=(),
                suggestion=None, evidence_key: str = "", code: Optional[str] = None) -> Finding:
        """Build a Finding of this rule; the location comes from text offsets, or from the first
        located cell, or from the section heading, in that order."""
        cells = list(cells)
        offset = start
        if offset is None:
            offset = next((c.start for c in cells if getattr(c, "start", None) is not None), None)
        if location is None and start is not None:
            location = doc.locate(start, end)
        if location is None:
            for cell in cells:
                if getattr(cell, "start", None) is not None:
                    location = doc.locate(cell.start, cell.end)
                    break
        if location is None and section is not None:
            sec = doc.section(int(section))
            if sec is not None:
                location = doc.locate(sec.start, sec.body_start)
        if section is None and start is not None:
            sec = doc.section_at(start)
            section = sec.number if sec else None
        cell_json = [c if isinstance(c, dict) else cell_ref(c.row, c.col, c.value) for c in cells]
        return Finding(code=code or self.code, name=self.name, category=category or self.category,
                       severity=severity or self.severity, message=message,
                       section=None if section is None else str(section), table=table,
                       cells=cell_json, location=location or Location(line=1, column=1),
                       args=dict(args or {}), related=list(related), suggestion=suggestion,
                       path=doc.path, evidence_key=evidence_key, offset=offset)
