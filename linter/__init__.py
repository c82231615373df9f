"""xxgk-lint: a compliance linter for 政府信息公开工作年度报告 (annual reports on government
information disclosure).

Library use::

    from xxgk_lint import lint_file
    result = lint_file("report.pdf")
    for finding in result.findings:
        print(finding.code, finding.message)
"""
__version__ = "0.1.0"


def lint_file(path, options=None):
    from .run.engine import lint_file as _lint_file

    return _lint_file(path, options)


__all__ = ["lint_file", "__version__"]
