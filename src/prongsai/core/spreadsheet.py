"""Spreadsheet cells that never run as formulas ("CSV injection", OWASP).

Excel and LibreOffice read a cell that starts with ``= + - @`` (or a tab / line break before one) as a formula
in CSV, and openpyxl writes a string starting with ``=`` as a formula in XLSX. Every export of text that people
typed passes its cells through ``neutralise_cell``: such a cell gets a leading apostrophe and shows as text.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(value: str) -> str:
    """``'=1+1`` for ``=1+1``; any other text unchanged."""
    return "'" + value if value.startswith(FORMULA_START) else value
