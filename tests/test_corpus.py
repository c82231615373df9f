"""The labelled real reports of ../shared/corpus: every expected problem found, no error the
labels do not expect or allow, every labelled cell read right. Skipped when ../shared is absent.
The real texts stay in ../shared: nothing of them is copied here."""
from __future__ import annotations

import json

import pytest

from conftest import CORPUS, need_shared
from xxgk_lint.run.engine import lint_file


def _labels():
    path = CORPUS / "labels.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["files"]


LABELS = _labels()


def _matches(finding, want) -> bool:
    if finding.category != want.get("category"):
        return False
    for key in ("table", "section"):
        if want.get(key) is not None and str(getattr(finding, key)) != str(want[key]):
            return False
    if want.get("cells"):
        got = {(c["row"], c["col"]) for c in finding.cells}
        return bool(got & {(c["row"], c["col"]) for c in want["cells"]})
    return True


@pytest.mark.parametrize("name", sorted(LABELS) or ["(no corpus)"])
def test_corpus_file(name):
    need_shared(CORPUS / "labels.json")
    label = LABELS[name]
    result = lint_file(str(CORPUS / name))
    assert result.error is None, result.error
    for want in label.get("expect", []):
        assert any(_matches(f, want) for f in result.findings), f"missed: {want}"
    false = [f for f in result.findings if f.severity == "error"
             and not any(_matches(f, w) for w in label.get("expect", []) + label.get("allow", []))]
    assert false == [], [(f.code, f.message) for f in false]
    wrong = []
    for table, rows in (label.get("tables") or {}).items():
        got = result.document.tables.get(table)
        for row, cols in rows.items():
            for col, value in cols.items():
                if value is not None and (got is None or got.value(row, col) != value):
                    wrong.append((table, row, col, value, got and got.value(row, col)))
    assert wrong == []
    if label.get("edition") and label["edition"] != "pre2019":
        assert result.document.edition == label["edition"]
    assert result.document.year == label["year"]


def test_seed_is_clean():
    """The seed is a clean report: no errors and no warnings at all."""
    seed = need_shared(CORPUS / "seed-wendeng-gxj-2021.txt")
    result = lint_file(str(seed))
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    assert [s.number for s in result.document.sections] == [1, 2, 3, 4, 5, 6]
