"""GitHub Actions workflow commands: one annotation per finding, escaped per the Actions toolkit,
PDF findings without a line name their page in the message."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from xxgk_lint.cli import main
from xxgk_lint.run.engine import FileResult, LintOptions, lint_document, lint_file, parse_file
from xxgk_lint.checks.finding import Finding
from xxgk_lint.document.model import Location
from xxgk_lint.output import FORMATS, RenderOptions, renderer
from xxgk_lint.output.github import escape_data, escape_property

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "report_2023_typo.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE_PDF = SHARED / "samples" / "r03_word.pdf"

def lint(path, **options):
    """Lint with the arithmetic rules only: the assertions below are about how the outputs show
    the 表三 typo, and other rules (prose, content) may add findings of their own to a report."""
    return lint_file(str(path), LintOptions(select=["ARI"], **options))


COMMAND = re.compile(r"^::(error|warning|notice)(?: (?P<props>[^:]*))?::(?P<message>.*)$")


def render(results, **kw) -> str:
    return renderer("github")(results, RenderOptions(**kw))


def unescape(text: str) -> str:
    """What the Actions runner does with a property or message."""
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def parse(line: str) -> tuple:
    """(command, {property: value}, message) the way the runner reads a workflow command."""
    m = COMMAND.match(line)
    assert m, f"not a workflow command: {line!r}"
    props = {}
    if m.group("props"):
        for part in m.group("props").split(","):
            key, _, value = part.partition("=")
            props[key] = unescape(value)
    return m.group(1), props, unescape(m.group("message"))


def test_format_is_registered():
    assert FORMATS["github"] == ".github"


def test_escaping_follows_the_actions_toolkit():
    assert escape_data("100% 完成\r\n第二行") == "100%25 完成%0D%0A第二行"
    assert escape_property("reports/a,b:c%.txt") == "reports/a%2Cb%3Ac%25.txt"
    # the message keeps : and , (only properties need them escaped)
    assert escape_data("表三：应为95，实为96, ok") == "表三：应为95，实为96, ok"


def test_one_annotation_per_finding_at_the_cell():
    result = lint(FIXTURE)
    out = render([result])
    lines = out.splitlines()
    assert len(lines) == len(result.findings) == 2
    for line, finding in zip(lines, result.findings):
        cmd, props, message = parse(line)
        assert cmd == "error"
        assert props["file"] == str(FIXTURE)
        loc = finding.location
        assert (int(props["line"]), int(props["endLine"]), int(props["col"])) == (loc.line, loc.end_line, loc.column)
        # GitHub's endColumn is inclusive: the two digits of "96" are columns 32 and 33
        assert int(props["endColumn"]) == loc.end_column - 1
        assert FIXTURE.read_text(encoding="utf-8").split("\n")[loc.line - 1][loc.column - 1:int(props["endColumn"])] == "96"
        assert props["title"] == "ARI001 table-relation"
        suggestion = finding.suggestion["text"] if finding.suggestion and finding.suggestion.get("text") else None
        assert message == finding.message + (f"\nsuggestion: {suggestion}" if suggestion else "")
    assert lines[0].startswith(f"::error file={FIXTURE},line=42,endLine=42,col=32,endColumn=33,title=ARI001 table-relation::")


@pytest.mark.parametrize("severity,command", [("error", "error"), ("warning", "warning"), ("info", "notice")])
def test_severity_maps_to_the_command(severity, command):
    out = render([lint(FIXTURE, severity={"ARI001": severity})])
    assert {parse(line)[0] for line in out.splitlines()} == {command}


def test_paths_and_messages_with_special_characters(tmp_path):
    odd = tmp_path / "2023,年报:终稿 100%.txt"
    odd.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result = lint(odd)
    result.findings[0].suggestion = {"kind": "single-cell", "text": "将“总计”改为95\n或核对各列"}
    result.findings[0].message += "（100%核对）"
    out = render([result])
    lines = out.splitlines()
    assert len(lines) == 2  # the newline of the suggestion did not split the command
    cmd, props, message = parse(lines[0])
    assert props["file"] == str(odd)
    assert "%2C" in lines[0] and "%3A" in lines[0].split("::")[1] and "%25" in lines[0]
    assert message.endswith("（100%核对）\nsuggestion: 将“总计”改为95\n或核对各列")


def test_pdf_finding_names_file_and_page(tmp_path):
    finding = Finding(code="ARI001", name="table-relation", category="arithmetic", severity="error",
                      message="表三“（一）予以公开”一行不符合T3-B：应为4，实为3（相差-1）", table="table3",
                      location=Location(page=2, bbox=(500.7, 400.2, 505.95, 413.68)), path="reports/年报.pdf")
    out = render([FileResult(path="reports/年报.pdf", findings=[finding])])
    cmd, props, message = parse(out.strip())
    assert props == {"file": "reports/年报.pdf", "title": "ARI001 table-relation"}
    assert message.endswith("（相差-1） (p. 2)")


@pytest.mark.skipif(not SAMPLE_PDF.exists(), reason="../shared/samples is not beside the checkout")
def test_real_pdf_findings_have_no_line():
    doc = parse_file(str(SAMPLE_PDF))
    cell = doc.tables["table3"].cells[("granted", "natural_person")]
    cell.value += 1
    out = render([FileResult(path=str(SAMPLE_PDF), findings=lint_document(doc, LintOptions(select=["ARI"])), document=doc)])
    lines = out.splitlines()
    assert len(lines) == 2
    pages = []
    for line in lines:
        cmd, props, message = parse(line)
        assert "line" not in props and "col" not in props
        first_line = message.split("\n")[0]  # a suggestion, when any, follows on its own line
        pages.append(int(re.search(r" \(p\. (\d+)\)$", first_line).group(1)))
    assert pages == [cell.location.page] * 2  # both failing relations point at the changed cell


def test_docx_location_in_message():
    finding = Finding(code="INP002", name="cells-unreadable", category="input", severity="warning",
                      message="无法检查：表三有单元格无法读取", location=Location(table_index=2, row=5, col=3))
    _, props, message = parse(render([FileResult(path="a.docx", findings=[finding])]).strip())
    assert "line" not in props and message.endswith(" (table 2, r5c3)")


def test_unreadable_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = render([lint_file(str(empty)), lint(FIXTURE)])
    lines = out.splitlines()
    cmd, props, message = parse(lines[0])
    assert cmd == "error" and props["file"] == str(empty)
    assert "empty" in message
    assert len(lines) == 3


def test_suppressed_findings_are_hidden_unless_asked():
    result = lint(FIXTURE)
    result.findings[0].suppressed = {"kind": "waiver", "reason": "原表如此印发"}
    assert len(render([result]).splitlines()) == 1
    lines = render([result], show_suppressed=True).splitlines()
    assert len(lines) == 2
    cmd, _, message = parse(lines[0])
    assert cmd == "notice" and message.endswith("(suppressed: 原表如此印发)")


def test_clean_report_prints_nothing(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(FIXTURE.read_text(encoding="utf-8").replace("1\t96\n", "1\t95\n"), encoding="utf-8")
    assert render([lint(clean)]) == ""


def test_cli():
    out = CliRunner().invoke(main, ["check", "--format", "github", str(FIXTURE)])
    assert out.exit_code == 1
    assert all(line.startswith("::error file=") for line in out.output.splitlines())
