"""Checking many reports: worker processes, time and memory limits, stable order, a progress bar,
and the year-over-year pass. Which files are checked is linter/discovery.py (`discover`).

Workers (`run_batch`)
    Files are checked in `jobs` worker processes (default: the CPUs this process may use), each
    file in one worker, results collected by input index, so the output order is the input
    order whatever the scheduling. A worker is forked (fork start method where the platform has
    it), lints one file at a time and sends back the FileResult and the file's `YearFacts`.
    - `timeout` (seconds, per file): a worker still busy after that is killed and replaced; the
      file gets the error `timeout`, the run goes on. The clock restarts on each page or picture
      OCR reads (linter/run/heartbeat.py: the worker writes the time of its last beat into a
      shared value the parent reads), so a long scan that keeps moving is not stopped, while a
      page that hangs is.
    - `max_memory` (MB): the address-space limit (RLIMIT_AS) of each worker, set when it starts,
      so it counts what the worker inherited too (the interpreter and libraries, about 100 MB).
      A file that exhausts it gets the error `memory-limit` and its worker is replaced. Linux
      only; elsewhere the limit is not enforced.
    - a worker that dies (a reader crashing in C code, the OOM killer) is replaced; the file gets
      the error `worker-crashed`.
    - With `jobs=1`, no timeout and no memory limit the files are linted in this process (handy
      under a debugger); any limit means one worker process, since only a separate process can be
      stopped reliably (signal.alarm cannot interrupt a C extension).
    - A single file is linted in this process too (forking a worker costs more than a small
      file), under the same limits as far as one process can enforce them: the address-space
      limit is set on this process while the file is read and lifted afterwards, and the timeout
      is a SIGALRM (main thread only; it stops Python code, not a call into a C library). A
      front-end that must survive a hostile file (a server) sets `isolate`: a worker even then.
    Documents: a worker sends back a slim Document (title, year, edition, agency, format; the
    text, source map, sections and tables left out: unpickling them costs the parent more than
    linting small files costs a worker); `keep_documents=True` (used for `--format html`) sends
    the whole Document. In-process runs keep whole Documents.
    Scheduling: the largest files are dispatched first and each worker holds the next file before
    it finishes the current one; the timeout of a file counts from when its worker started it (or
    from its last OCR'd page).
    Before forking, the parent loads what every worker needs (`_warm_up`) and freezes its heap
    (`_frozen_heap`), so that the workers' garbage collections do not scan it again and again.

Year over year
    After every file is done, the parent runs the year-over-year pass (linter/pairing.py:
    `cross_year_pass`): it pairs the reports (same agency from the title, consecutive years;
    `previous` names last year's report for a single report) and runs the `cross-year` rules
    (linter/checks/crossyear.py) on each pair; their findings are added to the current year's
    FileResult, which stays sorted. `BatchRun.pairs` says for each report which previous report
    it was compared with, or why none.

Progress
    A one-line bar on stderr, only when stderr is a terminal and more than `PROGRESS_MIN_FILES`
    files are checked; never on stdout, so it cannot mix with JSON or SARIF output.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait as mp_wait
from typing import Callable, Optional

_PACKAGE_ROOT = __package__.partition(".")[0]  # the installed name of the package

from .engine import FileResult, LintOptions, lint_file
from ..errors import InputError
from ..document.model import Document, RawDocument
from .pairing import cross_year_pass, year_facts
from . import heartbeat
from ..readers.ocr.engine import THREADS_ENV  # a light module: the engine itself loads on first use

PROGRESS_MIN_FILES = 5
DEFAULT_TIMEOUT = 60.0  # seconds per file
DEFAULT_MAX_MEMORY = 2048  # MB of address space per worker


def default_jobs() -> int:
    """The number of CPUs this process may run on (container and taskset aware)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# -- running --------------------------------------------------------------------------------------
@dataclass
class BatchOptions:
    jobs: Optional[int] = None  # None or 0: default_jobs()
    timeout: Optional[float] = DEFAULT_TIMEOUT  # seconds per file; None or 0: no limit
    max_memory: Optional[int] = DEFAULT_MAX_MEMORY  # MB per worker; None or 0: no limit
    keep_documents: bool = False  # send whole Documents back from the workers
    progress: Optional[bool] = None  # None: when stderr is a terminal and there are enough files
    previous: Optional[str] = None  # last year's report, for a single report
    cross_year: bool = True
    # always lint in worker processes, even a single file: a service that must survive a hostile
    # upload (its time and memory limits are enforced on the worker, which is killed) sets it
    isolate: bool = False
    # address of a running Dask distributed scheduler ("tcp://host:8786"): the files are checked by
    # its workers instead of local processes (see `_run_dask`)
    scheduler: Optional[str] = None


