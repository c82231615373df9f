"""`xxgk-lint serve` over HTTP: the real command on loopback, answering like the CLI.

The server is started once per module (a subprocess on a free port, uploads in a folder of the
test) and checked as a client would: the JSON of POST /api/check equals `xxgk-lint check --format
json` for the same files, every bad request gets a JSON error with its status, and no uploaded
byte remains on disk.
"""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import pytest

from serve_support import cli_json, check, fixture, multipart, request, running_server

REPORTS = ["report_2023_typo.txt", "clean_2023.txt", "docx/report.docx", "html/word_export_2023.html",
           "pdf/typo_stsong.pdf"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    with running_server(root / "uploads", "--workers", "2", "--max-upload-mb", "2") as srv:
        yield srv


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-token")
    with running_server(root / "uploads", "--token", "s3cret-口令".encode().hex()) as srv:
        yield srv


def schema():
    import jsonschema

    text = resources.files("xxgk_lint").joinpath("schemas/check-output.schema.json").read_text(encoding="utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def test_healthz_and_security_headers(server):
    status, headers, body = request("GET", server.base + "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert "default-src 'none'" in headers["content-security-policy"]
    status, headers, page = request("GET", server.base + "/")
    assert status == 200 and "政府信息公开工作年度报告检查" in page.decode("utf-8")
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "connect-src 'self'" in csp


def test_page_assets_come_from_the_package(server):
    page = request("GET", server.base + "/")[2].decode("utf-8")
    for asset in ("static/app.js", "static/app.css"):  # relative: the page also works under a proxy's sub-path
        assert f'"{asset}"' in page
        status, headers, body = request("GET", server.base + "/" + asset)
        assert status == 200 and body
        assert b"http://" not in body and b"https://" not in body  # nothing fetched from elsewhere
    assert "http://" not in page and "https://" not in page
    assert "<script>" not in page  # no inline script: the CSP allows only the package's file


@pytest.mark.parametrize("name", REPORTS)
def test_check_answers_what_the_cli_prints(server, tmp_path, name):
    upload = fixture(name)
    status, headers, data = check(server, [upload])
    assert status == 200, data
    schema().validate(data)
    assert data == cli_json(tmp_path, [upload], "--isolated")
    assert headers["x-xxgk-exit-code"] in ("0", "1")
    assert server.leftovers() == []


def test_the_broken_table3_cell_is_reported(server):
    status, _, data = check(server, [fixture("report_2023_typo.txt")])
    assert status == 200
    findings = data["files"][0]["findings"]
    ari = [f for f in findings if f["code"].startswith("ARI") and f["table"] == "table3"]
    assert ari and any(c["row"] == "received_new" for f in ari for c in f["cells"])
    assert data["files"][0]["path"] == "report_2023_typo.txt"


def test_several_files_and_the_form_options(server, tmp_path):
    uploads = sorted([fixture("clean_2023.txt"), fixture("report_2023_typo.txt"), fixture("docx/report.docx")])
    fields = {"select": "ARI,STR", "ignore": "STR006", "year": "2023"}
    status, _, data = check(server, uploads, fields)
    assert status == 200, data
    assert [f["path"] for f in data["files"]] == [name for name, _ in uploads]
    assert data == cli_json(tmp_path, uploads, "--isolated", "--select", "ARI,STR", "--ignore", "STR006",
                            "--year", "2023")
    assert all(f["code"].startswith(("ARI", "STR")) and f["code"] != "STR006"
               for file in data["files"] for f in file["findings"])


def test_other_formats(server):
    upload = [fixture("report_2023_typo.txt")]
    status, headers, sarif = check(server, upload, query="?format=sarif")
    assert status == 200 and sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    status, headers, csv = check(server, upload, query="?format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv") and "report_2023_typo.txt" in csv
    status, headers, html = check(server, upload, query="?format=html")
    assert status == 200 and 'class="cell-error' in html or "cell-error" in html
    status, _, bundle = check(server, upload, query="?format=bundle")
    assert status == 200 and set(bundle) >= {"json", "sarif", "csv", "html"}
    assert bundle["json"]["files"][0]["findings"]


def test_a_file_that_cannot_be_read_is_that_files_error(server):
    status, headers, data = check(server, [fixture("pdf/encrypted.pdf"), fixture("clean_2023.txt")])
    assert status == 200
    assert data["files"][0]["error"]["code"] and data["files"][1]["error"] is None
    assert headers["x-xxgk-exit-code"] == "2"
    assert "upload-" not in json.dumps(data, ensure_ascii=False)  # generated names never shown


def test_file_names_are_never_paths(server, tmp_path):
    name, data = fixture("clean_2023.txt")
    status, _, body = check(server, [("../../../escape/evil.txt", data)])
    assert status == 200
    assert body["files"][0]["path"] == "evil.txt"
    assert not (server.tmp_dir.parent / "escape").exists() and not (server.tmp_dir / "escape").exists()
    assert server.leftovers() == []


@pytest.mark.parametrize("files, fields, query, status, code", [
    ([("report.doc", b"\xd0\xcf\x11\xe0")], None, "", 415, "unsupported-file"),
    ([("report.exe", b"MZ")], None, "", 415, "unsupported-file"),
    ([], {"year": "2023"}, "", 400, "no-file"),
    ([("r.txt", b"x")], {"year": "20x3"}, "", 400, "bad-field"),
    ([("r.txt", b"x")], {"edition": "1999"}, "", 400, "bad-field"),
    ([("r.txt", b"x")], {"select": "NOPE999"}, "", 400, "bad-field"),
    ([("r.txt", b"x")], {"colour": "red"}, "", 400, "malformed"),
    ([("r.txt", b"x")], None, "?format=pdf", 400, "bad-field"),
])
def test_bad_requests_get_a_json_error(server, files, fields, query, status, code):
    got, headers, data = check(server, files, fields, query)
    assert (got, data["error"]["code"]) == (status, code)
    assert data["error"]["message"]
    assert server.leftovers() == []


def test_malformed_bodies(server):
    status, _, body = request("POST", server.base + "/api/check", b"year=2023",
                              {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415 and json.loads(body)["error"]["code"] == "unsupported-media-type"
    status, _, body = request("POST", server.base + "/api/check", b"garbage",
                              {"Content-Type": "multipart/form-data; boundary=zz"})
    assert status == 400 and json.loads(body)["error"]["code"] == "malformed"
    good, ctype = multipart([("r.txt", b"text")])
    status, _, body = request("POST", server.base + "/api/check", good[: len(good) // 2], {"Content-Type": ctype})
    assert status == 400 and json.loads(body)["error"]["code"] == "malformed"
    status, _, body = request("GET", server.base + "/nowhere")
    assert status == 404 and json.loads(body)["error"]["status"] == 404
    assert server.leftovers() == []


def test_over_the_upload_limit_413_and_the_server_keeps_serving(server):
    name, data = fixture("clean_2023.txt")
    big = data + b"\n" * (3 * 1024 * 1024)  # over --max-upload-mb 2
    status, _, body = check(server, [(name, big)])
    assert status == 413 and body["error"]["code"] == "too-large"
    # a declared length far over the limit is refused without reading the body
    status, _, raw = request("POST", server.base + "/api/check", b"--zz\r\n",
                             {"Content-Type": "multipart/form-data; boundary=zz", "Content-Length": str(500 << 20)})
    assert status == 413 and json.loads(raw)["error"]["code"] == "too-large"
    assert server.leftovers() == []
    status, _, ok = check(server, [(name, data)])
    assert status == 200 and ok["files"][0]["error"] is None
    assert request("GET", server.base + "/healthz")[0] == 200


def test_rules_endpoint_is_the_cli_listing(server):
    import subprocess

    from serve_support import xxgk_lint

    status, _, body = request("GET", server.base + "/api/rules")
    cli = subprocess.run([*xxgk_lint(), "rules", "--format", "json"], capture_output=True, text=True, check=True)
    assert status == 200 and json.loads(body) == json.loads(cli.stdout)


def test_openapi_describes_the_api(server):
    status, _, body = request("GET", server.base + "/openapi.json")
    doc = json.loads(body)
    assert status == 200 and doc["openapi"].startswith("3.")
    assert {"/api/check", "/api/rules", "/healthz"} <= set(doc["paths"])
    refs = []

    def walk(value):
        if isinstance(value, dict):
            refs.extend(v for k, v in value.items() if k == "$ref")
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(doc)
    for ref in refs:  # every reference resolves inside the document
        node = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]


def test_twenty_concurrent_uploads_all_answered_right(server, tmp_path):
    mix = [fixture(name) for name in ("report_2023_typo.txt", "clean_2023.txt", "html/word_export_2023.html")]
    expected = {name: cli_json(tmp_path, [(name, data)], "--isolated") for name, data in mix}
    healthz_times = []
    stop = threading.Event()

    def poll_health():
        while not stop.is_set():
            started = time.monotonic()
            assert request("GET", server.base + "/healthz", timeout=10)[0] == 200
            healthz_times.append(time.monotonic() - started)
            time.sleep(0.05)

    poller = threading.Thread(target=poll_health)
    poller.start()
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(lambda i: (mix[i % 3][0], check(server, [mix[i % 3]])), range(20)))
    finally:
        stop.set()
        poller.join()
    for name, (status, _, data) in answers:
        assert status == 200 and data == expected[name]
    assert healthz_times and max(healthz_times) < 5  # the server answered while the checks ran
    assert server.leftovers() == []


def test_token(token_server):
    token = "s3cret-口令".encode().hex()
    upload = [fixture("clean_2023.txt")]
    status, headers, data = check(token_server, upload)
    assert status == 401 and data["error"]["code"] == "unauthorized" and "bearer" in headers["www-authenticate"].lower()
    status, _, data = check(token_server, upload, headers={"Authorization": "Bearer wrong"})
    assert status == 401
    assert request("GET", token_server.base + "/api/rules")[0] == 401
    status, _, data = check(token_server, upload, headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and data["files"][0]["path"] == "clean_2023.txt"
    assert request("GET", token_server.base + "/healthz")[0] == 200  # for load balancers
    assert token_server.leftovers() == []


def test_display_names():
    from xxgk_lint.server.uploads import UploadError, allowed_extension, display_name

    assert display_name("C:\\Users\\me\\报告.docx", 0, ".docx") == "报告.docx"
    assert display_name("../../etc/passwd.txt", 0, ".txt") == "passwd.txt"
    assert display_name("\x00\x1b.txt", 2, ".txt") == "upload-3.txt"
    assert display_name("///", 2, ".md") == "upload-3.md"
    assert len(display_name("长" * 300 + ".pdf", 0, ".pdf")) == 120
    assert allowed_extension("a.PDF") == ".pdf"
    with pytest.raises(UploadError) as exc:
        allowed_extension("a.wps")
    assert exc.value.status == 415 and "另存为 .docx" in exc.value.message


def test_a_slow_file_costs_its_own_worker_only(tmp_path_factory):
    """A report that takes far longer than --timeout is stopped in its worker and reported as that
    file's error; meanwhile the server answers /healthz and checks another upload."""
    root = tmp_path_factory.mktemp("serve-slow")
    name, data = fixture("report_2023_typo.txt")
    slow = data * 400  # ~1.8 MB of report text: several seconds of linting
    with running_server(root / "uploads", "--timeout", "1", "--workers", "2") as srv:
        with ThreadPoolExecutor(max_workers=1) as pool:
            started = time.monotonic()
            pending = pool.submit(check, srv, [("slow.txt", slow), (name, data)])
            time.sleep(0.3)
            assert request("GET", srv.base + "/healthz", timeout=5)[0] == 200
            status, _, other = check(srv, [fixture("clean_2023.txt")])
            assert status == 200 and other["files"][0]["error"] is None
            status, headers, answer = pending.result(timeout=120)
        assert status == 200 and headers["x-xxgk-exit-code"] == "2"
        slow_entry, typo_entry = answer["files"]
        assert slow_entry["path"] == "slow.txt" and slow_entry["error"]["code"] == "timeout"
        assert typo_entry["error"] is None and typo_entry["findings"]
        assert time.monotonic() - started < 60
        assert srv.leftovers() == []
