"""Configuration: `[tool.xxgk-lint]` in pyproject.toml, or the top level of xxgk-lint.toml.

Discovery works like ruff: for each checked file, the nearest config file wins, looking in the
file's folder and then in each parent folder. In one folder `xxgk-lint.toml` is preferred over
`pyproject.toml`, and a pyproject.toml without a `[tool.xxgk-lint]` table is passed over. Configs
are not merged: the nearest one is the whole configuration of the files below it. `--config FILE`
uses that one file for every checked file; `--isolated` uses none.

Keys (linter/schemas/config.schema.json is the schema; anything else is an error naming the key):

    select = ["ALL"]                 # rule codes, code prefixes, rule names, or ALL
    extend-select = []
    ignore = ["STR003"]
    per-file-ignores = { "archive/**" = ["PER"] }
    severity = { ARI002 = "error" }  # code, prefix or name -> error | warning | info
    fail-on = "warning"
    [[tool.xxgk-lint.overrides]]     # later entries win
    files = ["bureau/**"]
    agency-kind = "department"       # and/or year = 2023, edition = "2021"
    [[tool.xxgk-lint.waivers]]       # see linter/waivers.py
    files = "2023/report.pdf"
    code = "ARI001"                  # or relation = "T3-A:total"; optional fingerprint
    reason = "..."                   # required

Rule selection is layered like ruff's: the default (ALL), then the config, then the command line.
A layer that has `select` replaces the rules chosen so far, then adds its `extend-select` and
removes its `ignore` (within one layer, ignore wins). `per-file-ignores` of matching globs are
removed last, whatever the command line selects. `--severity`, `--fail-on`, `--year`, `--edition`
and `--agency-kind` on the command line override the config.

Globs (per-file-ignores, overrides and waivers) are those of linter/globs.py, the syntax
`--exclude` uses too: matched against the file's path relative to the folder of the config file,
with `/` as separator, case-sensitive. `*` and `?` stay within one path segment, `**` spans any
number of segments, `[abc]`/`[!abc]` are character classes and `{a,b}` alternatives. A glob
without a `/` matches at any depth (`*.pdf` is `**/*.pdf`), like .gitignore; a glob that matches
a folder covers every file below it. Files outside the config's folder only match globs that
start with `**`.
"""
from __future__ import annotations

import difflib
import functools
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

from .globs import Glob, glob_matches

