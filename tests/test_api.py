"""The library API (docs/api.md): the example of the documentation runs as written, and the API
gives what the CLI gives, config files included."""
from __future__ import annotations

import json
import re
import subprocess
import sys

from click.testing import CliRunner

from conftest import FIXTURES, ROOT
from xxgk_lint.cli import main


def test_the_documented_example_runs():
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    example = blocks[-1]
    proc = subprocess.run([sys.executable, "-c", example], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ARI001 error" in proc.stdout and "cell to fix: table3" in proc.stdout


def test_api_findings_equal_the_cli_findings(tmp_path):
    from xxgk_lint import lint_file

    report = tmp_path / "r.txt"
    report.write_text((FIXTURES / "report_2023_typo.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "xxgk-lint.toml").write_text('[per-file-ignores]\n"r.txt" = ["CNT"]\n', encoding="utf-8")
    cli = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(report)]).stdout)
    api = lint_file(str(report))
    assert [f.to_json() for f in api.findings] == cli["files"][0]["findings"] != []
    isolated = lint_file(str(report), isolated=True)
    assert len(isolated.findings) >= len(api.findings)


def test_unreadable_report_is_an_error_not_an_exception(tmp_path):
    from xxgk_lint import InputError, lint_file, lint_text

    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = lint_file(str(empty))
    assert isinstance(result.error, InputError) and result.error.code == "empty" and result.findings == []
    assert lint_text("", filename="x.txt").error.code == "empty"


def test_import_is_cheap_and_the_api_is_there():
    proc = subprocess.run([sys.executable, "-c", "import sys, xxgk_lint; print('xxgk_lint.api' in sys.modules); "
                           "from xxgk_lint import lint_text, Finding, Document; print(Finding.__name__)"],
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["False", "Finding"]
