"""JSON Lines: one JSON object per file, written as each file is done, in input order.

Each line is the per-file object of the JSON format (`jsonfmt.file_entry`, the `file` definition
of linter/schemas/check-output.schema.json), so a consumer validates lines with the same schema
and a long run can be read while it goes on. The findings of the year-over-year pass need every
report, so they come last: one more line for each report compared with last year's, with
`"pass": "cross-year"` and only those findings (see `check_files` in linter/run/app.py).
"""
from __future__ import annotations

import json

from .jsonfmt import file_entry

STREAMS = True  # the CLI writes each line as its file is done (no list of every result is kept)


def line(result, cross_year: bool = False) -> str:
    entry = file_entry(result)
    if cross_year:
        entry["pass"] = "cross-year"
    return json.dumps(entry, ensure_ascii=False) + "\n"


def render(results, opts) -> str:
    """All lines at once (the results already hold their cross-year findings)."""
    return "".join(line(r) for r in results)


class _LineStreamer:
    def __init__(self, opts):
        self.opts = opts

    def file(self, result) -> str:
        return line(result)

    def cross_year(self, result) -> str:
        return line(result, cross_year=True)

    def end(self, extra: dict) -> list:
        return []


def streamer(opts):
    """One line per file as it is done; the cross-year lines after every file's (output/stream.py)."""
    return _LineStreamer(opts)
