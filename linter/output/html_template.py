"""The page around the HTML report: inline CSS only (no fonts, scripts or images are fetched; the
Content-Security-Policy forbids it), system fonts with CJK fallbacks, printable."""
from __future__ import annotations

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --err: #c62828; --err-bg: #fde7e7; --warn: #9a6700; --warn-bg: #fff4c2;
  --info: #0b57d0; --info-bg: #e3edff; --rel-bg: #fff8e6; --ok: #1a7f37;
}
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--fg); background: #fff; line-height: 1.55; font-size: 15px;
  font-family: -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
}
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
header.page { border-bottom: 1px solid var(--line); margin-bottom: 20px; padding-bottom: 12px; }
header.page h1 { font-size: 24px; margin: 0 0 4px; }
header.page .tool { color: var(--muted); margin: 0; font-size: 13px; }
h2 { font-size: 19px; margin: 0 0 6px; word-break: break-all; }
h3 { font-size: 16px; margin: 22px 0 8px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
a { color: var(--info); text-decoration: none; }
a:hover { text-decoration: underline; }
.muted { color: var(--muted); }

.summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 24px; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 110px; background: var(--bg-soft); }
.stat .n { display: block; font-size: 26px; font-weight: 600; }
.stat .label { color: var(--muted); font-size: 13px; }
.stat.error .n { color: var(--err); } .stat.warning .n { color: var(--warn); } .stat.info .n { color: var(--info); }
.stat.clean .n { color: var(--ok); }

table { border-collapse: collapse; }
table.index, table.findings { width: 100%; margin: 0 0 8px; }
table.index th, table.index td, table.findings th, table.findings td {
  border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top;
}
table.index th, table.findings th { background: var(--bg-soft); font-weight: 600; font-size: 13px; }
table.findings td.where { white-space: nowrap; font-size: 13px; }
table.findings td.rule { white-space: nowrap; }
table.findings td.rule small { color: var(--muted); display: block; }
tr.suppressed td { color: var(--muted); text-decoration: line-through; }
.suggestion { display: block; margin-top: 4px; color: var(--muted); font-size: 13px; }

.sev { display: inline-block; border-radius: 10px; padding: 0 9px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.sev-error { background: var(--err-bg); color: var(--err); }
.sev-warning { background: var(--warn-bg); color: var(--warn); }
.sev-info { background: var(--info-bg); color: var(--info); }
.sev-suppressed { background: #eee; color: var(--muted); }

section.file { border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 0 0 28px; }
section.file .meta { color: var(--muted); margin: 0 0 10px; font-size: 13px; }
.badges .sev { margin-left: 4px; vertical-align: middle; }
.unreadable { background: var(--err-bg); color: var(--err); border-radius: 6px; padding: 10px 14px; }
.clean { color: var(--ok); }

figure.report-table { margin: 14px 0 22px; overflow-x: auto; }
figure.report-table figcaption { font-weight: 600; margin-bottom: 6px; }
table.grid { font-size: 13px; }
table.grid th, table.grid td { border: 1px solid #b8c2cc; padding: 4px 8px; }
table.grid thead th { background: #eef2f6; text-align: center; font-weight: 600; }
table.grid th.row-label { text-align: left; font-weight: normal; background: #fafbfc; max-width: 430px; }
table.grid th.row-label.sub { padding-left: 26px; }
table.grid .pad { border: none; background: transparent; }
table.grid tr.group th { background: #f0f3f6; text-align: left; font-weight: 600; }
table.grid td.num { text-align: right; font-variant-numeric: tabular-nums; min-width: 64px; white-space: nowrap; }
td.cell-blank { color: #8c959f; background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f3f4f6 4px, #f3f4f6 8px); }
td.cell-unreadable { color: var(--muted); font-style: italic; }
td.cell-related { background: var(--rel-bg); outline: 1px dashed var(--warn); outline-offset: -3px; }
td.cell-info { background: var(--info-bg); outline: 2px solid var(--info); outline-offset: -2px; }
td.cell-warning { background: var(--warn-bg); outline: 2px solid #d4a72c; outline-offset: -2px; }
td.cell-error { background: var(--err-bg); outline: 2px solid var(--err); outline-offset: -2px; font-weight: 700; color: var(--err); }
td .expected { display: block; font-size: 12px; font-weight: 600; color: var(--ok); }
td .page { display: block; font-size: 11px; color: var(--muted); font-weight: normal; }
td:target, tr:target td { box-shadow: 0 0 0 3px #0b57d0 inset; }
.legend { font-size: 12px; color: var(--muted); margin: 0 0 10px; }
.legend span.swatch { display: inline-block; width: 14px; height: 12px; vertical-align: middle; margin: 0 4px 0 10px; }
.swatch.error { background: var(--err-bg); outline: 2px solid var(--err); }
.swatch.warning { background: var(--warn-bg); outline: 2px solid #d4a72c; }
.swatch.related { background: var(--rel-bg); outline: 1px dashed var(--warn); }
.swatch.blank { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #e5e7eb 3px, #e5e7eb 6px); outline: 1px solid #ccc; }

details.rule { border-bottom: 1px solid var(--line); padding: 6px 0; }
details.rule summary { cursor: pointer; }
details.rule pre { white-space: pre-wrap; font-family: inherit; background: var(--bg-soft); padding: 8px 12px; border-radius: 6px; margin: 6px 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media print {
  section.file { break-inside: avoid-page; border: none; padding: 0; }
  a { color: inherit; }
}
"""


def page(title: str, body: str) -> str:
    """`title` and `body` are HTML already escaped by the caller."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="xxgk-lint">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
