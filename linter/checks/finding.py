"""The Finding: what every rule reports, and what every output format renders.

The JSON form follows the findings contract of ../shared/spec/keys.md (code, category, severity,
message, section, table, cells, location) and adds what review tools need: the rule's name, the
structured evidence (`expected`/`found` and other args), related cells, a suggestion, and a
fingerprint that does not depend on line numbers (so baselines survive edits above a finding).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Optional

from ..document.model import Location

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
CATEGORIES = ("input", "structure", "period", "arithmetic", "consistency", "content", "cross-year")


@dataclass
class Finding:
    code: str
    name: str
    category: str
    severity: str
    message: str
    section: Optional[str] = None  # "1".."6"
    table: Optional[str] = None  # "table2", "table3", "table4"
    cells: list = field(default_factory=list)  # [{"row", "col", "value"}]
    location: Location = field(default_factory=Location)
    args: dict = field(default_factory=dict)  # structured evidence: expected, found, relation, ...
    related: list = field(default_factory=list)  # [{"role", "row", "col", "value", "location"}]
    suggestion: Optional[dict] = None  # the wrong-cell finder's proposal, when any
    suppressed: Optional[dict] = None  # {"kind": "waiver"|"baseline", "reason": ...}
    path: str = ""
    evidence_key: str = ""  # extra identity for the fingerprint (e.g. relation id)
    offset: Optional[int] = None  # where in the document text (orders findings; not in the JSON)

    @property
    def fingerprint(self) -> str:
        """Stable identity: rule, file name, logical place and evidence, never line numbers."""
        import os

        cells = sorted((c.get("row"), c.get("col")) for c in self.cells)
        basis = json.dumps([self.code, os.path.basename(self.path), self.section, self.table, cells,
                            self.evidence_key or self.args.get("relation") or ""],
                           ensure_ascii=False, default=str)
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]

    def sort_key(self):
        """Document order: by page and line where the source has them, then by the place in the
        document text (a DOCX has neither pages nor lines; a PDF page holds many findings)."""
        loc = self.location
        return (loc.page or 0, loc.line or 0, self.offset if self.offset is not None else -1, loc.column or 0,
                self.code, self.message)

    def to_json(self) -> dict:
        out = {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "section": self.section,
            "table": self.table,
            "cells": self.cells,
            "location": self.location.to_json(),
            "args": self.args,
            "fingerprint": self.fingerprint,
        }
        if self.related:
            out["related"] = [{**r, "location": r["location"].to_json()} if isinstance(r.get("location"), Location)
                              else r for r in self.related]
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        if self.suppressed is not None:
            out["suppressed"] = self.suppressed
        return out


def cell_ref(row: str, col: str, value: Any) -> dict:
    return {"row": row, "col": col, "value": value}