@dataclass
class BatchRun:
    results: list  # list[FileResult], in input order
    pairs: dict = field(default_factory=dict)  # path -> {"previous": path or None, "reason": str or None}
    facts: list = field(default_factory=list)  # list[YearFacts or None], aligned with results
    notes: list = field(default_factory=list)  # one-line messages for stderr
    worker_memory: dict = field(default_factory=dict)  # worker pid -> [peak RSS in KB after each file]
    seconds: float = 0.0
    jobs: int = 1  # processes used (0: in-process)


def slim_document(doc: Document) -> Document:
    """The Document as renderers other than HTML use it: title, year, edition, agency, format and
    reader meta; no text, source map, sections or tables (unpickling the tables alone costs the
    parent more than a worker spends on a small file)."""
    raw = RawDocument(path=doc.raw.path, format=doc.raw.format, lines=[], meta=dict(doc.raw.meta),
                      notes=list(doc.raw.notes))
    return dataclasses.replace(doc, raw=raw, sections=[], tables={})


def _memory_error(max_memory) -> InputError:
    limit = f"the limit is {max_memory} MB per worker, --max-memory" if max_memory else "no --max-memory limit set"
    return InputError("memory-limit", f"ran out of memory while checking ({limit})")


def _ran_out_of_memory(result: FileResult) -> bool:
    if result.error is not None:
        return result.error.code == "too-large" and "memory" in result.error.message
    return any(f.args.get("internal_error") and str(f.args.get("exception", "")).startswith("MemoryError")
               for f in result.findings)


def _process(path: str, options: LintOptions, lint: Callable, keep_documents: bool, max_memory,
             want_facts: bool = True) -> tuple:
    """Lint one file and extract its year facts: (FileResult, YearFacts or None, out_of_memory)."""
    started = time.perf_counter()
    try:
        result = lint(path, options)
    except MemoryError:
        result = FileResult(path=path, error=_memory_error(max_memory))
    except Exception as exc:  # the engine never raises; a custom lint function might
        result = FileResult(path=path, error=InputError("internal", f"could not be checked ({type(exc).__name__}: {exc})"))
    oom = _ran_out_of_memory(result)
    if oom:
        result = FileResult(path=path, error=_memory_error(max_memory), seconds=result.seconds)
    facts = None
    if result.error is None and result.document is not None:
        try:
            facts = year_facts(result.document) if want_facts else None
        except MemoryError:
            oom = True
            result = FileResult(path=path, error=_memory_error(max_memory))
        except Exception:  # facts are an extra: a report they cannot be taken from is not compared
            facts = None
        if result.document is not None and not keep_documents:
            result.document = slim_document(result.document)
    if not result.seconds:
        result.seconds = time.perf_counter() - started
    return result, facts, oom


def _peak_rss_kb() -> int:
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak
    except Exception:
        return 0


def _limit_memory(max_memory) -> None:
    if not max_memory:
        return
    try:
        import resource

        limit = int(max_memory) * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except Exception:  # not enforceable here (non-Linux): run without the limit
        pass


