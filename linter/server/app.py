"""The HTTP service of `xxgk-lint serve`: one page for people, a JSON API for tools.

Every check goes through `run.app.check_files`, the function behind `xxgk-lint check`, so the
answer of `POST /api/check` is the CLI's JSON for the same files. The request's uploads live in a
private folder (0700) under the server's own temporary root, under generated names, and the folder
is deleted before the answer is sent. Linting runs off the event loop, at most `workers` requests
at a time, each file in a worker process with the CLI's per-file time and memory limits: a hostile
file costs its own worker only, and the server keeps answering (`/healthz`, other requests).
"""
from __future__ import annotations

import hashlib
import base64
import hmac
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Optional

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from .uploads import UploadError, receive_upload

FORMATS = {  # ?format= -> (renderer, media type)
    "json": ("json", "application/json; charset=utf-8"),
    "sarif": ("sarif", "application/sarif+json; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "html": ("html", "text/html; charset=utf-8"),
}
BUNDLE = "bundle"  # the page's format: every download format of one check, in one JSON answer
MAX_PENDING = 200  # requests receiving, waiting or checking; beyond it: 503, try again later


@dataclass
class ServerConfig:
    workers: int = 2  # requests checked at the same time (each file in its own worker process)
    max_upload_mb: int = 20  # bytes of one request's body
    token: Optional[str] = None  # when set, /api/* wants `Authorization: Bearer <token>`
    tmp_root: Optional[str] = None  # folder under which each request gets its private folder
    timeout: float = 60.0  # per file, as `check --timeout`
    max_memory: int = 2048  # MB per worker process, as `check --max-memory`


def _report_style_hash() -> str:
    """CSP source for the HTML report's one inline <style>: the page shows the report in a frame
    that inherits the page's policy, which allows that stylesheet and no other inline code."""
    from ..output.html_template import CSS

    return "'sha256-" + base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode() + "'"


def content_security_policy() -> str:
    return ("default-src 'none'; script-src 'self'; "
            f"style-src 'self' {_report_style_hash()}; img-src 'self' data:; connect-src 'self'; "
            "frame-src blob:; child-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class SecurityHeaders:
    """ASGI middleware: a Content-Security-Policy and friends on every response."""

    def __init__(self, app, csp: str):
        self.app = app
        self.headers = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
                        (b"cache-control", b"no-store")]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": list(message.get("headers", []))
                           + [h for h in self.headers if h[0] not in names]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error(status: int, code: str, message: str, headers: Optional[dict] = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status,
                        headers=headers)


class Checker:
    """Runs checks for the routes: the request's private folder, the bound on concurrent checks,
    and the mapping from generated file names back to the names people uploaded."""

    def __init__(self, config: ServerConfig):
        self.config = config
        self.limit = max(1, config.max_upload_mb) * 1024 * 1024
        self.slots = anyio.Semaphore(max(1, config.workers))
        self.pending = 0
        self.own_root = config.tmp_root is None
        self.root = config.tmp_root or tempfile.mkdtemp(prefix="xxgk-lint-serve-")
        os.makedirs(self.root, mode=0o700, exist_ok=True)

    def close(self) -> None:
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    async def check(self, request: Request, fmt: str) -> Response:
        if self.pending >= MAX_PENDING:
            return error(503, "busy", "服务器繁忙，请稍后再试", {"Retry-After": "10"})
        self.pending += 1
        folder = tempfile.mkdtemp(prefix="req-", dir=self.root)  # 0700
        try:
            upload = await receive_upload(request.headers.get("content-type"), request.headers.get("content-length"),
                                          request.stream(), folder, self.limit)
            fields = upload.fields
            fmt = _one(fields, "format") or fmt
            if fmt not in FORMATS and fmt != BUNDLE:
                raise UploadError(400, f"未知的输出格式：{fmt}（可用：{'、'.join(FORMATS)}）", "bad-field")
            check_request = build_request(fields, [f.path for f in upload.files], self.config,
                                          keep_documents=fmt in ("html", BUNDLE))
            async with self.slots:
                outcome = await run_in_threadpool(run_check, check_request)
            names = {f.path: f.name for f in upload.files}
            rename_results(outcome, names, folder)
            return render(outcome, fmt)
        except UploadError as exc:
            return error(exc.status, exc.code, exc.message)
        finally:
            self.pending -= 1
            await run_in_threadpool(shutil.rmtree, folder, True)


def _one(fields: dict, name: str) -> Optional[str]:
    values = [v.strip() for v in fields.get(name, []) if v.strip()]
    if len(values) > 1:
        raise UploadError(400, f"字段 {name} 只能给一次", "bad-field")
    return values[0] if values else None


def _codes(fields: dict, name: str) -> list:
    out = []
    for value in fields.get(name, []):
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def build_request(fields: dict, paths: list, config: ServerConfig, keep_documents: bool):
    """The `CheckRequest` for the uploaded files and the form's `year`, `edition`, `select`, `ignore`
    (the meaning of the `check` options of the same names). Config files are never read: the
    uploads' folder is not a project."""
    from ..checks.registry import known_selector
    from ..document.packs import template_editions
    from ..run.app import CheckRequest

    year = _one(fields, "year")
    if year is not None:
        if not year.isdigit() or not 1990 <= int(year) <= 2100:
            raise UploadError(400, f"year 须为 1990 到 2100 之间的年份，收到：{year}", "bad-field")
        year = int(year)
    edition = _one(fields, "edition")
    if edition is not None and edition not in template_editions():
        raise UploadError(400, f"未知的模板版本：{edition}（可用：{'、'.join(template_editions())}）", "bad-field")
    select, ignore = _codes(fields, "select"), _codes(fields, "ignore")
    unknown = [s for s in select + ignore if not known_selector(s)]
    if unknown:
        raise UploadError(400, f"未知的规则代码或名称：{'、'.join(unknown)}", "bad-field")
    return CheckRequest(paths=paths, select=select or None, ignore=ignore, year=year, edition=edition,
                        isolated=True, jobs=1, timeout=config.timeout or None,
                        max_memory=config.max_memory or None, keep_documents=keep_documents,
                        progress=False, isolate=True)


def run_check(check_request):
    """check_files in a worker thread; a request that check_files refuses is the client's error."""
    from ..run.app import InvalidRequest, check_files
    from ..run.config import ConfigError

    try:
        return check_files(check_request)
    except (InvalidRequest, ConfigError) as exc:
        raise UploadError(400, str(exc), "bad-request") from None


def rename_results(outcome, names: dict, folder: str) -> None:
    """Show the names people uploaded, never the generated ones: in results, findings (whose
    fingerprint depends on the file name, so it matches the CLI's for a file of that name),
    messages and the year-over-year pairs."""
    replacements = sorted(((stored, shown) for stored, shown in names.items()), key=lambda p: -len(p[0]))
    replacements += [(os.path.basename(stored), shown) for stored, shown in names.items()]
    replacements.append((folder + os.sep, ""))

    def clean(value):
        if isinstance(value, str):
            for old, new in replacements:
                if old in value:
                    value = value.replace(old, new)
            return value
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    for result in outcome.results:
        result.path = names.get(result.path, clean(result.path))
        if result.error is not None:
            result.error.message = clean(result.error.message)
        if result.document is not None and hasattr(result.document, "path"):
            try:
                result.document.path = result.path
            except AttributeError:
                pass
        for finding in result.findings:
            finding.path = result.path
            finding.message = clean(finding.message)
            finding.args = clean(finding.args)
    outcome.notes[:] = [clean(n) for n in outcome.notes]
    pairs = outcome.extra.get("cross_year")
    if pairs:
        outcome.extra["cross_year"] = {names.get(k, clean(k)): clean(v) for k, v in pairs.items()}


def render(outcome, fmt: str) -> Response:
    from ..output import RenderOptions, renderer

    options = RenderOptions(extra=outcome.extra)
    headers = {"X-Xxgk-Exit-Code": str(outcome.exit_code())}
    if fmt == BUNDLE:
        body = {name: renderer(name)(outcome.results, options) for name in FORMATS}
        body["json"] = json.loads(body["json"])
        body["notes"] = list(outcome.notes)
        body["exit_code"] = outcome.exit_code()
        return JSONResponse(body, headers=headers)
    text = renderer(FORMATS[fmt][0])(outcome.results, options)
    if fmt in ("csv", "html"):
        ext = "csv" if fmt == "csv" else "html"
        headers["Content-Disposition"] = f'inline; filename="xxgk-lint-report.{ext}"'
    return Response(text, media_type=FORMATS[fmt][1], headers=headers)


def create_app(config: Optional[ServerConfig] = None) -> Starlette:
    config = config or ServerConfig()
    from contextlib import asynccontextmanager

    checker = Checker(config)
    page = (_static_dir() / "index.html").read_bytes()

    def authorized(request: Request) -> bool:
        if not config.token:
            return True
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), config.token.encode())

    def unauthorized() -> JSONResponse:
        return error(401, "unauthorized", "需要口令：请在请求头 Authorization: Bearer <口令> 中提供",
                     {"WWW-Authenticate": 'Bearer realm="xxgk-lint"'})

    async def index(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "pending": checker.pending,
                             "token_required": bool(config.token),
                             "max_upload_mb": config.max_upload_mb})

    async def rules(request: Request) -> Response:
        from ..checks.registry import rule_listing

        if not authorized(request):
            return unauthorized()
        return JSONResponse(rule_listing())

    async def check(request: Request) -> Response:
        if not authorized(request):
            return unauthorized()
        fmt = request.query_params.get("format", "json")
        return await checker.check(request, fmt)

    async def openapi(request: Request) -> Response:
        from .openapi import openapi_document

        return JSONResponse(openapi_document(config))

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(exc.status_code, "http-" + str(exc.status_code), exc.detail or "", exc.headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        return error(500, "internal", f"服务器内部错误（{type(exc).__name__}）")

    @asynccontextmanager
    async def lifespan(app):
        await run_in_threadpool(warm_up)
        try:
            yield
        finally:
            checker.close()

    app = Starlette(routes=[
        Route("/", index, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
        Route("/api/rules", rules, methods=["GET"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=str(_static_dir())), name="static"),
    ], exception_handlers={HTTPException: http_error, Exception: server_error}, lifespan=lifespan)
    app.state.checker = checker
    app.add_middleware(SecurityHeaders, csp=content_security_policy())
    return app


def _static_dir():
    from importlib import resources

    return resources.files(__package__).joinpath("static")


def warm_up() -> None:
    """Import the engine, rules, readers and renderers once at start-up, before any worker process
    is forked from this (threaded) server: a child forked while another thread imports could
    inherit a held import lock."""
    import importlib

    from ..checks.registry import all_rules
    from ..output import FORMATS as ALL_FORMATS, renderer
    from ..readers import EXTENSIONS

    all_rules()
    for module in set(EXTENSIONS.values()):
        try:
            importlib.import_module(f"..readers.{module}", __package__)
        except ImportError:  # pragma: no cover - a reader's optional library missing
            pass
    for name in ALL_FORMATS:
        renderer(name)
    import xxgk_lint.run.batch  # noqa: F401
    import xxgk_lint.run.engine  # noqa: F401
