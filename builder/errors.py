"""Errors the builder raises. Each says what was wrong, where, and what to do.

Library code raises these; only the command line prints them and picks an exit status.
Codes (`E1xx` input, `E2xx` validation, `E3xx` store) are stable so users can search them.
"""
from __future__ import annotations


class PeninsulaError(Exception):
    code = "E000"

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None):
        self.message = message
        self.source = source
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"[{self.code}] {where}{self.message}.{hint}"


class InputError(PeninsulaError):
    """An article or manifest that cannot be read as an article."""

    code = "E100"


class EmptyArticleError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class EncodingError(InputError):
    code = "E103"


class TooLargeError(InputError):
    code = "E104"


class LanguageError(InputError):
    code = "E105"


class ManifestError(InputError):
    code = "E110"


class ValidationFailed(PeninsulaError):
    """An article graph does not conform to the shapes; it was not stored."""

    code = "E200"


class StoreError(PeninsulaError):
    code = "E300"
