"""A 2019-edition report as a government web page (HTML) whose tables leave zero cells blank, the
way many 2019 reports (and some 2021 ones) were published: only the non-zero counts and the 总计
column printed. Synthetic: the labels follow the 2019 template, agency, prose and numbers are
invented and consistent (every relation holds with the blanks as 0).

`report(t3=..., t4=...)` builds the page from the tables below (copied and changed by the tests):
a cell whose value is None is printed as an empty <td>.
"""
from __future__ import annotations

import copy

COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]

# 表三, 2019 edition: six applicant columns then 总计; None = left blank (a zero, as published)
_ = None
T3 = {
    "received_new": [258, 31, _, _, 4, _, 293],
    "carried_over": [12, 1, _, _, _, _, 13],
    "granted": [102, 11, _, _, 1, _, 114],
    "partly_granted": [37, 6, _, _, _, _, 43],
    "denied_state_secret": [_, _, _, _, _, _, _],
    "denied_prohibited": [2, _, _, _, _, _, 2],
    "denied_security": [_, _, _, _, _, _, _],
    "denied_third_party": [5, 1, _, _, _, _, 6],
    "denied_internal_affairs": [1, _, _, _, _, _, 1],
    "denied_process_info": [9, 2, _, _, _, _, 11],
    "denied_enforcement_file": [_, _, _, _, _, _, _],
    "denied_admin_query": [3, _, _, _, _, _, 3],
    "unable_not_held": [61, 7, _, _, 2, _, 70],
    "unable_needs_creation": [4, _, _, _, _, _, 4],
    "unable_unclear": [6, 1, _, _, _, _, 7],
    "declined_petition": [13, 1, _, _, _, _, 14],
    "declined_repeat": [8, 2, _, _, _, _, 10],
    "declined_publication": [_, _, _, _, _, _, _],
    "declined_excessive": [2, _, _, _, _, _, 2],
    "declined_confirmation": [1, _, _, _, 1, _, 2],
    "other": [6, _, _, _, _, _, 6],
    "results_total": [260, 31, _, _, 4, _, 295],
    "carried_forward": [10, 1, _, _, _, _, 11],
}
# 表四: 行政复议 block, then 行政诉讼 未经复议直接起诉 and 复议后起诉 (结果维持 结果纠正 其他结果 尚未审结 总计)
T4 = [3, 1, _, 1, 5, 2, _, _, 1, 3, _, _, _, _, _]

LABELS = {
    "received_new": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partly_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "1.属于国家秘密",
    "denied_prohibited": "2.其他法律行政法规禁止公开",
    "denied_security": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal_affairs": "5.属于三类内部事务信息",
    "denied_process_info": "6.属于四类过程性信息",
    "denied_enforcement_file": "7.属于行政执法案卷",
    "denied_admin_query": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "declined_petition": "1.信访举报投诉类申请",
    "declined_repeat": "2.重复申请",
    "declined_publication": "3.要求提供公开出版物",
    "declined_excessive": "4.无正当理由大量反复申请",
    "declined_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",
    "results_total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
GROUPS = {"granted": "三、本年度办理结果", "denied_state_secret": "（三）不予公开", "unable_not_held": "（四）无法提供",
          "declined_petition": "（五）不予处理"}


def tables():
    """Fresh copies of (表三, 表四) to change."""
    return copy.deepcopy(T3), list(T4)


def _td(value) -> str:
    return "<td></td>" if value is None else f"<td>{value}</td>"


def _table3(t3) -> str:
    rows = ['<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>',
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"]
    for key, label in LABELS.items():
        if key in GROUPS:
            rows.append(f'<tr><td colspan="10">{GROUPS[key]}</td></tr>')
        rows.append(f'<tr><td colspan="3">{label}</td>' + "".join(_td(v) for v in t3[key]) + "</tr>")
    return "<table border=\"1\">" + "\n".join(rows) + "</table>"


def _table4(t4) -> str:
    head = "".join(f"<td>{w}</td>" for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    return ('<table border="1"><tr><td colspan="5" rowspan="2">行政复议</td><td colspan="10">行政诉讼</td></tr>'
            '<tr><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
            f"<tr>{head}{head}{head}</tr><tr>" + "".join(_td(v) for v in t4) + "</tr></table>")


def report(t3=None, t4=None, year=2019, agency="示例县自然资源局", preamble=None, overview=None, extra_prose="") -> str:
    t3 = T3 if t3 is None else t3
    t4 = T4 if t4 is None else t4
    if preamble is None:
        preamble = (f"本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开"
                    f"工作年度报告格式（试行）》（国办公开办函〔2019〕60号）编制。本报告中所列数据的统计期限自{year}年1月1日起"
                    f"至{year}年12月31日止。本报告电子版可在示例县人民政府门户网站查阅。")
    if overview is None:
        overview = (f"{year}年，我局认真贯彻落实《条例》，全年共收到政府信息公开申请293件，上年结转13件，"
                    "办结295件，结转下年度继续办理11件。")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{agency}{year}年政府信息公开工作年度报告</title></head>
<body>
<h1>{agency}{year}年政府信息公开工作年度报告</h1>
<p>{preamble}</p>
<h2>一、总体情况</h2>
<p>{overview}{extra_prose}</p>
<h2>二、主动公开政府信息情况</h2>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>2</td><td>2</td><td>17</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>46</td><td>-3</td><td>812</td></tr>
<tr><td>其他对外管理服务事项</td><td>12</td><td>0</td><td>95</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td>138</td><td>+4</td><td>57</td></tr>
<tr><td>行政强制</td><td>9</td><td>0</td><td>3</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>2</td><td>0</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额</td></tr>
<tr><td>政府集中采购</td><td>6</td><td>81.5</td></tr>
</table>
<h2>三、收到和处理政府信息公开申请情况</h2>
{_table3(t3)}
<h2>四、政府信息公开行政复议、行政诉讼情况</h2>
{_table4(t4)}
<h2>五、存在的主要问题及改进情况</h2>
<p>一是依申请公开答复的规范性有待提高；二是政策解读形式较为单一。下一步，我局将加强答复文书审核，丰富解读形式。</p>
<h2>六、其他需要报告的事项</h2>
<p>本年度无其他需要报告的事项。</p>
</body></html>
"""