CONFIG_NAMES = ("xxgk-lint.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
AGENCY_KINDS = ("department", "government", "township")


class ConfigError(Exception):
    """A configuration (or baseline) file is invalid: one line naming the file and the key."""

    def __init__(self, message: str, path: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{_shown(self.path)}: {self.message}" if self.path else self.message


def _shown(path: str) -> str:
    """A path as messages show it: relative to the working folder when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel


# ------------------------------------------------------------------------------------ model
@dataclass
class Override:
    files: list  # list[Glob]
    year: Optional[int] = None
    edition: Optional[str] = None
    agency_kind: Optional[str] = None


@dataclass
class Waiver:
    """One `[[waivers]]` entry. `where` names it in messages (`pyproject.toml: tool.xxgk-lint.waivers[0]`)."""

    index: int
    files: list  # list[Glob]
    reason: str
    code: Optional[str] = None  # rule selector (code, prefix or name)
    relation: Optional[str] = None  # relation id (T3-A) or instance (T3-A:total)
    fingerprint: Optional[str] = None
    config_path: str = ""
    where: str = ""

    def to_json(self) -> dict:
        out = {"config": self.config_path, "index": self.index, "files": [g.pattern for g in self.files]}
        for key in ("code", "relation", "fingerprint"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["reason"] = self.reason
        return out

    def describe(self) -> str:
        bits = [f"files={','.join(g.pattern for g in self.files)!r}"]
        for key in ("code", "relation", "fingerprint"):
            if getattr(self, key):
                bits.append(f"{key}={getattr(self, key)!r}")
        return f"{self.where} ({', '.join(bits)})"


@dataclass
class Config:
    """One configuration file, validated. `path` None is the built-in default (no file)."""

    path: Optional[str] = None
    root: Path = field(default_factory=Path.cwd)
    select: Optional[list] = None
    extend_select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    per_file_ignores: list = field(default_factory=list)  # [(Glob, [selectors])]
    severity: dict = field(default_factory=dict)
    fail_on: Optional[str] = None
    overrides: list = field(default_factory=list)  # [Override]
    waivers: list = field(default_factory=list)  # [Waiver]


# ------------------------------------------------------------------------------ reading files
def _table_of(path: Path) -> tuple:
    """(data, key prefix for messages) of a config file; data None when a pyproject.toml has no
    [tool.xxgk-lint] table."""
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file: {exc.strerror or exc}", str(path)) from None
    if path.name == "pyproject.toml":
        tool = doc.get("tool", {})
        if not isinstance(tool, dict) or "xxgk-lint" not in tool:
            return None, "tool.xxgk-lint"
        return tool["xxgk-lint"], "tool.xxgk-lint"
    return doc, ""


def find_config(folder: str, cache: Optional[dict] = None) -> Optional[Path]:
    """The nearest config file for files in `folder`: this folder, then each parent. `cache`
    (folder -> result) saves looking twice within one run."""
    cache = {} if cache is None else cache
    current = Path(os.path.abspath(folder))
    visited = []
    found = None
    while True:
        key = str(current)
        if key in cache:
            found = cache[key]
            break
        visited.append(key)
        found = _config_in(key)
        if found is not None or current.parent == current:
            break
        current = current.parent
    for key in visited:
        cache[key] = found
    return None if found is None else Path(found)


def _config_in(folder: str) -> Optional[str]:
    for name in CONFIG_NAMES:
        candidate = Path(folder) / name
        if not candidate.is_file():
            continue
        if name == "pyproject.toml":
            try:
                data, _ = _table_of(candidate)
            except ConfigError:
                return str(candidate)  # report the broken file rather than skip it silently
            if data is None:
                continue
        return str(candidate)
    return None


def load_config(path: str, *, required_table: bool = True) -> Config:
    """Read and validate one config file; ConfigError (naming the key) when it is invalid."""
    p = Path(os.path.abspath(path))
    data, prefix = _table_of(p)
    if data is None:
        if required_table:
            raise ConfigError("no [tool.xxgk-lint] table in this pyproject.toml", str(path))
        data = {}
    return parse_config(data, p, prefix)


# ------------------------------------------------------------------------------- validation
@functools.lru_cache(maxsize=None)
def _schema() -> dict:
    text = resources.files(__package__.partition(".")[0]).joinpath("schemas/config.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _key_path(prefix: str, parts) -> str:
    out = prefix
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out or "(top level)"


def _schema_properties(schema: dict, parts) -> dict:
    """The `properties` the schema allows at the object reached by `parts`."""
    node = schema
    for part in parts:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
        if "$ref" in node:
            node = _schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node.get("properties", {})


def _schema_error(error, prefix: str) -> str:
    parts = list(error.absolute_path)
    where = _key_path(prefix, parts)
    if error.validator == "additionalProperties":
        allowed = _schema_properties(_schema(), parts)
        unknown = sorted(k for k in error.instance if k not in allowed)
        if unknown and allowed:
            key = unknown[0]
            hint = difflib.get_close_matches(key, list(allowed), n=1)
            more = f" (did you mean {hint[0]!r}?)" if hint else f" (allowed: {', '.join(sorted(allowed))})"
            return f"unknown key {_key_path(prefix, parts + [key])!r}{more}"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"{where}: missing required key {missing[0]!r}"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in dict.fromkeys(str(v) for v in error.validator_value))
        return f"{where}: {error.instance!r} is not one of {allowed}"
    if error.validator == "type" or error.validator == "oneOf":
        return f"{where}: expected {_describe_type(error)}, got {type(error.instance).__name__} {error.instance!r}"
    if error.validator == "pattern" and parts and parts[-1] == "reason":
        return f"{where}: the reason must not be empty"
    if error.validator == "pattern" and parts and parts[-1] == "fingerprint":
        return f"{where}: {error.instance!r} is not a fingerprint (8 to 64 lowercase hex digits)"
    return f"{where}: {error.message}"


def _describe_type(error) -> str:
    if error.validator == "oneOf":
        return "a glob or a list of globs"
    value = error.validator_value
    names = {"array": "a list", "object": "a table", "string": "a string", "integer": "an integer"}
    if isinstance(value, list):
        return " or ".join(names.get(v, v) for v in value)
    return names.get(value, str(value))


def _check_selectors(values, where: str, path: str) -> list:
    from ..checks.registry import known_selector

    for value in values:
        if not known_selector(value):
            hint = _code_hint(value)
            raise ConfigError(f"{where}: unknown rule code or selector {value!r}{hint}", path)
    return list(values)


def _code_hint(value: str) -> str:
    from ..checks.registry import all_rules

    names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
    hint = difflib.get_close_matches(value, names, n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else " (see `xxgk-lint rules`)"


@functools.lru_cache(maxsize=None)
def relation_ids() -> frozenset:
    """Ids of the relations of every shipped rule pack (T3-A, T3-B, …)."""
    from ..document.packs import editions, load_pack

    ids = set()
    for edition, _first, _last in editions():
        ids.update(r.id for r in load_pack(edition).relations)
    return frozenset(ids)


def _check_relation(value: str, where: str, path: str) -> str:
    rel_id = value.split(":", 1)[0]
    if rel_id not in relation_ids() or value.endswith(":"):
        raise ConfigError(f"{where}: unknown relation {value!r} (known: {', '.join(sorted(relation_ids()))}; "
                          "an instance is written like T3-A:total)", path)
    return value


def _globs(value, where: str, path: str) -> list:
    patterns = [value] if isinstance(value, str) else list(value)
    out = []
    for pattern in patterns:
        try:
            out.append(Glob(pattern))
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}", path) from None
    return out


def parse_config(data: dict, path: Path, prefix: str = "") -> Config:
    """Validate `data` (the config table) and build a Config rooted at the file's folder."""
    import jsonschema

    spath = str(path)
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(list(e.absolute_path)), list(map(str, e.absolute_path))))
    if errors:
        raise ConfigError(_schema_error(errors[0], prefix), spath)
    key = functools.partial(_key_path, prefix)
    cfg = Config(path=spath, root=path.parent)
    if "select" in data:
        cfg.select = _check_selectors(data["select"], key(["select"]), spath)
    cfg.extend_select = _check_selectors(data.get("extend-select", []), key(["extend-select"]), spath)
    cfg.ignore = _check_selectors(data.get("ignore", []), key(["ignore"]), spath)
    for pattern, codes in data.get("per-file-ignores", {}).items():
        where = key(["per-file-ignores", pattern])
        cfg.per_file_ignores.append((_globs(pattern, where, spath)[0], _check_selectors(codes, where, spath)))
    for selector, level in data.get("severity", {}).items():
        _check_selectors([selector], key(["severity"]), spath)
        cfg.severity[selector] = level
    cfg.fail_on = data.get("fail-on")
    for i, entry in enumerate(data.get("overrides", [])):
        where = key(["overrides", i])
        if not set(entry) - {"files"}:
            raise ConfigError(f"{where}: sets nothing (give year, edition or agency-kind)", spath)
        edition = entry.get("edition")
        cfg.overrides.append(Override(files=_globs(entry["files"], f"{where}.files", spath), year=entry.get("year"),
                                      edition=None if edition is None else str(edition),
                                      agency_kind=entry.get("agency-kind")))
    for i, entry in enumerate(data.get("waivers", [])):
        where = key(["waivers", i])
        code, relation = entry.get("code"), entry.get("relation")
        if code is None and relation is None and entry.get("fingerprint") is None:
            raise ConfigError(f"{where}: give code, relation or fingerprint (a waiver names what it accepts)", spath)
        if code is not None:
            from ..checks.registry import known_selector

            if not known_selector(code) and re.match(r"^T\d-[A-Z]", code):
                code, relation = None, code if relation is None else relation  # a relation written as code
                _check_relation(entry["code"], f"{where}.code", spath)
            else:
                _check_selectors([code], f"{where}.code", spath)
        if relation is not None and entry.get("relation") is not None:
            _check_relation(relation, f"{where}.relation", spath)
        cfg.waivers.append(Waiver(index=i, files=_globs(entry["files"], f"{where}.files", spath),
                                  reason=entry["reason"].strip(), code=code, relation=relation,
                                  fingerprint=entry.get("fingerprint"), config_path=spath,
                                  where=f"{_shown(spath)}: {where}"))
    return cfg


