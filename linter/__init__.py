"""xxgk-lint: a compliance linter for 政府信息公开工作年度报告 (annual reports on government
information disclosure).

Library use (docs/api.md)::

    from xxgk_lint import lint_file
    result = lint_file("report.pdf")
    for finding in result.findings:
        print(finding.code, finding.message)
"""
__version__ = "0.1.0"

_API = ("lint_file", "lint_text", "FileResult", "Finding", "Document", "Location", "InputError")


def __getattr__(name):
    """The API is imported on first use, so `import xxgk_lint` (the CLI's entry point) stays cheap."""
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'xxgk_lint' has no attribute {name!r}")


__all__ = [*_API, "__version__"]
