"""Rule discovery and selection.

Rules are found through the `xxgk_lint.rules` entry-point group: each entry point names a Rule
class or a list of them. The built-in rules are entry points of this distribution, exactly like
a third-party plugin, and one broken plugin cannot stop the run (it is reported and skipped).
Selection follows ruff: codes or code prefixes (`ARI`, `ARI001`), rule names, or `ALL`.
"""
from __future__ import annotations

import functools
import sys
from importlib.metadata import entry_points

GROUP = "xxgk_lint.rules"
BUILTIN_MODULES = ("structure", "inputs", "period", "arithmetic", "placeholders", "consistency", "content",
                   "dates", "crossyear")


def _from_entry_points() -> tuple:
    rules, problems = [], []
    for ep in entry_points(group=GROUP):
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not kill the run
            problems.append(f"xxgk-lint: rule plugin {ep.name!r} could not be loaded: {exc}")
            continue
        rules.extend(obj if isinstance(obj, (list, tuple)) else [obj])
    return rules, problems


@functools.lru_cache(maxsize=None)
def all_rules() -> tuple:
    """Every registered Rule class, sorted by code (duplicates by code: first one wins)."""
    rules, problems = _from_entry_points()
    loaded = {getattr(r, "__module__", "") for r in rules}
    # built-ins are registered as entry points; when running from a source tree that was never
    # installed there are none, so fall back to importing them directly.
    for name in BUILTIN_MODULES:
        module = f"{__package__}.{name}"
        if module not in loaded:
            mod = __import__(module, fromlist=["RULES"])
            rules.extend(mod.RULES)
    for message in problems:
        print(message, file=sys.stderr)
    seen, out = set(), []
    for rule in rules:
        if getattr(rule, "code", None) and rule.code not in seen:
            seen.add(rule.code)
            out.append(rule)
    return tuple(sorted(out, key=lambda r: r.code))


def rule_listing() -> list:
    """Every rule as plain data: what `xxgk-lint rules --format json` prints and `GET /api/rules` answers."""
    return [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
             "summary": r.summary, "summary_zh": getattr(r, "summary_zh", "") or None,
             "editions": list(r.editions) if r.editions else None,
             "module": r.__module__} for r in all_rules()]


# -- a rule's documentation in a language, whatever the rule (plugins may predate `lang`) --------
def rule_summary(rule, lang: str) -> str:
    """The one-line summary in `lang`; English where a rule has no Chinese one."""
    summary = getattr(rule, "summary", "") or ""
    return (getattr(rule, "summary_zh", "") or summary) if lang == "zh" else summary


def rule_docs(rule, lang: str = "en") -> str:
    """The documentation in `lang` (Rule.docs); a plugin rule with the one-argument docs() of
    older versions, or no Rule subclass at all, still gives what it has."""
    try:
        return rule.docs(lang)
    except TypeError:
        return rule.docs()
    except Exception:
        return (getattr(rule, "__doc__", None) or "").strip()


def rule_section(rule, heading: str, lang: str = "en") -> str:
    """One section of the documentation (Rule.doc_section: "Why", "What it checks"), plugin-tolerant."""
    try:
        return rule.doc_section(heading, lang)
    except TypeError:
        return rule.doc_section(heading)
    except Exception:
        return ""


def rule_by_code(code: str):
    for rule in all_rules():
        if rule.code.upper() == code.upper() or rule.name == code:
            return rule
    return None


def _matches(rule, selector: str) -> bool:
    sel = selector.strip()
    if not sel:
        return False
    if sel.upper() == "ALL":
        return True
    return rule.code.upper().startswith(sel.upper()) or rule.name == sel


def known_selector(selector: str) -> bool:
    return any(_matches(r, selector) for r in all_rules())


def select_rules(select=None, ignore=(), extend_select=()) -> list:
    """The rule classes to run: `select` (default ALL), plus `extend_select`, minus `ignore`."""
    chosen = []
    selectors = list(select) if select else ["ALL"]
    selectors += list(extend_select or ())
    for rule in all_rules():
        if not any(_matches(rule, s) for s in selectors):
            continue
        if any(_matches(rule, s) for s in ignore or ()):
            continue
        chosen.append(rule)
    return chosen
