"""The wheel ships the rule packs and the grammar inside the package (linter/_data/…), and
installs no generic top-level `rules` or `grammars` module into site-packages."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


def test_wheel_contents(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        pytest.skip(f"could not build a wheel here (no build backend reachable?): {p.stderr.strip()[-200:]}")
    (wheel,) = tmp_path.glob("xxgk_lint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"linter/_data/rules/2021.toml", "linter/_data/rules/2019.toml", "linter/_data/rules/common.toml",
            "linter/_data/grammars/sections.lark", "linter/schemas/check-output.schema.json"} <= set(names)
    tops = {name.split("/")[0] for name in names}
    assert tops == {"linter", next(t for t in tops if t.endswith(".dist-info"))}
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[xxgk_lint.rules]" in entry_points and "xxgk-lint = linter.cli:main" in entry_points
