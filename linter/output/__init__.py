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
    """Whether the format is written as results come, holding none of them (`STREAMS` in its
    module, with its `streamer(opts)`: see output/stream.py). The others (json, sarif, html) build
    one document out of every result and need them all at once."""
    return bool(getattr(importlib.import_module(FORMATS[name], __package__), "STREAMS", False))


def streamer(name: str, opts: RenderOptions):
    return importlib.import_module(FORMATS[name], __package__).streamer(opts)


def line_writer(name: str):
    return importlib.import_module(FORMATS[name], __package__).line


def renderer(name: str):
    return importlib.import_module(FORMATS[name], __package__).render
