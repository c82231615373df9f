"""The `xxgk-lint` command (click).

Exit codes: 0 nothing at or above the fail level; 1 findings at or above it; 2 a usage error or a
file that could not be read at all (that file gets one line naming it; the others are checked).
No traceback reaches the user, whatever the input.
"""
from __future__ import annotations

import json
import os
import sys
from importlib import resources

import click

from . import __version__
from .checks.finding import SEVERITY_RANK
from .output import FORMATS
from .document.packs import template_editions
from .lang import LANGS, default_lang

from .run.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, FULL_DOCUMENT_FORMATS, exit_code  # noqa: F401 (re-exported)


def _codes(values) -> list:
    out = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _check_selectors(selectors) -> None:
    from .checks.registry import known_selector

    for sel in selectors:
        if not known_selector(sel):
            raise click.BadParameter(f"unknown rule code or name: {sel}", param_hint="--select/--ignore")


def _write(text: str, output, color: bool | None = None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False, color=color)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="xxgk-lint")
def main():
    """Lint 政府信息公开工作年度报告 (annual reports on government information disclosure)."""


@main.command()
# readable=False: a file the user cannot read is that file's one-line error, the others are checked
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", default="text", show_default=True,
              help="Output format. text, jsonl, csv, summary and github are written without holding the results "
                   "(text and jsonl file by file as each is done; memory does not grow with the number of files); "
                   "json, sarif and html make one document of every result and hold them all until the end.",
              type=click.Choice(list(FORMATS)))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--select", multiple=True, help="Rule codes, prefixes or names to run (comma-separated; default ALL).")
@click.option("--extend-select", multiple=True, help="Add rules to the selection.")
@click.option("--ignore", multiple=True, help="Rule codes, prefixes or names to skip.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: fail-on of the config, else error).")
@click.option("--year", type=click.IntRange(1990, 2100), help="Report year (overrides the title/period).")
@click.option("--edition", type=click.Choice(template_editions()), help="Template edition (default: from the year).")
@click.option("--statistics", is_flag=True, help="Print only the counts per rule (and the summary line).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (input errors still exit 2).")
# -- configuration, waivers, baselines (linter/config.py, linter/waivers.py, linter/baseline.py) --
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Use this config file (pyproject.toml or xxgk-lint.toml) for every file.")
@click.option("--isolated", is_flag=True, help="Ignore all config files.")
@click.option("--severity", "severity_args", multiple=True, metavar="CODE=LEVEL",
              help="Override the severity of a rule's findings (error, warning, info).")
@click.option("--agency-kind", type=click.Choice(["department", "government", "township"]),
              help="Kind of agency (for deadline rules; overrides the config).")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Date the report was published (for deadline rules; overrides the date under the signature).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Suppress findings recorded in this baseline file; only new ones count.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False),
              help="Record the current findings in this baseline file (and accept them for this run).")
@click.option("--show-suppressed", is_flag=True, help="Also show waived and baselined findings (text output).")
# -- batch: discovery (linter/discovery.py), worker processes, limits, year over year (linter/batch.py) --
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes checking files in parallel (default: the number of CPUs).")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip files and folders matching this glob (the glob syntax of the config; repeatable, "
                   "comma-separated).")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Time allowed per file; a file taking longer is reported as an error (0: no limit). A scan gets it "
                   "again for each page OCR reads, so a long scan is not stopped while a page that hangs is.")
@click.option("--max-memory", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MB",
              help="Memory (address space) limit of each worker process (0: no limit).")
@click.option("--previous", type=click.Path(dir_okay=False, readable=False),
              help="Last year's report of the same agency, compared with the one report checked.")
@click.option("--ocr", type=click.Choice(["auto", "off", "force"]), default="auto", show_default=True,
              help="OCR scanned pages and pictures (auto: only where there is no text; needs xxgk-lint[ocr]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Check the files on the workers of a running Dask distributed scheduler (tcp://host:8786; "
                   "needs the dask extra; workers must see the files at the same paths).")
