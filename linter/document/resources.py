"""Where the data shipped with the package lives: rule packs and grammars.

In a wheel they are inside the package (`linter/_data/rules`, `linter/_data/grammars`, put there by
the build); in a source checkout or editable install they are the top-level `rules/` and
`grammars/` folders of the repository. Both are data, never imported as Python modules.
"""
from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # the package root (linter/ in a checkout)


@functools.lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """The folder of shipped data `name` ("rules" or "grammars")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"xxgk-lint data folder {name!r} is missing from the installation")
