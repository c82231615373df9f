"""Where in a section its table is, so that numbers in the prose around it are never read as
cells (a section often tells "收到申请1345件" before the table, or lists 行政处罚信息219条).

When the reader delivered the table as table rows, the zone runs from the first to the last table
row of the section (captions between the rows included). In flattened text, the zone starts at
the table's own header (表二: 第二十条 / 信息内容; 表三: the 勾稽关系 note or 申请人情况).
"""
from __future__ import annotations

import re

TABLE2_ANCHOR = re.compile(r"第\s*二\s*十\s*条|信\s*息\s*内\s*容")
TABLE3_ANCHOR = re.compile(r"勾\s*稽|申\s*请\s*人\s*情\s*况|自\s*然\s*人")


def table_zone(doc, start: int, end: int, anchor: re.Pattern) -> tuple:
    raw = doc.raw
    if start >= end:
        return start, end
    raw.text
    first, last = raw.line_index(start), raw.line_index(end - 1)
    rows = [i for i in range(first, last + 1) if raw.lines[i].is_table_row]
    if rows:
        zone_start = max(start, raw._starts[rows[0]])
        zone_end = min(end, raw._starts[rows[-1]] + len(raw.lines[rows[-1]].text))
        # a label printed as a heading right above the first row (Markdown conversions) belongs
        # to the table: widen to the anchor when it is closer than the prose
        m = anchor.search(doc.text, start, zone_start)
        if m:
            zone_start = m.start()
        return zone_start, zone_end
    m = anchor.search(doc.text, start, end)
    return (m.start(), end) if m else (start, end)
