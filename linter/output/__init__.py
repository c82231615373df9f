"""Output formats: one module per format, each a pure `render(results, opts) -> str`.

`FORMATS` maps the `--format` name to its renderer; a format is added by adding a module and
one line here.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = {
    "text": "linter.output.text",
    "json": "linter.output.jsonfmt",
    "summary": "linter.output.summary",
    "csv": "linter.output.csvfmt",
    "sarif": "linter.output.sarif",
    "github": "linter.output.github",
    "html": "linter.output.html",
}


@dataclass
class RenderOptions:
    statistics: bool = False
    show_suppressed: bool = False
    color: bool = False
    extra: dict = field(default_factory=dict)


def renderer(name: str):
    return importlib.import_module(FORMATS[name]).render
