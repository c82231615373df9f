"""File discovery: which files `xxgk-lint check PATH…` checks (`discover`).

A path named on the command line is checked whatever its extension. A folder is walked in sorted
order and yields the files with a report extension (linter/readers: .txt .text .md .markdown
.html .htm .xhtml .pdf .docx), skipping hidden files and folders (a name starting with "."),
Office lock files (`~$…`), and what the `.gitignore` files of the folder and of its parents up to
the repository root ignore. `--exclude GLOB` removes files and folders: a glob without "/"
matches a file or folder name at any depth ("drafts", "*.md"), one with "/" matches the path
below the folder named on the command line ("2019/*.pdf") or the path as given; it applies to
paths named on the command line too. Each file is checked once.
"""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass

from .readers import REPORT_EXTENSIONS


def _glob_regex(pattern: str) -> str:
    """A gitignore glob as a regex over "/"-separated paths."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == n:
            out.append("/.*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1:j].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


@dataclass
class _IgnoreRule:
    base: str  # folder of the .gitignore (absolute)
    regex: re.Pattern
    negate: bool
    dir_only: bool
    anchored: bool


def _read_gitignore(folder: str) -> list:
    path = os.path.join(folder, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return []
    rules = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        line = line.rstrip() if not line.endswith("\\ ") else line
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:] if line[1:2] in ("#", "!") else line
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        rules.append(_IgnoreRule(folder, re.compile(_glob_regex(line) + r"\Z"), negate, dir_only, anchored))
    return rules


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
        for folder in folders:
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            name = rel.rsplit("/", 1)[-1]
            for rule in self.rules_for(folder):
                if rule.dir_only and not is_dir:
                    continue
                target = rel if rule.anchored else name
                if rule.regex.match(target):
                    verdict = not rule.negate
        return verdict


def _split_globs(globs) -> list:
    out = []
    for g in globs or ():
        out.extend(p.strip() for p in str(g).split(",") if p.strip())
    return out


def _excluded(globs: list, name: str, rel: str, given: str) -> bool:
    for glob in globs:
        g = glob[2:] if glob.startswith("./") else glob
        if "/" in g.rstrip("/"):
            g = g.rstrip("/")
            if fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(given.replace(os.sep, "/"), g) \
                    or fnmatch.fnmatchcase(given.replace(os.sep, "/"), "*/" + g):
                return True
        elif fnmatch.fnmatchcase(name, g.rstrip("/")):
            return True
    return False


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def discover(paths, exclude=(), *, respect_gitignore: bool = True) -> list:
    """The files to check, in a stable order: command-line order, and the files of a folder sorted
    by their path below it, folder by folder ("0/a.txt" before "b.txt", as `find | sort` would)."""
    globs = _split_globs(exclude)
    out, seen = [], set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            out.append(path)

    for given in paths:
        given = str(given)
        if not os.path.isdir(given):
            name = os.path.basename(given.rstrip("/\\"))
            if not _excluded(globs, name, name, given):
                add(given)
            continue
        ignore = _GitIgnore(given) if respect_gitignore else None
        found = []
        for folder, dirs, files in os.walk(given):
            rel_folder = os.path.relpath(folder, given)
            rel_folder = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
            keep = []
            for d in sorted(dirs):
                full = os.path.join(folder, d)
                if _hidden(d) or _excluded(globs, d, rel_folder + d, full):
                    continue
                if ignore is not None and ignore.ignored(full, True):
                    continue
                keep.append(d)
            dirs[:] = keep
            for f in sorted(files):
                if _hidden(f) or not f.lower().endswith(REPORT_EXTENSIONS):
                    continue
                full = os.path.join(folder, f)
                if _excluded(globs, f, rel_folder + f, full):
                    continue
                if ignore is not None and ignore.ignored(full, False):
                    continue
                found.append((tuple((rel_folder + f).split("/")), full))
        for _, full in sorted(found):
            add(full)
    return out
