"""The package installs as `xxgk_lint` (its source folder is linter/, the repository's layout): the
wheel ships the rule packs and the grammar inside it (xxgk_lint/_data/…), every package folder of
linter/ is in it, and it installs no generic top-level `linter`, `rules` or `grammars` module that
another distribution could overwrite."""
from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile

import pytest

from conftest import ROOT


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {"xxgk_lint" + "".join("." + part for part in init.parent.relative_to(ROOT / "linter").parts)
               for init in (ROOT / "linter").rglob("__init__.py")}
    assert folders - listed == set(), "package folders missing from [tool.setuptools] packages"


def test_installed_under_its_own_name(tmp_path):
    import xxgk_lint

    assert xxgk_lint.__name__ == "xxgk_lint" and hasattr(xxgk_lint, "lint_file")
    p = subprocess.run([sys.executable, "-c", "import linter"], capture_output=True, text=True, cwd="/")
    assert p.returncode != 0, "a top-level `linter` module is importable: the package must install as xxgk_lint"


def test_wheel_contents(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        pytest.skip(f"could not build a wheel here (no build backend reachable?): {p.stderr.strip()[-200:]}")
    (wheel,) = tmp_path.glob("xxgk_lint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"xxgk_lint/_data/rules/2021.toml", "xxgk_lint/_data/rules/2019.toml", "xxgk_lint/_data/rules/common.toml",
            "xxgk_lint/_data/grammars/sections.lark", "xxgk_lint/schemas/check-output.schema.json",
            "xxgk_lint/run/engine.py", "xxgk_lint/document/tables/table3.py",
            "xxgk_lint/server/static/index.html", "xxgk_lint/server/static/app.js",
            "xxgk_lint/server/static/app.css"} <= set(names)
    tops = {name.split("/")[0] for name in names}
    assert tops == {"xxgk_lint", next(t for t in tops if t.endswith(".dist-info"))}
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[xxgk_lint.rules]" in entry_points and "xxgk-lint = xxgk_lint.cli:main" in entry_points