# ------------------------------------------------------------------------------- resolution
@dataclass
class CliSettings:
    """What the command line says; None/empty means "not given" (the config decides)."""

    select: Optional[list] = None
    extend_select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)
    fail_on: Optional[str] = None
    year: Optional[int] = None
    edition: Optional[str] = None
    agency_kind: Optional[str] = None
    config: Optional[str] = None
    isolated: bool = False


def parse_severity_args(values) -> dict:
    """`--severity CODE=LEVEL` values (also comma-separated) into {selector: level}."""
    from ..checks.registry import known_selector

    out = {}
    for value in values or ():
        for item in (v.strip() for v in value.split(",")):
            if not item:
                continue
            code, sep, level = item.partition("=")
            code, level = code.strip(), level.strip().lower()
            if not sep or level not in SEVERITIES:
                raise ConfigError(f"--severity {item!r}: expected CODE=error|warning|info")
            if not known_selector(code):
                raise ConfigError(f"--severity {item!r}: unknown rule code or selector {code!r}{_code_hint(code)}")
            out[code] = level
    return out


def _codes_matching(selectors) -> set:
    from ..checks.registry import select_rules

    if not selectors:
        return set()
    return {r.code for r in select_rules(list(selectors))}


def _layer(current: set, select, extend, ignore) -> set:
    chosen = set(current) if select is None else _codes_matching(select)
    return (chosen | _codes_matching(extend)) - _codes_matching(ignore)


