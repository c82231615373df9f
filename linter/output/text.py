"""Human-readable output in the style of ruff: `path:line:col: CODE [级别] message`, PDF findings as
`path:p3: CODE [级别] message`, then a summary line. Every finding is tagged with its severity,
errors as visibly as warnings; with colour (RenderOptions.color) the tag is coloured.
`--show-source` adds the line with a caret, `--statistics` prints only the counts per rule and the
summary, `--quiet` drops the summary line. The summary and the tags follow `--lang`."""
from __future__ import annotations

from collections import Counter

import click

SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}
COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
SUMMARY = {"zh": "发现 {error} 个错误、{warning} 个警告、{info} 条提示（共 {files} 个文件）",
           "en": "Found {error} error(s), {warning} warning(s), {info} info in {files} file(s)"}
UNREADABLE = {"zh": "；{n} 个文件无法读取", "en": "; {n} file(s) could not be read"}
INPUT_ERROR = {"zh": "无法读取", "en": "error"}
SUGGESTION = {"zh": "建议", "en": "suggestion"}
SUPPRESSED = {"zh": "已豁免", "en": "suppressed"}
COLON = {"zh": "：", "en": ": "}


def _where(result, finding) -> str:
    loc = finding.location
    if loc.line is not None:
        return f"{result.path}:{loc.line}:{loc.column or 1}:"
    if loc.page is not None:
        return f"{result.path}:p{loc.page}:"
    if loc.table_index is not None:
        return f"{result.path}:table{loc.table_index}:r{loc.row}c{loc.col}:"
    if loc.paragraph is not None:
        return f"{result.path}:para{loc.paragraph}:"
    return f"{result.path}:"


def _error_message(error, lang: str) -> str:
    return error.message_in(lang) if hasattr(error, "message_in") else error.message


def _lang(opts) -> str:
    return getattr(opts, "lang", None) or "zh"


def _style(text: str, opts, **kw) -> str:
    return click.style(text, **kw) if getattr(opts, "color", False) else text


STREAMS = True  # each file's findings are printed as it is done (see `streamer`)


def _file_lines(result, opts, counts: Counter, per_rule: Counter) -> list:
    """The lines of one file (with --statistics only an input error's line), counting its findings
    into `counts` (by severity) and `per_rule` as it goes."""
    lang = _lang(opts)
    words = SEVERITY_WORDS[lang]
    out = []
    if result.error:  # named even under --statistics: a file that was not checked is no count
        tag = _style(f"[{INPUT_ERROR[lang]}]", opts, fg="red", bold=True)
        out.append(f"{result.path}: {tag} {_error_message(result.error, lang)}")
        return out
    for f in result.findings:
        if f.suppressed is not None and not opts.show_suppressed:
            continue
        if f.suppressed is None:
            counts[f.severity] += 1
            per_rule[(f.code, f.name)] += 1
        if opts.statistics:
            continue
        tag = _style(f"[{words.get(f.severity, f.severity)}]", opts, fg=COLOURS.get(f.severity), bold=True)
        code = _style(f.code, opts, bold=True)
        line = f"{_style(_where(result, f), opts, bold=True)} {code} {tag} {f.message}"
        if getattr(opts, "show_source", False):
            from .source import source_lines  # only with --show-source: it loads rich

            line += "".join(f"\n    {s}" for s in source_lines(result.document, f))
        if f.suggestion and f.suggestion.get("text"):
            line += f"\n    {SUGGESTION[lang]}{COLON[lang]}{f.suggestion['text']}"
        if f.suppressed is not None:
            line += f"  ({SUPPRESSED[lang]}{COLON[lang]}{f.suppressed.get('reason', '')})"
        out.append(line)
    return out


def _summary(opts, counts: Counter, files: int, unreadable: int) -> str:
    lang = _lang(opts)
    summary = SUMMARY[lang].format(files=files, **{k: counts[k] for k in ("error", "warning", "info")})
    if unreadable:
        summary += UNREADABLE[lang].format(n=unreadable)
    return summary + ("。" if lang == "zh" else ".")


def render(results, opts) -> str:
    out = []
    counts = Counter()
    per_rule = Counter()
    for result in results:
        out.extend(_file_lines(result, opts, counts, per_rule))
    if opts.statistics:
        for (code, name), n in per_rule.most_common():
            out.append(f"{n:5d}  {code}  {name}")
    if not getattr(opts, "quiet", False):
        out.append(_summary(opts, counts, len(results), sum(1 for r in results if r.error)))
    return "\n".join(out) + "\n" if out else ""


class _TextStreamer:
    """Each file's lines as it is done, in input order; the findings of the year-over-year pass
    (known only once every report is done) after every file's own; then the summary line, from
    counts kept as the files went by. Without year-over-year findings the output is the same as
    `render` of the whole list; with them, the same lines with those findings moved to the end."""

    def __init__(self, opts):
        self.opts = opts
        self.counts, self.per_rule = Counter(), Counter()
        self.files = self.unreadable = 0

    def _lines(self, lines: list) -> str:
        return "".join(line + "\n" for line in lines)

    def file(self, result) -> str:
        self.files += 1
        self.unreadable += bool(result.error)
        return self._lines(_file_lines(result, self.opts, self.counts, self.per_rule))

    def cross_year(self, result) -> str:
        return self._lines(_file_lines(result, self.opts, self.counts, self.per_rule))

    def end(self, extra: dict) -> str:
        if getattr(self.opts, "quiet", False):
            return []
        return [_summary(self.opts, self.counts, self.files, self.unreadable) + "\n"]


def streamer(opts):
    """The text streamer; `--statistics` (counts per rule only, ranked over the whole run) is
    rendered at the end from results spooled to disk, so that it is the same as `render`'s."""
    if opts.statistics:
        from .stream import SpooledStreamer

        return SpooledStreamer(lambda results, opts: [render(results, opts)], opts)  # a few lines
    return _TextStreamer(opts)
