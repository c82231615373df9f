"""Support for the batch, pairing, cross-year and summary tests: synthetic reports of one agency
over several years (template labels and numbers; prose of our own), and per-file lint functions
that crash, hang, exhaust memory or take varying time, injected through
`run_batch(..., lint=...)` (never through the production path).

The lint functions live in this module (not in a test module) so that worker processes can find
them by name on platforms that spawn workers instead of forking them.
"""
from __future__ import annotations

import faulthandler
import os
import re
import signal
import time

from xxgk_lint.run.engine import lint_file

# two sets of prose for sections 1 and 5: a report "copied" from last year reuses the same set
PROSE = {
    "A": (["{y}年，本单位把政务公开列入党组会议议题，按季度研究部署公开工作。",
           "主动公开方面，门户网站政务公开专栏全年更新信息{n}条，政策文件同步发布图文解读。",
           "依申请公开件全部在法定期限内答复，答复书均载明救济途径。",
           "政府信息公开平台建设方面，对公开目录逐项复核，删除过时栏目，新增重点领域专题页面。",
           "年内举办两期业务培训，覆盖各科室信息员和分管负责人。"],
          ["部分科室报送信息的主动性不足，时效性有待加强。",
           "{z}年将实行信息报送月度通报，把公开质量纳入科室考评。",
           "同时完善解读材料的审核流程，做到文件与解读同步起草。"]),
    "B": (["{y}年，本单位围绕营商环境优化开展公开工作，突出办事指南的准确性。",
           "主动公开方面，全年在网站和政务新媒体发布信息{n}条，其中办事指南修订条目占三成。",
           "依申请公开方面，申请受理窗口增设网上登记入口，申请人可实时查询办理进度。",
           "政府信息管理方面，档案室与办公室联合清理存量文件，形成可公开文件清单。",
           "政府信息公开平台建设方面，政务新媒体账号统一纳入网站集约化平台管理。",
           "监督方面，邀请人大代表和企业代表对公开专栏进行评议。"],
          ["存在的主要问题是政策解读以文字为主，图解和视频形式使用较少。",
           "下一步将组织科室负责人参与解读，提高解读的针对性。",
           "并把评议意见的整改情况在专栏中逐条公开。"]),
}

TABLE3_ROWS = [
    ("（一）予以公开", "granted"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("（三）不予公开", "header"),
    ("1.属于国家秘密", None), ("2.其他法律行政法规禁止公开", None), ("3.危及“三安全一稳定”", None),
    ("4.保护第三方合法权益", None), ("5.属于三类内部事务信息", None), ("6.属于四类过程性信息", None),
    ("7.属于行政执法案卷", None), ("8.属于行政查询事项", None),
    ("（四）无法提供", "header"),
    ("1.本机关不掌握相关政府信息", None), ("2.没有现成信息需要另行制作", None), ("3.补正后申请内容仍不明确", None),
    ("（五）不予处理", "header"),
    ("1.信访举报投诉类申请", None), ("2.重复申请", None), ("3.要求提供公开出版物", None),
    ("4.无正当理由大量反复申请", None), ("5.要求行政机关确认或重新出具已获取信息", None),
    ("（六）其他处理", "header"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", None),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", None),
    ("3.其他", None),
]


def _row(label: str, value: int) -> str:
    return f"{label} {value} 0 0 0 0 0 {value}"


def report(agency: str = "样例县统计局", year: int = 2023, *, received: int = 10, carried_over: int = 2,
           carried_forward: int = 1, normative: tuple = (2, 0, 8), prose: str = "A", title: bool = True) -> str:
    """A balanced 2021-edition report (表三 numbers in the 自然人 column only)."""
    s1, s5 = PROSE[prose]
    fill = {"y": year, "z": year + 1, "n": 100 + received}
    done = received + carried_over - carried_forward
    lines = []
    if title:
        lines += [f"{agency}{year}年政府信息公开工作年度报告", ""]
    lines += [f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", "", "一、总体情况", ""]
    for sentence in s1:
        lines += [sentence.format(**fill), ""]
    lines += ["二、主动公开政府信息情况", "",
              "第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 0 0 0",
              "行政规范性文件 {} {} {}".format(*normative),
              "第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 35",
              "第二十条第（六）项", "信息内容 本年处理决定数量", "行政处罚 7", "行政强制 0",
              "第二十条第（八）项", "信息内容 本年收费金额（单位：万元）", "行政事业性收费 0", "",
              "三、收到和处理政府信息公开申请情况", "",
              "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
              "申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他",
              _row("一、本年新收政府信息公开申请数量", received),
              _row("二、上年结转政府信息公开申请数量", carried_over), "三、本年度办理结果"]
    for label, kind in TABLE3_ROWS:
        if kind == "header":
            lines.append(label)
        else:
            lines.append(_row(label, done if kind == "granted" else 0))
    lines += [_row("（七）总计", done), _row("四、结转下年度继续办理", carried_forward), "",
              "四、政府信息公开行政复议、行政诉讼情况", "",
              "行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计", "未经复议直接起诉 复议后起诉",
              "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
              "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", "",
              "五、存在的主要问题及改进情况", ""]
    for sentence in s5:
        lines += [sentence.format(**fill), ""]
    lines += ["六、其他需要报告的事项", "", "本年度未收取信息处理费。", ""]
    return "\n".join(lines)


def write(folder, name: str, text: str):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- lint functions injected into run_batch -------------------------------------------------------
def misbehaving_lint(path, options):
    """Lint normally, except for files whose name says otherwise."""
    name = os.path.basename(path)
    if "crash" in name:  # a reader dying in C code
        faulthandler.disable()  # pytest's handler would print the worker's stack: noise here
        os.kill(os.getpid(), signal.SIGSEGV)
    if "hang" in name:
        time.sleep(3600)
    if "hog" in name:  # far more than the test's --max-memory
        blob = bytearray(3 * 1024 ** 3)
        return blob
    if "raise" in name:
        raise RuntimeError("reader bug")
    return lint_file(path, options)


def slow_lint(path, options):
    """Lint, after sleeping the number of centiseconds in the file name (`…_s7.txt`: 70 ms), so
    that files finish in another order than they start."""
    m = re.search(r"_s(\d+)", os.path.basename(path))
    if m:
        time.sleep(int(m.group(1)) / 100)
    return lint_file(path, options)


def paged_lint(path, options):
    """Lint like a slow scan: before each of 5 "pages" (0.5 s each) a progress beat, as the OCR
    step gives one (linter/run/heartbeat.py); a file named `stall…` beats once and then hangs."""
    from xxgk_lint.run import heartbeat

    if "stall" in os.path.basename(path):
        heartbeat.beat()
        time.sleep(3600)
    for _ in range(5):
        heartbeat.beat()
        time.sleep(0.5)
    return lint_file(path, options)


def thread_share_lint(path, options):
    """Lint normally and record, as the finding-free result's `seconds`, the OCR thread share the
    worker was started with (readers.ocr.engine.threads())."""
    from xxgk_lint.readers.ocr.engine import threads

    result = lint_file(path, options)
    result.seconds = float(threads())
    return result
