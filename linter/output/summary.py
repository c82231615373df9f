"""`--format summary`: one row per file, then totals per rule, as tab-separated text: what a
reviewer pastes into a spreadsheet (each TAB starts a new cell).

Per file: path, agency, year, edition, status (`ok`, or the error code of a file that could not
be checked), errors, warnings, info, the top rules (`CODE(n)`, most frequent first), the report
it was compared with for the year-over-year rules and a note (why a file could not be checked,
or why it has no previous year). Per rule: code, name, category, severity, findings, files.
Then the totals, with the number of reports that had no previous year. Suppressed findings
(waivers, baseline) are not counted.

The previous-year columns come from `opts.extra["cross_year"]` (path -> {"previous", "reason"},
set by the batch runner, linter/batch.py); without it they are left empty.
"""
from __future__ import annotations

from collections import Counter

FILE_COLUMNS = ("path", "agency", "year", "edition", "status", "errors", "warnings", "info", "top rules",
                "previous year", "note")
RULE_COLUMNS = ("rule", "name", "category", "severity", "findings", "files")
TOP_RULES = 3


def _counted(result) -> list:
    return [f for f in result.findings if f.suppressed is None]


def top_rules(result, n: int = TOP_RULES) -> str:
    counts = Counter(f.code for f in _counted(result))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return " ".join(f"{code}({count})" for code, count in ranked)


def file_row(result, pairs: dict) -> dict:
    """The summary of one FileResult as a dict keyed by FILE_COLUMNS."""
    doc = result.document
    pair = pairs.get(result.path) or {}
    counts = result.counts()
    note = ""
    if result.error is not None:
        note = result.error.message
    elif pair and not pair.get("previous"):
        note = f"no previous year: {pair.get('reason') or 'not paired'}"
    return {
        "path": result.path,
        "agency": (doc.agency if doc is not None else "") or "",
        "year": doc.year if doc is not None and doc.year is not None else "",
        "edition": (doc.edition if doc is not None else "") or "",
        "status": "ok" if result.error is None else result.error.code,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "top rules": top_rules(result),
        "previous year": pair.get("previous") or "",
        "note": note,
    }


def rule_totals(results) -> list:
    """[(code, name, category, severities, findings, files)] most frequent first."""
    findings, files, meta, severities = Counter(), Counter(), {}, {}
    for result in results:
        seen = set()
        for f in _counted(result):
            findings[f.code] += 1
            meta.setdefault(f.code, (f.name, f.category))
            severities.setdefault(f.code, set()).add(f.severity)
            if f.code not in seen:
                seen.add(f.code)
                files[f.code] += 1
    order = sorted(findings, key=lambda c: (-findings[c], c))
    rank = {"error": 0, "warning": 1, "info": 2}
    return [(c, meta[c][0], meta[c][1], ",".join(sorted(severities[c], key=rank.get)), findings[c], files[c])
            for c in order]


def totals(results, pairs: dict) -> list:
    """[(label, value)] for the whole run."""
    sums = Counter()
    for r in results:
        sums.update(r.counts())
    suppressed = sum(1 for r in results for f in r.findings if f.suppressed is not None)
    out = [("files", len(results)), ("could not be checked", sum(1 for r in results if r.error)),
           ("errors", sums["error"]), ("warnings", sums["warning"]), ("info", sums["info"])]
    if suppressed:
        out.append(("suppressed", suppressed))
    if pairs:
        out.append(("compared with previous year", sum(1 for r in results if (pairs.get(r.path) or {}).get("previous"))))
        out.append(("no previous year", sum(1 for r in results if r.error is None
                                            and not (pairs.get(r.path) or {}).get("previous"))))
    return out


def _cell(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def render(results, opts) -> str:
    return "".join(chunks(results, opts))


def chunks(results, opts):
    """The output line by line (what `render` joins): a spooled run writes it without building it."""
    pairs = (getattr(opts, "extra", None) or {}).get("cross_year") or {}
    yield "\t".join(FILE_COLUMNS) + "\n"
    for result in results:
        row = file_row(result, pairs)
        yield "\t".join(_cell(row[c]) for c in FILE_COLUMNS) + "\n"
    yield "\n"
    yield "\t".join(RULE_COLUMNS) + "\n"
    for entry in rule_totals(results):
        yield "\t".join(_cell(v) for v in entry) + "\n"
    yield "\n"
    for label, value in totals(results, pairs):
        yield f"{label}\t{value}\n"

STREAMS = True  # memory stays flat: results are spooled to disk and rendered at the end (output/stream.py)


def streamer(opts):
    """Rows need the whole run (the previous-year column is known once every report is paired,
    the totals once every file is counted): spooled and rendered at the end, byte for byte as `render`."""
    from .stream import SpooledStreamer

    return SpooledStreamer(chunks, opts)
