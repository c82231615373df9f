"""Waivers: accepted findings, listed in the config because a PDF cannot carry inline comments.

    [[tool.xxgk-lint.waivers]]
    files = "2023/*.pdf"                    # glob, relative to the config file's folder
    code = "ARI001"                         # a rule code, prefix or name …
    relation = "T3-A:total"                 # … and/or a relation (T3-A) or relation instance
    fingerprint = "3f2a…"                   # optional: only this one finding (prefix ≥ 8 hex)
    reason = "表三 as published; the agency confirmed the typo in writing"   # required

A finding is waived when its file matches `files` and every given criterion matches: `code`
matches the rule like --select does, `relation` equals `finding.args["relation"]` (a relation id
without `:` matches all its instances), `fingerprint` prefixes `finding.fingerprint`. A waived
finding stays in the results with `suppressed = {"kind": "waiver", "reason": …}`: JSON and SARIF
show it as suppressed, text output hides it unless --show-suppressed, and it never counts for the
exit code. Waivers come from the config that applies to the file (the nearest one).

Unused waivers are reported, like ruff's RUF100: a waiver is unused when its `files` matched at
least one file of this run that could be read, a rule it names ran on that file, and it matched
no finding. A waiver whose files were not part of the run (a pre-commit run on other files) is
not judged. The CLI prints one warning line per unused waiver on stderr and the JSON output lists
them under the top-level key `unused_waivers`; they do not change the exit code.
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import Settings, Waiver
from .globs import glob_matches


def _code_matches(waiver: Waiver, finding) -> bool:
    if waiver.code is None:
        return True
    sel = waiver.code
    return sel.upper() == "ALL" or finding.code.upper().startswith(sel.upper()) or finding.name == sel


def _relation_matches(waiver: Waiver, finding) -> bool:
    if waiver.relation is None:
        return True
    found = (finding.args or {}).get("relation")
    if not found:
        return False
    if ":" in waiver.relation:
        return found == waiver.relation
    return found == waiver.relation or found.startswith(waiver.relation + ":")


def waiver_matches(waiver: Waiver, finding) -> bool:
    """Whether `waiver` covers `finding` (its file is checked separately)."""
    if waiver.fingerprint and not finding.fingerprint.startswith(waiver.fingerprint):
        return False
    return _code_matches(waiver, finding) and _relation_matches(waiver, finding)


@dataclass
class WaiverReport:
    waived: int  # findings suppressed by a waiver
    unused: list  # [Waiver] that were in scope and matched nothing

    def messages(self) -> list:
        return [f"xxgk-lint: warning: unused waiver {w.describe()}: it matched no finding" for w in self.unused]

    def to_json(self) -> list:
        return [w.to_json() for w in self.unused]


def apply_waivers(results, settings: Settings) -> WaiverReport:
    """Mark waived findings of `results` (list of FileResult) as suppressed; find unused waivers."""
    used, in_scope, waived = set(), set(), 0
    for result in results:
        if result.error is not None:
            continue
        cfg = settings.config_for(result.path)
        if not cfg.waivers:
            continue
        ran = None
        for waiver in cfg.waivers:
            if not glob_matches(waiver.files, result.path, cfg.root):
                continue
            if waiver.code is not None:
                ran = settings.selected_codes(result.path) if ran is None else ran
                if any(_code_matches(waiver, _Probe(code)) for code in ran):
                    in_scope.add(id(waiver))
            else:
                in_scope.add(id(waiver))
            for finding in result.findings:
                if not waiver_matches(waiver, finding):
                    continue
                used.add(id(waiver))
                if finding.suppressed is None:
                    finding.suppressed = {"kind": "waiver", "reason": waiver.reason}
                    waived += 1
    unused = [w for cfg in settings.configs for w in cfg.waivers if id(w) in in_scope and id(w) not in used]
    return WaiverReport(waived=waived, unused=unused)


class _Probe:
    """Enough of a finding for `_code_matches` to test a rule code."""

    def __init__(self, code: str):
        from ..checks.registry import rule_by_code

        rule = rule_by_code(code)
        self.code = code
        self.name = rule.name if rule is not None else ""


def apply_suppressions(results, settings: Settings, baseline: str = None, write_baseline: str = None) -> tuple:
    """What `check` does after linting: waivers, then the baseline (written first when asked).

    Returns (messages for stderr, extra for RenderOptions). Raises ConfigError for a baseline
    that cannot be read or written."""
    from .baseline import apply_baseline, load_baseline, write_baseline as _write_baseline

    report = apply_waivers(results, settings)
    messages = report.messages()
    if write_baseline:
        count = _write_baseline(write_baseline, results)
        messages.append(f"xxgk-lint: wrote {count} finding(s) to baseline {write_baseline}")
        baseline = write_baseline
    if baseline:
        import os

        messages += apply_baseline(results, load_baseline(baseline), os.path.basename(baseline)).messages()
    return messages, {"unused_waivers": report.to_json()}
