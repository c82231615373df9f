"""Writing a format while the files are checked, with memory that does not grow with the folder.

A streaming format module (`STREAMS = True`) has `streamer(opts)`, returning an object with
    file(result) -> str         each file's FileResult, in input order, as soon as it is done;
    cross_year(result) -> str   once every file is done, for each report compared with last
                                year's, a FileResult holding only the year-over-year findings;
    end(extra) -> iterable of str   after that: what comes last (a summary line, totals), in
                                pieces written one by one; `extra` is what the renderers get as
                                RenderOptions.extra (the cross-year pairs).
The CLI writes each returned piece at once (linter/cli.py `_Stream`) and keeps no result.

Formats whose every line depends on the whole run (the per-rule columns of csv, the previous-year
column of summary, which is only known once every report is paired) use `SpooledStreamer`: each
result is pickled to an anonymous temporary file as it comes, and at the end the format's own
`chunks` (the pieces its `render` joins) reads them back one at a time, the year-over-year findings
merged in as the batch would have (sorted into the file's findings), and each piece is written as
it comes. The output is the same bytes as rendering the whole list, and the parent holds one
result and one row at a time, whatever the number of files.
"""
from __future__ import annotations

import dataclasses
import pickle
import tempfile


class SpooledResults:
    """FileResults kept on disk in input order; iterable as many times as a renderer needs (each
    pass reads the file again) and sized, so a renderer takes it for the list of results."""

    def __init__(self):
        self._file = tempfile.TemporaryFile()
        self._count = 0
        self._extra: dict = {}  # path -> findings of the year-over-year pass

    def append(self, result) -> None:
        pickle.dump(result, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def add_cross_year(self, result) -> None:
        self._extra.setdefault(result.path, []).extend(result.findings)

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        self._file.flush()
        where = 0
        for _ in range(self._count):
            self._file.seek(where)  # each pass keeps its own place: passes may be nested
            result = pickle.load(self._file)
            where = self._file.tell()
            extra = self._extra.get(result.path)
            if extra:  # as pairing.cross_year_pass adds them: the file's findings stay sorted
                result = dataclasses.replace(result, findings=sorted(list(result.findings) + list(extra),
                                                                     key=lambda f: f.sort_key()))
            yield result

    def close(self) -> None:
        self._file.close()


class SpooledStreamer:
    """A format rendered at the end from results spooled to disk (see the module docstring):
    nothing is written per file; the end is `chunks(spooled results, opts)`, piece by piece."""

    def __init__(self, chunks, opts):
        self.chunks, self.opts = chunks, opts
        self.results = SpooledResults()

    def file(self, result) -> str:
        self.results.append(result)
        return ""

    def cross_year(self, result) -> str:
        self.results.add_cross_year(result)
        return ""

    def end(self, extra: dict):
        try:
            yield from self.chunks(self.results, dataclasses.replace(self.opts, extra=dict(extra or {})))
        finally:
            self.results.close()
