"""Baselines: adopt the linter on a corpus of old reports by accepting what is there today.

`check --write-baseline FILE` records every finding of the run that is not waived, by
(file name, rule code, fingerprint) with a count; `check --baseline FILE` marks findings already
in the file as suppressed (`{"kind": "baseline", "reason": "in baseline FILE"}`) so that only new ones count for the exit code.
`Finding.fingerprint` does not depend on line numbers or page positions (rule, file name, section,
table, cells, relation), so edits above a finding keep it baselined. The count matters when one
place has several findings of a kind: if the baseline holds 2 and the run finds 3, one is new.

The file is JSON, sorted, one entry per key, meant to be committed and reviewed:

    {"xxgk_lint_baseline": 1, "tool_version": "0.1.0",
     "findings": [{"file": "report.pdf", "code": "ARI001", "fingerprint": "…", "count": 1,
                   "message": "…"}]}

`message` is the message of the first finding with that key, for reviewers only (not matched).
Files are keyed by base name, so a baseline survives moving the folder or running from another
directory. Writing a baseline also applies it to the run being written, so that run exits 0
unless a file could not be read.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass

from .. import __version__
from .config import ConfigError

FORMAT_KEY = "xxgk_lint_baseline"
FORMAT_VERSION = 1


def _key(finding) -> tuple:
    return (os.path.basename(finding.path), finding.code, finding.fingerprint)


def _recordable(finding) -> bool:
    return finding.suppressed is None or finding.suppressed.get("kind") == "baseline"


def baseline_entries(results) -> list:
    counts, messages = Counter(), {}
    for result in results:
        for finding in result.findings:
            if not _recordable(finding):
                continue
            key = _key(finding)
            counts[key] += 1
            messages.setdefault(key, finding.message)
    return [{"file": k[0], "code": k[1], "fingerprint": k[2], "count": counts[k], "message": messages[k]}
            for k in sorted(counts)]


def write_baseline(path: str, results) -> int:
    """Write the baseline of `results` to `path`; returns the number of findings recorded."""
    entries = baseline_entries(results)
    data = {FORMAT_KEY: FORMAT_VERSION, "tool_version": __version__, "findings": entries}
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise ConfigError(f"cannot write baseline: {exc.strerror or exc}", path) from None
    return sum(e["count"] for e in entries)


def load_baseline(path: str) -> Counter:
    """{(file name, code, fingerprint): count}; ConfigError when the file is missing or invalid."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise ConfigError("baseline file not found (create it with --write-baseline)", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror or exc}", path) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"baseline is not valid JSON: {exc}", path) from None
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f"not an xxgk-lint baseline (expected {{\"{FORMAT_KEY}\": {FORMAT_VERSION}, \"findings\": […]}})", path)
    out = Counter()
    for i, entry in enumerate(data["findings"]):
        ok = (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("file", "code", "fingerprint"))
              and isinstance(entry.get("count", 1), int) and entry.get("count", 1) >= 1)
        if not ok:
            raise ConfigError(f"findings[{i}]: expected {{file, code, fingerprint, count}}", path)
        out[(entry["file"], entry["code"], entry["fingerprint"])] += entry.get("count", 1)
    return out


@dataclass
class BaselineReport:
    matched: int  # findings suppressed by the baseline
    new: int  # findings not in the baseline (not waived)
    fixed: int  # baseline entries of files in this run that no finding matched any more

    def messages(self) -> list:
        if self.fixed:
            return [f"xxgk-lint: {self.fixed} baselined finding(s) no longer occur; "
                    "run with --write-baseline to drop them from the baseline"]
        return []


def apply_baseline(results, baseline: Counter, source: str = "") -> BaselineReport:
    """Suppress findings that the baseline accepts (up to its count per key). `source` (the
    baseline's file name) goes into the suppression's reason."""
    mark = {"kind": "baseline", "reason": f"in baseline {source}" if source else "in baseline"}
    left = Counter(baseline)
    matched = new = 0
    checked = set()
    for result in results:
        if result.error is None:
            checked.add(os.path.basename(result.path))
        for finding in result.findings:
            if finding.suppressed is not None:
                continue
            key = _key(finding)
            if left[key] > 0:
                left[key] -= 1
                finding.suppressed = dict(mark)
                matched += 1
            else:
                new += 1
    fixed = sum(n for (name, _code, _fp), n in left.items() if n > 0 and name in checked)
    return BaselineReport(matched=matched, new=new, fixed=fixed)
