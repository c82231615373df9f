"""SARIF 2.1.0 output: valid against the official schema on realistic inputs, and meaningful
(levels, rule catalogue and ruleIndex, regions that point at the cell, logical and related
locations, fingerprints that survive line shifts, suppressions, unreadable files)."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from xxgk_lint.cli import main
from xxgk_lint.run.engine import FileResult, LintOptions, lint_document, lint_file, parse_file
from xxgk_lint.output import FORMATS, RenderOptions, renderer
from xxgk_lint.output.sarif import FINGERPRINT_KEY, artifact_uri, sarif_log
from xxgk_lint.checks.registry import all_rules

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "report_2023_typo.txt"
HTML_FIXTURE = REPO / "tests" / "fixtures" / "html" / "word_export_2023.html"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SCHEMA_PATH = SHARED / "schemas" / "sarif-schema-2.1.0.json"
SAMPLE_PDF = SHARED / "samples" / "r03_word.pdf"
CORPUS = SHARED / "corpus"

needs_shared = pytest.mark.skipif(not SCHEMA_PATH.exists(), reason="../shared (SARIF schema, samples) is not beside the checkout")


def opts(**extra) -> RenderOptions:
    return RenderOptions(extra={"srcroot": str(REPO), **extra})


def log_for(results, **extra) -> dict:
    return json.loads(renderer("sarif")(results, opts(**extra)))


def lint_fixture(**options) -> FileResult:
    """The arithmetic rules only: the assertions are about how SARIF shows the 表三 typo, and other
    rules (prose, content) may add findings of their own to the report."""
    return lint_file(str(FIXTURE), LintOptions(select=["ARI"], **options))


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA_PATH.exists():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is absent (CI clones shared/ beside the checkout)")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def pdf_result_with_typo() -> FileResult:
    """The shared sample PDF (every relation holds) with one cell of 表三 read one higher, as a
    typo in the printed report would be: ARI001 fires with page/bbox locations."""
    doc = parse_file(str(SAMPLE_PDF))
    cell = doc.tables["table3"].cells[("granted", "natural_person")]
    cell.value += 1
    cell.raw = str(cell.value)
    return FileResult(path=str(SAMPLE_PDF), findings=lint_document(doc, LintOptions(select=["ARI"])), document=doc)


def results_of(log: dict) -> list:
    return log["runs"][0]["results"]


# ------------------------------------------------------------------------------ registration
def test_format_is_registered():
    assert FORMATS["sarif"] == ".sarif"


# ------------------------------------------------------------------------------------ schema
def test_text_report_with_typo_is_valid(validator):
    result = lint_fixture()
    assert [f.code for f in result.findings] == ["ARI001", "ARI001"]
    assert_valid(validator, log_for([result]))


def test_mixed_run_with_unreadable_and_suppressed_is_valid(validator, tmp_path):
    typo = lint_fixture()
    typo.findings[0].suppressed = {"kind": "waiver", "reason": "已向发布单位核实：原表如此印发"}
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # a PDF header and nothing else
    missing = lint_file(str(tmp_path / "missing.txt"))
    log = log_for([typo, lint_file(str(FIXTURE)), lint_file(str(broken)), missing, lint_file(str(HTML_FIXTURE))])
    assert_valid(validator, log)


def test_empty_run_is_valid(validator):
    log = log_for([])
    assert_valid(validator, log)
    assert results_of(log) == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


@needs_shared
def test_pdf_findings_are_valid(validator):
    assert_valid(validator, log_for([pdf_result_with_typo()]))


@needs_shared
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*") if p.suffix in (".txt", ".md", ".html", ".pdf"))
                         if CORPUS.exists() else [])
def test_corpus_reports_are_valid(validator, name):
    assert_valid(validator, log_for([lint_file(str(CORPUS / name))]))


# ------------------------------------------------------------------------------ rule catalogue
def test_rule_catalogue_comes_from_the_registry():
    log = log_for([])
    driver = log["runs"][0]["tool"]["driver"]
    rules = list(all_rules())
    assert [d["id"] for d in driver["rules"]] == [r.code for r in rules]
    by_id = {d["id"]: d for d in driver["rules"]}
    for rule in rules:
        d = by_id[rule.code]
        assert d["name"] == rule.name
        assert d["shortDescription"]["text"] == rule.summary_zh  # Chinese unless --lang en
        assert d["fullDescription"]["text"] == rule.docs("zh")
        assert d["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        why = rule.doc_section("Why", "zh")
        assert why and why in d["help"]["text"]
        assert "### 依据" in d["help"]["markdown"] and why in d["help"]["markdown"]
    assert by_id["ARI001"]["defaultConfiguration"]["level"] == "error"
    assert driver["name"] == "xxgk-lint" and driver["version"]


# ------------------------------------------------------------------------------------ results
def test_results_point_at_their_rule():
    log = log_for([lint_fixture()])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    results = results_of(log)
    assert len(results) == 2
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == "ARI001"
        assert res["level"] == "error"


@pytest.mark.parametrize("severity,level", [("error", "error"), ("warning", "warning"), ("info", "note")])
def test_levels_follow_the_finding_severity(severity, level):
    log = log_for([lint_fixture(severity={"ARI001": severity})])
    assert {r["level"] for r in results_of(log)} == {level}
    # the catalogue keeps the rule's default
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results_of(log)[0]["ruleIndex"]]["defaultConfiguration"]["level"] == "error"


def test_region_is_the_printed_total_cell():
    result = lint_fixture()
    log = log_for([result])
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    for finding, res in zip(result.findings, results_of(log)):
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "tests/fixtures/report_2023_typo.txt", "uriBaseId": "%SRCROOT%", "index": 0}
        region = loc["region"]
        assert region == {"startLine": finding.location.line, "startColumn": finding.location.column,
                          "endLine": finding.location.end_line, "endColumn": finding.location.end_column}
        # columns are code points, the end column exclusive: the region spans the typo "96"
        line = lines[region["startLine"] - 1]
        assert line.startswith("一、本年新收政府信息公开申请数量")
        assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "96"
        assert "properties" not in loc  # nothing beyond line/column for a text file
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.as_uri() + "/"
    assert run["artifacts"][0]["mimeType"] == "text/plain"
    assert run["artifacts"][0]["properties"]["year"] == 2023


def test_logical_and_related_locations_name_the_cells():
    result = lint_fixture()
    by_relation = {f.args["relation"]: r for f, r in zip(result.findings, results_of(log_for([result])))}
    res = by_relation["T3-B:received_new"]
    logical = res["locations"][0]["logicalLocations"]
    assert [(l["kind"], l["fullyQualifiedName"]) for l in logical] == [
        ("section", "section3"), ("table", "table3"), ("cell", "table3/received_new/total")]
    assert logical[2]["properties"]["label"] == "一、本年新收政府信息公开申请数量/总计"
    related = res["relatedLocations"]
    assert [r["logicalLocations"][0]["fullyQualifiedName"] for r in related] == [
        f"table3/received_new/{c}" for c in ("natural_person", "commercial", "research", "social_welfare",
                                              "legal_service", "other_org")]
    assert [r["id"] for r in related] == list(range(6))
    assert sum(r["properties"]["value"] for r in related) == 95
    assert related[0]["message"]["text"] == "一、本年新收政府信息公开申请数量/自然人 = 58"
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    for r in related:  # each related region is exactly that cell's digits
        reg = r["physicalLocation"]["region"]
        text = lines[reg["startLine"] - 1][reg["startColumn"] - 1:reg["endColumn"] - 1]
        assert text == str(r["properties"]["value"])
    props = res["properties"]
    assert props["args"]["expected"] == 95 and props["args"]["found"] == 96
    assert props["args"]["relation"] == "T3-B:received_new"
    assert props["table"] == "table3" and props["section"] == "3"
    # T3-A runs down the 总计 column: its related cells are the other three terms
    col = by_relation["T3-A:total"]["relatedLocations"]
    assert {r["properties"]["row"] for r in col} == {"carried_over", "results_total", "carried_forward"}


def test_fingerprints_are_stable_and_ignore_line_shifts(tmp_path):
    first = results_of(log_for([lint_fixture()]))
    again = results_of(log_for([lint_fixture()]))
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in again]
    # the same report with a paragraph added to 一、总体情况: every table line moves down
    text = FIXTURE.read_text(encoding="utf-8")
    anchor = "（五）监督保障。"
    extra = "（六）其他工作。本年度新增政务公开专员两名，\n负责网站栏目巡查和留言回复。\n\n"
    shifted = tmp_path / FIXTURE.name
    shifted.write_text(text.replace(anchor, extra + anchor), encoding="utf-8")
    moved = results_of(log_for([lint_file(str(shifted), LintOptions(select=["ARI"]))]))
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in moved] == [
        r["partialFingerprints"][FINGERPRINT_KEY] for r in first]
    for a, b in zip(first, moved):
        assert b["locations"][0]["physicalLocation"]["region"]["startLine"] == \
            a["locations"][0]["physicalLocation"]["region"]["startLine"] + 3
    assert len({r["partialFingerprints"][FINGERPRINT_KEY] for r in first}) == 2  # two different findings


def test_suppressed_findings_carry_an_external_suppression():
    result = lint_fixture()
    result.findings[1].suppressed = {"kind": "baseline", "reason": "in baseline .xxgk-baseline.json"}
    res = results_of(log_for([result]))
    assert "suppressions" not in res[0]
    assert res[1]["suppressions"] == [{"kind": "external", "status": "accepted",
                                       "justification": "in baseline .xxgk-baseline.json",
                                       "properties": {"kind": "baseline"}}]


def test_unreadable_files_become_tool_notifications(tmp_path):
    empty = tmp_path / "空报告.txt"
    empty.write_bytes(b"")
    log = log_for([lint_fixture(), lint_file(str(empty))])
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    [note] = inv["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert str(empty) in note["message"]["text"] and "empty" in note["message"]["text"]
    assert note["properties"]["code"] == "empty"
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/%E7%A9%BA%E6%8A%A5%E5%91%8A.txt")
    assert log["runs"][0]["tool"]["driver"]["notifications"][note["descriptor"]["index"]]["id"] == note["descriptor"]["id"]
    assert len(results_of(log)) == 2  # the readable file is still reported


def test_artifact_uris(tmp_path):
    assert artifact_uri("reports/2023 年报.txt", str(tmp_path)) == ("reports/2023%20%E5%B9%B4%E6%8A%A5.txt", "%SRCROOT%")
    assert artifact_uri(str(tmp_path / "a" / "b.pdf"), str(tmp_path)) == ("a/b.pdf", "%SRCROOT%")
    outside, base = artifact_uri("../elsewhere/c.pdf", str(tmp_path / "root"))
    assert base is None and outside == (tmp_path / "elsewhere" / "c.pdf").as_uri()


@needs_shared
def test_pdf_locations_use_page_and_bbox_properties():
    result = pdf_result_with_typo()
    assert {f.code for f in result.findings} == {"ARI001"}
    log = log_for([result])
    for finding, res in zip(result.findings, results_of(log)):
        loc = res["locations"][0]["physicalLocation"]
        assert "region" not in loc
        assert loc["properties"]["page"] == finding.location.page
        assert len(loc["properties"]["bbox"]) == 4
        assert loc["artifactLocation"]["uri"].startswith("file:///") or loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        for rel in res["relatedLocations"]:
            assert "region" not in rel["physicalLocation"]
            assert rel["physicalLocation"]["properties"]["page"] >= 1
    assert log["runs"][0]["artifacts"][0]["mimeType"] == "application/pdf"


def test_html_input_keeps_line_regions():
    result = lint_file(str(HTML_FIXTURE))
    log = log_for([result])
    for finding, res in zip(result.findings, results_of(log)):
        loc = res["locations"][0]["physicalLocation"]
        assert loc["region"]["startLine"] == finding.location.line
        if finding.location.table_index is not None:
            assert loc["properties"]["table_index"] == finding.location.table_index


def test_cli_writes_sarif():
    runner = CliRunner()
    out = runner.invoke(main, ["check", "--format", "sarif", str(FIXTURE)])
    assert out.exit_code == 1, out.output
    log = json.loads(out.output)
    assert log["version"] == "2.1.0" and len(results_of(log)) == 2
    assert sarif_log([], opts())["runs"][0]["results"] == []


def test_unregistered_code_gets_a_descriptor():
    result = lint_fixture()
    result.findings[0].code = "PLG900"
    result.findings[0].name = "plugin-rule"
    log = log_for([result])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    res = results_of(log)[0]
    assert rules[res["ruleIndex"]]["id"] == "PLG900" and rules[res["ruleIndex"]]["name"] == "plugin-rule"


def test_rule_catalogue_in_english_for_developers():
    from xxgk_lint.output import RenderOptions

    log = json.loads(renderer("sarif")([lint_fixture()], RenderOptions(lang="en")))
    by_id = {d["id"]: d for d in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in all_rules():
        assert by_id[rule.code]["shortDescription"]["text"] == rule.summary
        assert by_id[rule.code]["fullDescription"]["text"] == rule.docs()
    assert log["runs"][0]["language"] == "en-US"
