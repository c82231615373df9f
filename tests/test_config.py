"""Configuration: discovery (nearest config wins, like ruff), validation (unknown keys and codes
are one-line errors naming the key, exit 2), globs (one syntax, `**`, relative to the config
file), per-file ignores, severity overrides, fail-on, overrides (year/edition/agency-kind) and
the precedence of the command line over the config."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from xxgk_lint.cli import main
from xxgk_lint.run.config import CliSettings, ConfigError, Glob, Settings, find_config, load_config


@pytest.fixture
def clean() -> str:
    return (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")


# A 2023 report with one arithmetic error (ARI001, T3-B and T3-C on （七）总计) and nothing else.
def broken_text(clean: str) -> str:
    old = "（七）总计 42 3 0 1 2 0 48"
    assert old in clean, "tests/fixtures/clean_2023.txt changed: update broken_text()"
    return clean.replace(old, "（七）总计 42 3 0 1 2 0 49")


# A report with only a warning: the statistics-period sentence is gone (PER002).
def warning_text(clean: str) -> str:
    old = "本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。"
    assert old in clean
    return clean.replace(old, "")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args, cwd=None, monkeypatch=None):
    if cwd is not None:
        monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def codes_of(result) -> list:
    data = json.loads(result.stdout)
    return [f["code"] for file in data["files"] for f in file["findings"] if f.get("suppressed") is None]


def one_line_error(result, *needles):
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------------------------- globs
@pytest.mark.parametrize("pattern, path, expected", [
    ("*.pdf", "a.pdf", True),
    ("*.pdf", "x/y/a.pdf", True),  # no slash: any depth, like .gitignore
    ("*.pdf", "a.txt", False),
    ("reports/*.pdf", "reports/a.pdf", True),
    ("reports/*.pdf", "reports/x/a.pdf", False),  # * stays in one segment
    ("reports/**/*.pdf", "reports/a.pdf", True),  # ** may be zero segments
    ("reports/**/*.pdf", "reports/x/y/a.pdf", True),
    ("reports/**", "reports/x/y/a.pdf", True),
    ("reports/**", "other/a.pdf", False),
    ("legacy", "legacy/2019/a.pdf", True),  # a folder covers the files below it
    ("legacy/", "legacy/a.pdf", True),
    ("./sub/a.txt", "sub/a.txt", True),
    ("/sub/a.txt", "sub/a.txt", True),
    ("**/2023/*.txt", "x/2023/a.txt", True),
    ("**/2023/*.txt", "2023/a.txt", True),
    ("*.{pdf,docx}", "d/r.docx", True),
    ("*.{pdf,docx}", "d/r.html", False),
    ("r?.txt", "r1.txt", True),
    ("r?.txt", "r12.txt", False),
    ("r[0-9].txt", "r7.txt", True),
    ("r[!0-9].txt", "r7.txt", False),
    ("r[!0-9].txt", "ra.txt", True),
    ("Reports/*.txt", "reports/a.txt", False),  # case-sensitive
])
def test_glob(pattern, path, expected):
    assert Glob(pattern).matches(path) is expected


@pytest.mark.parametrize("pattern", ["a**b", "x/**y", "r[0-9.txt", "{a,b", "../x/*.txt", "a/../b"])
def test_bad_glob_is_rejected(pattern):
    with pytest.raises(ValueError):
        Glob(pattern)


# ------------------------------------------------------------------------------ discovery
def test_nearest_config_wins_and_pyproject_without_table_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.xxgk-lint]\nignore = ["STR"]\n')
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')  # no table: passed over
    write(tmp_path / "b" / "xxgk-lint.toml", 'ignore = ["PER"]\n')
    write(tmp_path / "b" / "pyproject.toml", '[tool.xxgk-lint]\nignore = ["ARI"]\n')  # xxgk-lint.toml first
    assert find_config(str(tmp_path / "a" / "deep")) == tmp_path / "pyproject.toml"
    assert find_config(str(tmp_path / "b" / "c")) == tmp_path / "b" / "xxgk-lint.toml"
    settings = Settings()
    a = settings.selected_codes(str(tmp_path / "a" / "r.txt"))
    b = settings.selected_codes(str(tmp_path / "b" / "r.txt"))
    assert not any(c.startswith("STR") for c in a) and "PER001" in a
    assert not any(c.startswith("PER") for c in b) and "STR001" in b and "ARI001" in b


def test_configs_are_not_merged_and_each_file_gets_its_own(tmp_path, clean, monkeypatch):
    write(tmp_path / "pyproject.toml", '[tool.xxgk-lint]\nignore = ["ARI001"]\n')
    write(tmp_path / "strict" / "xxgk-lint.toml", 'select = ["ALL"]\n')
    lax = write(tmp_path / "lax" / "r.txt", broken_text(clean))
    strict = write(tmp_path / "strict" / "r.txt", broken_text(clean))
    result = run("check", "--format", "json", lax, strict)
    data = json.loads(result.stdout)
    by_path = {f["path"]: [x["code"] for x in f["findings"]] for f in data["files"]}
    assert by_path[str(lax)] == []
    assert set(by_path[str(strict)]) == {"ARI001"}
    assert result.exit_code == 1


def test_isolated_ignores_config(tmp_path, clean):
    write(tmp_path / "xxgk-lint.toml", 'ignore = ["ARI"]\n')
    report = write(tmp_path / "r.txt", broken_text(clean))
    assert run("check", report).exit_code == 0
    result = run("check", "--isolated", report)
    assert result.exit_code == 1 and "ARI001" in result.stdout


def test_explicit_config_file_and_its_folder_anchor_globs(tmp_path, clean):
    cfg = write(tmp_path / "conf" / "lint.toml", '[tool.xxgk-lint]\n')  # not a pyproject: top-level keys
    cfg.write_text('[per-file-ignores]\n"../data/**" = ["ARI"]\n', encoding="utf-8")
    report = write(tmp_path / "data" / "r.txt", broken_text(clean))
    # globs are relative to conf/ and never climb out of it
    one_line_error(run("check", "--config", cfg, report), "lint.toml", "'..'")
    cfg.write_text('[per-file-ignores]\n"**/data/*.txt" = ["ARI"]\n', encoding="utf-8")
    assert run("check", "--config", cfg, report).exit_code == 0
    cfg.write_text('[per-file-ignores]\n"data/*.txt" = ["ARI"]\n', encoding="utf-8")
    assert run("check", "--config", cfg, report).exit_code == 1  # data/ is not below conf/
    nested = write(tmp_path / "conf" / "data" / "r.txt", broken_text(clean))
    assert run("check", "--config", cfg, nested).exit_code == 0


def test_config_and_isolated_together_is_a_usage_error(tmp_path, clean):
    cfg = write(tmp_path / "xxgk-lint.toml", "")
    report = write(tmp_path / "r.txt", clean)
    one_line_error(run("check", "--config", cfg, "--isolated", report), "--config and --isolated")
    one_line_error(run("check", "--config", tmp_path / "nope.toml", report), "nope.toml", "not found")


def test_explicit_pyproject_without_table_is_an_error(tmp_path, clean):
    cfg = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    report = write(tmp_path / "r.txt", clean)
    one_line_error(run("check", "--config", cfg, report), "pyproject.toml", "[tool.xxgk-lint]")
    assert run("check", report).exit_code == 0  # discovered: simply passed over


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize("body, needles", [
    ('selct = ["ARI"]', ["unknown key 'tool.xxgk-lint.selct'", "did you mean 'select'"]),
    ('select = ["ARX001"]', ["tool.xxgk-lint.select", "'ARX001'"]),
    ('ignore = ["STR01x"]', ["tool.xxgk-lint.ignore", "'STR01x'"]),
    ('extend-select = ["NOPE"]', ["tool.xxgk-lint.extend-select", "'NOPE'"]),
    ('select = "ARI"', ["tool.xxgk-lint.select", "expected a list"]),
    ('per-file-ignores = { "a/*.pdf" = ["XYZ999"] }', ["per-file-ignores.a/*.pdf", "'XYZ999'"]),
    ('per-file-ignores = { "a/**b" = ["ARI"] }', ["per-file-ignores.a/**b", "whole path segment"]),
    ('severity = { ARI001 = "fatal" }', ["tool.xxgk-lint.severity.ARI001", "'fatal'"]),
    ('severity = { ZZZ001 = "info" }', ["tool.xxgk-lint.severity", "'ZZZ001'"]),
    ('fail-on = "never"', ["tool.xxgk-lint.fail-on", "'never'"]),
    ('[[tool.xxgk-lint.overrides]]\nfiles = "x/*"\nagency-kind = "ministry"',
     ["tool.xxgk-lint.overrides[0].agency-kind", "'ministry'"]),
    ('[[tool.xxgk-lint.overrides]]\nfiles = "x/*"\nyaer = 2023', ["unknown key 'tool.xxgk-lint.overrides[0].yaer'", "'year'"]),
    ('[[tool.xxgk-lint.overrides]]\nfiles = "x/*"', ["tool.xxgk-lint.overrides[0]", "sets nothing"]),
    ('[[tool.xxgk-lint.overrides]]\nyear = 2023', ["tool.xxgk-lint.overrides[0]", "'files'"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"', ["tool.xxgk-lint.waivers[0]", "'reason'"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"\nreason = "  "', ["waivers[0].reason", "empty"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\nreason = "x"', ["waivers[0]", "code, relation or fingerprint"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI0O1"\nreason = "x"', ["waivers[0].code", "'ARI0O1'"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\nrelation = "T9-Z:total"\nreason = "x"', ["waivers[0].relation", "T9-Z"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "T9-Z"\nreason = "x"', ["waivers[0].code", "unknown relation"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\nfingerprint = "XYZ"\nreason = "x"', ["waivers[0].fingerprint"]),
    ('[[tool.xxgk-lint.waivers]]\nfiles = "r.txt"\ncode = "ARI001"\nreason = "x"\nwhy = "y"', ["unknown key 'tool.xxgk-lint.waivers[0].why'"]),
    ('select = [', ["invalid TOML"]),
])
def test_invalid_config_is_one_line_naming_the_key(tmp_path, clean, body, needles):
    write(tmp_path / "pyproject.toml", "[tool.xxgk-lint]\n" + body + "\n")
    report = write(tmp_path / "r.txt", clean)
    one_line_error(run("check", report), "config error", "pyproject.toml", *needles)


def test_xxgk_lint_toml_keys_are_top_level(tmp_path, clean):
    write(tmp_path / "xxgk-lint.toml", 'selct = ["ARI"]\n')
    one_line_error(run("check", write(tmp_path / "r.txt", clean)), "xxgk-lint.toml", "unknown key 'selct'")


def test_broken_config_is_found_even_if_it_is_a_pyproject(tmp_path, clean):
    write(tmp_path / "pyproject.toml", "[tool.xxgk-lint\n")
    one_line_error(run("check", write(tmp_path / "r.txt", clean)), "pyproject.toml", "invalid TOML")


def test_config_error_in_a_subfolder_stops_before_linting(tmp_path, clean):
    good = write(tmp_path / "r.txt", clean)
    write(tmp_path / "sub" / "xxgk-lint.toml", "ignore = ['XX']\n")
    bad = write(tmp_path / "sub" / "r.txt", clean)
    result = run("check", "--format", "json", good, bad)
    one_line_error(result, "xxgk-lint.toml", "'XX'")
    assert result.stdout == ""


def test_bad_severity_flag(tmp_path, clean):
    report = write(tmp_path / "r.txt", clean)
    one_line_error(run("check", "--severity", "ARI001=fatal", report), "--severity", "CODE=error|warning|info")
    one_line_error(run("check", "--severity", "QQQ=info", report), "--severity", "'QQQ'")


def test_load_config_returns_parsed_values(tmp_path):
    cfg = load_config(str(write(tmp_path / "xxgk-lint.toml", (
        'select = ["ARI", "STR"]\nfail-on = "warning"\nseverity = { ARI = "warning", ARI001 = "info" }\n'
        '[[overrides]]\nfiles = ["a/**", "b/*.pdf"]\nedition = 2021\nagency-kind = "department"\n'))))
    assert cfg.select == ["ARI", "STR"] and cfg.fail_on == "warning"
    assert [g.pattern for g in cfg.overrides[0].files] == ["a/**", "b/*.pdf"]
    assert cfg.overrides[0].edition == "2021" and cfg.overrides[0].agency_kind == "department"
    with pytest.raises(ConfigError):
        load_config(str(write(tmp_path / "bad.toml", "fail-on = 3\n")))


# ------------------------------------------------------------------ selection and options
def test_per_file_ignores_are_relative_to_the_config_not_the_cwd(tmp_path, clean, monkeypatch):
    write(tmp_path / "proj" / "pyproject.toml",
          '[tool.xxgk-lint.per-file-ignores]\n"archive/**/*.txt" = ["ARI001"]\n')
    old = write(tmp_path / "proj" / "archive" / "2023" / "r.txt", broken_text(clean))
    new = write(tmp_path / "proj" / "current" / "r.txt", broken_text(clean))
    monkeypatch.chdir(tmp_path / "proj" / "current")  # globs must not depend on where we run
    assert run("check", old).exit_code == 0
    assert run("check", new).exit_code == 1
    monkeypatch.chdir(tmp_path)
    assert run("check", "proj/archive/2023/r.txt").exit_code == 0


def test_cli_select_replaces_config_but_per_file_ignores_still_apply(tmp_path, clean):
    write(tmp_path / "xxgk-lint.toml", 'ignore = ["PER"]\n[per-file-ignores]\n"legacy" = ["PER002"]\n')
    report = write(tmp_path / "r.txt", warning_text(clean))
    legacy = write(tmp_path / "legacy" / "r.txt", warning_text(clean))
    assert codes_of(run("check", "--format", "json", report)) == []
    assert codes_of(run("check", "--format", "json", "--select", "PER", report)) == ["PER002"]
    assert codes_of(run("check", "--format", "json", "--select", "PER", legacy)) == []


def test_layering_within_config(tmp_path):
    write(tmp_path / "xxgk-lint.toml", 'select = ["ARI"]\nextend-select = ["PER001"]\nignore = ["ARI002"]\n')
    codes = Settings().selected_codes(str(tmp_path / "r.txt"))
    assert codes == {"ARI001", "ARI003", "PER001"}
    cli = CliSettings(extend_select=["STR001"], ignore=["ARI003"])
    assert Settings(cli).selected_codes(str(tmp_path / "r.txt")) == {"ARI001", "PER001", "STR001"}
    options = Settings(CliSettings(ignore=["ALL"])).options_for(str(tmp_path / "r.txt"))
    from xxgk_lint.checks.registry import select_rules
    assert select_rules(options.select, options.ignore, options.extend_select) == []


def test_no_config_leaves_default_options(tmp_path):
    options = Settings(CliSettings(isolated=True)).options_for(str(tmp_path / "r.txt"))
    assert options.select is None and options.ignore == [] and options.severity == {}


def test_severity_from_config_most_specific_wins_and_cli_overrides(tmp_path, clean):
    write(tmp_path / "xxgk-lint.toml", '[severity]\nARI = "info"\nARI001 = "warning"\n')
    report = write(tmp_path / "r.txt", broken_text(clean))
    data = json.loads(run("check", "--format", "json", report).stdout)
    assert {f["severity"] for f in data["files"][0]["findings"]} == {"warning"}
    result = run("check", "--format", "json", "--severity", "ARI001=info", report)
    assert {f["severity"] for f in json.loads(result.stdout)["files"][0]["findings"]} == {"info"}
    assert result.exit_code == 0


def test_fail_on_from_config_and_cli_override(tmp_path, clean):
    report = write(tmp_path / "r.txt", warning_text(clean))
    assert run("check", report).exit_code == 0  # a warning does not fail by default
    write(tmp_path / "xxgk-lint.toml", 'fail-on = "warning"\n')
    assert run("check", report).exit_code == 1
    assert run("check", "--fail-on", "error", report).exit_code == 0
    assert run("check", "--exit-zero", report).exit_code == 0


def test_fail_on_is_per_config(tmp_path, clean):
    write(tmp_path / "strict" / "xxgk-lint.toml", 'fail-on = "warning"\n')
    lax = write(tmp_path / "lax" / "r.txt", warning_text(clean))
    strict = write(tmp_path / "strict" / "r.txt", warning_text(clean))
    assert run("check", lax).exit_code == 0
    assert run("check", lax, strict).exit_code == 1


def test_overrides_set_year_edition_and_agency_kind(tmp_path):
    write(tmp_path / "pyproject.toml", (
        '[tool.xxgk-lint]\n'
        '[[tool.xxgk-lint.overrides]]\nfiles = "**"\nagency-kind = "government"\n'
        '[[tool.xxgk-lint.overrides]]\nfiles = ["bureaus/**"]\nagency-kind = "department"\n'
        '[[tool.xxgk-lint.overrides]]\nfiles = "bureaus/old/*.txt"\nyear = 2020\nedition = "2019"\n'))
    settings = Settings()
    gov = settings.options_for(str(tmp_path / "city.txt"))
    dept = settings.options_for(str(tmp_path / "bureaus" / "tax.txt"))
    old = settings.options_for(str(tmp_path / "bureaus" / "old" / "tax.txt"))
    assert gov.agency_kind == "government" and gov.year is None
    assert dept.agency_kind == "department" and dept.edition is None
    assert (old.agency_kind, old.year, old.edition) == ("department", 2020, "2019")
    cli = Settings(CliSettings(year=2023, agency_kind="government"))
    old = cli.options_for(str(tmp_path / "bureaus" / "old" / "tax.txt"))
    assert (old.agency_kind, old.year, old.edition) == ("government", 2023, "2019")


def test_override_year_reaches_the_rules(tmp_path, clean):
    text = clean.replace("2023年政府信息公开工作年度报告", "政府信息公开工作年度报告").replace(
        "本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。", "").replace("2023年，示例区", "示例区")
    report = write(tmp_path / "r.txt", text)
    assert "INP004" in codes_of(run("check", "--format", "json", report))
    write(tmp_path / "xxgk-lint.toml", '[[overrides]]\nfiles = "r.txt"\nyear = 2023\n')
    assert "INP004" not in codes_of(run("check", "--format", "json", report))


def test_agency_kind_reaches_rule_context(tmp_path, clean, monkeypatch):
    """Deadline rules read ctx.option("agency_kind"); the config's value must get there."""
    from xxgk_lint.checks import base
    from xxgk_lint.run.engine import lint_file

    seen = []
    real_init = base.Context.__init__

    def spy(self, pack=None, options=None):
        real_init(self, pack, options)
        seen.append(self.option("agency_kind"))

    monkeypatch.setattr(base.Context, "__init__", spy)
    write(tmp_path / "xxgk-lint.toml", '[[overrides]]\nfiles = "*.txt"\nagency-kind = "department"\n')
    report = write(tmp_path / "r.txt", clean)
    lint_file(str(report), Settings().options_for(str(report)))
    assert seen and set(seen) == {"department"}
