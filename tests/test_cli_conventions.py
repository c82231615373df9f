"""Command-line conventions ruff/sqlfluff users expect (issue 12): stdin with `-` and
--stdin-filename, --quiet, --color with NO_COLOR, --show-source with a caret, --statistics with
only the counts, every finding tagged with its severity, -V, and --lang for what is not a finding."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from rich.cells import cell_len

from conftest import FIXTURES

EXE = shutil.which("xxgk-lint") or os.path.join(os.path.dirname(sys.executable), "xxgk-lint")
ROW = "（一）予以公开 20 2 0 1 0 0 23"


def run(*args, stdin=None, env=None, cwd=None):
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    environ.update(env or {})
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, cwd=cwd, env=environ, timeout=120)


@pytest.fixture
def broken(tmp_path):
    text = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_text(text.replace(ROW, "（一）予以公开 21 2 0 1 0 0 23"), encoding="utf-8")
    return path


def _findings(stdout: bytes) -> list:
    return [(f["code"], f["location"], f["message"], f["fingerprint"])
            for f in json.loads(stdout)["files"][0]["findings"]]


def test_stdin_gives_the_same_findings_as_the_file(broken, tmp_path):
    by_file = run("check", "--isolated", "--format", "json", "report.txt", cwd=tmp_path)
    by_stdin = run("check", "--isolated", "--format", "json", "--stdin-filename", "report.txt", "-",
                   stdin=broken.read_bytes(), cwd=tmp_path)
    assert by_file.returncode == by_stdin.returncode == 1
    assert _findings(by_stdin.stdout) == _findings(by_file.stdout) != []
    assert json.loads(by_stdin.stdout)["files"][0]["path"] == "report.txt"
    text = run("check", "--isolated", "--stdin-filename", "sub/report.txt", "-", stdin=broken.read_bytes())
    assert text.stdout.decode().startswith("sub/report.txt:")


def test_stdin_honours_the_config_beside_the_stdin_filename(broken, tmp_path):
    (tmp_path / "xxgk-lint.toml").write_text('ignore = ["ARI001"]\n', encoding="utf-8")
    p = run("check", "--format", "json", "--stdin-filename", str(tmp_path / "report.txt"), "-", stdin=broken.read_bytes())
    assert p.returncode == 0 and [f for f in json.loads(p.stdout)["files"][0]["findings"] if f["code"] == "ARI001"] == []


def test_stdin_extension_picks_the_reader(tmp_path):
    html = (FIXTURES / "html" / "word_export_2023.html").read_bytes()
    by_file = run("check", "--isolated", "--format", "json", str(FIXTURES / "html" / "word_export_2023.html"))
    by_stdin = run("check", "--isolated", "--format", "json", "--stdin-filename", "page.htm", "-", stdin=html)
    assert [f[:3] for f in _findings(by_stdin.stdout)] == [f[:3] for f in _findings(by_file.stdout)]


def test_every_finding_is_tagged_and_quiet_drops_the_summary(broken):
    out = run("check", "--isolated", str(broken)).stdout.decode().splitlines()
    errors = [line for line in out if " ARI001 " in line]
    assert errors and all(" ARI001 [错误] " in line for line in errors)
    assert out[-1].startswith("发现 2 个错误")
    quiet = run("check", "--isolated", "-q", str(broken)).stdout.decode().splitlines()
    assert quiet == [line for line in out if not line.startswith("发现")]
    english = run("check", "--isolated", str(broken), env={"LANG": "en_US.UTF-8"}).stdout.decode().splitlines()
    assert " ARI001 [error] " in english[0] and english[-1].startswith("Found 2 error(s)")
    assert run("check", "--isolated", "--lang", "zh", str(broken), env={"LANG": "en_US.UTF-8"}).stdout.decode() == "\n".join(out) + "\n"


def test_statistics_prints_only_the_counts(broken):
    out = run("check", "--isolated", "--statistics", str(broken)).stdout.decode().splitlines()
    assert out == ["    2  ARI001  table-relation", "发现 2 个错误、0 个警告、0 条提示（共 1 个文件）。"]


def test_statistics_still_names_a_file_that_could_not_be_read(broken):
    empty = broken.parent / "empty.txt"
    empty.write_text("")
    p = run("check", "--isolated", "--statistics", str(broken), str(empty))
    out = p.stdout.decode().splitlines()
    assert p.returncode == 2
    assert out[0] == f"{empty}: [无法读取] 文件是空的，没有可检查的内容"
    assert out[1:] == ["    2  ARI001  table-relation", "发现 2 个错误、0 个警告、0 条提示（共 2 个文件）；1 个文件无法读取。"]


def _on_a_terminal(*args, env=None) -> bytes:
    """stdout of the command when it is a terminal (a pseudo-terminal)."""
    import pty

    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environ.update(env or {})
    proc = subprocess.Popen([EXE, *args], stdout=slave, stderr=subprocess.DEVNULL, env=environ)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks)


def test_colour(broken):
    assert b"\x1b[" not in run("check", "--isolated", str(broken)).stdout  # auto: not a terminal
    coloured = run("check", "--isolated", "--color", "always", str(broken)).stdout.decode()
    assert "\x1b[31m\x1b[1m[错误]\x1b[0m" in coloured
    assert b"\x1b[" not in run("check", "--isolated", "--color", "never", str(broken)).stdout
    assert b"\x1b[31m" in _on_a_terminal("check", "--isolated", str(broken))  # auto on a terminal
    assert b"\x1b[" not in _on_a_terminal("check", "--isolated", str(broken), env={"NO_COLOR": "1"})


def test_show_source_puts_a_caret_under_the_cell(broken):
    out = run("check", "--isolated", "--show-source", str(broken)).stdout.decode().splitlines()
    first = out.index(next(line for line in out if " ARI001 " in line))
    source, caret = out[first + 1], out[first + 2]
    assert source == "    （一）予以公开 21 2 0 1 0 0 23"
    assert caret.strip() == "^^" and cell_len(caret) - 2 == cell_len("    （一）予以公开 ")


def test_show_source_windows_a_one_line_page(broken, tmp_path):
    one_line = tmp_path / "page.txt"
    one_line.write_text(broken.read_text(encoding="utf-8").replace("\n", " "), encoding="utf-8")
    out = run("check", "--isolated", "--show-source", str(one_line)).stdout.decode().splitlines()
    first = out.index(next(line for line in out if " ARI001 " in line))
    source, caret = out[first + 1], out[first + 2]
    assert source.startswith("    …") and len(source) < 120 and "（一）予以公开 21 2 0 1 0 0 23" in source
    marked = cell_len(caret) - len(caret.strip())
    # the caret stands under the 21, measured in display columns
    prefix = source[: next(i for i in range(len(source)) if cell_len(source[:i]) >= marked)]
    assert source[len(prefix):].startswith("21")


def test_version_short_option():
    p = run("-V")
    assert p.returncode == 0 and p.stdout.decode().startswith("xxgk-lint, version ")


def test_language_default_follows_the_locale_and_is_chinese_when_unsure():
    from xxgk_lint.lang import default_lang

    assert default_lang({}) == "zh"
    assert default_lang({"LANG": "C.UTF-8"}) == "zh"
    assert default_lang({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert default_lang({"LANG": "en_US.UTF-8"}) == "en"
    assert default_lang({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"  # LC_ALL first


def test_input_errors_are_chinese_for_clerks(tmp_path):
    scanned = tmp_path / "扫描件.pdf"
    scanned.write_bytes(b"not a pdf at all")
    out = run("check", "--isolated", str(scanned)).stdout.decode()
    assert f"{scanned}: [无法读取] 扩展名是 .pdf，但内容不是 PDF 文件" in out
    assert out.splitlines()[-1] == "发现 0 个错误、0 个警告、0 条提示（共 1 个文件）；1 个文件无法读取。"


def test_stdin_waivers_apply_to_the_stdin_filename(broken, tmp_path):
    (tmp_path / "xxgk-lint.toml").write_text(
        '[[waivers]]\nfiles = "report.txt"\ncode = "ARI001"\nreason = "原表如此印发"\n', encoding="utf-8")
    p = run("check", "--format", "json", "--stdin-filename", str(tmp_path / "report.txt"), "-", stdin=broken.read_bytes())
    found = json.loads(p.stdout)["files"][0]["findings"]
    assert p.returncode == 0 and found and all(f["suppressed"]["kind"] == "waiver" for f in found if f["code"] == "ARI001")
    assert b"unused waiver" not in p.stderr