def _worker_main(conn, last_beat, per_file, lint, keep_documents, max_memory, want_facts) -> None:
    """A worker: lint the files the parent sends, one at a time, until told to stop. `last_beat`
    (a shared double) gets the monotonic time of each progress beat (see `_Worker.deadline`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(max_memory)

    def on_beat() -> None:
        last_beat.value = time.monotonic()

    with heartbeat.listening(on_beat):
        _serve(conn, per_file, lint, keep_documents, max_memory, want_facts)


def _serve(conn, per_file, lint, keep_documents, max_memory, want_facts) -> None:
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path, is_previous = task
        result, facts, oom = _process(path, per_file[index], lint, keep_documents and not is_previous, max_memory,
                                      want_facts)
        message = (index, result, facts, _peak_rss_kb(), oom)
        try:
            conn.send(message)
        except MemoryError:
            oom = True
            conn.send((index, FileResult(path=path, error=_memory_error(max_memory)), None, 0, True))
        except Exception as exc:  # e.g. a plugin put something unpicklable in a finding
            conn.send((index, FileResult(path=path, error=InputError(
                "internal", f"result could not be returned ({type(exc).__name__}: {exc})")), None, 0, False))
        if oom:
            return  # a worker that ran out of memory may be in a bad state: start afresh


_WARM_SAMPLE = "\n".join(["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                          "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                          "六、其他需要报告的事项", ""])
_WARM_LIBRARIES = {"pdf": ("pypdfium2", "pypdfium2.raw", "pdfplumber", "pdfplumber.table"), "docx": ("docx",),
                   "html": ("lxml.html", "lxml.etree"), "markdown": ("markdown_it",)}


def _warm_up(paths: list) -> None:
    """Load in the parent, before forking, what each worker would otherwise load on its first
    files: rule plugins, rule packs, the section grammar, the readers of the formats present and
    their libraries (about 0.3 s of CPU per worker). Forked workers then share it. Best effort:
    nothing here may stop the run."""
    import importlib

    from .engine import lint_document
    from ..document.parse import parse
    from ..readers import EXTENSIONS, read_text

    kinds = {EXTENSIONS.get(os.path.splitext(p)[1].lower(), "text") for p in paths}
    for fmt in ("text", "markdown", "html"):
        if fmt == "text" or fmt in kinds:
            for year in (2023, 2020):
                try:
                    lint_document(parse(read_text(_WARM_SAMPLE, "<warm-up>", fmt), {"year": year}))
                except Exception:
                    pass
    for kind in sorted(kinds):
        for name in (f"{_PACKAGE_ROOT}.readers.{kind}", *_WARM_LIBRARIES.get(kind, ())):
            try:
                importlib.import_module(name)
            except Exception:
                pass


@contextlib.contextmanager
def _frozen_heap(forks: bool):
    """Move what the parent holds so far (libraries, grammars, rule packs: the warm-up) out of the
    garbage collector's reach while the workers run (gc.freeze, as the gc documentation advises
    before fork). A forked worker's collections then skip those objects instead of scanning them
    again after every few files, and do not write to their pages (copy-on-write stays shared); the
    parent's collections skip them too while results come in. Undone when the pool ends."""
    if not forks:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx, args):
        self.conn, child = ctx.Pipe(duplex=True)
        self.last_beat = ctx.Value("d", 0.0, lock=False)  # time.monotonic() of the worker's last beat
        self.proc = ctx.Process(target=_worker_main, args=(child, self.last_beat, *args), daemon=True)
        self.proc.start()
        child.close()
        self.inflight: deque = deque()  # tasks sent, in order: the first is the one running
        self.started = 0.0  # when the first of them started (as far as the parent knows)

    def clock(self) -> float:
        """Since when the running file's time limit counts: its start or its last progress beat
        (an OCR'd page; the monotonic clock is system-wide, so the worker's beat compares)."""
        return max(self.started, self.last_beat.value)

    def stop(self, kill: bool = False) -> None:
        if kill:
            if self.proc.is_alive():
                self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except Exception:
                pass
        self.proc.join(timeout=None if kill else 2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _death_message(exitcode, max_memory) -> InputError:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    hint = f", or it exceeded the memory limit of {max_memory} MB (--max-memory)" if max_memory else ""
    return InputError("worker-crashed", f"the process checking this file died ({how}): the file may be "
                                        f"malformed or too large{hint}; the other files were checked")


class _Progress:
    """A one-line progress bar on a terminal stream, drawn by rich: it measures file names by
    display width (a CJK character takes two columns), so the line never wraps on a terminal.
    Redrawn at most ten times a second; removed when the run ends."""

    def __init__(self, total: int, stream):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        from rich.table import Column

        self.total, self.last = total, 0.0
        console = Console(file=stream, force_terminal=True, highlight=False,
                          width=shutil.get_terminal_size((80, 24)).columns)
        digits = len(str(total))

        def fixed(width: int):
            return Column(no_wrap=True, min_width=width)

        self._bar = Progress(BarColumn(bar_width=20, table_column=fixed(20)),
                             MofNCompleteColumn(table_column=fixed(2 * digits + 1)), TextColumn("files", table_column=fixed(5)),
                             TextColumn("{task.fields[rate]}", table_column=fixed(8)),
                             TimeRemainingColumn(table_column=fixed(7)),
                             TextColumn("{task.fields[name]}", table_column=Column(no_wrap=True)),
                             console=console, transient=True, auto_refresh=False)
        # what the name may take: the terminal less the fixed columns and the spaces between them
        self.room = max(0, console.width - (20 + 2 * digits + 1 + 5 + 8 + 7) - 6)
        self._task = self._bar.add_task("", total=total, rate="", name="")
        self._bar.start()

    def update(self, done: int, current: str = "", force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        elapsed = self._bar.tasks[0].elapsed or 0.0
        rate = f"{done / elapsed:.1f}/s" if elapsed > 0 else ""
        from rich.text import Text

        name = Text(os.path.basename(current))
        name.truncate(self.room, overflow="ellipsis")  # by display width: CJK takes two columns
        self._bar.update(self._task, completed=done, rate=rate, name=name.plain)
        self._bar.refresh()

    def close(self) -> None:
        self._bar.update(self._task, completed=self.total)
        self._bar.stop()


def _want_progress(flag: Optional[bool], total: int, stream) -> bool:
    if flag is not None:
        return flag and total > 0
    try:
        tty = stream.isatty()
    except Exception:
        tty = False
    return tty and total > PROGRESS_MIN_FILES and os.environ.get("TERM") != "dumb"


class _Timeout(BaseException):
    """Raised by the SIGALRM of `_InProcessLimits`; a BaseException, so that no `except Exception`
    of a reader or rule takes it for the file's own failure."""


class _InProcessLimits:
    """The time and memory limits of one file linted in this process (see the module docstring):
    RLIMIT_AS lowered to `max_memory` MB for the duration (skipped when this process already uses
    more), a SIGALRM after `timeout` seconds (main thread only). Both are undone on exit."""

    def __init__(self, timeout: float, max_memory):
        self.timeout, self.max_memory = timeout, max_memory
        self.saved_limit = self.saved_handler = None

    def __enter__(self):
        import threading

        if self.max_memory:
            try:
                import resource

                soft, hard = resource.getrlimit(resource.RLIMIT_AS)
                limit = int(self.max_memory) * 1024 * 1024
                if hard != resource.RLIM_INFINITY:
                    limit = min(limit, hard)
                if _address_space() < limit and (soft == resource.RLIM_INFINITY or limit < soft):
                    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
                    self.saved_limit = (soft, hard)
            except Exception:  # not enforceable here (non-Linux)
                self.saved_limit = None
        if self.timeout and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            def expire(signum, frame):
                raise _Timeout()

            self.saved_handler = signal.signal(signal.SIGALRM, expire)
            signal.setitimer(signal.ITIMER_REAL, self.timeout)
            # each progress beat (an OCR'd page) grants the file `timeout` seconds again
            self.listening = heartbeat.listening(lambda: signal.setitimer(signal.ITIMER_REAL, self.timeout))
            self.listening.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.saved_handler is not None:
            self.listening.__exit__(None, None, None)
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.saved_handler)
        if self.saved_limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self.saved_limit)


