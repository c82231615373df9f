"""Shared test helpers: the synthetic fixtures, the shared corpus (skipped when absent), and
linting a report given as text."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = SHARED / "samples"


def need_shared(path: Path) -> Path:
    """The path inside ../shared, or skip the test with the reason."""
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is absent in this checkout)")
    return path


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
