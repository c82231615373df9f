"""Meta-tests over every registered rule (xxgk_lint.checks.registry.all_rules(), built-ins and plugins):

- its metadata is complete: code, kebab-case name, category, severity, summary, and a docstring
  with the sections "What it checks", "Why", "Fires on", "Silent on" and "Options"
  (these feed `xxgk-lint rule CODE`, the SARIF rule catalogue and the HTML report);
- `xxgk-lint rules` lists it and `xxgk-lint rule CODE` explains it;
- tests/rule_cases.toml has at least one report on which it fires and one on which it stays
  silent, and those cases hold.

A new rule fails `test_every_rule_has_docs` / `test_every_rule_has_cases` until it has both:
the failure lists the codes and what they lack.
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from xxgk_lint.cli import main
from xxgk_lint.run.engine import LintOptions, lint_file, parse_file
from xxgk_lint.checks.finding import CATEGORIES, SEVERITIES
from xxgk_lint.checks.registry import all_rules

CASES_FILE = Path(__file__).with_name("rule_cases.toml")
DOC_SECTIONS = ("What it checks", "Why", "Fires on", "Silent on", "Options")
CODE_RE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")  # as in linter/schemas/check-output.schema.json
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
CASE_KEYS = {"code", "expect", "name", "base", "text", "file", "filename", "edits", "options", "rule_options",
             "previous", "count", "args"}
OPTION_KEYS = {"year", "edition", "agency_kind", "published"}
ZH_SECTIONS = {"What it checks": "检查内容", "Why": "依据", "Options": "选项"}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z_:-]{3,}")
# option names, their values and CLI options are identifiers a clerk types as they are
ALLOWED_ASCII = {"published", "department", "government", "township", "rel_tolerance", "abs_tolerance",
                 "max_drop", "min_share", "min_sentences", "--year", "year"}


def _load_cases() -> list:
    with open(CASES_FILE, "rb") as fh:
        return tomllib.load(fh).get("case", [])


CASES = _load_cases()
RULES = all_rules()


# ------------------------------------------------------------------------------ documentation
def doc_problems(rule) -> list:
    problems = []
    if not CODE_RE.match(rule.code or ""):
        problems.append(f"code {rule.code!r} does not look like ABC123")
    if not NAME_RE.match(rule.name or ""):
        problems.append(f"name {rule.name!r} is not kebab-case")
    if rule.category not in CATEGORIES:
        problems.append(f"category {rule.category!r} is not one of {', '.join(CATEGORIES)}")
    if rule.severity not in SEVERITIES:
        problems.append(f"severity {rule.severity!r} is not one of {', '.join(SEVERITIES)}")
    if not (rule.summary or "").strip():
        problems.append("no summary")
    for title in DOC_SECTIONS:
        if not rule.doc_section(title):
            problems.append(f"docstring section {title!r} missing or empty")
    # clerks read the Chinese: a summary and the sections 检查内容, 依据, 选项, without English words
    if not (getattr(rule, "summary_zh", "") or "").strip():
        problems.append("no summary_zh")
    for title in ZH_SECTIONS:
        if not rule.doc_section(title, "zh") or not rule.docs("zh").count(ZH_SECTIONS[title] + "："):
            problems.append(f"docs_zh section {ZH_SECTIONS[title]!r} missing or empty")
    english = [w for w in ENGLISH_WORD.findall(rule.summary_zh + rule.docs("zh")) if w not in ALLOWED_ASCII]
    if english:
        problems.append(f"English words in the Chinese docs: {english}")
    return problems


def test_every_rule_has_docs():
    missing = {rule.code or repr(rule): doc_problems(rule) for rule in RULES}
    missing = {code: probs for code, probs in missing.items() if probs}
    assert not missing, "rules with incomplete documentation (see linter/checks/base.py):\n" + "\n".join(
        f"  {code} ({next(r.__module__ for r in RULES if r.code == code)}): {'; '.join(probs)}"
        for code, probs in sorted(missing.items()))


def test_codes_and_names_are_unique():
    from xxgk_lint.checks.registry import _from_entry_points

    rules, _problems = _from_entry_points()
    codes = [r.code for r in rules]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes)), f"duplicate codes among entry points: {sorted(c for c in set(codes) if codes.count(c) > 1)}"
    assert len(names) == len(set(names)), f"duplicate names: {sorted(n for n in set(names) if names.count(n) > 1)}"


def test_rules_command_lists_every_rule():
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = {r["code"]: r for r in json.loads(result.stdout)}
    assert set(listed) == {r.code for r in RULES}
    assert all(listed[r.code]["summary"] == r.summary for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_command_explains_the_rule(rule):
    result = CliRunner().invoke(main, ["rule", rule.code], env={"LANG": "C.UTF-8", "LC_ALL": None})
    assert result.exit_code == 0, result.output
    for text in (rule.code, rule.name, rule.summary_zh, *(f"{t}：" for t in ZH_SECTIONS.values())):
        assert text in result.stdout  # Chinese by default
    english = CliRunner().invoke(main, ["rule", rule.code, "--lang", "en"])
    for text in (rule.code, rule.name, rule.summary, *DOC_SECTIONS):
        assert text in english.stdout
    assert CliRunner().invoke(main, ["rule", rule.code], env={"LANG": "en_GB.UTF-8", "LC_ALL": None}).stdout == english.stdout
    by_name = CliRunner().invoke(main, ["rule", rule.name, "--format", "json"])
    assert json.loads(by_name.stdout)["code"] == rule.code


# ---------------------------------------------------------------------------------- cases
def test_clean_fixture_is_clean():
    """The base of the cases: `xxgk-lint check` finds nothing at all in it (exit 0)."""
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(FIXTURES / "clean_2023.txt")])
    data = json.loads(result.stdout)
    assert [f["code"] + " " + f["message"] for f in data["files"][0]["findings"]] == []
    assert result.exit_code == 0


def test_cases_file_is_well_formed():
    known = {r.code for r in RULES}
    problems = []
    for i, case in enumerate(CASES):
        where = f"case {i} ({case.get('code')} {case.get('name', '')!r})"
        if set(case) - CASE_KEYS:
            problems.append(f"{where}: unknown keys {sorted(set(case) - CASE_KEYS)}")
        if case.get("expect") not in ("fires", "silent"):
            problems.append(f"{where}: expect must be 'fires' or 'silent'")
        if case.get("code") not in known:
            problems.append(f"{where}: no registered rule has code {case.get('code')!r}")
        if not case.get("name"):
            problems.append(f"{where}: no name")
        if set(case.get("options", {})) - OPTION_KEYS:
            problems.append(f"{where}: unknown options {sorted(set(case['options']) - OPTION_KEYS)}")
        if case.get("expect") == "silent" and ("count" in case or "args" in case):
            problems.append(f"{where}: count/args only make sense for a 'fires' case")
    ids = [case_id(c) for c in CASES]
    problems += [f"duplicate case name {i}" for i in sorted(set(ids)) if ids.count(i) > 1]
    assert not problems, "tests/rule_cases.toml:\n  " + "\n  ".join(problems)


def test_every_rule_has_cases():
    have = {}
    for case in CASES:
        have.setdefault(case.get("code"), set()).add(case.get("expect"))
    missing = []
    for rule in RULES:
        lacks = [kind for kind in ("fires", "silent") if kind not in have.get(rule.code, set())]
        if lacks:
            missing.append(f"  {rule.code} {rule.name} ({rule.__module__}): no {' and no '.join(repr(k) for k in lacks)} case")
    assert not missing, (
        f"{len(missing)} rule(s) without cases in tests/rule_cases.toml "
        "(add a [[case]] with expect = \"fires\" and one with expect = \"silent\"; the format is at the top of the file):\n"
        + "\n".join(missing))


def case_id(case) -> str:
    return f"{case.get('code')}-{case.get('expect')}-{re.sub(r'[^0-9A-Za-z一-鿿]+', '_', case.get('name', '')).strip('_')}"


def build_text(spec: dict) -> str:
    if "text" in spec:
        text = spec["text"]
    else:
        text = (FIXTURES / spec.get("base", "clean_2023.txt")).read_text(encoding="utf-8")
    for n, edit in enumerate(spec.get("edits", [])):
        if "old" in edit:
            assert edit["old"] in text, f"edit {n}: {edit['old']!r} does not occur in the report"
            text = text.replace(edit["old"], edit.get("new", ""), -1 if edit.get("all") else 1)
        elif "delete_from" in edit:
            start = text.find(edit["delete_from"])
            assert start >= 0, f"edit {n}: {edit['delete_from']!r} does not occur in the report"
            end = len(text) if "up_to" not in edit else text.find(edit["up_to"], start + len(edit["delete_from"]))
            assert end >= 0, f"edit {n}: {edit['up_to']!r} does not occur after {edit['delete_from']!r}"
            text = text[:start] + text[end:]
        else:
            raise AssertionError(f"edit {n}: expected {{old, new}} or {{delete_from, up_to}}, got {edit}")
    return text


def run_case(case: dict, tmp_path: Path) -> list:
    if case.get("file", "").startswith("ocr/"):  # read by OCR: needs the `ocr` extra
        from xxgk_lint.readers.ocr.engine import available

        if not available():
            if os.environ.get("CI") == "true":
                pytest.fail("the OCR engine (pip install 'xxgk-lint[ocr]') is required in CI")
            pytest.skip("the OCR engine is not installed (pip install 'xxgk-lint[ocr]')")
    if "file" in case:  # a binary fixture (PDF, DOCX) checked as it is
        path = tmp_path / Path(case["file"]).name
        path.write_bytes((FIXTURES / case["file"]).read_bytes())
    else:
        path = tmp_path / case.get("filename", "report.txt")
        path.write_text(build_text(case), encoding="utf-8")
    extra = {}
    if "previous" in case:
        prev = case["previous"]
        prev_path = tmp_path / "previous" / prev.get("filename", "previous.txt")
        prev_path.parent.mkdir()
        prev_path.write_text(build_text(prev), encoding="utf-8")
        extra["previous_document"] = parse_file(str(prev_path), LintOptions())
    rule_options = {case["code"]: case.get("rule_options", {})} if case.get("rule_options") else {}
    options = LintOptions(extra=extra, rule_options=rule_options, **case.get("options", {}))
    result = lint_file(str(path), options)
    assert result.error is None, f"the case report could not be read: {result.error.message}"
    crashed = [f for f in result.findings if f.args.get("internal_error")]
    assert not crashed, f"a rule crashed on this case: {crashed[0].message}"
    return result.findings


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_case(case, tmp_path):
    found = [f for f in run_case(case, tmp_path) if f.code == case["code"]]
    if case["expect"] == "silent":
        assert not found, f"{case['code']} should stay silent but said: " + "; ".join(f.message for f in found)
        return
    assert found, f"{case['code']} should fire on this case but did not"
    if "count" in case:
        assert len(found) == case["count"], [f.message for f in found]
    if "args" in case:
        want = case["args"]
        assert any(all(f.args.get(k) == v for k, v in want.items()) for f in found), (
            f"no {case['code']} finding has args {want}; got {[f.args for f in found]}")
