"""Errors the user sees. Each carries a Thai message first and an English one second."""

from __future__ import annotations


class ProngsaiError(Exception):
    """A user-facing error with a Thai and an English message."""

    def __init__(self, th: str, en: str | None = None) -> None:
        super().__init__(th)
        self.th = th
        self.en = en or th

    def message(self, lang: str = "th") -> str:
        return self.en if lang == "en" else self.th


class FrameworkError(ProngsaiError):
    """A framework file is missing, malformed or contradictory."""


class UnknownFiscalYearError(FrameworkError):
    """No framework is known for the requested fiscal year."""


class ScoreInputError(ProngsaiError):
    """Scores or answers given to the scoring engine are invalid."""


class DocumentError(ProngsaiError):
    """A document cannot be read: broken, too large, hostile or of an unsupported kind."""
