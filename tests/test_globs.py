"""The one glob syntax (linter/run/globs.py) of config files and `--exclude`: the cases the config's
globs and the --exclude/.gitignore matcher of the batch both supported, what each had alone, and
what neither could read (a `]` first in a class, a bad range: errors, never a traceback)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from xxgk_lint.run.globs import Glob, compile_glob, glob_matches, split_globs, translate


@pytest.mark.parametrize("pattern, path, expected", [
    # a glob without "/" is a name at any depth (both)
    ("*.pdf", "a.pdf", True),
    ("*.pdf", "x/y/a.pdf", True),
    ("*.pdf", "a.txt", False),
    ("drafts", "drafts/v.txt", True),
    ("drafts", "a/drafts/v.txt", True),
    ("drafts", "drafts.txt", False),
    # a trailing "/" is a folder; a folder covers the files below it (both)
    ("legacy/", "legacy/a.pdf", True),
    ("deeper/", "sub/deeper/y.htm", True),
    ("legacy", "legacy/2019/a.pdf", True),
    ("reports/2019", "reports/2019/x/a.pdf", True),
    # "*" and "?" stay within one segment
    ("reports/*.pdf", "reports/a.pdf", True),
    ("reports/*.pdf", "reports/x/a.pdf", False),
    ("sub/deeper/*", "sub/deeper/y.htm", True),
    ("r?.txt", "r1.txt", True),
    ("r?.txt", "r12.txt", False),
    ("r?.txt", "r/.txt", False),
    # "**": any number of segments, zero included
    ("reports/**/*.pdf", "reports/a.pdf", True),
    ("reports/**/*.pdf", "reports/x/y/a.pdf", True),
    ("reports/**", "reports/x/y/a.pdf", True),
    ("reports/**", "other/a.pdf", False),
    ("**/deeper/**", "sub/deeper/y.htm", True),
    ("**/deeper/**", "deeper/y.htm", True),
    ("**/2023/*.txt", "x/2023/a.txt", True),
    ("**/2023/*.txt", "2023/a.txt", True),
    ("**", "a/b.txt", True),
    # a glob with "/" is anchored: never a suffix match
    ("2019/*.pdf", "2019/a.pdf", True),
    ("2019/*.pdf", "reports/2019/a.pdf", False),
    ("/sub/a.txt", "sub/a.txt", True),
    ("/a.txt", "sub/a.txt", False),
    ("./sub/a.txt", "sub/a.txt", True),
    ("sub\\a.txt", "sub/a.txt", True),  # "\" is a separator
    # classes, alternatives
    ("r[0-9].txt", "r7.txt", True),
    ("r[!0-9].txt", "r7.txt", False),
    ("r[!0-9].txt", "ra.txt", True),
    ("r[^0-9].txt", "ra.txt", True),  # "^" negates too (fnmatch read it as a character)
    ("r[^0-9].txt", "r7.txt", False),
    ("r[]x].txt", "r].txt", True),  # "]" first in a class stands for itself
    ("r[!]x].txt", "r].txt", False),
    ("r[!]x].txt", "ry.txt", True),
    ("r[-a].txt", "r-.txt", True),
    ("r[a-].txt", "r-.txt", True),
    ("r[!/].txt", "ra.txt", True),
    ("*.{pdf,docx}", "d/r.docx", True),
    ("*.{pdf,docx}", "d/r.html", False),
    ("{reports,archive}/*.pdf", "archive/a.pdf", True),
    ("a}b,c", "a}b,c", True),  # outside braces "}" and "," are characters
    ("Reports/*.txt", "reports/a.txt", False),  # case-sensitive
    ("[[]draft].txt", "[draft].txt", True),  # a literal "[" is a class
])
def test_glob(pattern, path, expected):
    assert Glob(pattern).matches(path) is expected


@pytest.mark.parametrize("pattern, needle", [
    ("a**b", "whole path segment"),
    ("x/**y", "whole path segment"),
    ("r[0-9.txt", "unclosed '['"),
    ("r[].txt", "unclosed '['"),
    ("{a,b", "unclosed '{'"),
    ("{a,{b,c}}", "nested"),
    ("../x/*.txt", "'..'"),
    ("a/../b", "'..'"),
    ("r[z-a].txt", "bad range"),
    ("r[/].txt", "empty character class"),
])
def test_bad_glob_is_a_value_error_naming_it(pattern, needle):
    with pytest.raises(ValueError) as info:
        Glob(pattern)
    assert needle in str(info.value) and repr(pattern) in str(info.value)


def test_dot_dot_message_names_the_folder():
    with pytest.raises(ValueError, match="relative to the folder checked"):
        Glob("../x", folder="the folder checked")


def test_translate_reads_backslash_as_an_escape():
    # the core syntax has escapes (.gitignore uses them); Glob turns "\" into "/" before
    assert re.fullmatch(translate(r"a\*b"), "a*b") and not re.fullmatch(translate(r"a\*b"), "axb")
    assert re.fullmatch(translate(r"\{a,b\}"), "{a,b}")
    assert re.fullmatch(translate(r"[\]]"), "]")
    assert compile_glob("**/x").fullmatch("x")


def test_no_slash_glob_is_a_name_at_any_depth_and_a_slash_glob_is_anchored():
    assert Glob("*.pdf").anchored_outside and not Glob("a/*.pdf").anchored_outside
    assert Glob("**/a/*.pdf").anchored_outside


def test_glob_matches_relative_to_a_folder_and_outside_it(tmp_path):
    root = tmp_path / "proj"
    inside, outside = str(root / "a" / "r.pdf"), str(tmp_path / "other" / "r.pdf")
    assert glob_matches([Glob("a/*.pdf")], inside, root)
    assert glob_matches([Glob("a")], inside, root)  # folder covers the file
    assert not glob_matches([Glob("a/*.pdf")], outside, root)
    assert glob_matches([Glob("*.pdf")], outside, root)  # "**/*.pdf", against the absolute path
    assert glob_matches([Glob("**/other/*.pdf")], outside, root)
    assert not glob_matches([Glob("other/*.pdf")], outside, Path(root))


@pytest.mark.parametrize("values, expected", [
    (["a,b", "c"], ["a", "b", "c"]),
    (["*.md,sub/deeper/*"], ["*.md", "sub/deeper/*"]),
    (["*.{md,txt},drafts"], ["*.{md,txt}", "drafts"]),  # a comma in braces separates alternatives
    ([" a , ,b "], ["a", "b"]),
    ([], []),
])
def test_split_globs(values, expected):
    assert split_globs(values) == expected
