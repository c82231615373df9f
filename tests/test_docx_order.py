"""DOCX findings come in document order (a DOCX has no pages or lines to sort by: the place in
the document text orders them)."""
from __future__ import annotations

from conftest import FIXTURES
from xxgk_lint.run.engine import lint_file


def test_docx_findings_follow_the_document():
    result = lint_file(str(FIXTURES / "docx" / "report.docx"))
    assert len(result.findings) >= 3 and all(f.offset is not None for f in result.findings)
    doc = result.document
    # each finding's place, looked up again in the document text, never goes backwards
    places = [f.offset for f in result.findings]
    assert places == sorted(places)
    paragraphs = [f.location.paragraph for f in result.findings if f.location.paragraph is not None]
    assert paragraphs == sorted(paragraphs)
    assert all(doc.locate(f.offset, f.offset + 1) == f.location for f in result.findings if f.location.paragraph)
