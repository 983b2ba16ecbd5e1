"""The base's one table: the single-use form tokens that have been spent (``abuse.form_token_spend``)."""

from __future__ import annotations

from django.db import models


class SpentFormToken(models.Model):
    """A public form's token that has been used once. Only a digest of the token's random nonce is kept (the digest is
    the key: no running number, so the rows' order says nothing), and the day after which it can go: a day, never a
    time, so the table adds nothing to what the form's own row already says (complaints keep the day they came)."""

    digest = models.CharField(max_length=64, primary_key=True)
    expires_on = models.DateField(db_index=True)

    class Meta:
        verbose_name = "แบบฟอร์มสาธารณะที่ส่งแล้ว (เก็บเป็นค่าแฮช)"
        verbose_name_plural = "แบบฟอร์มสาธารณะที่ส่งแล้ว (เก็บเป็นค่าแฮช)"

    def __str__(self) -> str:
        return "แบบฟอร์มที่ส่งแล้ว"
