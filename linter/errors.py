"""Errors that stop one file from being read at all.

A reader raises `InputError` with a short machine code and a one-line message a clerk can act on
("scanned PDF without a text layer: OCR it first"). The CLI prints it as one line naming the file,
records it in the JSON `error` field, exits 2 and goes on with the other files.
"""
from __future__ import annotations


# What a clerk reads for each code: the problem and what to do, in Chinese. The English `message`
# keeps the details (sizes, limits, the exception) for developers and logs.
CLERK_MESSAGES = {
    "empty": "文件是空的，没有可检查的内容",
    "unreadable": "文件打不开（路径不存在、是文件夹或没有读取权限）",
    "too-large": "文件太大，超过了检查上限",
    "binary": "这是二进制文件，不是文字报告",
    "encoding": "无法识别文字编码，请另存为 UTF-8 文本",
    "not-pdf": "扩展名是 .pdf，但内容不是 PDF 文件",
    "not-docx": "不是 Word（.docx）文档，请在 Word 或 WPS 中另存为 .docx",
    "legacy-binary": "不支持旧版 .doc/.wps 格式，请另存为 .docx 或 PDF 后再检查",
    "docx-encrypted": "Office 文档设有密码，请另存为无密码的文档后再检查",
    "zip-bomb": "DOCX 文件解压后异常庞大，已拒绝读取",
    "corrupt": "文件已损坏，无法读取，请从原文档重新导出",
    "truncated": "PDF 文件不完整（可能没有下载完），请重新下载或导出",
    "pdf-encrypted": "PDF 设有密码，请另存一份未加密的 PDF 后再检查",
    "pdf-no-text": "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或提供原始文档",
    "page-too-large": "PDF 页面尺寸异常，超过了检查上限",
    "too-many-pages": "PDF 页数超过了检查上限",
    "html-unreadable": "网页无法解析，请重新保存网页后再检查",
    "html-too-deep": "网页元素嵌套过深，请重新保存网页后再检查",
    "too-complex": "文档结构嵌套过深，无法读取",
    "memory-limit": "检查时内存不足，已停止检查这个文件",
    "timeout": "检查用时超过上限，已停止检查这个文件",
    "worker-crashed": "检查这个文件的进程意外退出，文件可能有异常",
    "reader-internal": "读取时出错，这个文件未能检查（请把文件交给开发者排查）",
    "internal": "检查时出错，这个文件未能检查（请把文件交给开发者排查）",
}


class InputError(Exception):
    """The file cannot be read at all. `code` is stable (e.g. "pdf-encrypted"); `message` is the
    one-line detail for developers (English, with sizes and limits); `clerk_message` the same
    problem for a clerk, in Chinese. `install` names an optional extra that would read the file
    (a scan without the OCR extra), so both messages can say how to get it."""

    def __init__(self, code: str, message: str, install: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.install = install

    def __reduce__(self):  # picklable for worker processes: __init__ takes more than the message
        return (InputError, (self.code, self.message, self.install))

    @property
    def clerk_message(self) -> str:
        words = CLERK_MESSAGES.get(self.code, "文件无法读取，未作检查")
        if self.install:
            words += f"；安装文字识别（OCR）扩展后即可检查：{self.install}"
        return words

    def message_in(self, lang: str) -> str:
        return self.clerk_message if lang == "zh" else self.message

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "message_zh": self.clerk_message}
