"""The page of `xxgk-lint serve` in a real browser: Debian's Chromium driven by Playwright (never
`playwright install`: the system browser is used). A clerk drops a report with a broken 表三 cell,
sees the progress, the finding and the highlighted cell, clicks the finding to reach the cell and
downloads the JSON, with no request leaving the server and no CSP violation.

Needs `pip install -e '.[test,serve]'` and `apt-get install -y chromium` (XXGK_CHROMIUM names
another binary); skipped when missing, failed when missing under CI=true.
"""
from __future__ import annotations

import json
import os
import shutil

import pytest

from serve_support import check, fixture, missing, running_server

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    for name in (os.environ.get("XXGK_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    missing("headless Chromium not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    binary = chromium()
    root = tmp_path_factory.mktemp("serve-browser")
    with running_server(root / "uploads") as server, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(root / "profile"), executable_path=binary, headless=True, args=CHROMIUM_ARGS,
            accept_downloads=True, viewport={"width": 1280, "height": 1000})
        try:
            page = browser.new_page()
            seen = {"requests": [], "console": []}
            page.on("request", lambda r: seen["requests"].append(r.url))
            page.on("console", lambda m: seen["console"].append((m.type, m.text)))
            yield server, page, seen
        finally:
            browser.close()


CELL_IN_VIEW = """d => { const td = d.querySelector('table[data-table="table3"] td.cell-error');
    const r = td.getBoundingClientRect(); return r.top >= -2 && r.bottom <= d.defaultView.innerHeight + 2; }"""


def in_report(page, js: str):
    """Evaluate `js` (a function of the report's document) from the page, which may read its frame."""
    return page.evaluate(f"() => ({js})(document.getElementById('report').contentDocument)")


def drop_files(page, files) -> None:
    """Drop files on the drop zone as a person dragging them from the desktop would."""
    page.evaluate("""(files) => {
        const dt = new DataTransfer();
        for (const [name, text] of files) dt.items.add(new File([text], name, {type: "text/plain"}));
        const zone = document.getElementById("drop");
        for (const type of ["dragenter", "dragover", "drop"])
            zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", files)


def test_drop_a_report_see_the_highlighted_cell_and_the_finding(browser_page, tmp_path):
    server, page, seen = browser_page
    page.goto(server.base + "/")
    assert page.title() == "政府信息公开工作年度报告检查"
    name, data = fixture("report_2023_typo.txt")
    drop_files(page, [[name, data.decode("utf-8")]])
    assert name in page.inner_text("#chosen")
    page.evaluate("""() => { window.sawProgress = false;
        new MutationObserver(() => { if (!document.getElementById("progress").hidden) window.sawProgress = true; })
          .observe(document.getElementById("progress"), {attributes: true}); }""")
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden])", timeout=120_000)
    assert page.evaluate("window.sawProgress")
    assert page.is_hidden("#progress") and page.is_hidden("#error")
    assert "错误 " in page.inner_text("#summary")

    report = page.frame_locator("#report")
    cell = report.locator('table[data-table="table3"] td.cell-error[data-row="received_new"][data-col="total"]')
    assert cell.count() == 1
    text = "".join(cell.inner_text().split())
    assert text.startswith("96") and text.endswith("应为95")
    # the highlighted cell is painted (the report's stylesheet is allowed by the page's CSP); the
    # report runs no script (its frame forbids it), so it is inspected from the page
    paint = in_report(page, """d => [d.querySelector('table[data-table="table3"] td.cell-error'),
                                     d.querySelector('table[data-table="table3"] td:not([class*="cell-"])')]
                                    .map(td => getComputedStyle(td).backgroundColor)""")
    assert paint[0] != paint[1]
    finding = report.locator("table.findings tr", has_text="表三").filter(has_text="本年新收").first
    assert finding.count() == 1 and "ARI" in finding.inner_text()

    # clicking the finding's place scrolls the report to the cell
    in_report(page, "d => d.defaultView.scrollTo(0, 0)")
    assert not in_report(page, CELL_IN_VIEW)
    finding.locator('a[href^="#f1-"]').first.click()
    page.wait_for_function("() => (" + CELL_IN_VIEW + ")(document.getElementById('report').contentDocument)",
                           timeout=10_000)

    # the JSON download is the API's answer for the same file
    with page.expect_download() as info:
        page.click("#dl-json")
    downloaded = json.loads(open(info.value.path(), encoding="utf-8").read())
    status, _, api = check(server, [(name, data)])
    assert status == 200 and downloaded == api

    local = (server.base + "/", "blob:", "data:", "about:")
    assert [u for u in seen["requests"] if not u.startswith(local)] == []
    assert [m for m in seen["console"] if m[0] == "error"] == [], seen["console"]
    assert server.leftovers() == []


def test_an_unsupported_file_is_explained(browser_page):
    server, page, seen = browser_page
    page.goto(server.base + "/")
    page.set_input_files("#files", files=[{"name": "报告.wps", "mimeType": "application/octet-stream",
                                          "buffer": b"\xd0\xcf\x11\xe0"}])
    page.click("#submit")
    page.wait_for_selector("#error:not([hidden])", timeout=60_000)
    assert "另存为 .docx" in page.inner_text("#error")
    assert page.is_hidden("#result")
