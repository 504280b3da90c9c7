"""The one error the PDF core raises: one line, naming the input and what went wrong."""
from __future__ import annotations


class PdfError(Exception):
    """`input: problem`, on one line; `field` names what failed (an address, a check)."""

    def __init__(self, input_name: str, field: str, message: str):
        self.input_name, self.field, self.message = input_name, field, " ".join(str(message).split())
        super().__init__(f"{input_name}: {field}: {self.message}")

    def __reduce__(self):  # travels back intact from a worker process
        return (self.__class__, (self.input_name, self.field, self.message))


class FetchRefused(PdfError):
    """An address outside the folders the render may read: another file, the network, a scheme."""


class CheckFailed(PdfError):
    """A PDF that fails one of the checks (pdfcore.checks); `field` is the check's name."""
