"""Globs: the one glob syntax of xxgk-lint, for config files (`per-file-ignores`, `overrides`,
`waivers`) and for `check --exclude`. (`.gitignore` files are read by pathspec, in git's dialect:
linter/run/discovery.py.) This matcher is kept rather than pathspec's gitwildmatch because the
config syntax has `{pdf,docx}` alternatives, which gitwildmatch lacks, and because an invalid glob
(`a**`, `[z-a]`, an unclosed `{`) must stop the run with a message naming it, where gitwildmatch
silently matches something or nothing.

Syntax (`compile_glob`), over `/`-separated paths, case-sensitive:

    *  ?            any characters / one character within one path segment
    **              a whole path segment: any number of segments, zero included
                    (`a/**/b` matches `a/b`); `**` inside a segment (`a**`) is an error
    [abc] [a-z]     a character class; `[!abc]` or `[^abc]` the complement; a `]` right after
                    `[` (or `[!`) stands for itself; a `/` in a class is dropped
    {pdf,docx}      alternatives (not nested)
    \\x              the character x itself

Anything else stands for itself. Errors are ValueErrors naming the glob.

`Glob` is a glob of a config file or of `--exclude`, matched against a path relative to a folder
(the config file's folder; for `--exclude` see linter/discovery.py):

- `\\` is read as `/` (a path separator, so these globs have no escapes) and a leading `./` is
  dropped; `..` is not allowed (a glob cannot climb out of its folder);
- a glob without `/` matches at any depth, like .gitignore: `*.pdf` is `**/*.pdf`; a leading `/`
  anchors it to the folder (`/a.pdf` is only the top-level one);
- a trailing `/` changes nothing: a glob that matches a folder covers every file below it, so
  `legacy`, `legacy/` and `legacy/**` all match `legacy/2019/a.pdf`;
- paths outside the folder only match globs that start with `**`, against the absolute path
  (`glob_matches`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Optional


def translate(pattern: str, original: Optional[str] = None) -> str:
    """The regular expression (for `fullmatch`) of a glob in the syntax above."""
    original = pattern if original is None else original
    out, i, n, in_brace = [], 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if pattern.startswith("**", i):
            before_ok = i == 0 or pattern[i - 1] == "/"
            after = pattern[i + 2:i + 3]
            if not before_ok or after not in ("", "/"):
                raise ValueError(f"'**' must be a whole path segment in glob {original!r}")
            if after == "/":
                out.append("(?:[^/]*/)*")
                i += 3
            else:
                out.append(".*")
                i += 2
            continue
        if ch == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if ch == "[":
            regex, i = _char_class(pattern, i, original)
            out.append(regex)
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "{":
            if in_brace:
                raise ValueError(f"nested '{{' in glob {original!r}")
            in_brace = True
            out.append("(?:")
        elif ch == "}" and in_brace:
            in_brace = False
            out.append(")")
        elif ch == "," and in_brace:
            out.append("|")
        else:
            out.append(re.escape(ch))
        i += 1
    if in_brace:
        raise ValueError(f"unclosed '{{' in glob {original!r}")
    return "".join(out)


def _char_class(pattern: str, i: int, original: str) -> tuple:
    """The regex of the class starting at `pattern[i] == "["` and the index after its `]`."""
    end = class_end(pattern, i)
    if end < 0:
        raise ValueError(f"unclosed '[' in glob {original!r}")
    j = i + 1
    negate = pattern[j:j + 1] in ("!", "^")
    if negate:
        j += 1
    tokens = []  # (character, escaped): the class body
    while j < end:
        if pattern[j] == "\\" and j + 1 < end:
            tokens.append((pattern[j + 1], True))
            j += 2
        else:
            tokens.append((pattern[j], False))
            j += 1
    body, k = [], 0
    while k < len(tokens):
        ch = tokens[k][0]
        if k + 2 < len(tokens) and tokens[k + 1] == ("-", False):  # a range a-z
            last = tokens[k + 2][0]
            if ch > last:
                raise ValueError(f"bad range '{ch}-{last}' in glob {original!r}")
            body.append(f"{re.escape(ch)}-{re.escape(last)}")
            k += 3
            continue
        if ch != "/":  # a class never spans segments
            body.append(re.escape(ch))
        k += 1
    if not body:
        if negate:
            return "[^/]", end + 1
        raise ValueError(f"empty character class in glob {original!r} ('/' cannot be in a class)")
    return "[" + ("^" if negate else "") + "".join(body) + "]", end + 1


def class_end(pattern: str, i: int) -> int:
    """The index of the `]` that closes the character class opened at `pattern[i] == "["`, or -1
    when it is not closed. A `]` right after `[` or `[!`/`[^` belongs to the class; `\\]` too."""
    j = i + 1
    if pattern[j:j + 1] in ("!", "^"):
        j += 1
    if pattern[j:j + 1] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j if j < len(pattern) else -1


def compile_glob(pattern: str, original: Optional[str] = None) -> re.Pattern:
    """`translate`, compiled; a ValueError naming the glob when it is not valid."""
    regex = translate(pattern, original)
    try:
        return re.compile(regex)
    except re.error as exc:  # translate should not let one through; never a traceback
        raise ValueError(f"invalid glob {pattern if original is None else original!r}: {exc.msg}") from None


class Glob:
    """A glob of a config file or of `--exclude`, compiled (see the module docstring)."""

    def __init__(self, pattern: str, *, folder: str = "the config file's folder"):
        self.pattern = pattern
        pat = pattern.replace("\\", "/")
        if ".." in pat.split("/"):
            raise ValueError(f"'..' is not allowed in glob {pattern!r} (globs are relative to {folder})")
        while pat.startswith("./"):
            pat = pat[2:]
        pat = pat.rstrip("/") or "**"
        if "/" not in pat:
            pat = "**/" + pat
        elif pat.startswith("/"):
            pat = pat.lstrip("/")
        self.anchored_outside = pat.startswith("**")
        self.regex = compile_glob(pat, pattern)

    def matches(self, rel: str) -> bool:
        """True when the path (relative, `/`-separated) or one of its folders matches."""
        if self.regex.fullmatch(rel):
            return True
        parts = rel.split("/")
        return any(self.regex.fullmatch("/".join(parts[:i])) for i in range(1, len(parts)))

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"


def split_globs(values: Iterable) -> list:
    """Command-line glob values (repeatable, comma-separated) into globs; a comma inside `{…}`
    separates alternatives, not globs."""
    out = []
    for value in values or ():
        depth, current = 0, []
        for ch in str(value):
            if ch == "," and depth == 0:
                out.append("".join(current))
                current = []
                continue
            depth += ch == "{"
            depth -= ch == "}" and depth > 0
            current.append(ch)
        out.append("".join(current))
    return [g.strip() for g in out if g.strip()]


def _posix_abs(path: str) -> str:
    return Path(os.path.abspath(path)).as_posix()


def relative_to(path: str, root: Path) -> Optional[str]:
    """`path` relative to folder `root`, `/`-separated; None when it lies outside."""
    try:
        rel = Path(os.path.relpath(os.path.abspath(path), str(root))).as_posix()
    except ValueError:  # another drive (Windows)
        return None
    if rel == ".." or rel.startswith("../") or os.path.isabs(rel):
        return None
    return rel


def glob_matches(globs, path: str, root: Path) -> bool:
    """True when one of `globs` matches `path` as a glob of folder `root`: its path relative to
    `root` or one of its folders below `root`; a path outside `root` only by a glob starting with
    `**`, against the absolute path."""
    rel = relative_to(path, root)
    for glob in globs:
        if rel is not None:
            if glob.matches(rel):
                return True
        elif glob.anchored_outside and glob.regex.fullmatch(_posix_abs(path).lstrip("/")):
            return True
    return False