def _address_space() -> int:
    """Bytes of address space this process maps now (Linux), or 0 when unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _options_list(paths: list, options) -> list:
    if options is None or isinstance(options, LintOptions):
        one = options or LintOptions()
        return [one] * len(paths)
    if callable(options):
        return [options(p) for p in paths]
    return [options[p] for p in paths]


class _Slots:
    """Results by input index. Streaming (`on_result` given): each result is handed on in input
    order as soon as it and every file before it are done, then only a stub (path, error) and the
    year facts' pairing fields stay in memory; the whole facts wait in a spool file for the
    cross-year pass. So the parent's memory does not grow with the number of files."""

    def __init__(self, size: int, count: int, on_result=None):
        self.items: list = [None] * size
        self.count, self.on_result = count, on_result  # `count`: the files checked (not --previous)
        self.next = 0
        self.spool = _FactsSpool() if on_result is not None else None

    def __getitem__(self, index):
        return self.items[index]

    def __setitem__(self, index, value) -> None:
        self.items[index] = value
        if self.on_result is None:
            return
        while self.next < self.count and self.items[self.next] is not None:
            result, facts = self.items[self.next]
            self.on_result(self.next, result)
            stub = FileResult(path=result.path, error=result.error, seconds=result.seconds)
            self.items[self.next] = (stub, self.spool.put(self.next, facts))
            self.next += 1

    def full_facts(self, index):
        value = self.items[index][1]
        return self.spool.get(index) if self.spool is not None and index < self.count else value


