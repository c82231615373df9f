"""Property: whatever bytes arrive, the text, Markdown and HTML readers return a well-formed
RawDocument or raise InputError; nothing else escapes, and "reader-internal" (the readers' own
safety net) never fires, so a crash cannot hide behind it."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk_lint.errors import InputError
from xxgk_lint.readers import html as html_reader
from xxgk_lint.readers import markdown as md_reader
from xxgk_lint.readers import read_path
from xxgk_lint.readers import text as text_reader

READERS = {"txt": text_reader, "md": md_reader, "html": html_reader}
FIXTURE_HTML = (Path(__file__).parent / "fixtures" / "html" / "word_export_2023.html").read_bytes()
FIXTURE_MD = """# 示例局2023年政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况
| 项目 | 自然人 | 总计 |
|---|---:|---|
| 一、本年新收政府信息公开申请数量 | 26 | 26 |
| （二）部分公开<br>（区分处理的） | **3** | \\| |
<table><tr><td rowspan=2>三、本年度办理结果</td><td>0</td></tr><tr><td>&nbsp;</td></tr></table>
> 引用 *强调* [链接](x)
""".encode("utf-8")
FIXTURE_TXT = "一、总体情况\r\n一、本年新收政府信息公开申请数量\t26\t\t26\r\n".encode("gbk")
FIXTURES = [FIXTURE_HTML[:6000] + FIXTURE_HTML[-3000:], FIXTURE_MD, FIXTURE_TXT]

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

MARKUP = st.sampled_from([
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<td rowspan=3>", "<td colspan=1000>",
    "<td rowspan=0 colspan=2>", "<th>", "<br>", "<p>", "</p>", "<div hidden>", "</div>", "<pre>",
    "<title>", "<head>", "<body>", "<script>", "</script>", "<!--", "-->", "<![if !supportLists]>",
    "<![endif]>", "&nbsp;", "&#0;", "&#x110000;", "&amp", "<?xml version='1.0' encoding='gbk'?>",
    "<meta charset=gb2312>", "<o:p>", "| a | b |", "|---|", "\n", "\r", "\t", "# ", "> ", "- ",
    "```", "**", "一、", "26", " ", "\u3000", "\x0c", "\ufeff", "<tr height=0>", "<caption>",
])


def check(doc) -> None:
    """Invariants every reader's output keeps."""
    for line in doc.lines:
        assert "\n" not in line.text and "\r" not in line.text
        loc = line.location
        assert loc.line is None or loc.line >= 1
        assert loc.column is None or loc.column >= 1
        if line.is_table_row and line.segments:
            assert len(line.segments) == line.text.count("\t") + 1
        for seg in line.segments:
            assert 0 <= seg.start <= seg.end <= len(line.text)
    if doc.lines:
        doc.locate(0)
        doc.locate(max(0, len(doc.text) - 1))


def run(reader, data: bytes) -> None:
    try:
        doc = reader.read("x", data, {})
    except InputError as err:
        assert err.code != "reader-internal", err.message
        assert "\n" not in err.message
        return
    check(doc)


def run_path(tmp_path, ext: str, data: bytes) -> None:
    path = tmp_path / f"report.{ext}"
    path.write_bytes(data)
    try:
        doc = read_path(str(path))
    except InputError as err:
        assert err.code != "reader-internal", err.message
        return
    check(doc)


@st.composite
def mutated(draw):
    """A fixture with bytes flipped, cut out, repeated or inserted, or truncated."""
    data = bytearray(draw(st.sampled_from(FIXTURES)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup", "truncate"]))
        if op == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos:pos + draw(st.integers(1, 200))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=20))
        elif op == "dup":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 300))]
        else:
            del data[pos:]
    return bytes(data)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(data):
    for reader in READERS.values():
        run(reader, data)


@SETTINGS
@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-8", "utf-16", "gb18030"]))
def test_random_text(text, encoding):
    data = text.encode(encoding, errors="ignore")
    for reader in READERS.values():
        run(reader, data)


@SETTINGS
@given(parts=st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=60))
def test_markup_soup(parts):
    data = "".join(parts).encode("utf-8")
    for reader in READERS.values():
        run(reader, data)


@SETTINGS
@given(data=mutated())
def test_mutated_fixtures_direct(data):
    for reader in READERS.values():
        run(reader, data)


@SETTINGS
@given(data=mutated(), ext=st.sampled_from(sorted(READERS)))
def test_mutated_fixtures_via_read_path(tmp_path, data, ext):
    run_path(tmp_path, ext, data)
