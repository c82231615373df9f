"""Whatever bytes arrive in a .pdf or .docx, reading ends in a RawDocument or an InputError:
never another exception (a traceback in the middle of a batch run)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk_lint.errors import InputError
from xxgk_lint.document.model import RawDocument
from xxgk_lint.readers import read_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDF = (FIXTURES / "pdf" / "split_stsong.pdf").read_bytes()
PDF_EMBEDDED = (FIXTURES / "pdf" / "split_embedded.pdf").read_bytes()
DOCX = (FIXTURES / "docx" / "report.docx").read_bytes()


@st.composite
def mutated(draw, sources):
    """A valid file with a few bytes overwritten, a slice cut out, junk inserted or truncated."""
    data = bytearray(draw(st.sampled_from(sources)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[pos:pos + draw(st.integers(1, 512))]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[pos:]
    return bytes(data)


def read_bytes(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(data)
        try:
            return read_path(str(path))
        except InputError as err:
            assert err.code and err.message and "\n" not in err.message
            return err


SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(mutated([PDF, PDF_EMBEDDED]))
def test_mutated_pdf_gives_a_document_or_an_input_error(data):
    assert isinstance(read_bytes(data, ".pdf"), (RawDocument, InputError))


@SETTINGS
@given(mutated([DOCX]))
def test_mutated_docx_gives_a_document_or_an_input_error(data):
    assert isinstance(read_bytes(data, ".docx"), (RawDocument, InputError))
