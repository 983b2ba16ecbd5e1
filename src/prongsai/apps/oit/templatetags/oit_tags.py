"""``{{ url|web_link }}``: an address as a link only when it is http(s); anything else stays plain text.
``{{ kind|error_kind_th }}``: the crawler's error kind (``timeout``, ``connect`` …) in Thai."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from prongsai.core.oit.crawler import ERROR_KIND_TH

register = template.Library()


@register.filter
def web_link(url: object) -> str:
    text = "" if url is None else str(url)
    if text.lower().startswith(("http://", "https://")):
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', text, text)
    return text


@register.filter
def error_kind_th(kind: object) -> str:
    text = "" if kind is None else str(kind)
    return ERROR_KIND_TH.get(text, text)
