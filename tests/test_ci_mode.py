"""CI=true turns a skip for a missing part CI must provide (../shared, Chromium, the SARIF
multitool) into a failure; other skips stay skips, and without CI=true all of them skip."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT

TESTS = '''
import pytest
from pathlib import Path
from conftest import need_shared

def test_needs_shared():
    need_shared(Path("/nonexistent/corpus"))

@pytest.mark.skipif(True, reason="../shared/samples is not beside the checkout")
def test_marked():
    pass

def test_chromium():
    pytest.skip("headless Chromium not installed")

def test_other():
    pytest.skip("git is not installed")
'''


def _run(tmp_path, ci: bool) -> str:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_parts.py").write_text(TESTS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return proc.stdout


def test_missing_parts_fail_under_ci(tmp_path):
    out = _run(tmp_path, ci=True)
    assert "FAILED" in out and "test_needs_shared" in out and "test_chromium" in out
    assert "ERROR" in out and "test_marked" in out  # a skipif is decided at setup
    assert "SKIPPED [1]" in out and "git is not installed" in out
    assert "1 skipped" in out


def test_missing_parts_skip_elsewhere(tmp_path):
    out = _run(tmp_path, ci=False)
    assert "4 skipped" in out and "FAILED" not in out
