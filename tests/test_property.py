"""Property tests: random and mutated documents never make the text readers, the grammar, the
table readers or the rules raise (a bad report is findings or an input error, never a crash)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from xxgk_lint.run.engine import lint_document
from xxgk_lint.errors import InputError
from xxgk_lint.document.parse import parse
from xxgk_lint.readers import read_text

CLEAN = (FIXTURES / "clean_2023.txt").read_text(encoding="utf-8")
ALPHABET = st.sampled_from(list("一二三四五六、（）()0123456789 \t\n|年月日至统计期限总计其他处理不予公开复议诉讼情况报告") + ["\u3000", "—", "/"])


def _lint(text: str, fmt: str = "text") -> None:
    try:
        raw = read_text(text, fmt=fmt)
    except InputError:  # an empty or unreadable document is an input error: allowed
        return
    doc = parse(raw)
    for finding in lint_document(doc):
        assert finding.code and finding.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_random_report_like_text(text):
    _lint(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(CLEAN) - 1), st.integers(0, 200), st.text(alphabet=ALPHABET, max_size=30))
def test_mutated_clean_report(pos, cut, insert):
    _lint(CLEAN[:pos] + insert + CLEAN[pos + cut:])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_unicode(text):
    _lint(text)
