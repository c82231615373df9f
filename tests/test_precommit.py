"""The pre-commit hook (.pre-commit-hooks.yaml), run for real: `pre-commit try-repo <this checkout>
xxgk-lint --files …` in a scratch git repository, which builds the hook's virtualenv by
pip-installing this repository (needs PyPI or a pip cache; ~10–20 s per run).

`try-repo` is given `--ref <HEAD>`, so it tests the hook as committed. (Without a ref it snapshots
a dirty checkout: staged and modified tracked files, but never untracked ones, so a half-committed
change can make it test a tree that does not exist anywhere.) The hook file must therefore be
committed; a checkout that is not a git repository (an sdist) skips this test.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

TOTAL_ROW = "（七）总计 42 3 0 1 2 0 48"
NO_NETWORK = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
              "No matching distribution found")


def _tool(name: str):
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


GIT = shutil.which("git")
PRE_COMMIT = _tool("pre-commit")


def _git(*args, cwd, env=None):
    return subprocess.run([GIT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def env():
    """The environment of the child processes: no git variables of an enclosing hook run."""
    out = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    out.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_CONFIG_NOSYSTEM="1")
    return out


@pytest.fixture(scope="module")
def head(env):
    if GIT is None:
        pytest.skip("git is not installed")
    if PRE_COMMIT is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if _git("rev-parse", "--is-inside-work-tree", cwd=ROOT, env=env).stdout.strip() != "true":
        pytest.skip(f"{ROOT} is not a git checkout: try-repo needs one")
    tracked = _git("ls-files", "--error-unmatch", ".pre-commit-hooks.yaml", cwd=ROOT, env=env)
    assert tracked.returncode == 0, ".pre-commit-hooks.yaml must be committed: try-repo reads it from git"
    return _git("rev-parse", "HEAD", cwd=ROOT, env=env).stdout.strip()


@pytest.fixture
def repo(tmp_path, env, head):
    """A scratch repository holding one clean and one broken report (after the skips of `head`)."""
    clean = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
    assert TOTAL_ROW in clean, "tests/fixtures/clean_2023.txt changed: update TOTAL_ROW"
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "clean.txt").write_text(clean, encoding="utf-8")
    (tmp_path / "reports" / "broken.txt").write_text(clean.replace(TOTAL_ROW, "（七）总计 42 3 0 1 2 0 49"),
                                                     encoding="utf-8")
    assert _git("init", "-q", cwd=tmp_path, env=env).returncode == 0
    _git("add", ".", cwd=tmp_path, env=env)
    return tmp_path


def try_repo(repo: Path, head: str, env: dict, *files: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "xxgk-lint", "--ref", head, "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    log = proc.stdout + proc.stderr
    if "An unexpected error has occurred" in log and any(s in log for s in NO_NETWORK):
        pytest.skip("pre-commit could not pip-install the hook (no network and no pip cache)")
    return proc


def test_hook_fails_on_the_broken_report_and_passes_the_clean_one(repo, head, env):
    proc = try_repo(repo, head, env, "reports/clean.txt", "reports/broken.txt")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "xxgk-lint" in out and "Failed" in out
    assert "reports/broken.txt:80:20: ARI001" in out  # the finding, with where it is
    assert "reports/clean.txt:" not in out  # nothing to say about the clean one
    assert "Traceback" not in out

    proc = try_repo(repo, head, env, "reports/clean.txt")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out


def test_hook_reads_the_config_of_the_repository(repo, head, env):
    """pre-commit runs the hook from the repository root: waivers in its pyproject.toml apply."""
    (repo / "pyproject.toml").write_text(
        '[tool.xxgk-lint]\n[[tool.xxgk-lint.waivers]]\nfiles = "reports/broken.txt"\ncode = "ARI001"\n'
        'reason = "as published; corrected in the 2024 report"\n', encoding="utf-8")
    proc = try_repo(repo, head, env, "reports/clean.txt", "reports/broken.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_files_pattern_matches_every_extension_the_cli_reads_in_any_case():
    """pre-commit matches `files` with Python's re.search: the hook must hand over .TXT, .PDF,
    .markdown and .htm reports too, exactly the extensions the readers take, and nothing else."""
    import re

    import yaml

    from xxgk_lint.readers import LEGACY_BINARY, REPORT_EXTENSIONS

    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    pattern = re.compile(hook["files"])
    for ext in REPORT_EXTENSIONS:
        for name in (f"reports/a{ext}", f"reports/a{ext.upper()}", f"reports/a{ext[:2].upper()}{ext[2:]}"):
            assert pattern.search(name), name
    for name in ["reports/a.txt.bak", "a.doc", "a.csv", "README.rst", "a.pdfx", *(f"a{e}" for e in LEGACY_BINARY)]:
        assert not pattern.search(name), name
