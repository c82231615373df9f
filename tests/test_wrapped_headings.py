"""A section heading broken over two lines: run into the paragraph before it and wrapped at the
page width (`…等工作。三、收到和处理政府信息公开申请⏎情况`), as text extracted from a PDF gives it.
The heading is found with its text joined, only for a section otherwise missing, and a line
break is never a reason for a heading that is not there."""
from __future__ import annotations

import pytest

from conftest import by_code, lint_text
from xxgk_lint.checks.structure import SECTION_NAMES

# where each heading is cut (characters of the heading on the first line)
CUTS = {1: 3, 2: 8, 3: 16, 4: 9, 5: 7, 6: 9}


def _wrap(clean_text: str, number: int, cut: int, blank: bool = False) -> str:
    heading = SECTION_NAMES[number]
    before = clean_text.index(heading)
    assert clean_text[before - 1] == "\n"
    # the heading runs on from the last paragraph's line, and wraps after `cut` characters
    broken = heading[:cut] + ("\n\n" if blank else "\n") + heading[cut:]
    return clean_text[:before - 1].rstrip("\n") + "此外，我局认真做好各项工作。" + broken + clean_text[before + len(heading):]


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_a_heading_wrapped_at_the_page_width_is_found(tmp_path, clean_text, number):
    result = lint_text(tmp_path, _wrap(clean_text, number, CUTS[number]))
    assert not by_code(result, "STR001")
    sections = result.document.sections
    assert [s.number for s in sections] == [1, 2, 3, 4, 5, 6]
    section = sections[number - 1]
    assert section.heading == SECTION_NAMES[number] and section.variant == "standard"
    assert not [f for f in result.findings if f.severity == "error"]


def test_every_table_is_read_under_wrapped_headings(tmp_path, clean_text):
    text = clean_text
    for number in (3, 4):
        text = _wrap(text, number, CUTS[number])
    doc = lint_text(tmp_path, text).document
    assert not doc.tables["table3"].unreadable and len(doc.tables["table3"].cells) == 25 * 7
    assert len(doc.tables["table4"].cells) == 15


def test_a_title_cut_by_a_blank_line_is_no_heading(tmp_path, clean_text):
    result = lint_text(tmp_path, _wrap(clean_text, 3, CUTS[3], blank=True))
    assert [f.section for f in by_code(result, "STR001")] == ["3"]


def test_a_wrapped_mention_of_a_present_section_adds_no_heading(tmp_path, clean_text):
    mention = "具体数据详见三、收到和处理政府信息公开\n申请情况的表格。\n"
    text = clean_text.replace("六、其他需要报告的事项\n", "六、其他需要报告的事项\n" + mention, 1)
    result = lint_text(tmp_path, text)
    assert [s.number for s in result.document.sections] == [1, 2, 3, 4, 5, 6]
    assert not by_code(result, "STR002") and not by_code(result, "STR001")
