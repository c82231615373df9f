"""Progress beats from deep inside a file's read, so that the per-file time limit can tell a long
job that is moving from a hang.

Why: `--timeout` protects a batch from a file that hangs, but a scanned report is slow by nature
(OCR costs seconds a page, more on a loaded machine): a 40-page scan must not be stopped at 60 s
when every page moves on. So the OCR step calls `beat()` before each page or picture it reads,
and whoever enforces the limit (linter/run/batch.py: the parent of a worker process, or the alarm
of a file checked in-process) restarts the file's clock on each beat. A hang still ends after
`timeout` seconds without a beat: the limit then guards each page instead of the whole file.

A beat costs nothing when no limit listens (a plain library call).
"""
from __future__ import annotations

import contextlib
from typing import Callable, Optional

_listener: Optional[Callable[[], None]] = None


def beat() -> None:
    """Tell the limit enforcer that the current file made progress (a page is about to be read)."""
    if _listener is not None:
        _listener()


@contextlib.contextmanager
def listening(callback: Callable[[], None]):
    """Call `callback` on every `beat()` while the block runs (one listener per process)."""
    global _listener
    saved, _listener = _listener, callback
    try:
        yield
    finally:
        _listener = saved
