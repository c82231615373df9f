"""The OpenAPI description served at /openapi.json. The answer of `POST /api/check` is described
by the very JSON Schema `xxgk-lint schema` prints (linter/schemas/check-output.schema.json)."""
from __future__ import annotations

import json
from importlib import resources

from .. import __version__


def _output_schemas() -> dict:
    """The output schema as OpenAPI components: its $defs become `CheckOutput_<name>`."""
    text = resources.files("xxgk_lint").joinpath("schemas/check-output.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    for key in ("$schema", "$id"):
        schema.pop(key, None)

    def moved(value):
        if isinstance(value, dict):
            return {k: ("#/components/schemas/CheckOutput_" + v[len("#/$defs/"):]
                        if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/") else moved(v))
                    for k, v in value.items()}
        if isinstance(value, list):
            return [moved(v) for v in value]
        return value

    defs = schema.pop("$defs", {})
    out = {"CheckOutput": moved(schema)}
    out.update({f"CheckOutput_{name}": moved(d) for name, d in defs.items()})
    return out


ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["status", "code", "message"],
    "properties": {"status": {"type": "integer"}, "code": {"type": "string"},
                   "message": {"type": "string", "description": "plain Chinese, for people"}}}}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_document(config) -> dict:
    security = [{"bearer": []}] if config.token else []
    return {
        "openapi": "3.1.0",
        "info": {"title": "xxgk-lint", "version": __version__,
                 "description": "检查政府信息公开工作年度报告：上传报告，得到与 `xxgk-lint check --format json` 相同的结果。"},
        "paths": {
            "/api/check": {"post": {
                "summary": "Check uploaded reports (the JSON of `xxgk-lint check --format json`)",
                "security": security,
                "parameters": [{"name": "format", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["json", "sarif", "csv", "html", "bundle"],
                                           "default": "json"},
                                "description": "output format; `bundle` answers every download format at once "
                                               "(used by the page)"}],
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file"],
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"},
                                 "description": ".docx .pdf .html .htm .txt .md (repeatable)"},
                        "year": {"type": "integer", "minimum": 1990, "maximum": 2100},
                        "edition": {"type": "string"},
                        "select": {"type": "string", "description": "rule codes, prefixes or names, comma-separated"},
                        "ignore": {"type": "string", "description": "rule codes, prefixes or names, comma-separated"},
                    }}}}},
                "responses": {
                    "200": {"description": "the findings (also when there are findings: see the exit code header)",
                            "headers": {"X-Xxgk-Exit-Code": {"schema": {"type": "integer"},
                                                             "description": "the exit code `check` would give"}},
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckOutput"}},
                                        "application/sarif+json": {}, "text/csv": {}, "text/html": {}}},
                    "400": _error("malformed request or unknown field value"),
                    "401": _error("the server wants a token (Authorization: Bearer ...)"),
                    "413": _error("upload over the size limit"),
                    "415": _error("not multipart/form-data, or a file type that cannot be checked"),
                    "503": _error("too many requests waiting; try again later"),
                }}},
            "/api/rules": {"get": {"summary": "Every rule (the JSON of `xxgk-lint rules --format json`)",
                                   "security": security,
                                   "responses": {"200": {"description": "rules", "content": {"application/json": {
                                       "schema": {"type": "array", "items": {"type": "object"}}}}},
                                       "401": _error("token missing or wrong")}}},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "schemas": {**_output_schemas(), "Error": ERROR},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
