"""Files and folders the user may not read: each is its own one-line error, the rest is checked.

Permissions are only enforced on an unprivileged user: as root the CLI runs without the
capabilities that let root read anything (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH),
so the kernel refuses `open` as it would for a clerk's account.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES


def _unprivileged_prefix() -> list:
    if os.name != "posix":
        pytest.skip("file permissions are POSIX-only here")
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv (util-linux) is missing: cannot run as an unprivileged user")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]


def _run(*args):
    cmd = _unprivileged_prefix() + [sys.executable, "-m", "xxgk_lint.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def reports(tmp_path):
    """Two readable reports, one unreadable report and one unreadable sub-folder holding a report."""
    for name in ("clean_2023.txt", "report_2023_typo.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    locked = tmp_path / "locked.txt"
    shutil.copy(FIXTURES / "clean_2023.txt", locked)
    private = tmp_path / "private"
    private.mkdir()
    shutil.copy(FIXTURES / "clean_2023.txt", private / "hidden_2023.txt")
    locked.chmod(0)
    private.chmod(0)
    yield tmp_path
    private.chmod(0o755)
    locked.chmod(0o644)


def test_unreadable_file_named_is_its_own_error_and_the_others_are_checked(reports):
    files = [str(reports / n) for n in ("clean_2023.txt", "locked.txt", "report_2023_typo.txt")]
    p = _run("check", *files)
    assert p.returncode == 2, p.stderr
    assert "Usage:" not in p.stderr and "Traceback" not in p.stderr
    assert f"{reports / 'locked.txt'}: [无法读取] 文件打不开" in p.stdout  # the clerk's words, by default
    english = _run("check", "--lang", "en", *files)
    assert f"{reports / 'locked.txt'}: [error] cannot read file: Permission denied" in english.stdout
    # the readable report with a wrong total is still checked
    assert p.stdout.count(f"{reports / 'report_2023_typo.txt'}:") == 2 and "ARI001" in p.stdout


def test_unreadable_sub_folder_is_named_in_json(reports):
    p = _run("check", "--format", "json", str(reports))
    assert p.returncode == 2
    out = {os.path.basename(f["path"]): f for f in json.loads(p.stdout)["files"]}
    assert set(out) == {"clean_2023.txt", "locked.txt", "private", "report_2023_typo.txt"}
    assert out["private"]["error"]["code"] == "unreadable"
    assert "folder cannot be read" in out["private"]["error"]["message"]
    assert out["report_2023_typo.txt"]["error"] is None and out["report_2023_typo.txt"]["findings"]
    err = p.stderr.strip().splitlines()
    assert len(err) == 2 and all(": 无法读取：文件打不开" in line and line.endswith("（unreadable）") for line in err)
