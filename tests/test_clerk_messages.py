"""What a clerk reads is plain Chinese (issue 12): no English words or internal keys in the
messages of the findings on the real reports of ../shared/corpus (rule codes aside), the same
check ../shared/hooks/before-stop makes; and input errors name the file."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from conftest import CORPUS, need_shared
from xxgk_lint.cli import main

ENGLISH = re.compile(r"[A-Za-z][A-Za-z_:-]{3,}")
RULE_CODE = re.compile(r"[A-Z]{3}[0-9]{3}")


def english_words(message: str) -> list:
    return [w for w in ENGLISH.findall(message) if not RULE_CODE.fullmatch(w)]


def test_corpus_messages_have_no_english_words():
    need_shared(CORPUS / "labels.json")
    files = sorted(str(p) for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf"))
    res = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", *files])
    data = json.loads(res.stdout)
    found = [f for entry in data["files"] for f in entry["findings"]]
    assert len(found) > 20  # the corpus has real findings to read
    offending = [(f["code"], english_words(f["message"]), f["message"][:80]) for f in found if english_words(f["message"])]
    assert offending == []
    suggestions = [f["suggestion"]["text"] for f in found if f.get("suggestion")]
    assert all(not english_words(t) for t in suggestions)


def test_english_word_check_catches_what_it_should():
    assert english_words("无法读取（digit run splits several ways）") == ["digit", "splits", "several", "ways"]
    assert english_words("T3-A:commercial、ARI001") == ["A:commercial"]
    assert english_words("表三“（一）予以公开/自然人”印为7，应为0") == []


def test_reader_notes_and_crashed_rules_are_told_in_chinese(monkeypatch):
    import xxgk_lint.run.engine as engine
    from conftest import FIXTURES
    from xxgk_lint import lint_file
    from xxgk_lint.checks.base import Rule

    note = [f for f in lint_file(str(FIXTURES / "pdf" / "blank_page.pdf"), isolated=True).findings if f.code == "INP005"]
    assert note and note[0].message == "无法检查：第2页没有文字层（可能是扫描页或以图片粘贴的表格），该页内容未作检查"
    assert "page 2" in note[0].args["detail"]  # the reader's English stays for developers

    class Broken(Rule):
        code, name, category, severity, summary = "ZZZ001", "broken", "content", "warning", "crashes"
        needs_report = False

        def check(self, doc, ctx):
            raise KeyError("boom")

    monkeypatch.setattr(engine, "select_rules", lambda *args, **kwargs: [Broken])
    crashed = engine.lint_document(engine.parse_file(str(FIXTURES / "clean_2023.txt")), engine.LintOptions())
    assert [english_words(f.message) for f in crashed] == [[]]
    assert crashed[0].args["exception"] == "KeyError: 'boom'"
