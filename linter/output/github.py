"""GitHub Actions workflow commands: one annotation per finding.

    ::error file=report.txt,line=42,endLine=42,col=32,endColumn=33,title=ARI001 table-relation::表三…

error → `::error`, warning → `::warning`, info → `::notice`. Escaping follows the Actions toolkit
(`@actions/core` command.ts): in the message `%`, CR and LF become %25, %0D, %0A; in property
values `:` and `,` become %3A and %2C as well. A PDF has no lines: its annotation names the file
only and the message ends with the page, "(p. 3)"; a DOCX location is named the same way
("(table 1, r4c2)", "(para. 12)"). A file that cannot be read is one `::error file=…::…`.
Suppressed findings are left out, or shown as notices with `--show-suppressed`.
"""
from __future__ import annotations

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict, message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _where_suffix(loc) -> str:
    """For locations without a line: where to look, appended to the message."""
    if loc.line is not None:
        return ""
    if loc.page is not None:
        return f" (p. {loc.page})"
    if loc.table_index is not None:
        cell = f", r{loc.row}c{loc.col}" if loc.row is not None and loc.col is not None else ""
        return f" (table {loc.table_index}{cell})"
    if loc.paragraph is not None:
        return f" (para. {loc.paragraph})"
    return ""


def annotation(path: str, finding, suppressed_note: bool = False) -> str:
    loc = finding.location
    props: dict = {"file": path}
    if loc.line is not None:
        end_line = loc.end_line if loc.end_line is not None else loc.line
        props["line"] = loc.line
        props["endLine"] = end_line
        # GitHub takes columns only on a one-line annotation, and its endColumn is inclusive
        # (it defaults to col); Location.end_column is exclusive.
        if loc.column is not None and end_line == loc.line:
            props["col"] = loc.column
            if loc.end_column is not None:
                props["endColumn"] = max(loc.column, loc.end_column - 1)
    props["title"] = f"{finding.code} {finding.name}".strip()
    message = finding.message + _where_suffix(loc)
    if finding.suggestion and finding.suggestion.get("text"):
        message += f"\nsuggestion: {finding.suggestion['text']}"
    name = COMMANDS.get(finding.severity, "warning")
    if suppressed_note:
        name = "notice"
        sup = finding.suppressed if isinstance(finding.suppressed, dict) else {"reason": str(finding.suppressed)}
        message += f"\n(suppressed: {sup.get('reason', '')})"
    return command(name, props, message)


def render(results, opts) -> str:
    return "".join(chunks(results, opts))


def chunks(results, opts):
    """The annotations one by one (what `render` joins)."""
    show_suppressed = bool(getattr(opts, "show_suppressed", False))
    for result in results:
        if result.error is not None:
            yield command("error", {"file": result.path, "title": f"xxgk-lint: {result.error.code}"},
                          f"file could not be read: {result.error.message}") + "\n"
            continue
        for finding in result.findings:
            if finding.suppressed is not None:
                if show_suppressed:
                    yield annotation(result.path, finding, suppressed_note=True) + "\n"
                continue
            yield annotation(result.path, finding) + "\n"

STREAMS = True  # memory stays flat: results are spooled to disk and rendered at the end (output/stream.py)


def streamer(opts):
    """Annotations in the order `render` gives them (year-over-year findings sorted into their
    file's): spooled and rendered at the end."""
    from .stream import SpooledStreamer

    return SpooledStreamer(chunks, opts)
