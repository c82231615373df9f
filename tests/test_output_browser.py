"""The HTML report in a real browser (headless Chromium): it renders to a non-trivial picture with
the failing cell painted red, and the DOM the browser built still has the highlighted cells.

Needs Chromium (Debian: `apt-get install -y chromium`; a CJK font such as fonts-wqy-microhei makes
the screenshot legible but is not needed for the assertions). Set XXGK_CHROMIUM to use another
binary. Skipped when no browser is found.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from xxgk_lint.run.engine import LintOptions, lint_file
from xxgk_lint.output import RenderOptions, renderer

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "report_2023_typo.txt"
WIDTH, HEIGHT = 1280, 2000


def chromium() -> str:
    for name in (os.environ.get("XXGK_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    pytest.skip("headless Chromium not installed (apt-get install -y chromium)")


def run_browser(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    binary = chromium()
    root = tmp_path_factory.mktemp("browser")
    path = root / "report.html"
    path.write_text(renderer("html")([lint_file(str(FIXTURE), LintOptions(select=["ARI"]))], RenderOptions()), encoding="utf-8")
    return binary, root, path


def png_size(data: bytes) -> tuple:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_screenshot(page):
    binary, root, path = page
    shot = root / "report.png"
    proc = run_browser(binary, root / "profile-shot", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
                       path.as_uri())
    assert shot.exists(), proc.stderr[-2000:]
    data = shot.read_bytes()
    assert png_size(data) == (WIDTH, HEIGHT)
    assert len(data) > 30_000  # a page of tables and text, not a blank canvas
    Image = pytest.importorskip("PIL.Image")
    with Image.open(shot) as im:
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 100
        # the failing total's outline is drawn in the error red (#c62828)
        red = sum(n for n, (r, g, b) in colours if r > 170 and g < 80 and b < 80)
        assert red > 40


def test_dom_has_the_highlighted_cells(page):
    binary, root, path = page
    proc = run_browser(binary, root / "profile-dom", "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = lxml_html.fromstring(proc.stdout)
    errors = dom.xpath('//td[contains(concat(" ", @class, " "), " cell-error ")]')
    assert [(td.get("data-row"), td.get("data-col")) for td in errors] == [("received_new", "total")]
    total = errors[0]
    assert total.getparent().xpath("string(./th)") == "一、本年新收政府信息公开申请数量"
    assert " ".join(total.text_content().split()) == "96→ 应为 95"
    related = dom.xpath('//td[contains(concat(" ", @class, " "), " cell-related ")]')
    assert ("received_new", "natural_person") in [(td.get("data-row"), td.get("data-col")) for td in related]
    # the findings link to the cell: the anchor target exists in the browser's DOM
    hrefs = dom.xpath('//table[@class="findings"]//a[starts-with(@href, "#f1-")]/@href')
    assert hrefs and all(dom.xpath(f'//*[@id="{h[1:]}"]') for h in hrefs)
