"""Our SARIF through Microsoft's SARIF multitool validator (`@microsoft/sarif-multitool` from npm),
the checker GitHub code scanning's rules come from: no error, and no warning beyond the missing
`informationUri` while the project has no public URL.

Install it once outside the repository (CI does the same):
    npm install --prefix ~/.cache/xxgk-lint/sarif-multitool @microsoft/sarif-multitool
The test finds it there, on PATH, or at $SARIF_MULTITOOL; it skips when it is absent, and fails
instead when CI=true.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from xxgk_lint.cli import main

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "xxgk-lint" / "sarif-multitool"


def _multitool() -> list | None:
    """The command that runs the validator: the native binary when npm installed it (its npx
    wrapper passes arguments through a shell), else whatever is on PATH."""
    if os.environ.get("SARIF_MULTITOOL"):
        return [os.environ["SARIF_MULTITOOL"]]
    modules = CACHE / "node_modules"
    for native in sorted(modules.glob("@microsoft/sarif-multitool-*/Sarif.Multitool")):
        if os.access(native, os.X_OK):
            return [str(native)]
    for wrapper in (modules / ".bin" / "sarif-multitool", shutil.which("sarif-multitool")):
        if wrapper and Path(wrapper).exists():
            return [str(wrapper)]
    return None


def _information_uri_known() -> bool:
    from xxgk_lint.output.sarif import _information_uri

    return _information_uri() is not None


@pytest.fixture(scope="module")
def multitool():
    cmd = _multitool()
    if cmd is None:
        message = ("SARIF multitool not installed (npm install --prefix ~/.cache/xxgk-lint/sarif-multitool "
                   "@microsoft/sarif-multitool)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return cmd


def _sarif(tmp_path, *paths) -> Path:
    out = tmp_path / "out.sarif"
    res = CliRunner().invoke(main, ["check", "--isolated", "--format", "sarif", "-o", str(out), *map(str, paths)])
    assert res.exit_code in (0, 1, 2), res.output
    return out


def _validate(cmd, sarif: Path, tmp_path) -> list:
    log = tmp_path / "validation.sarif"
    proc = subprocess.run([*cmd, "validate", str(sarif), "-o", str(log), "--log", "ForceOverwrite"],
                          capture_output=True, text=True, timeout=300)
    assert log.exists(), proc.stdout[-2000:] + proc.stderr[-2000:]
    results = json.loads(log.read_text(encoding="utf-8"))["runs"][0].get("results", [])
    return [(r.get("level", "warning"), r["ruleId"], json.dumps(r.get("message"), ensure_ascii=False)) for r in results]


def test_sarif_of_several_reports_validates(multitool, tmp_path, monkeypatch):
    # files under the working directory get relative URIs (uriBaseId %SRCROOT%), the rest absolute
    work = tmp_path / "work"
    work.mkdir()
    typo = work / "report.txt"
    typo.write_text((FIXTURES / "report_2023_typo.txt").read_text(encoding="utf-8"), encoding="utf-8")
    empty = work / "empty.txt"
    empty.write_bytes(b"")
    monkeypatch.chdir(work)
    sarif = _sarif(tmp_path, "report.txt", "empty.txt", FIXTURES / "clean_2023.txt",
                   *sorted((FIXTURES / "html").glob("*.html"))[:2])
    data = json.loads(sarif.read_text(encoding="utf-8"))
    results = data["runs"][0]["results"]
    assert results and any(r.get("fixes") for r in results)  # the wrong-cell proposal as a fix
    rel = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId")]
    assert rel and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "report.txt" for r in rel)
    problems = [p for p in _validate(multitool, sarif, tmp_path) if p[0] in ("error", "warning")]
    allowed = set() if _information_uri_known() else {"SARIF2005"}  # no public URL for informationUri yet
    assert [p for p in problems if p[1] not in allowed] == []
