"""Errors that stop one file from being read at all.

A reader raises `InputError` with a short machine code and a one-line message a clerk can act on
("scanned PDF without a text layer: OCR it first"). The CLI prints it as one line naming the file,
records it in the JSON `error` field, exits 2 and goes on with the other files.
"""


class InputError(Exception):
    """The file cannot be read at all. `code` is stable (e.g. "pdf-encrypted"); `message` is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message}
