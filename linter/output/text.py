"""Human-readable output in the style of ruff: `path:line:col: CODE message`, PDF findings as
`path:p3: CODE message`, then a summary line (and counts per rule with --statistics)."""
from __future__ import annotations

from collections import Counter


def _where(result, finding) -> str:
    loc = finding.location
    if loc.line is not None:
        return f"{result.path}:{loc.line}:{loc.column or 1}:"
    if loc.page is not None:
        return f"{result.path}:p{loc.page}:"
    if loc.table_index is not None:
        return f"{result.path}:table{loc.table_index}:r{loc.row}c{loc.col}:"
    if loc.paragraph is not None:
        return f"{result.path}:para{loc.paragraph}:"
    return f"{result.path}:"


def render(results, opts) -> str:
    out = []
    counts = Counter()
    per_rule = Counter()
    for result in results:
        if result.error:
            out.append(f"{result.path}: error: {result.error.message}")
            continue
        for f in result.findings:
            if f.suppressed is not None and not opts.show_suppressed:
                continue
            tag = f" [{f.severity}]" if f.severity != "error" else ""
            line = f"{_where(result, f)} {f.code}{tag} {f.message}"
            if f.suggestion and f.suggestion.get("text"):
                line += f"\n    suggestion: {f.suggestion['text']}"
            if f.suppressed is not None:
                line += f"  (suppressed: {f.suppressed.get('reason', '')})"
            out.append(line)
            if f.suppressed is None:
                counts[f.severity] += 1
                per_rule[(f.code, f.name)] += 1
    if opts.statistics and per_rule:
        out.append("")
        for (code, name), n in per_rule.most_common():
            out.append(f"{n:5d}  {code}  {name}")
    unreadable = sum(1 for r in results if r.error)
    summary = (f"Found {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info "
               f"in {len(results)} file(s)")
    if unreadable:
        summary += f"; {unreadable} file(s) could not be read"
    out.append(summary + ".")
    return "\n".join(out) + "\n"
