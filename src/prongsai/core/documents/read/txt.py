"""Plain text: UTF-8 (with or without BOM), UTF-16/32 with BOM, then Thai legacy TIS-620/cp874."""

from __future__ import annotations

import codecs

from prongsai.core.documents.read._common import ExtractedText, check_chars, fail, is_mostly_binary, unify_newlines

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _not_text(source: str):
    return fail(
        source,
        "ไม่ใช่ไฟล์ข้อความ (มีข้อมูลไบนารี หรือเข้ารหัสอักขระที่ไม่รู้จัก)",
        "not a text file (binary content or an unknown character encoding)",
    )


def decode_text(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Bytes to str. A BOM wins; then a declared charset (HTML meta), UTF-8, and cp874 (a superset of TIS-620).

    Raises DocumentError "ไม่ใช่ไฟล์ข้อความ" for binary content.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding), source)
            except UnicodeDecodeError:
                raise _not_text(source) from None
    candidates = [declared] if declared else []
    candidates += ["utf-8", "cp874"]
    for encoding in candidates:
        try:
            return _checked(data.decode(encoding), source)
        except (UnicodeDecodeError, LookupError):
            continue
    # Legacy Thai with a few stray bytes: accept when the damage is tiny (is_mostly_binary counts U+FFFD).
    return _checked(data.decode("cp874", errors="replace"), source)


def _checked(text: str, source: str) -> str:
    if is_mostly_binary(text):
        raise _not_text(source)
    return text


def read_txt(data: bytes, source: str) -> ExtractedText:
    text = unify_newlines(decode_text(data, source))
    return ExtractedText(text=check_chars(text, source), kind="txt", source=source)
