"""The command line: exit codes, one-line errors for bad files (the other files still checked),
JSON valid against the shipped schema, extract/rules/rule/schema commands. Runs the real
console script in a subprocess, as a clerk or a CI job would."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import jsonschema
import pytest

from conftest import FIXTURES

EXE = shutil.which("xxgk-lint") or os.path.join(os.path.dirname(sys.executable), "xxgk-lint")


def run(*args, cwd=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def schema():
    return json.loads(run("schema").stdout)


@pytest.fixture
def broken(tmp_path):
    text = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
    path = tmp_path / "broken.txt"
    path.write_text(text.replace("（一）予以公开 20 2 0 1 0 0 23", "（一）予以公开 21 2 0 1 0 0 23"), encoding="utf-8")
    return path


def test_clean_file_exits_0():
    p = run("check", str(FIXTURES / "clean_2023.txt"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "发现 0 个错误、0 个警告" in p.stdout  # the summary line is Chinese unless the locale asks for English


def test_findings_exit_1_with_path_line_col_code(broken):
    p = run("check", str(broken))
    assert p.returncode == 1
    lines = [line for line in p.stdout.splitlines() if "ARI001" in line]
    assert len(lines) == 2
    assert lines[0].startswith(f"{broken}:") and lines[0].split(":")[1].isdigit()


def test_fail_on_warning(tmp_path):
    text = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8").replace("行政规范性文件 3 1 12", "规范性文件 3 1 12")
    path = tmp_path / "warn.txt"
    path.write_text(text, encoding="utf-8")
    assert run("check", str(path)).returncode == 0
    assert run("check", "--fail-on", "warning", str(path)).returncode == 1


def test_select_and_ignore(broken):
    assert run("check", "--ignore", "ARI001", str(broken)).returncode == 0
    assert run("check", "--select", "STR,PER", str(broken)).returncode == 0
    p = run("check", "--select", "NOPE999", str(broken))
    assert p.returncode == 2 and "unknown rule" in p.stderr and "Traceback" not in p.stderr


def test_bad_files_are_one_line_errors_and_others_still_checked(tmp_path, broken, schema):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("not a pdf", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    p = run("check", "--format", "json", str(empty), str(fake_pdf), str(missing), str(broken))
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    out = json.loads(p.stdout)
    jsonschema.validate(out, schema)
    files = {os.path.basename(f["path"]): f for f in out["files"]}
    assert files["empty.txt"]["error"]["code"] == "empty"
    assert files["fake.pdf"]["error"]["code"] == "not-pdf"
    assert files["missing.txt"]["error"]["code"] == "unreadable"
    assert files["broken.txt"]["error"] is None and len(files["broken.txt"]["findings"]) == 2
    err_lines = p.stderr.strip().splitlines()
    assert len(err_lines) == 3 and all(line.count("\n") == 0 and ": 无法读取：" in line for line in err_lines)
    assert files["empty.txt"]["error"]["message_zh"] == "文件是空的，没有可检查的内容"


def test_text_output_names_unreadable_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    p = run("check", str(empty), str(FIXTURES / "clean_2023.txt"))
    assert p.returncode == 2
    assert f"{empty}: [无法读取] 文件是空的，没有可检查的内容" in p.stdout
    english = run("check", "--lang", "en", str(empty))
    assert f"{empty}: [error] file is empty" in english.stdout


def test_gbk_text_report(tmp_path):
    text = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    p = run("check", "--format", "json", str(path))
    assert p.returncode == 0, p.stdout
    assert json.loads(p.stdout)["files"][0]["year"] == 2023


def test_json_findings_follow_the_contract(broken, schema):
    out = json.loads(run("check", "--format", "json", str(broken)).stdout)
    jsonschema.validate(out, schema)
    finding = out["files"][0]["findings"][0]
    for key in ("code", "category", "severity", "message", "section", "table", "cells", "location"):
        assert key in finding
    assert finding["location"]["line"] >= 1 and finding["location"]["column"] >= 1
    assert out["summary"]["error"] == 2


def test_output_file(tmp_path, broken):
    target = tmp_path / "out.json"
    p = run("check", "--format", "json", "--output", str(target), str(broken))
    assert p.returncode == 1 and p.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["error"] == 2


def test_extract(broken):
    out = json.loads(run("extract", "--format", "json", str(broken)).stdout)
    assert (out["year"], out["edition"]) == (2023, "2021")
    assert [s["number"] for s in out["sections"]] == [1, 2, 3, 4, 5, 6]
    assert out["sections"][0]["location"]["line"] == 5
    assert out["tables"]["table3"]["granted"]["natural_person"] == 21
    assert out["tables"]["table4"]["review"]["total"] == 4
    assert out["tables"]["table2"]["fees"]["amount"] == 0


def test_extract_bad_file_is_json_and_exit_2(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    p = run("extract", str(path))
    assert p.returncode == 2 and json.loads(p.stdout)["error"]["code"] == "legacy-binary"


def test_rules_and_rule():
    rules = json.loads(run("rules", "--format", "json").stdout)
    assert {"ARI001", "STR001", "PER001", "INP001"} <= {r["code"] for r in rules}
    p = run("rule", "ARI001")
    assert p.returncode == 0 and "依据：" in p.stdout and "勾稽" in p.stdout  # Chinese by default
    english = run("rule", "ARI001", "--lang", "en")
    assert english.returncode == 0 and "Why" in english.stdout
    assert run("rule", "XYZ123").returncode == 2


def test_garbage_never_tracebacks(tmp_path):
    path = tmp_path / "garbage.html"
    path.write_bytes(os.urandom(3000))
    p = run("check", str(path))
    assert p.returncode in (0, 1, 2) and "Traceback" not in p.stderr + p.stdout


def test_password_protected_docx_is_named_as_such(tmp_path):
    """Word saves a password-protected .docx as an OLE container with an EncryptedPackage stream."""
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    p = run("check", "--format", "json", str(path))
    assert p.returncode == 2
    assert json.loads(p.stdout)["files"][0]["error"]["code"] == "docx-encrypted"
