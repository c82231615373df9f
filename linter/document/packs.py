"""Rule packs: the template editions as data (rules/*.toml).

A pack names the report years it applies to, the sections, the table layouts (row and column
keys, exact labels, match patterns) and the arithmetic relations. `extends` merges a base pack
(common.toml) under the edition's own entries, so the editions only state what differs. A new
template edition is a new TOML file, not code.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .resources import data_dir

LABEL_START = 4  # characters of a row label after its numbering that are matched on their own
_NUMBERING = re.compile(r"^[（(]?(?P<num>[一二三四五六七八九十]+|\d+)[)）]?[、.．]?")


@dataclass
class RowSpec:
    key: str
    label: str
    match: str
    cols: list = field(default_factory=list)

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        """The label as found in a report: its own numbering (6. / （一） / 一、, decoration
        optional), a few words of label text, then the row's keywords. The numbering is the
        row's own number only, so a digit of the previous row's values is never taken for it."""
        m = _NUMBERING.match(self.label)
        numbering = ""
        start = ""
        if m:
            num = re.escape(m.group("num"))
            numbering = rf"(?:[（(]?{num}[)）]?[ \t\u3000]*[、.．,，]?[ \t\u3000]*)?"
            # or: the row's own printed numbering, then the first words of its label. A label
            # wrapped in its cell by `pdftotext -layout` has the row's values after its first
            # line (`5.要求行政机关确认或重   3  8 … 13⏎新出具已获取信息`), so the keywords may be cut
            # apart; the label's start is not.
            words = self.label[m.end():][:LABEL_START]
            mark = rf"[（(]{num}[)）]" if m.group(0).startswith(("（", "(")) else rf"{num}[ \t\u3000]*[、.．]"
            if len(words) == LABEL_START and all("\u4e00" <= ch <= "\u9fff" for ch in words):
                start = "|" + mark + r"[ \t\u3000]*" + spaced(words)
        return re.compile(numbering + r"[^\d\n\t|]{0,12}?(?:" + spaced(self.match) + r")" + start)


def spaced(pattern: str) -> str:
    """Let whitespace (line breaks of PDF text, spaces of conversions) stand between any two
    Chinese characters of a label pattern: 不补正 also matches 不补\n\n正."""
    out = []
    for i, ch in enumerate(pattern):
        out.append(ch)
        nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
        if "\u4e00" <= ch <= "\u9fff" and "\u4e00" <= nxt <= "\u9fff":
            out.append(r"\s*")
    return "".join(out)


@dataclass
class Relation:
    id: str
    table: str
    scope: str  # "column": one instance per column; "row": one per row
    terms: list  # [{"row"|"col": key, "weight": ±1}]
    text: str = ""
    tag: str = ""
    severity: str = "error"


@dataclass
class Pack:
    id: str
    edition: str
    years: tuple
    data: dict
    relations: list
    _row_cache: dict = field(default_factory=dict, repr=False, compare=False)

    def table(self, key: str) -> dict:
        return self.data.get("tables", {}).get(key, {})

    @property
    def sections(self) -> list:
        return self.data.get("sections", [])

    @property
    def period_keywords(self) -> list:
        return self.data.get("period", {}).get("keywords", [])

    @property
    def period_phrases(self) -> list:
        """Phrases that state the period without a keyword, when a date follows them."""
        return self.data.get("period", {}).get("phrases", [])

    def table3_rows(self, other_rows: Optional[list] = None) -> list:
        """The table 3 rows in template order, with the （六） group of this edition spliced in
        before （七）总计 (or the given `other_rows`, to read a report of the other layout)."""
        key = repr(other_rows)
        if key not in self._row_cache:
            self._row_cache[key] = self._table3_rows(other_rows)
        return self._row_cache[key]

    def _table3_rows(self, other_rows: Optional[list]) -> list:
        spec = self.table("table3")
        rows = [RowSpec(**r) for r in spec.get("rows", [])]
        others = [RowSpec(**r) for r in (other_rows if other_rows is not None else spec.get("other_rows", []))]
        idx = next(i for i, r in enumerate(rows) if r.key == "results_total")
        return rows[:idx] + others + rows[idx:]

    def row_label(self, table: str, key: str) -> str:
        """The template label of a row key, for messages."""
        spec = self.table(table)
        for row in list(spec.get("rows", [])) + list(spec.get("other_rows", [])) + list(spec.get("foreign_other_rows", [])):
            if row["key"] == key:
                return row["label"]
        return key

    def col_label(self, table: str, key: str) -> str:
        spec = self.table(table)
        labels = spec.get("column_labels", {})
        if isinstance(labels, dict):
            return labels.get(key, key)
        cols = spec.get("columns", [])
        return labels[cols.index(key)] if key in cols and len(labels) == len(cols) else key

    def table2_rows(self) -> list:
        if "table2" not in self._row_cache:
            self._row_cache["table2"] = [RowSpec(**r) for r in self.table("table2").get("rows", [])]
        return self._row_cache["table2"]


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and key == "relations":
            out[key] = list(out.get(key, [])) + list(value)
        else:
            out[key] = value
    return out


def _load_toml(name: str, folder: Path) -> dict:
    with open(folder / f"{name}.toml", "rb") as fh:
        data = tomllib.load(fh)
    parent = data.get("pack", {}).get("extends")
    if parent:
        data = _merge(_load_toml(parent, folder), data)
    return data


@functools.lru_cache(maxsize=None)
def load_pack(edition: str, folder: Optional[str] = None) -> Pack:
    folder_path = Path(folder) if folder else data_dir("rules")
    data = _load_toml(edition, folder_path)
    meta = data["pack"]
    relations = [Relation(**{k: v for k, v in r.items() if k in Relation.__dataclass_fields__})
                 for r in data.get("relations", [])]
    return Pack(id=meta["id"], edition=meta.get("edition", edition), years=tuple(meta.get("years", (0, 0))),
                data=data, relations=relations)


@functools.lru_cache(maxsize=None)
def editions(folder: Optional[str] = None) -> tuple:
    """The editions shipped, as (edition, first year, last year), oldest first."""
    folder_path = Path(folder) if folder else data_dir("rules")
    out = []
    for path in sorted(folder_path.glob("*.toml")):
        with open(path, "rb") as fh:
            meta = tomllib.load(fh).get("pack", {})
        if meta.get("edition") and meta.get("years"):
            out.append((meta["edition"], meta["years"][0], meta["years"][1]))
    return tuple(sorted(out, key=lambda e: e[1]))


def template_editions() -> tuple:
    """The template editions shipped as rule packs, e.g. ("2019", "2021")."""
    return tuple(edition for edition, _first, _last in editions())


def edition_for_year(year: Optional[int]) -> Optional[str]:
    """The template edition a report year follows; "pre2019" before the first edition."""
    if year is None:
        return None
    eds = editions()
    for edition, first, last in eds:
        if first <= year <= last:
            return edition
    if eds and year < eds[0][1]:
        return "pre2019"
    return None
