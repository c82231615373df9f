"""Receive a multipart upload straight into a private folder, never trusting the client.

Starlette's own form parser spools big files to the system temporary folder and cannot stop a
body that is too large before it has been read; this one streams each `file` part into the
request's own folder (created 0700 by the caller) under a generated name, counts every byte of
the body as it arrives (Content-Length is only a hint), and keeps the client's file name for
display only: it is never used as a path. The caller deletes the folder when the answer is built.
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from typing import AsyncIterator, Optional

from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header

from ..readers import EXTENSIONS, LEGACY_BINARY

FILE_FIELD = "file"
TEXT_FIELDS = ("year", "edition", "select", "ignore", "format")
MAX_TEXT_FIELD = 4096  # bytes of one text field
MAX_FILES = 50
# once the limit is passed the rest of the body is read and dropped (up to this much more), so
# that an ordinary client, still sending, receives the 413 instead of a reset connection
DRAIN_LIMIT = 64 * 1024 * 1024


class UploadError(Exception):
    """A request that cannot be accepted: `status` is the HTTP status, `message` is for people."""

    def __init__(self, status: int, message: str, code: str):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


@dataclass
class StoredFile:
    name: str  # the client's file name, cleaned, for display only
    path: str  # where it was stored: a generated name in the request's folder


@dataclass
class Upload:
    files: list = field(default_factory=list)  # [StoredFile]
    fields: dict = field(default_factory=dict)  # text field -> list of values


def display_name(raw: str, index: int, ext: str) -> str:
    """The last path component of what the client called the file, without control characters,
    at most 120 characters; `upload-N.ext` when nothing is left."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if name.startswith("."):  # "..", ".txt": no name left to show
        name = ""
    if len(name) > 120:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 120 - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else name[:120]
    return name or f"upload-{index + 1}{ext}"


def allowed_extension(filename: str) -> str:
    """The lower-case extension of `filename` when it is one the readers know; else UploadError 415."""
    ext = os.path.splitext(filename.replace("\\", "/").rsplit("/", 1)[-1])[1].lower()
    if ext in EXTENSIONS:
        return ext
    if ext in LEGACY_BINARY:
        raise UploadError(415, f"“{filename}”是 {LEGACY_BINARY[ext]} 格式，请在 Word/WPS 中另存为 .docx 后再上传",
                          "unsupported-file")
    supported = " ".join(sorted(EXTENSIONS))
    raise UploadError(415, f"不支持的文件类型：“{filename}”（支持 {supported}）", "unsupported-file")


class _Receiver:
    """python-multipart callbacks: text fields into memory (bounded), files onto disk."""

    def __init__(self, folder: str, charset: str):
        self.folder = folder
        self.charset = charset
        self.upload = Upload()
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.field_name: Optional[str] = None
        self.text: Optional[bytearray] = None
        self.out = None  # open file of the current file part
        self.error: Optional[UploadError] = None

    # headers of a part
    def on_part_begin(self) -> None:
        self.disposition, self.field_name, self.text, self.out = b"", None, None, None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_name.strip().lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        if b"name" not in options:
            raise UploadError(400, "请求格式错误：某个部分缺少字段名（Content-Disposition name）", "malformed")
        name = options[b"name"].decode(self.charset, "replace")
        self.field_name = name
        if name == FILE_FIELD:
            if b"filename" not in options:
                raise UploadError(400, "请求格式错误：file 字段必须是文件", "malformed")
            raw = options[b"filename"].decode(self.charset, "replace")
            index = len(self.upload.files)
            if index >= MAX_FILES:
                raise UploadError(413, f"一次最多上传 {MAX_FILES} 个文件", "too-many-files")
            ext = allowed_extension(raw)
            path = os.path.join(self.folder, f"upload-{index + 1:03d}{ext}")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            self.out = os.fdopen(fd, "wb")
            self.upload.files.append(StoredFile(display_name(raw, index, ext), path))
        elif name in TEXT_FIELDS:
            self.text = bytearray()
        else:
            raise UploadError(400, f"未知的字段：{name}（可用：file、{'、'.join(TEXT_FIELDS)}）", "malformed")

    # data of a part
    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.out is not None:
            self.out.write(data[start:end])
        elif self.text is not None:
            self.text.extend(data[start:end])
            if len(self.text) > MAX_TEXT_FIELD:
                raise UploadError(400, f"字段 {self.field_name} 过长", "malformed")

    def on_part_end(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None
        elif self.text is not None:
            try:
                value = self.text.decode(self.charset)
            except UnicodeDecodeError:
                raise UploadError(400, f"字段 {self.field_name} 不是有效的文本", "malformed") from None
            self.upload.fields.setdefault(self.field_name, []).append(value)
            self.text = None

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


async def receive_upload(content_type: Optional[str], content_length: Optional[str],
                         stream: AsyncIterator[bytes], folder: str, limit: int) -> Upload:
    """Parse a multipart/form-data body from `stream` into `folder`; at most `limit` bytes of body.

    Raises UploadError: 415 for a body that is not multipart/form-data or a file type the readers
    do not know, 413 over the limit, 400 for a malformed body or an unknown field."""
    kind, params = parse_options_header(content_type or "")
    if kind != b"multipart/form-data":
        raise UploadError(415, "请求须为 multipart/form-data，文件放在 file 字段", "unsupported-media-type")
    boundary = params.get(b"boundary")
    if not boundary:
        raise UploadError(400, "请求格式错误：multipart 缺少 boundary", "malformed")
    charset = params.get(b"charset", b"utf-8").decode("latin-1")
    try:
        "".encode(charset)
    except LookupError:
        charset = "utf-8"
    too_big = UploadError(413, f"上传内容超过 {limit // (1024 * 1024)} MB 的上限", "too-large")
    declared = _int_or_none(content_length)
    if declared is not None and declared > limit + DRAIN_LIMIT:
        raise too_big  # do not even read it
    receiver = _Receiver(folder, charset)
    parser = MultipartParser(boundary, {
        "on_part_begin": receiver.on_part_begin, "on_part_data": receiver.on_part_data,
        "on_part_end": receiver.on_part_end, "on_header_field": receiver.on_header_field,
        "on_header_value": receiver.on_header_value, "on_header_end": receiver.on_header_end,
        "on_headers_finished": receiver.on_headers_finished,
    })
    received = 0
    failure: Optional[UploadError] = too_big if declared is not None and declared > limit else None
    try:
        async for chunk in stream:
            received += len(chunk)
            if failure is not None:  # drain what an ordinary client is still sending, then answer
                if received > limit + DRAIN_LIMIT:
                    break
                continue
            if received > limit:
                failure = too_big
                receiver.close()
                continue
            try:
                parser.write(chunk)
            except UploadError as exc:
                failure = exc
                receiver.close()
            except Exception as exc:  # python-multipart's MultipartParseError and friends
                failure = UploadError(400, f"请求格式错误：{exc}", "malformed")
                receiver.close()
        if failure is not None:
            raise failure
        try:
            parser.finalize()
        except Exception as exc:
            raise UploadError(400, f"请求格式错误：{exc}", "malformed") from None
        if parser.state != MultipartState.END or receiver.out is not None or receiver.text is not None:
            raise UploadError(400, "请求格式错误：上传内容不完整", "malformed")
    finally:
        receiver.close()
    if not receiver.upload.files:
        raise UploadError(400, "没有收到文件：请在 file 字段上传一个或多个报告", "no-file")
    return receiver.upload


def _int_or_none(value: Optional[str]) -> Optional[int]:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
