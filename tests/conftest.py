"""Shared test helpers: the synthetic fixtures, the shared corpus (skipped when absent), and
linting a report given as text.

With the environment variable CI=true, a test that needs a part CI provides (../shared beside the
checkout, headless Chromium, the SARIF multitool) fails instead of skipping when the part is
missing: a CI run that silently skips them would check nothing of them. The rule is applied to
every skip whose reason names such a part (`pytest_runtest_makereport`), so a new test that
skips with `need_shared` or a `skipif` naming ../shared gets it without doing anything."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = SHARED / "samples"


# a skip whose reason names one of these is a missing part that CI must provide
CI_PARTS = ("../shared", "shared corpus", "chromium", "sarif multitool")


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def need_shared(path: Path) -> Path:
    """The path inside ../shared, or skip the test with the reason (fail under CI=true)."""
    if not path.exists():
        message = f"{path} is not here (../shared is absent in this checkout)"
        if under_ci():
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and under_ci() and isinstance(report.longrepr, tuple)):
        return
    reason = str(report.longrepr[2])
    if any(part in reason.lower() for part in CI_PARTS):
        report.outcome = "failed"
        report.longrepr = f"CI=true: a part CI must provide is missing: {reason}"


@pytest.fixture(autouse=True)
def _no_locale_preference(monkeypatch):
    """Tests see the default language (Chinese, as when the locale says nothing), whatever the
    locale of the machine running them; a test that wants English sets LANG or --lang itself."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def clean_text() -> str:
    return (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")


def lint_text(tmp_path: Path, text: str, name: str = "report.txt", **options):
    """Lint `text` written to a file; returns the FileResult."""
    from xxgk_lint.run.engine import LintOptions, lint_file

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint_file(str(path), LintOptions(**options))


def codes(result) -> list:
    return [f.code for f in result.findings]


def by_code(result, code: str) -> list:
    return [f for f in result.findings if f.code == code]
