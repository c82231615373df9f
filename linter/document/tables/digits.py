"""Split concatenated digit runs (flattened web-page tables) into the values of a table row.

`640020470` printed for a table 3 row is 64, 0, 0, 2, 0, 4, 70: the seven cells lost their
separators. A value never has a leading zero (a lone "0" is fine), so the runs can be split only
in a limited number of ways; the table's own relations pick the split when more than one is
possible. A relation used to pick a split is then not evidence: the caller records it so the
arithmetic rule reports it as unchecked, never as passed or failed.
"""
from __future__ import annotations

from typing import Callable, Optional

MAX_DIGITS = 9  # no cell of these tables has more than 9 digits


def splits(runs: list, count: int, check: Optional[Callable[[list], bool]] = None,
           group: int = 0, limit: int = 2) -> list:
    """Ways to split digit strings `runs` into exactly `count` integers, in order.

    Values cannot cross the boundary between two runs. When `group` > 0, `check` is called on
    each completed group of `group` values and prunes splits it rejects. At most `limit`
    solutions are returned (the caller only needs to know "none", "one" or "several").
    """
    out: list = []
    total_digits = sum(len(r) for r in runs)
    if count <= 0 or total_digits < count or not all(r.isdigit() for r in runs):
        return out
    if len(runs) > count:
        return out

    def dfs(run_idx: int, pos: int, values: list) -> None:
        if len(out) >= limit:
            return
        if run_idx == len(runs):
            if len(values) == count:
                out.append(list(values))
            return
        run = runs[run_idx]
        remaining_values = count - len(values)
        remaining_runs = len(runs) - run_idx
        if remaining_values < remaining_runs:
            return
        digits_left = len(run) - pos + sum(len(r) for r in runs[run_idx + 1:])
        if digits_left < remaining_values:
            return
        max_len = 1 if run[pos] == "0" else min(MAX_DIGITS, len(run) - pos)
        for length in range(1, max_len + 1):
            value = int(run[pos:pos + length])
            values.append(value)
            ok = True
            if group and check is not None and len(values) % group == 0:
                ok = check(values[-group:])
            if ok:
                if pos + length == len(run):
                    dfs(run_idx + 1, 0, values)
                else:
                    dfs(run_idx, pos + length, values)
            values.pop()
            if len(out) >= limit:
                return

    dfs(0, 0, [])
    return out


def span_of_parts(run: str, parts: list) -> list:
    """(start, end) within `run` of each part when `run` is split into the decimal `parts`."""
    spans, pos = [], 0
    for value in parts:
        length = len(str(value))
        spans.append((pos, pos + length))
        pos += length
    return spans
