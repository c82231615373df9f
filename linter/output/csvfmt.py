"""`--format csv`: the per-file summary as one rectangular CSV table for spreadsheets.

Columns: those of `--format summary` (path, agency, year, edition, status, errors, warnings,
info, top rules, previous year, note), then one column per rule that has findings in the run
(the count of that rule's findings in the file). The last row, `TOTAL`, holds the sums: the
totals per rule. RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order mark so that Excel
opens the Chinese text correctly (Python reads it with encoding="utf-8-sig").
"""
from __future__ import annotations

import csv
import io
from collections import Counter

from .summary import FILE_COLUMNS, file_row, rule_totals

BOM = "\ufeff"


def render(results, opts) -> str:
    return "".join(chunks(results, opts))


def chunks(results, opts):
    """The output row by row (what `render` joins): a spooled run writes it without building it."""
    pairs = (getattr(opts, "extra", None) or {}).get("cross_year") or {}
    codes = [entry[0] for entry in rule_totals(results)]
    codes.sort()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")

    def flushed() -> str:
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return text

    writer.writerow(list(FILE_COLUMNS) + codes)
    yield BOM + flushed()
    sums = Counter()
    unreadable = no_previous = files = 0
    for result in results:
        row = file_row(result, pairs)
        per_rule = Counter(f.code for f in result.findings if f.suppressed is None)
        writer.writerow([row[c] for c in FILE_COLUMNS] + [per_rule.get(c, 0) for c in codes])
        yield flushed()
        sums.update({k: row[k] for k in ("errors", "warnings", "info")})
        sums.update(per_rule)
        files += 1
        unreadable += result.error is not None
        no_previous += bool(result.error is None and pairs and not (pairs.get(result.path) or {}).get("previous"))
    total = {"path": "TOTAL", "agency": f"{files} files", "year": "", "edition": "",
             "status": f"{unreadable} not checked" if unreadable else "ok",
             "errors": sums["errors"], "warnings": sums["warnings"], "info": sums["info"], "top rules": "",
             "previous year": f"{no_previous} without previous year" if pairs else "", "note": ""}
    writer.writerow([total[c] for c in FILE_COLUMNS] + [sums.get(c, 0) for c in codes])
    yield flushed()

STREAMS = True  # memory stays flat: results are spooled to disk and rendered at the end (output/stream.py)


def streamer(opts):
    """The header names a column per rule found anywhere in the run: spooled and rendered at the
    end, byte for byte as `render`."""
    from .stream import SpooledStreamer

    return SpooledStreamer(chunks, opts)
