"""``{{ text|thai_wrap }}`` / ``{{ text|thai_wrap:agency.name_th }}``: long running Thai text (descriptions, measure
texts, news) that a browser wraps only between words, never inside a word or a proper name.

Why markup: Thai has no spaces between words, and browsers find line-break places with their own dictionary
(ICU in Chromium, none at all on some platforms). Measured in Chromium: it breaks งบดำเนิน|งาน and
กำลังดำเนิน|การ, and neither ``word-break: keep-all`` nor ``<wbr>`` alone stops that (keep-all does not apply to
Thai). So the text is cut into words here with PyThaiNLP (``core.documents.write.linebreak.words``, the cutter the
PDFs use, with its ``KEEP_TOGETHER`` phrases), and:

* each Thai word of more than one character is one ``<span class="w">`` (``white-space: nowrap`` in site.css), so
  no browser can split it;
* a ``<wbr>`` between two Thai words is where a line may end;
* proper names are one word, never cut: the names given as the argument (an agency's name; several separated by
  ``|``), and a person's first name written after a title (นาย/นาง/นางสาว/ดร./ว่าที่ร้อยตรี) up to the space
  before the surname (the surname after it is one PyThaiNLP run between spaces); a name's own spaces stay
  ordinary spaces. Place names are kept whole when given (``agency|place_th``).

Escaping stays on: every piece of the text is escaped (``conditional_escape``) before the only markup this
filter adds (the spans and ``<wbr>``) is joined to it, so ``<script>`` in stored text prints as text. Text without
Thai letters is only escaped. Very long text is cut in chunks as the PDF cutter does (``LONGEST_MAX``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from prongsai.core.documents.write.linebreak import words

register = template.Library()

_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
# A following vowel, tone mark or sara am cannot start a line: a line break before such a word would leave a mark
# without its base (PyThaiNLP never cuts there, but a kept phrase may end just before one).
_NO_LINE_START = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
_TITLES = ("ว่าที่ร้อยตรี", "นางสาว", "นาง", "นาย", "ดร.")
# a person's title and the first name written after it, which a space ends (the surname follows); at most 20 letters
_TITLED_NAME = re.compile("(?:" + "|".join(re.escape(t) for t in _TITLES) + r")[\u0e01-\u0e4e]{2,20}(?=\s|$)")
MAX_CHARS = 20_000  # longer text is escaped and left to the browser (a page never waits on the word cutter)


def names_in(text: str, names: Iterable[str] = ()) -> list[str]:
    """The proper names to keep whole in ``text``: those given and the titled names it contains; each piece of a
    name between spaces is one word."""
    found = {piece for name in names for piece in str(name or "").split() if _THAI_LETTER.search(piece)}
    found.update(m.group(0) for m in _TITLED_NAME.finditer(text))
    return sorted(found, key=len, reverse=True)


def wrap_pieces(text: str, names: Iterable[str] = ()) -> list[tuple[str, bool, bool]]:
    """``text`` as (piece, keep whole, a line may end before it) in order: the plain-Python core of the filter."""
    out: list[tuple[str, bool, bool]] = []
    previous_thai = False
    for word in words(text, keep=names_in(text, names)):
        thai = bool(_THAI_LETTER.match(word))
        may_break = thai and previous_thai and not _NO_LINE_START.match(word)
        out.append((word, thai and len(word) > 1, may_break))
        previous_thai = thai
    return out


@register.filter(needs_autoescape=True)
def thai_wrap(value: object, names: object = "", autoescape: bool = True) -> SafeString | str:
    """Running text wrapped only between words (module docstring); ``names``: proper names to keep whole,
    separated by ``|``."""
    if value is None:
        return ""
    text = str(value)
    escape = conditional_escape  # always: the output is HTML with our markup in it
    if len(text) > MAX_CHARS or not _THAI_LETTER.search(text):
        return escape(text)
    given = [n for n in str(names or "").split("|") if n.strip()]
    html: list[str] = []
    for piece, keep, may_break in wrap_pieces(text, given):
        if may_break:
            html.append("<wbr>")
        html.append(f'<span class="w">{escape(piece)}</span>' if keep else str(escape(piece)))
    return mark_safe("".join(html))  # every piece of the text was escaped above; the markup is our own
