"""Rules are plugins: a third-party distribution registering a rule in the `xxgk_lint.rules`
entry-point group is picked up exactly like the built-ins, and a broken plugin does not stop the
run. The toy plugin is a real distribution (a dist-info with entry_points.txt) put on the path."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from conftest import FIXTURES
from test_cli import EXE

TOY = '''
from xxgk_lint.checks.base import Rule


class NoFax(Rule):
    """What it checks:
        The contact line gives no fax number (a toy rule of a third-party plugin).
    Why:
        Local style guide.
    Fires on:
        传真：0000-1
    Silent on:
        电话：0000-1
    Options:
        none
    """

    code = "TOY001"
    name = "no-fax"
    category = "content"
    severity = "warning"
    summary = "Toy plugin rule"

    def check(self, doc, ctx):
        pos = doc.text.find("电话")
        if pos >= 0:
            yield self.finding(doc, "toy plugin saw the phone number", start=pos, end=pos + 2)


RULES = [NoFax]
'''


def _install_toy(root, entry="toy_xxgk.rules:RULES", name="toy_xxgk"):
    (root / name).mkdir()
    (root / name / "__init__.py").write_text("", encoding="utf-8")
    (root / name / "rules.py").write_text(TOY, encoding="utf-8")
    info = root / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[xxgk_lint.rules]\ntoy = {entry}\n", encoding="utf-8")


def _run(root, *args):
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=120)


def test_toy_plugin_findings_appear(tmp_path):
    _install_toy(tmp_path)
    p = _run(tmp_path, "check", "--format", "json", str(FIXTURES / "clean_2023.txt"))
    findings = json.loads(p.stdout)["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["TOY001"]
    assert findings[0]["location"]["line"] == 3
    rules = json.loads(_run(tmp_path, "rules", "--format", "json").stdout)
    assert "TOY001" in {r["code"] for r in rules} and "ARI001" in {r["code"] for r in rules}
    assert _run(tmp_path, "check", "--ignore", "TOY", str(FIXTURES / "clean_2023.txt")).returncode == 0


def test_broken_plugin_does_not_stop_the_run(tmp_path):
    _install_toy(tmp_path, entry="toy_xxgk.missing_module:RULES")
    p = _run(tmp_path, "check", str(FIXTURES / "clean_2023.txt"))
    assert p.returncode == 0
    assert "could not be loaded" in p.stderr and "Traceback" not in p.stderr


def test_builtins_come_from_entry_points():
    from importlib.metadata import entry_points

    names = {ep.value.split(":")[0] for ep in entry_points(group="xxgk_lint.rules")}
    assert {"xxgk_lint.checks.structure", "xxgk_lint.checks.period", "xxgk_lint.checks.arithmetic"} <= names
