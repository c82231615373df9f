"""Output formats: one module per format, each a pure `render(results, opts) -> str`.

`FORMATS` maps the `--format` name to its renderer; a format is added by adding a module and
one line here.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = {
    "text": ".text",
    "json": ".jsonfmt",
    "jsonl": ".jsonl",
    "summary": ".summary",
    "csv": ".csvfmt",
    "sarif": ".sarif",
    "github": ".github",
    "html": ".html",
}


@dataclass
class RenderOptions:
    statistics: bool = False
    show_suppressed: bool = False
    color: bool = False
    quiet: bool = False  # findings only: no summary line
    show_source: bool = False  # the line of each finding with a caret (text output)
    lang: str = "zh"  # rule documentation and the summary line: "zh" or "en"
    extra: dict = field(default_factory=dict)


def streams(name: str) -> bool:
    """Whether the format is written file by file as results come (`STREAMS` in its module)."""
    return bool(getattr(importlib.import_module(FORMATS[name], __package__), "STREAMS", False))


def line_writer(name: str):
    return importlib.import_module(FORMATS[name], __package__).line


def renderer(name: str):
    return importlib.import_module(FORMATS[name], __package__).render
