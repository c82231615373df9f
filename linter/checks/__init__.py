"""Built-in rules. Each module exports `RULES`, a list of Rule classes, registered through the
`xxgk_lint.rules` entry-point group exactly like a third-party plugin (see linter/registry.py)."""
