"""Receipt codes of the complaint channel: 16 characters of Crockford base32 (80 random bits), shown once; only their
SHA-256 is stored. The public forms' abuse limits (signed single-use form tokens, the honeypot, per-client limits
that identify no one) are shared with the other public forms: ``prongsai.apps.base.abuse``.
"""

from __future__ import annotations

import hashlib
import secrets

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECEIPT_LENGTH = 16


def receipt_new() -> str:
    """A new receipt code, formatted for reading aloud: ``7K3M-Q9TB-2XWD-HF4R``."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_normalise(code: str) -> str:
    """Forgive what people type: spaces, dashes, lower case, O for 0, I/L for 1; Thai digits too."""
    from prongsai.core.thai import to_arabic_digits

    text = to_arabic_digits(code or "").upper()
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return "".join(ch for ch in text if ch in RECEIPT_ALPHABET)


def receipt_hash(code: str) -> str:
    normalised = receipt_normalise(code)
    return hashlib.sha256(b"prongsai-receipt-v1:" + normalised.encode("ascii")).hexdigest()


def receipt_well_formed(code: str) -> bool:
    return len(receipt_normalise(code)) == RECEIPT_LENGTH