# -- what people read (linter/output/text.py, linter/output/source.py, linter/lang.py) --
@click.option("--stdin-filename", metavar="NAME",
              help="The name of the report read from stdin (path `-`): its extension picks the reader, "
                   "its folder the config file, and findings are reported under it.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary line, no notes.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).")
@click.option("--show-source", is_flag=True,
              help="Print the line (or table row) of each finding with a caret under the place.")
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="Language of the summary line and rule documentation (default: from the locale, else zh).")
def check(paths, fmt, output, select, extend_select, ignore, fail_on, year, edition, statistics, exit_zero,
          config_file, isolated, severity_args, agency_kind, published, baseline_file, write_baseline_file, show_suppressed,
          jobs, exclude, timeout, max_memory, previous, ocr, scheduler, stdin_filename, quiet, color, show_source, lang):
    """Check report files (PDF, DOCX, HTML, Markdown, text) and folders of them; `-` reads stdin."""
    from .output import RenderOptions, renderer
    from .run.app import CheckRequest, InvalidRequest, NoFilesError, check_files
    from .run.config import ConfigError, parse_severity_args

    select, ignore, extend_select = _codes(select), _codes(ignore), _codes(extend_select)
    _check_selectors(select + ignore + extend_select)
    request = CheckRequest(
        paths=list(paths), select=select or None, ignore=ignore, extend_select=extend_select,
        fail_on=fail_on, year=year, edition=edition, agency_kind=agency_kind,
        published=published.date().isoformat() if published is not None else None,
        config=config_file, isolated=isolated, baseline=baseline_file, write_baseline=write_baseline_file,
        exclude=exclude, previous=previous, jobs=jobs, timeout=timeout, max_memory=max_memory, ocr=ocr,
        scheduler=scheduler, keep_documents=fmt in FULL_DOCUMENT_FORMATS or (show_source and fmt == "text"))
    if "-" in paths:
        if len(paths) != 1:
            raise click.BadParameter("`-` (stdin) cannot be combined with other paths", param_hint="PATHS")
        request.stdin = click.get_binary_stream("stdin").read()
        request.stdin_filename = stdin_filename
    lang = lang or default_lang()
    colour = _use_colour(color, output)
    opts = RenderOptions(statistics=statistics, show_suppressed=show_suppressed, quiet=quiet,
                         show_source=show_source, color=colour, lang=lang)
    stream = _Stream(fmt, output, opts) if _streams(fmt) else None
    try:
        request.severity = parse_severity_args(severity_args)
        if stream is not None:
            try:
                with stream:
                    outcome = check_files(request, on_result=stream.write, on_cross_year=stream.write_cross_year)
                    stream.end(outcome.extra)
            except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(EXIT_FINDINGS)
        else:
            outcome = check_files(request)
    except ConfigError as exc:
        _config_error(exc)
    except NoFilesError as exc:
        click.echo(f"xxgk-lint: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    except InvalidRequest as exc:  # a glob that is not valid, --previous with several files
        raise click.BadParameter(str(exc), param_hint=exc.option) from None
    for note in outcome.notes if not quiet else ():
        click.echo(note, err=True)
    if stream is not None:
        sys.exit(outcome.exit_code(exit_zero))
    results = outcome.results
    for r in results:
        if r.error and (fmt != "text" or output):
            click.echo(_input_error_line(r, lang), err=True)
    opts.extra = outcome.extra
    _write(renderer(fmt)(results, opts), output, color=colour)
    sys.exit(outcome.exit_code(exit_zero))


def _streams(fmt: str) -> bool:
    from .output import streams

    return streams(fmt)


class _Stream:
    """Writes a streaming format (text, jsonl, csv, summary, github: output/stream.py) as the files
    are done, to stdout or --output, holding no result; an unreadable file's one-line error goes to
    stderr at the same time (for text on stdout, the output names it itself, as when not streamed)."""

    def __init__(self, fmt: str, output, opts):
        from .output import streamer

        self.writer, self.output, self.fh, self.opts = streamer(fmt, opts), output, None, opts
        self.errors_to_stderr = fmt != "text" or bool(output)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.fh is not None:
            self.fh.close()

    def _emit(self, text: str) -> None:
        if self.output and self.fh is None:  # opened once there is something to write (a config
            self.fh = open(self.output, "w", encoding="utf-8")  # error leaves --output alone)
        if not text:
            return
        if self.fh is not None:
            self.fh.write(text)
            self.fh.flush()
        else:
            click.echo(text, nl=False, color=self.opts.color)
            sys.stdout.flush()

    def write(self, result) -> None:
        if result.error and self.errors_to_stderr:
            click.echo(_input_error_line(result, self.opts.lang), err=True)
        self._emit(self.writer.file(result))

    def write_cross_year(self, result) -> None:
        self._emit(self.writer.cross_year(result))

    def end(self, extra: dict) -> None:
        self._emit("")  # creates --output even when there is nothing to write
        for piece in self.writer.end(extra):
            self._emit(piece)


def _input_error_line(result, lang: str) -> str:
    """The one line naming a file that could not be read and why, in the reader's language."""
    if lang == "zh":
        return f"{result.path}: 无法读取：{result.error.clerk_message}（{result.error.code}）"
    return f"{result.path}: error: {result.error.message}"


def _use_colour(choice: str, output) -> bool:
    """--color: always/never; auto colours a terminal, unless NO_COLOR is set (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    if output or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _config_error(exc) -> None:
    """A bad config or baseline: one line on stderr, exit 2, no traceback."""
    click.echo(f"xxgk-lint: config error: {exc}", err=True)
    sys.exit(EXIT_INPUT)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", default="json", type=click.Choice(["json"]), show_default=True)
@click.option("--year", type=click.IntRange(1990, 2100))
@click.option("--edition", type=click.Choice(template_editions()))
@click.option("--output", "-o", type=click.Path(dir_okay=False))
def extract(path, fmt, year, edition, output):
    """Print the parsed document: year, edition, sections and tables by canonical keys."""
    from .run.engine import LintOptions, parse_file
    from .errors import InputError

    try:
        try:
            doc = parse_file(path, LintOptions(year=year, edition=edition))
        except InputError:
            raise
        except Exception as exc:  # never a traceback: name the file and the problem
            raise InputError("internal", f"could not be read ({type(exc).__name__}: {exc})") from None
    except InputError as exc:
        click.echo(f"{path}: error: {exc.message}", err=True)
        _write(json.dumps({"path": path, "error": exc.to_json()}, ensure_ascii=False) + "\n", output)
        sys.exit(EXIT_INPUT)
    _write(json.dumps(document_summary(doc), ensure_ascii=False, indent=2) + "\n", output)


def document_summary(doc) -> dict:
    return {
        "path": doc.path,
        "error": None,
        "format": doc.raw.format,
        "title": doc.title or None,
        "agency": doc.agency or None,
        "year": doc.year,
        "year_source": doc.year_source,
        "edition": doc.edition,
        "sections": [{"number": s.number, "title": s.heading, "variant": s.variant,
                      "location": doc.locate(s.start, s.body_start).to_json()} for s in doc.sections],
        "tables": {key: t.as_dict() for key, t in doc.tables.items()},
        "table_layouts": {key: t.layout for key, t in doc.tables.items()},
        "unreadable_cells": {key: [{"row": u[0], "col": u[1], "problem": u[2]} for u in t.unreadable]
                             for key, t in doc.tables.items() if t.unreadable},
    }


@main.command("rules")
@click.option("--format", "fmt", default="text", type=click.Choice(["text", "json"]), show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default=None, help="Language of the summaries (default: from the locale, else zh).")
def rules_cmd(fmt, lang):
    """List every rule: code, name, category, default severity, summary."""
    from .checks.registry import all_rules, rule_listing, rule_summary

    rules = all_rules()
    lang = lang or default_lang()
    if fmt == "json":
        click.echo(json.dumps(rule_listing(), ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.code:8} {r.name:28} {r.category:12} {r.severity:8} {rule_summary(r, lang)}")


@main.command("rule")
@click.argument("code")
@click.option("--format", "fmt", default="text", type=click.Choice(["text", "json"]), show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="Chinese for clerks (zh) or English for developers (en); default: from the locale, else zh.")
def rule_cmd(code, fmt, lang):
    """Explain one rule: what it checks, why (legal basis), examples and options."""
    from .checks.registry import rule_by_code, rule_docs, rule_summary

    rule = rule_by_code(code)
    if rule is None:
        click.echo(f"xxgk-lint: unknown rule {code!r} (see `xxgk-lint rules`)", err=True)
        sys.exit(EXIT_INPUT)
    lang = lang or default_lang()
    if fmt == "json":
        click.echo(json.dumps({"code": rule.code, "name": rule.name, "category": rule.category,
                               "severity": rule.severity, "summary": rule_summary(rule, lang), "docs": rule_docs(rule, lang),
                               "lang": lang}, ensure_ascii=False, indent=2))
        return
    if lang == "zh":
        click.echo(f"{rule.code}（{rule.name}）\n\n类别：{CATEGORY_ZH.get(rule.category, rule.category)}；"
                   f"默认级别：{SEVERITY_ZH.get(rule.severity, rule.severity)}\n{rule_summary(rule, lang)}\n\n{rule_docs(rule, lang)}")
        return
    click.echo(f"{rule.code} ({rule.name})\n\ncategory: {rule.category}; default severity: {rule.severity}\n"
               f"{rule.summary}\n\n{rule.docs()}")


CATEGORY_ZH = {"input": "无法检查", "structure": "结构", "period": "期限", "arithmetic": "计算",
               "consistency": "前后一致", "content": "内容", "cross-year": "跨年度"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@main.command()
def schema():
    """Print the JSON Schema of `check --format json`."""
    click.echo(schema_text(), nl=False)


def schema_text() -> str:
    return resources.files(__package__).joinpath("schemas/check-output.schema.json").read_text(encoding="utf-8")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (localhost by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Uploads checked at the same time (each file in its own worker process).")
@click.option("--max-upload-mb", type=click.IntRange(min=1), default=20, show_default=True,
              help="Largest request body accepted (all files of one upload together).")
@click.option("--token", envvar="XXGK_LINT_TOKEN", default=None,
              help="Require `Authorization: Bearer TOKEN` on /api/* (env XXGK_LINT_TOKEN).")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Time allowed per file (again for each page OCR reads), as for `check` (0: no limit).")
@click.option("--max-memory", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MB",
              help="Memory limit of each worker process, as for `check` (0: no limit).")
@click.option("--tmp-dir", type=click.Path(file_okay=False), default=None,
              help="Folder for uploads while they are checked (default: a private one in the system temp folder).")
def serve(host, port, workers, max_upload_mb, token, timeout, max_memory, tmp_dir):
    """Serve the checker as a web page (/) and an HTTP API (/api/check, /api/rules, /openapi.json)."""
    try:
        import uvicorn

        from .server.app import ServerConfig, create_app
    except ImportError as exc:
        click.echo(f"xxgk-lint: serve needs the serve extra: pip install 'xxgk-lint[serve]' ({exc})", err=True)
        sys.exit(EXIT_INPUT)
    app = create_app(ServerConfig(workers=workers, max_upload_mb=max_upload_mb, token=token or None,
                                  tmp_root=tmp_dir, timeout=timeout, max_memory=max_memory))
    click.echo(f"xxgk-lint: serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                proxy_headers=True, forwarded_allow_ips="127.0.0.1", timeout_graceful_shutdown=5)


if __name__ == "__main__":  # pragma: no cover
    main()
