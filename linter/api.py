"""The library API: check a report from Python as `xxgk-lint check` does, config files included.

    from xxgk_lint import lint_file, lint_text
    result = lint_file("reports/2023.pdf")           # honours xxgk-lint.toml / [tool.xxgk-lint]
    result = lint_text(text, filename="2023.txt")    # a report you already hold as text

Both return a `FileResult`: `path`, `error` (an `InputError` when the file could not be read at
all, else None), `findings` (a list of `Finding`, in document order, waivers applied: a waived
finding has `suppressed` set) and `document` (the parsed `Document`: year, edition, sections and
tables by canonical keys). They go through the same application layer as the command line
(linter/run/app.py), in this process, so a finding here is the finding the CLI prints.
"""
from __future__ import annotations

from typing import Optional, Sequence

from .checks.finding import Finding
from .document.model import Document, Location
from .errors import InputError
from .run.engine import FileResult

__all__ = ["lint_file", "lint_text", "FileResult", "Finding", "Document", "Location", "InputError"]


def _request(paths, *, config, isolated, select, ignore, year, edition, stdin=None, filename=None):
    from .run.app import CheckRequest

    return CheckRequest(paths=paths, config=config, isolated=isolated, select=list(select) if select else None,
                        ignore=list(ignore or ()), year=year, edition=edition, jobs=1, timeout=0, max_memory=0,
                        keep_documents=True, progress=False, stdin=stdin, stdin_filename=filename)


def _one(request) -> FileResult:
    from .run.app import check_files

    return check_files(request).results[0]


def lint_file(path: str, config: Optional[str] = None, *, isolated: bool = False,
              select: Optional[Sequence[str]] = None, ignore: Sequence[str] = (),
              year: Optional[int] = None, edition: Optional[str] = None) -> FileResult:
    """Check one report file. `config`: a config file to use instead of the nearest one to
    `path` (xxgk-lint.toml, or pyproject.toml with [tool.xxgk-lint]); `isolated`: ignore config
    files. `select`/`ignore`, `year`, `edition` are the options of `xxgk-lint check`.
    Raises run.config.ConfigError for a bad config file; a bad report is `result.error`."""
    return _one(_request([str(path)], config=config, isolated=isolated, select=select, ignore=ignore,
                         year=year, edition=edition))


def lint_text(text: str, filename: str = "report.txt", config: Optional[str] = None, *, isolated: bool = False,
              select: Optional[Sequence[str]] = None, ignore: Sequence[str] = (),
              year: Optional[int] = None, edition: Optional[str] = None) -> FileResult:
    """Check a report given as text (or bytes), reported under `filename`: its extension picks
    the reader (.txt, .md, .html) and its folder the config file, as `xxgk-lint check
    --stdin-filename FILENAME -` does."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return _one(_request(["-"], config=config, isolated=isolated, select=select, ignore=ignore,
                         year=year, edition=edition, stdin=data, filename=filename))
