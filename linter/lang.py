"""The language of what people read besides the findings (rule documentation, the summary line):
Chinese for clerks, English kept for developers. `--lang zh|en`; the default comes from the
locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE): English only when it clearly asks for English,
Chinese when unsure."""
from __future__ import annotations

import os

LANGS = ("zh", "en")


def default_lang(environ=None) -> str:
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = (env.get(var) or "").strip()
        if not value:
            continue
        return "en" if value.lower().startswith("en") else "zh"
    return "zh"
