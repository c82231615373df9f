"""Start the real `xxgk-lint serve` on loopback for tests and benchmarks, and talk to it with the
standard library only (a hand-built multipart body lets tests send malformed ones too).

Missing pieces (the serve extra, a browser) skip the test with the reason, except under CI=true,
where they fail: CI installs them, so their absence there is a broken setup, not a choice.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def missing(reason: str) -> None:
    """Skip, or fail under CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: CI must provide it)")
    pytest.skip(reason)


def need_serve_extra() -> None:
    for module in ("starlette", "uvicorn", "python_multipart"):
        try:
            __import__(module)
        except ImportError:
            missing(f"{module} is not installed (pip install -e '.[serve]')")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def xxgk_lint() -> list:
    exe = Path(sys.executable).with_name("xxgk-lint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "xxgk_lint.cli"]


class Server:
    def __init__(self, proc: subprocess.Popen, port: int, tmp_dir: Path):
        self.proc = proc
        self.base = f"http://127.0.0.1:{port}"
        self.tmp_dir = tmp_dir

    def leftovers(self) -> list:
        """Everything under the server's upload folder (should be nothing between requests)."""
        return sorted(str(p.relative_to(self.tmp_dir)) for p in self.tmp_dir.rglob("*"))


@contextmanager
def running_server(tmp_dir: Path, *args: str, start_timeout: float = 30.0):
    """`xxgk-lint serve --port P --tmp-dir tmp_dir *args` on 127.0.0.1, stopped on exit."""
    need_serve_extra()
    port = free_port()
    log = tmp_dir.parent / f"serve-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([*xxgk_lint(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--tmp-dir", str(tmp_dir), *args], stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, port, tmp_dir)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"serve exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
            try:
                status, _, _ = request("GET", server.base + "/healthz", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"serve did not answer in {start_timeout}s: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def multipart(files=(), fields=None, boundary: Optional[str] = None) -> tuple:
    """(body, content type) of a multipart/form-data body: `files` as (file name, bytes), under the
    field `file`; `fields` as name -> value."""
    boundary = boundary or uuid.uuid4().hex
    parts = []
    for name, value in (fields or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + str(value).encode("utf-8") + b"\r\n")
    for filename, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode("utf-8") + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def request(method: str, url: str, body: Optional[bytes] = None, headers: Optional[dict] = None,
            timeout: float = 120) -> tuple:
    """(status, headers, body bytes), also for error statuses."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def check(server: Server, files, fields=None, query: str = "", headers: Optional[dict] = None,
          timeout: float = 300) -> tuple:
    """POST /api/check; (status, headers, parsed JSON or text)."""
    body, ctype = multipart(files, fields)
    status, resp_headers, data = request("POST", server.base + "/api/check" + query, body,
                                         {"Content-Type": ctype, **(headers or {})}, timeout=timeout)
    text = data.decode("utf-8")
    kind = resp_headers.get("content-type", "")
    return status, resp_headers, json.loads(text) if "json" in kind else text


def cli_json(tmp_path: Path, files: list, *options: str) -> dict:
    """`xxgk-lint check --format json` on copies of `files` named as uploaded, run where they lie,
    so that the paths it prints are the uploaded names."""
    work = tmp_path / f"cli-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    for name, data in files:
        (work / name).write_bytes(data)
    proc = subprocess.run([*xxgk_lint(), "check", "--format", "json", *options, *[name for name, _ in files]],
                          cwd=work, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1, 2), proc.stderr
    shutil.rmtree(work)
    return json.loads(proc.stdout)


def fixture(name: str) -> tuple:
    path = FIXTURES / name
    return path.name, path.read_bytes()
