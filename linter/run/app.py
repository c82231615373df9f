"""The application layer: files and settings in, results out.

Every front-end (the `xxgk-lint check` command, the HTTP service, the Python API) calls
`check_files` with a `CheckRequest`, so discovery, configuration, the batch of worker processes,
year-over-year pairing, waivers and baselines happen in one place and no front-end re-implements
another. Front-ends only turn their input into a request and the `CheckOutcome` into output.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from ..checks.finding import SEVERITY_RANK

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

# formats whose renderer needs each file's whole Document (text and source map), not the slim one
FULL_DOCUMENT_FORMATS = ("html",)


class InvalidRequest(ValueError):
    """A request that cannot be run as given; `option` names the setting at fault (CLI spelling)."""

    def __init__(self, message: str, option: Optional[str] = None):
        super().__init__(message)
        self.option = option


class NoFilesError(InvalidRequest):
    """The paths named no report file (after walking folders and skipping excluded files)."""


@dataclass
class CheckRequest:
    """What to check and how: the options of `xxgk-lint check`, independent of any front-end."""

    paths: Sequence[str]
    select: Optional[list] = None
    ignore: list = field(default_factory=list)
    extend_select: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)  # code -> level
    fail_on: Optional[str] = None
    year: Optional[int] = None
    edition: Optional[str] = None
    agency_kind: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD
    ocr: str = "auto"  # scanned pages and pictures: "auto" (where there is no text), "off", "force"
    config: Optional[str] = None
    isolated: bool = False
    baseline: Optional[str] = None
    write_baseline: Optional[str] = None
    exclude: Sequence[str] = ()
    previous: Optional[str] = None
    jobs: Optional[int] = None
    timeout: Optional[float] = 60.0
    max_memory: Optional[int] = 2048
    keep_documents: bool = False  # renderers of FULL_DOCUMENT_FORMATS need them
    progress: Optional[bool] = None
    scheduler: Optional[str] = None  # a Dask distributed scheduler's address: its workers check the files
    isolate: bool = False  # lint even one file in a worker process (servers: a hostile file costs its worker only)
    extra_options: dict = field(default_factory=dict)  # more LintOptions fields, by name
    stdin: Optional[bytes] = None  # the content of the one file `-` (paths == ["-"])
    stdin_filename: Optional[str] = None  # the name it is reported under and configured for


@dataclass
class CheckOutcome:
    # list[FileResult], in the order of the discovered files; when the results were streamed
    # (check_files(on_result=...)), light stand-ins: path, error and the worst finding only
    results: list
    notes: list  # one-line messages for stderr (batch notes, waiver and baseline notes)
    extra: dict  # for RenderOptions.extra (cross-year pairs, baseline info)
    settings: object  # run.config.Settings: per-file fail-on and options

    def exit_code(self, exit_zero: bool = False) -> int:
        return exit_code(self.results, self.settings.fail_on_for, exit_zero)


def discover_files(paths: Sequence[str], exclude: Sequence[str] = ()) -> list:
    """Report files named by `paths` (folders walked). Raises InvalidRequest for a bad glob and
    NoFilesError when nothing is left to check."""
    from .discovery import discover

    try:
        files = discover(list(paths), list(exclude))
    except ValueError as exc:  # a glob that is not valid
        raise InvalidRequest(str(exc), "--exclude") from None
    if not files:
        raise NoFilesError("no report files found in " + ", ".join(paths)
                           + " (extensions: .pdf .docx .html .htm .md .txt; hidden, ignored and excluded files skipped)")
    return files


def check_files(request: CheckRequest, on_result: Optional[Callable] = None,
                on_cross_year: Optional[Callable] = None) -> CheckOutcome:
    """Lint the files of `request`. Raises run.config.ConfigError for a bad config or baseline,
    InvalidRequest (NoFilesError: paths that name nothing to check) for a request that cannot run; a file that cannot be read is
    that file's `FileResult.error`, never an exception.

    Streaming: `on_result(result)` receives each file's final FileResult in input order as soon as
    it and the files before it are done, and nothing of it is kept (memory stays flat in the number
    of files). Year-over-year findings need every report: once all are done, `on_cross_year(result)`
    receives, for each report compared with last year's, a FileResult holding those findings only.
    A run with waivers or a baseline decides over all results: it is checked whole first, then
    `on_result` gets each result (cross-year findings included, `on_cross_year` not called)."""
    if request.stdin is not None:
        return _check_stdin(request, on_result, on_cross_year)
    files = discover_files(request.paths, request.exclude)
    if request.previous and len(files) != 1:
        raise InvalidRequest(f"compares one report with last year's, but {len(files)} files were given; "
                             "in a batch, reports are paired by agency and year automatically", "--previous")
    return _check(files, request, on_result=on_result, on_cross_year=on_cross_year)


def _check(files: list, request: CheckRequest, shown: Optional[dict] = None,
           on_result: Optional[Callable] = None, on_cross_year: Optional[Callable] = None) -> CheckOutcome:
    """Lint `files`; `shown` maps a file read from elsewhere (a temporary copy of stdin) to the
    name it is configured, waived and reported under."""
    from .batch import BatchOptions, SchedulerError, run_batch
    from .config import CliSettings, Settings
    from .waivers import apply_suppressions

    shown = shown or {}
    settings = Settings(CliSettings(select=request.select or None, ignore=list(request.ignore),
                                    extend_select=list(request.extend_select), severity=dict(request.severity),
                                    fail_on=request.fail_on, year=request.year, edition=request.edition,
                                    agency_kind=request.agency_kind, config=request.config,
                                    isolated=request.isolated))
    file_options, shared = {}, {}
    for path in files:
        opts = settings.options_for(shown.get(path, path))
        if request.published is not None:
            opts.published = request.published
        opts.ocr = request.ocr
        for name, value in request.extra_options.items():
            setattr(opts, name, value)
        # files with the same settings share one LintOptions: a folder of 10^5 reports holds few
        file_options[path] = shared.setdefault(repr(opts), opts)
    options = BatchOptions(
        jobs=request.jobs, timeout=request.timeout, max_memory=request.max_memory, previous=request.previous,
        keep_documents=request.keep_documents, progress=request.progress,
        isolate=request.isolate, scheduler=request.scheduler)

    def renamed(result):
        """The result under the name its file is shown as (stdin's given name)."""
        if result.path in shown:
            result.path = shown[result.path]
            for finding in result.findings:
                finding.path = result.path
        return result

    streaming = on_result is not None and not (request.baseline or request.write_baseline
                                               or any(cfg.waivers for cfg in settings.configs))
    try:
        if streaming:
            return _streamed(files, file_options, options, settings,
                             lambda result: on_result(renamed(result)),
                             (lambda result: on_cross_year(renamed(result))) if on_cross_year else None)
        batch = run_batch(files, file_options, options)
    except SchedulerError as exc:
        raise InvalidRequest(str(exc), "--scheduler") from None
    for result in batch.results:
        renamed(result)
    notes = [f"xxgk-lint: {note}" for note in batch.notes]
    suppression_notes, extra = apply_suppressions(batch.results, settings, request.baseline, request.write_baseline)
    notes.extend(suppression_notes)
    extra = {**(extra or {}), "cross_year": batch.pairs}
    if on_result is not None:
        for result in batch.results:
            on_result(result)
    return CheckOutcome(results=batch.results, notes=notes, extra=extra, settings=settings)


@dataclass(frozen=True)
class _Worst:
    """What the exit code needs of a streamed file's findings: the severity of the worst one."""

    severity: str
    suppressed: None = None


_WORST = {level: _Worst(level) for level in SEVERITY_RANK}


def _streamed(files, file_options, options, settings, on_result, on_cross_year) -> CheckOutcome:
    from .batch import run_batch
    from .engine import FileResult

    light: list = []

    def handed_on(index, result) -> None:
        on_result(result)
        worst = max((f.severity for f in result.findings if f.suppressed is None),
                    key=SEVERITY_RANK.__getitem__, default=None)
        light.append(FileResult(path=result.path, error=result.error, findings=[_WORST[worst]] if worst else []))

    batch = run_batch(files, file_options, options, on_result=handed_on)
    for stub, kept in zip(batch.results, light):
        if stub.findings:
            if on_cross_year is not None:
                on_cross_year(stub)
            kept.findings.extend(stub.findings)
    notes = [f"xxgk-lint: {note}" for note in batch.notes]
    return CheckOutcome(results=light, notes=notes, extra={"cross_year": batch.pairs}, settings=settings)


def _check_stdin(request: CheckRequest, on_result=None, on_cross_year=None) -> CheckOutcome:
    """Check the content given on stdin as the file `request.stdin_filename` (default stdin.txt):
    it is read from a temporary copy with that name (the readers go by content and extension),
    and configured, waived and reported under the given name, as an editor integration expects."""
    import os
    import tempfile

    name = request.stdin_filename or "stdin.txt"
    with tempfile.TemporaryDirectory(prefix="xxgk-lint-stdin-") as tmp:
        copy = os.path.join(tmp, os.path.basename(name) or "stdin.txt")
        with open(copy, "wb") as fh:
            fh.write(request.stdin)
        return _check([copy], request, shown={copy: name}, on_result=on_result, on_cross_year=on_cross_year)


def exit_code(results, fail_on, exit_zero: bool = False) -> int:
    """`fail_on` is a severity, or a function path -> severity (each file's config may set its own)."""
    if any(r.error for r in results):
        return EXIT_INPUT
    if exit_zero:
        return EXIT_CLEAN
    for r in results:
        threshold = SEVERITY_RANK[fail_on(r.path) if callable(fail_on) else (fail_on or "error")]
        if any(f.suppressed is None and SEVERITY_RANK[f.severity] >= threshold for f in r.findings):
            return EXIT_FINDINGS
    return EXIT_CLEAN
