"""File discovery (linter/run/discovery.py): `--exclude` takes the config's globs (linter/run/globs.py) and
matches like a config file in the working folder or in the folder checked; `.gitignore` files
keep git's dialect on top of the same matcher. The walk itself (sorting, hidden files, parents'
.gitignore) is tested in test_batch.py."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from batch_support import write
from xxgk_lint.cli import main
from xxgk_lint.run.config import Glob
from xxgk_lint.run.discovery import discover
from xxgk_lint.run.globs import glob_matches

FILES = ["a.pdf", "g.md", "r1.txt", "ra.txt", "drafts/e.txt", "reports/a.pdf", "reports/2019/b.pdf",
         "reports/2019/x/c.pdf", "reports/x/2019/d.pdf", "reports/drafts/f.txt", "sub/deeper/h.htm",
         "archive/2019/j.pdf"]


@pytest.fixture
def proj(tmp_path, monkeypatch):
    for name in FILES:
        write(tmp_path, name, "x")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(paths, exclude=()):
    return sorted(os.path.relpath(p).replace(os.sep, "/") for p in discover(paths, exclude))


@pytest.mark.parametrize("glob", ["drafts", "drafts/", "*.md", "reports/2019", "2019", "archive/2019/*.pdf",
                                  "reports/*.pdf", "reports/**/*.pdf", "**/2019/**", "/reports", "./reports/2019",
                                  "*.{md,txt}", "r[!0-9].txt", "r[^0-9].txt", "sub/*", "{reports,archive}/2019"])
@pytest.mark.parametrize("how", ["folder", "files"])
def test_exclude_drops_what_the_same_glob_matches_in_a_config(proj, glob, how):
    """One syntax: `--exclude GLOB` from the working folder drops exactly the files that GLOB
    matches as a per-file-ignores/overrides/waivers glob of a config file in that folder,
    whether the folder is walked or the files are named (as pre-commit does)."""
    paths = ["."] if how == "folder" else FILES
    in_config = {f for f in FILES if glob_matches([Glob(glob)], f, proj)}
    assert in_config, "a glob that matches nothing tests nothing"
    assert found(paths, [glob]) == sorted(set(FILES) - in_config)


def test_exclude_is_also_relative_to_the_folder_checked(proj, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    assert "reports/2019/b.pdf" not in [os.path.relpath(p, proj).replace(os.sep, "/")
                                        for p in discover([str(proj)], ["reports/2019"])]
    below = [os.path.relpath(p, proj).replace(os.sep, "/") for p in discover([str(proj / "reports")], ["2019"])]
    assert below == ["reports/a.pdf", "reports/drafts/f.txt"]


def test_exclude_of_the_folder_named_and_absolute_globs(proj):
    assert found(["drafts"], ["drafts"]) == []
    assert found(["reports"], [str(proj / "reports" / "2019")]) == [
        "reports/a.pdf", "reports/drafts/f.txt", "reports/x/2019/d.pdf"]


def test_exclude_with_slash_is_anchored_and_star_stays_in_a_segment(proj):
    left = found(["."], ["2019/*.pdf", "reports/*.pdf"])
    assert "reports/2019/b.pdf" in left and "reports/x/2019/d.pdf" in left and "a.pdf" in left
    assert "reports/a.pdf" not in left


@pytest.mark.parametrize("glob, needle", [("a**", "'**' must be a whole path segment"), ("lit[", "unclosed '['"),
                                          ("../x", "'..'")])
def test_bad_exclude_glob_is_a_usage_error(proj, glob, needle):
    result = CliRunner().invoke(main, ["check", "--exclude", glob, "."])
    assert result.exit_code == 2
    assert "--exclude" in result.output and needle in result.output
    assert "Traceback" not in result.output


# -- .gitignore: git's dialect over the same matcher ---------------------------------------------------
def test_gitignore_dialect(tmp_path):
    for name in ("{a,b}.txt", "a.txt", "#x.txt", "!y.txt", "keep/c.txt", "deep/er/d.txt", "lit[.txt",
                 "r].txt", "rz.txt", "dir.txt", "deepx/d.txt", "s p.txt"):
        write(tmp_path, name, "x")
    write(tmp_path, ".gitignore", "\n".join([
        "{a,b}.txt",      # braces are characters in git
        "\\#x.txt",       # an escaped "#" is not a comment
        "\\!y.txt",       # an escaped "!" is not a re-include
        "/deep**/d.txt",  # "**" inside a segment is "*" (pathspec; git 2.x also ignores deep/er/d.txt)
        "lit[.txt",       # an unclosed "[" matches nothing, as in git
        "r[]].txt",       # "]" first in a class
        "r[z-a].txt",     # a bad range: no traceback (pathspec matches nothing; git matches rz.txt)
        "dir.txt/",       # folders only: the file dir.txt stays
        "s\\ p.txt",
    ]) + "\n")
    assert sorted(os.path.relpath(p, tmp_path).replace(os.sep, "/") for p in discover([str(tmp_path)])) == [
        "a.txt", "deep/er/d.txt", "dir.txt", "keep/c.txt", "lit[.txt", "rz.txt"]