class _PairingFacts:
    """The fields of YearFacts that pairing reads (pairing.pair_reports, comparable), in slots."""

    __slots__ = ("path", "agency", "agency_key", "year", "edition", "format")

    def __init__(self, facts):
        for name in self.__slots__:
            setattr(self, name, getattr(facts, name))


class _FactsSpool:
    """Year facts written to an anonymous temporary file, read back only for the reports the
    cross-year pass compares; in memory stay the pairing fields (agency, year, edition, format)."""

    def __init__(self):
        import tempfile

        self.file = tempfile.TemporaryFile()
        self.where: dict = {}

    def put(self, index: int, facts):
        if facts is None:
            return None
        import pickle

        blob = pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        self.file.seek(0, os.SEEK_END)
        self.where[index] = (self.file.tell(), len(blob))
        self.file.write(blob)
        return _PairingFacts(facts)

    def get(self, index: int):
        import pickle

        if index not in self.where:
            return None
        offset, size = self.where[index]
        self.file.seek(offset)
        return pickle.loads(self.file.read(size))


def run_batch(paths, options=None, batch: Optional[BatchOptions] = None, *,
              lint: Callable = lint_file, progress_stream=None,
              on_result: Optional[Callable[[int, FileResult], None]] = None) -> BatchRun:
    """Lint `paths` (files, already discovered) and run the cross-year pass. Never raises for a
    bad file: unreadable, crashing, hanging and memory-hungry files become their FileResult.error.

    `options` is one LintOptions for every file, or per file a mapping or function path ->
    LintOptions (config files apply per folder). `lint(path, options) -> FileResult` is the
    per-file function (default: engine.lint_file); it must be importable by name where the
    platform spawns workers instead of forking them.

    `on_result(index, result)`: stream the results. Each file's FileResult is passed in input
    order as soon as it is done (files are then dispatched in input order, so few wait), and is
    not kept: `BatchRun.results` holds stubs (path, error) whose `findings` are only those of the
    cross-year pass, added once every file is done."""
    batch = batch or BatchOptions()
    paths = [str(p) for p in paths]
    per_file = _options_list(paths, options)
    started = time.perf_counter()
    tasks = [(i, p, False) for i, p in enumerate(paths)]
    prev_index = None
    if batch.previous:
        prev_index = len(tasks)
        tasks.append((prev_index, str(batch.previous), True))
        # the previous report has its own year and edition: never the --year/--edition of this one
        base = per_file[0] if per_file else LintOptions()
        per_file.append(dataclasses.replace(base, year=None, edition=None))
    stream = progress_stream if progress_stream is not None else sys.stderr
    bar = _Progress(len(paths), stream) if _want_progress(batch.progress, len(paths), stream) else None
    slots = _Slots(len(tasks), len(paths), on_result)
    timeout = float(batch.timeout or 0)
    jobs = batch.jobs or default_jobs()
    # year facts are only needed when there is something to pair
    want_facts = batch.cross_year and (len(paths) > 1 or prev_index is not None)
    run = BatchRun(results=[])
    try:
        single = len(tasks) == 1 and not batch.isolate
        if batch.scheduler:
            _run_dask(tasks, slots, run, per_file, lint, batch, bar, want_facts)
        elif single or (jobs == 1 and not timeout and not batch.max_memory):
            run.jobs = 0
            for n, (index, path, is_prev) in enumerate(tasks):
                if bar:
                    bar.update(n, path)
                try:
                    with _InProcessLimits(timeout, batch.max_memory):
                        result, facts, _ = _process(path, per_file[index], lint, True, batch.max_memory, want_facts)
                except _Timeout:
                    result, facts = FileResult(path=path, seconds=timeout, error=InputError(
                        "timeout", f"checking took longer than {timeout:g} s and was stopped (--timeout)")), None
                slots[index] = (result, facts)
        else:
            run.jobs = max(1, min(jobs, len(tasks)))
            forks = _context().get_start_method() == "fork"
            if run.jobs > 1 and forks:
                _warm_up(paths)
            with _frozen_heap(forks):
                _run_pool(tasks, slots, run, per_file, lint, batch, timeout, bar, want_facts,
                          in_order=on_result is not None)
    finally:
        if bar:
            bar.close()
    run.results = [slots[i][0] for i in range(len(paths))]
    run.facts = [slots[i][1] for i in range(len(paths))]
    if batch.cross_year:
        previous = slots[prev_index] if prev_index is not None else None
        pairs, notes = cross_year_pass(run.results, run.facts, per_file, previous, batch.previous,
                                       full_facts=slots.full_facts)
        run.pairs.update(pairs)
        run.notes.extend(notes)
    run.seconds = time.perf_counter() - started
    return run


