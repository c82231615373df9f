"""The real seed report with one 表三 cell changed: every output points at that cell, not at the
totals it breaks (issue 12). The seed stays in ../shared; the change is made in a temporary copy."""
from __future__ import annotations

import json

from click.testing import CliRunner
from lxml import html as lxml_html

from conftest import CORPUS, need_shared
from xxgk_lint.cli import main

ROW = "（一）予以公开 0 0 0 0 0 0 0"


def _changed_seed(tmp_path):
    seed = need_shared(CORPUS / "seed-wendeng-gxj-2021.txt").read_text(encoding="utf-8")
    assert seed.count(ROW) == 1
    path = tmp_path / "seed-changed.txt"
    path.write_text(seed.replace(ROW, "（一）予以公开 7 0 0 0 0 0 0"), encoding="utf-8")
    return path, seed.splitlines().index(ROW) + 1


def _check(*args):
    return CliRunner().invoke(main, ["check", "--isolated", *args])


def test_html_marks_exactly_the_changed_cell(tmp_path):
    path, _ = _changed_seed(tmp_path)
    out = tmp_path / "report.html"
    assert _check("--format", "html", "-o", str(out), str(path)).exit_code == 1
    root = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    errors = root.xpath('//td[contains(concat(" ", @class, " "), " cell-error ")]')
    assert [(td.get("data-table"), td.get("data-row"), td.get("data-col")) for td in errors] == [
        ("table3", "granted", "natural_person")]
    assert errors[0].get("data-expected") == "0"
    for row, col in [("granted", "total"), ("results_total", "natural_person")]:
        total = root.xpath(f'//td[@data-table="table3"][@data-row="{row}"][@data-col="{col}"]')[0]
        assert "cell-related" in total.get("class").split() and total.get("data-expected") is None


def test_text_and_json_name_the_changed_cell(tmp_path):
    path, line = _changed_seed(tmp_path)
    text = _check(str(path)).output.splitlines()
    errors = [t for t in text if " ARI001 " in t]
    assert len(errors) == 2
    for t in errors:
        assert t.startswith(f"{path}:{line}:{len('（一）予以公开 ') + 1}: ARI001")
        assert "“（一）予以公开/自然人”印为7，应为0" in t
    data = json.loads(_check("--format", "json", str(path)).output)
    for f in data["files"][0]["findings"]:
        if f["code"] == "ARI001":
            assert f["cells"][0] == {"row": "granted", "col": "natural_person", "value": 7}
