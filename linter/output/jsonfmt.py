"""The JSON output: the findings contract of ../shared/spec/keys.md, versioned and validated
against the schema shipped in linter/schemas/check-output.schema.json."""
from __future__ import annotations

import json

from .. import __version__

SCHEMA_VERSION = "1"


def file_entry(result) -> dict:
    doc = result.document
    entry = {
        "path": result.path,
        "error": result.error.to_json() if result.error else None,
        "format": doc.raw.format if doc else None,
        "year": doc.year if doc else None,
        "edition": doc.edition if doc else None,
        "agency": (doc.agency or None) if doc else None,
        "findings": [f.to_json() for f in result.findings],
        "summary": result.counts(),
    }
    if doc is not None and doc.raw.meta.get("ocr"):
        entry["ocr"] = doc.raw.meta["ocr"]
    return entry


def document_json(results) -> dict:
    files = [file_entry(r) for r in results]
    totals = {"files": len(results), "unreadable": sum(1 for r in results if r.error),
              "error": 0, "warning": 0, "info": 0, "suppressed": 0}
    for r in results:
        for f in r.findings:
            if f.suppressed is not None:
                totals["suppressed"] += 1
            else:
                totals[f.severity] += 1
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "xxgk-lint", "version": __version__},
            "files": files, "summary": totals}


def render(results, opts) -> str:
    data = document_json(results)
    if opts.extra.get("unused_waivers") is not None:  # set by `check` (linter/waivers.py)
        data["unused_waivers"] = opts.extra["unused_waivers"]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
