"""Date rules (DAT001 late publication, DAT002 date inside the report year): the date under the
signature in its written forms, the date under the title, the --published option, and the kind
of agency (department, government, township) inferred from its name or given as an option."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from conftest import CORPUS, FIXTURES, by_code, lint_text, need_shared
from xxgk_lint.checks.dates import infer_agency_kind, parse_date_line
from xxgk_lint.run.engine import lint_file

SIGNED = "示例市示例区交通运输局\n2024年1月20日"
GOVERNMENT = [("示例市示例区交通运输局2023年", "示例市示例区人民政府2023年"), ("示例市示例区交通运输局\n2024年", "示例市示例区人民政府\n2024年")]


def dat(result):
    return [f for f in result.findings if f.code.startswith("DAT")]


def signed(text, date_line):
    assert SIGNED in text
    return text.replace(SIGNED, "示例市示例区交通运输局\n" + date_line)


@pytest.mark.parametrize("name,kind", [
    ("威海市文登区工业和信息化局", "department"), ("沭阳县发展和改革局", "department"),
    ("上海市人民政府办公厅", "department"), ("某某县人民政府办公室", "department"), ("某某市发展和改革委员会", "department"),
    ("某某市卫健委", "department"), ("上海市人民政府参事室", "department"),
    ("淮安市洪泽区人民政府", "government"), ("沭阳县人民政府", "government"), ("某某市政府", "government"),
    ("某某县某某镇人民政府", "township"), ("某某乡人民政府", "township"), ("茅坪回族镇人民政府", "township"),
    ("平潭综合实验区", None), ("某某经济开发区管理委员会", None), ("某某街道办事处", None), ("某某区管委会", None),
    ("", None), ("某某市大数据中心", None),
])
def test_agency_kind_from_the_name(name, kind):
    assert infer_agency_kind(name) == kind


@pytest.mark.parametrize("line,date", [
    ("2024年1月17日", dt.date(2024, 1, 17)), ("  2024 年 1 月 17 日 ", dt.date(2024, 1, 17)),
    ("二〇二四年一月十七日", dt.date(2024, 1, 17)), ("二〇二三年十二月三十一日", dt.date(2023, 12, 31)),
    ("2022 1 28年 月 日", dt.date(2022, 1, 28)), ("２０２４年１月１７日", dt.date(2024, 1, 17)),
])
def test_date_lines(line, date):
    assert parse_date_line(line) == date


def test_iso_dates_are_no_signature():
    """Web pages print ISO dates for other purposes (when a copy was captured): only on request."""
    assert parse_date_line("2024-01-17") is None
    assert parse_date_line("2024-01-17", iso=True) == dt.date(2024, 1, 17)


@pytest.mark.parametrize("line", ["2024年2月30日", "2024年1月", "发布日期：2024年1月17日", "2024年1月17日印发", "1 28 2022年 月 日",
                                  "2024 1年 月 日"])
def test_not_a_date_line(line):
    assert parse_date_line(line) is None


def test_clean_report_is_on_time(tmp_path, clean_text):
    assert dat(lint_text(tmp_path, clean_text)) == []


@pytest.mark.parametrize("date_line", ["2024年2月5日", "二〇二四年二月五日", "2024 2 5年 月 日"])
def test_department_published_late(tmp_path, clean_text, date_line):
    text = signed(clean_text, date_line)
    (f,) = dat(lint_text(tmp_path, text))
    assert (f.code, f.severity, f.category) == ("DAT001", "warning", "period")
    assert (f.args["expected"], f.args["found"], f.args["agency_kind"], f.args["days_late"]) == ("2024-01-31", "2024-02-05", "department", 5)
    assert f.location.line == text.rstrip("\n").count("\n") + 1


def test_department_on_the_last_day(tmp_path, clean_text):
    assert dat(lint_text(tmp_path, signed(clean_text, "2024年1月31日"))) == []


def test_government_deadline_is_31_march(tmp_path, clean_text):
    text = clean_text
    for old, new in GOVERNMENT:
        text = text.replace(old, new)
    assert dat(lint_text(tmp_path, text.replace("2024年1月20日", "2024年3月29日"))) == []
    (f,) = dat(lint_text(tmp_path, text.replace("2024年1月20日", "2024年4月2日")))
    assert (f.args["expected"], f.args["agency_kind"]) == ("2024-03-31", "government")


def test_township_has_no_national_deadline(tmp_path, clean_text):
    text = clean_text.replace("示例市示例区交通运输局", "示例区示例镇人民政府").replace("2024年1月20日", "2024年5月6日")
    assert by_code(lint_text(tmp_path, text), "DAT001") == []


def test_unknown_agency_gets_no_deadline_finding(tmp_path, clean_text):
    text = clean_text.replace("示例市示例区交通运输局", "示例经济开发区管理委员会").replace("2024年1月20日", "2024年5月6日")
    assert by_code(lint_text(tmp_path, text), "DAT001") == []


def test_agency_kind_option_overrides_the_name(tmp_path, clean_text):
    text = signed(clean_text, "2024年2月5日")
    assert dat(lint_text(tmp_path, text, agency_kind="government")) == []
    unknown = clean_text.replace("示例市示例区交通运输局", "示例经济开发区管理委员会").replace("2024年1月20日", "2024年2月5日")
    assert len(by_code(lint_text(tmp_path, unknown, agency_kind="department"), "DAT001")) == 1


def test_date_inside_the_report_year_is_an_error(tmp_path, clean_text):
    (f,) = dat(lint_text(tmp_path, signed(clean_text, "2023年12月20日")))
    assert (f.code, f.severity, f.args["found"]) == ("DAT002", "error", "2023-12-20")


def test_published_option_overrides_the_signature(tmp_path, clean_text):
    (f,) = dat(lint_text(tmp_path, clean_text, published="2024-02-05"))
    assert f.code == "DAT001" and f.args["date_source"] == "option"
    assert dat(lint_text(tmp_path, signed(clean_text, "2024年2月5日"), published="2024-01-10")) == []
    assert [f.code for f in dat(lint_text(tmp_path, clean_text, published="2023-06-01"))] == ["DAT002"]


def test_date_under_the_title(tmp_path, clean_text):
    text = clean_text.replace(SIGNED, "示例市示例区交通运输局").replace(
        "年度报告\n", "年度报告\n（2024年2月5日）\n", 1)
    (f,) = dat(lint_text(tmp_path, text))
    assert f.code == "DAT001" and f.args["date_source"] == "under-title" and f.location.line == 2


@pytest.mark.parametrize("ending", [
    "示例市示例区交通运输局\n2024年2月",  # no day
    "示例市示例区交通运输局\n联系电话：2024年2月5日前报送",  # not a date line
    "示例市示例区交通运输局\n2024年2月5日\n附件：统计表",  # the date is not the last line
])
def test_uncertain_dates_say_nothing(tmp_path, clean_text, ending):
    assert dat(lint_text(tmp_path, clean_text.replace(SIGNED, ending))) == []


def test_page_number_after_the_signature_is_skipped(tmp_path, clean_text):
    text = signed(clean_text, "2024年2月5日\n— 3 —\n")
    assert [f.code for f in dat(lint_text(tmp_path, text))] == ["DAT001"]


def test_cli_published_and_agency_kind():
    path = str(FIXTURES / "clean_2023.txt")
    run = [sys.executable, "-m", "xxgk_lint.cli", "check", "--isolated", path]
    p = subprocess.run(run + ["--published", "2024-02-05"], capture_output=True, text=True)
    assert "DAT001" in p.stdout and p.returncode == 0  # a warning does not fail the run
    p = subprocess.run(run + ["--published", "2024-02-05", "--agency-kind", "government"], capture_output=True, text=True)
    assert "DAT001" not in p.stdout
    p = subprocess.run(run + ["--published", "5 Feb 2024"], capture_output=True, text=True)
    assert p.returncode == 2 and "--published" in p.stderr and "Traceback" not in p.stderr


def test_corpus_dates():
    """The dated reports of the corpus were published in time: 沭阳县人民政府 2025 on 2026-01-23, 沭阳县
    发改局 2023 on 2024-01-17, 文登区工信局 2021 on 2022-01-28 (digits displaced by the extractor)."""
    need_shared(CORPUS / "labels.json")
    for path in sorted(CORPUS.glob("*")):
        if path.name not in ("README.md", "labels.json"):
            assert dat(lint_file(str(path))) == [], path.name
