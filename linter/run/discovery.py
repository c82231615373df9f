"""File discovery: which files `xxgk-lint check PATH…` checks (`discover`).

A path named on the command line is checked whatever its extension. A folder is walked in sorted
order and yields the files with a report extension (linter/readers: .txt .text .md .markdown
.html .htm .xhtml .pdf .docx), skipping hidden files and folders (a name starting with "."),
Office lock files (`~$…`), what the `.gitignore` files of the folder and of its parents up to the
repository root ignore, and what `--exclude` excludes. Each file is checked once.

`--exclude GLOB` (repeatable, comma-separated; a comma inside `{…}` separates alternatives)
takes the globs of the config files (linter/globs.py: `*`, `?`, `**`, `[!x]`, `{a,b}`; a glob
without "/" matches at any depth; a glob matching a folder covers every file below it; an
invalid glob is a usage error). A path is excluded when a glob matches it as a glob of a config
file would, with any of these folders as the config's folder:
- the working folder: the path relative to it (`reports/2019/*.pdf`), or, for a path outside
  it, a glob starting with `**` against the absolute path. This applies to paths named on the
  command line too, so `--exclude drafts` also drops `drafts/a.pdf` named on the command line
  (as pre-commit does) and everything in `check drafts`;
- the folder named on the command line that the walk found it in: the path below that folder
  (`check reports --exclude 2019/*.pdf`);
- for a glob that is an absolute path (`/data/reports/old`), the root of the file system.

`.gitignore` files are read by pathspec (GitIgnoreSpec: git's wildmatch dialect): `#` comments,
`!` re-includes (the last matching line wins), a trailing `/` matches folders only, a pattern with
a `/` before its end is anchored to the `.gitignore`'s folder, one without matches a name at any
depth; unlike our config globs, `\\` escapes the next character and `{`/`}` stand for themselves. A folder that a `.gitignore` ignores is not entered, so a
file in it is never re-included, and a path named on the command line is never ignored.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .globs import Glob, glob_matches, relative_to, split_globs
from ..readers import REPORT_EXTENSIONS


# -- .gitignore ---------------------------------------------------------------------------------
def _read_gitignore(folder: str):
    """The `.gitignore` of `folder` as a pathspec GitIgnoreSpec (git's own wildmatch dialect and
    last-match-wins negation), or None when the folder has none."""
    import pathspec

    path = os.path.join(folder, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # a line pathspec rejects: match line by line, leaving out the bad ones
        good = []
        for line in lines:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception:  # git matches nothing with it either
                continue
            good.append(line)
        return pathspec.GitIgnoreSpec.from_lines(good)


class _GitIgnore:
    """The `.gitignore` rules that apply below a folder: those of its parents up to the repository
    root (the folder holding `.git`) and those found while walking. Last matching rule wins;
    a file in an ignored folder is never re-included (the walk does not enter the folder)."""

    def __init__(self, top: str):
        self.cache: dict = {}
        parents, folder = [], os.path.abspath(top)
        while True:
            parents.append(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                break
            up = os.path.dirname(folder)
            if up == folder:
                parents = [os.path.abspath(top)]  # not in a repository: only the folder's own files
                break
            folder = up
        self.chain = list(reversed(parents))

    def rules_for(self, folder: str) -> list:
        folder = os.path.abspath(folder)
        if folder not in self.cache:
            self.cache[folder] = _read_gitignore(folder)
        return self.cache[folder]

    def ignored(self, path: str, is_dir: bool) -> bool:
        path = os.path.abspath(path)
        folders = [f for f in self.chain if path.startswith(f + os.sep)]
        here = os.path.dirname(path)
        extra, f = [], here
        while f not in self.chain and f.startswith(self.chain[-1] + os.sep):
            extra.append(f)
            f = os.path.dirname(f)
        folders += list(reversed(extra))
        verdict = False
        for folder in folders:  # parents first: a deeper .gitignore has the last word
            spec = self.rules_for(folder)
            if spec is None:
                continue
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            include = spec.check_file(rel + "/" if is_dir else rel).include
            if include is not None:
                verdict = include
        return verdict


# -- --exclude ----------------------------------------------------------------------------------
_ABSOLUTE = re.compile(r"/|[A-Za-z]:/")  # a glob that is an absolute path (POSIX, Windows)


class Excludes:
    """The `--exclude` globs of a run (see the module docstring). ValueError for a bad glob."""

    def __init__(self, values=()):
        folder = "the working folder or the folder checked"
        self.globs = [Glob(g, folder=folder) for g in split_globs(values)]
        self.absolute = [g for g in self.globs if _ABSOLUTE.match(g.pattern.replace("\\", "/"))]
        self.cwd = Path(os.path.abspath("."))

    def named(self, path: str, folder: bool = False) -> bool:
        """Whether a path named on the command line (a file, or a folder: all of it) is excluded."""
        if not self.globs:
            return False
        if any(g.matches(_absolute(path)) for g in self.absolute):
            return True
        rel = relative_to(path, self.cwd)
        if rel is None and folder:  # outside the working folder a glob covers no folder (as in a config)
            return False
        return rel != "." and glob_matches(self.globs, path, self.cwd)

    def walking(self, folder: str) -> Callable[[str], bool]:
        """For the walk of `folder` (named on the command line and not excluded): whether a path
        below it, `/`-separated, is excluded. The walk asks about each folder before entering it,
        so only the path itself is matched here; the folders above it were matched already."""
        if not self.globs:
            return lambda below: False
        every = [g.regex for g in self.globs]
        outside = [g.regex for g in self.globs if g.anchored_outside]  # matched on the absolute path
        absolute = [g.regex for g in self.absolute]
        top = _absolute(folder)
        top = top + "/" if top else ""
        rel = relative_to(folder, self.cwd)
        inner = None if rel is not None else relative_to(str(self.cwd), folder)  # the working folder in it

        def excluded(below: str) -> bool:
            if rel is not None:  # `folder` is the working folder or below it
                cwd_rel = below if rel == "." else f"{rel}/{below}"
            elif inner is not None and below.startswith(inner + "/"):
                cwd_rel = below[len(inner) + 1:]
            elif below == inner:  # the working folder itself: no glob of it names it
                cwd_rel = ""
            else:
                cwd_rel = None
            if any(r.fullmatch(below) for r in every) or any(r.fullmatch(top + below) for r in absolute):
                return True
            if cwd_rel is None:
                return any(r.fullmatch(top + below) for r in outside)
            return bool(cwd_rel) and any(r.fullmatch(cwd_rel) for r in every)

        return excluded


def _absolute(path: str) -> str:
    """The absolute path, `/`-separated, without the leading `/` (as globs are written)."""
    return Path(os.path.abspath(path)).as_posix().lstrip("/")


# -- the walk -----------------------------------------------------------------------------------
def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def discover(paths, exclude=(), *, respect_gitignore: bool = True) -> list:
    """The files to check, in a stable order: command-line order, and the files of a folder sorted
    by their path below it, folder by folder ("0/a.txt" before "b.txt", as `find | sort` would).
    `exclude`: `--exclude` values; ValueError (naming the glob) when one is not a valid glob."""
    excludes = Excludes(exclude)
    out, seen = [], set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            out.append(path)

    for given in paths:
        given = str(given)
        if not os.path.isdir(given):
            if not excludes.named(given):
                add(given)
            continue
        if excludes.named(given, folder=True):
            continue
        excluded = excludes.walking(given)
        ignore = _GitIgnore(given) if respect_gitignore else None
        found = []
        def unreadable(exc: OSError) -> None:
            # a folder that cannot be listed is checked as a file would be: the reader gives it
            # its one-line error ("folder cannot be read"), so the run names it and exits 2
            if exc.filename is not None:  # (excluded and ignored folders are never entered)
                rel = os.path.relpath(exc.filename, given).replace(os.sep, "/")
                found.append((tuple(rel.split("/")) if rel != "." else (), exc.filename))

        for folder, dirs, files in os.walk(given, onerror=unreadable):
            rel_folder = os.path.relpath(folder, given)
            rel_folder = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
            keep = []
            for d in sorted(dirs):
                full = os.path.join(folder, d)
                if _hidden(d) or excluded(rel_folder + d):
                    continue
                if ignore is not None and ignore.ignored(full, True):
                    continue
                keep.append(d)
            dirs[:] = keep
            for f in sorted(files):
                if _hidden(f) or not f.lower().endswith(REPORT_EXTENSIONS):
                    continue
                if excluded(rel_folder + f):
                    continue
                full = os.path.join(folder, f)
                if ignore is not None and ignore.ignored(full, False):
                    continue
                found.append((tuple((rel_folder + f).split("/")), full))
        for _, full in sorted(found):
            add(full)
    return out