def _specificity(selector: str) -> tuple:
    from ..checks.registry import rule_by_code

    if selector.upper() == "ALL":
        return (0, 0)
    if rule_by_code(selector) is not None:
        return (2, 0)
    return (1, len(selector))


def _expand_severity(table: dict) -> dict:
    out = {}
    for selector in sorted(table, key=_specificity):
        for code in _codes_matching([selector]):
            out[code] = table[selector]
    return out


class Settings:
    """Per-file options for a run: the command line over the nearest config file.

    Hooks for the CLI: `options_for(path)` gives the LintOptions of one file (picklable, so a
    parallel run can ship it to workers), `fail_on_for(path)` its fail level, `config_for(path)`
    the Config that applies (waivers use it). ConfigError on any invalid config file.
    """

    def __init__(self, cli: Optional[CliSettings] = None):
        self.cli = cli or CliSettings()
        if self.cli.config and self.cli.isolated:
            raise ConfigError("--config and --isolated cannot be used together")
        self._fixed: Optional[Config] = None
        if self.cli.config:
            if not os.path.isfile(self.cli.config):
                raise ConfigError("config file not found", self.cli.config)
            self._fixed = load_config(self.cli.config)
        self._loaded: dict = {}
        self._found: dict = {}
        self._default = Config(path=None, root=Path(os.path.abspath(".")))

    def config_for(self, path: str) -> Config:
        if self._fixed is not None:
            return self._fixed
        if self.cli.isolated:
            return self._default
        found = find_config(os.path.dirname(os.path.abspath(path)), self._found)
        if found is None:
            return self._default
        key = str(found)
        if key not in self._loaded:
            self._loaded[key] = load_config(key)
        return self._loaded[key]

    @property
    def configs(self) -> list:
        """Every config file used so far (for the waivers of the run)."""
        out = list(self._loaded.values())
        if self._fixed is not None:
            out.insert(0, self._fixed)
        return out

    def selected_codes(self, path: str) -> set:
        from ..checks.registry import all_rules

        cfg, cli = self.config_for(path), self.cli
        codes = {r.code for r in all_rules()}
        codes = _layer(codes, cfg.select, cfg.extend_select, cfg.ignore)
        codes = _layer(codes, cli.select, cli.extend_select, cli.ignore)
        for glob, selectors in cfg.per_file_ignores:
            if glob_matches([glob], path, cfg.root):
                codes -= _codes_matching(selectors)
        return codes

    def options_for(self, path: str):
        from .engine import LintOptions

        cfg, cli = self.config_for(path), self.cli
        configured = (cfg.select is not None or cfg.extend_select or cfg.ignore or cfg.per_file_ignores
                      or cli.select is not None or cli.extend_select or cli.ignore)
        if configured:
            codes = self.selected_codes(path)
            select = sorted(codes) if codes else None
            ignore = [] if codes else ["ALL"]
        else:
            select, ignore = None, []
        severity = _expand_severity(cfg.severity)
        severity.update(_expand_severity(cli.severity))
        year = edition = kind = None
        for override in cfg.overrides:
            if glob_matches(override.files, path, cfg.root):
                year = override.year if override.year is not None else year
                edition = override.edition if override.edition is not None else edition
                kind = override.agency_kind if override.agency_kind is not None else kind
        return LintOptions(select=select, ignore=ignore, extend_select=[], severity=severity,
                           year=cli.year if cli.year is not None else year,
                           edition=cli.edition if cli.edition is not None else edition,
                           agency_kind=cli.agency_kind if cli.agency_kind is not None else kind)

    def fail_on_for(self, path: str) -> str:
        return self.cli.fail_on or self.config_for(path).fail_on or "error"
