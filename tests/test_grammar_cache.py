"""The built LALR parser is cached in the user's own cache folder, never under a name anyone can
predict in the shared temporary folder (lark unpickles the cache file)."""
from __future__ import annotations

import os

from xxgk_lint.document.sectioner import _cache_file


def test_cache_file_is_in_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _cache_file("start: \"a\"\n")
    assert path and os.path.dirname(path) == str(tmp_path / "xxgk-lint")
    assert (tmp_path / "xxgk-lint").stat().st_mode & 0o077 == 0  # created private
    assert _cache_file("start: \"b\"\n") != path  # another grammar, another file


def test_a_folder_others_may_write_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "xxgk-lint").mkdir(mode=0o777)
    os.chmod(tmp_path / "xxgk-lint", 0o777)
    assert _cache_file("start: \"a\"\n") is False


def test_no_writable_home_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    assert _cache_file("start: \"a\"\n") is False