def _remote(path: str, options: LintOptions, lint: Callable, keep_documents: bool, want_facts: bool) -> tuple:
    """One file on a Dask worker: what a local worker sends back (FileResult made picklable, facts)."""
    result, facts, _ = _process(path, options, lint, keep_documents, None, want_facts)
    return result, facts


class SchedulerError(Exception):
    """The Dask scheduler cannot be used: the extra is not installed or the address does not answer."""


def _run_dask(tasks, slots, run, per_file, lint, batch, bar, want_facts) -> None:
    """Check the files on the workers of an existing Dask distributed cluster (`--scheduler`).

    Each file is one task running the same per-file function as a local worker; results are
    stored by input index, so the output is the same as a local run's. The workers must see the
    files at the same paths (a shared file system) and have xxgk-lint installed. Time and memory
    limits are the cluster's own (Dask's worker memory limits; a task that raises is that file's
    error): a Dask worker runs tasks in threads, where a per-file alarm or address-space limit
    cannot be set."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SchedulerError("--scheduler needs Dask distributed: pip install 'xxgk-lint[dask]'") from None
    try:
        client = Client(batch.scheduler, timeout=10, set_as_default=False)
    except Exception as exc:
        raise SchedulerError(f"cannot connect to the Dask scheduler at {batch.scheduler} "
                             f"({type(exc).__name__}: {exc})") from None
    try:
        run.jobs = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        futures = {}
        for index, path, _ in tasks:
            future = client.submit(_remote, path, per_file[index], lint, batch.keep_documents, want_facts,
                                   pure=False, key=f"xxgk-lint-{index}-{os.getpid()}-{time.monotonic_ns()}")
            futures[future] = (index, path)
        done = 0
        for future in as_completed(list(futures), loop=client.loop):
            index, path = futures[future]
            try:
                result, facts = future.result()
            except Exception as exc:  # the task failed on the worker (or the worker died)
                result, facts = FileResult(path=path, error=InputError(
                    "worker-crashed", f"the Dask task checking this file failed ({type(exc).__name__}: {exc})")), None
            try:
                slots[index] = (result, facts)
            except Exception as exc:  # writing the streamed output failed: not the scheduler's fault
                raise _NotTheScheduler(exc) from exc
            done += 1
            if bar:
                bar.update(done, path)
    except SchedulerError:
        raise
    except _NotTheScheduler as wrapped:
        raise wrapped.exc from None
    except Exception as exc:  # the scheduler went away in the middle of the run
        raise SchedulerError(f"the Dask scheduler at {batch.scheduler} failed ({type(exc).__name__}: {exc})") from None
    finally:
        try:
            client.close()
        except Exception:
            pass


class _NotTheScheduler(Exception):
    """Carries an exception raised by our own handling of a result out of the Dask loop, whose
    other exceptions mean the scheduler failed."""

    def __init__(self, exc: BaseException):
        super().__init__(str(exc))
        self.exc = exc


IN_FLIGHT = 2  # tasks sent to a worker ahead: it starts the next file without waiting for the parent
_COST = {".pdf": 4, ".docx": 2}  # relative cost per byte, for the dispatch order


def _cost(path: str) -> float:
    try:
        size = os.path.getsize(path)
    except OSError:
        return 0.0
    return size * _COST.get(os.path.splitext(path)[1].lower(), 1)


def _run_pool(tasks, slots, run, per_file, lint, batch, timeout, bar, want_facts, in_order: bool = False) -> None:
    """Run `tasks` in `run.jobs` worker processes. Largest files are dispatched first, so that a
    big PDF does not start last and keep one worker busy while the others are idle (the results
    are stored by index: the output order does not depend on this); `in_order` (streaming)
    dispatches in input order, so that results wait for few earlier files."""
    ctx = _context()
    args = (per_file, lint, batch.keep_documents, batch.max_memory, want_facts)
    queue = deque(tasks if in_order else sorted(tasks, key=lambda t: -_cost(t[1])))
    workers: list = []
    done = 0
    total = sum(1 for t in tasks if not t[2])

    def finish(w, result, facts, rss=0) -> None:
        nonlocal done
        task = w.inflight.popleft()
        slots[task[0]] = (result, facts)
        w.started = time.monotonic()  # the worker goes on with the next task it holds
        if rss:
            run.worker_memory.setdefault(w.proc.pid, []).append(rss)
        if not task[2]:
            done += 1
        if bar:
            bar.update(done, result.path, force=done == total)

    def replace(w, kill: bool) -> None:
        """Stop `w`; its tasks not yet started go back to the front of the queue."""
        workers.remove(w)
        w.stop(kill=kill)
        queue.extendleft(reversed(w.inflight))
        w.inflight.clear()
        if queue and len(workers) < run.jobs:
            workers.append(_Worker(ctx, args))

    # OCR in a worker uses its share of the cores, not all of them (workers inherit the variable)
    saved_threads = os.environ.get(THREADS_ENV)
    os.environ[THREADS_ENV] = str(max(1, (os.cpu_count() or 1) // max(1, run.jobs)))
    try:
        for _ in range(run.jobs):
            workers.append(_Worker(ctx, args))
        while queue or any(w.inflight for w in workers):
            for w in list(workers):
                while len(w.inflight) < IN_FLIGHT and queue:
                    task = queue.popleft()
                    try:
                        w.conn.send(task)
                    except (OSError, ValueError):  # died while idle: put the task back
                        queue.appendleft(task)
                        replace(w, kill=True)
                        break
                    if not w.inflight:
                        w.started = time.monotonic()
                    w.inflight.append(task)
            if not workers and queue:  # every worker gone and none replaced: start one
                workers.append(_Worker(ctx, args))
                continue
            busy = [w for w in workers if w.inflight]
            if not busy:
                continue
            wait_for = 0.1 if bar else None
            if timeout:
                left = min(w.clock() + timeout for w in busy) - time.monotonic()
                wait_for = max(0.0, left if wait_for is None else min(left, wait_for))
            mp_wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], wait_for)
            for w in busy:
                # only receiving is guarded here: what `finish` does with a result (streamed
                # output writing to a closed pipe, say) is no fault of this worker or its file
                received, unreadable = [], None
                try:
                    while len(received) < len(w.inflight) and w.conn.poll():
                        received.append(w.conn.recv())
                        if received[-1][4]:  # out of memory: the worker has left
                            break
                except (EOFError, OSError):
                    pass
                except Exception as exc:  # a result that cannot be unpickled
                    unreadable = exc
                for _, result, facts, rss, _oom in received:
                    finish(w, result, facts, rss)
                if unreadable is not None:
                    finish(w, FileResult(path=w.inflight[0][1], error=InputError(
                        "internal", f"result could not be read back ({type(unreadable).__name__}: {unreadable})")), None)
                    replace(w, kill=True)
                    continue
                if received and received[-1][4]:
                    replace(w, kill=False)
                    continue
                if not w.inflight:
                    continue
                if not w.proc.is_alive():
                    w.proc.join()
                    finish(w, FileResult(path=w.inflight[0][1],
                                         error=_death_message(w.proc.exitcode, batch.max_memory)), None)
                    replace(w, kill=True)
                    continue
                now = time.monotonic()
                if timeout and now - w.clock() > timeout:
                    finish(w, FileResult(path=w.inflight[0][1], seconds=now - w.started, error=InputError(
                        "timeout", f"checking took longer than {timeout:g} s and was stopped (--timeout)")), None)
                    replace(w, kill=True)
            if bar:
                current = next((w.inflight[0][1] for w in workers if w.inflight), "")
                bar.update(done, current)
    finally:
        for w in workers:
            w.stop(kill=bool(w.inflight))
        if saved_threads is None:
            os.environ.pop(THREADS_ENV, None)
        else:
            os.environ[THREADS_ENV] = saved_threads
