"""``{{ url|http_url }}``: a link from stored data only when it is http(s); anything else (``javascript:``,
``data:``, ``vbscript:``, a scheme hidden behind control characters) becomes ``#``. Forms and services refuse such
URLs already; this keeps a row written another way (an import, the admin, an old database) inert."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

register = template.Library()
_CONTROL_AND_SPACE = "".join(chr(code) for code in range(33))


@register.filter
def http_url(value: object) -> str:
    text = str(value or "")
    # Browsers drop ASCII tab/newline anywhere in a URL and leading control characters and spaces.
    cleaned = "".join(ch for ch in text if ch not in "\t\n\r").lstrip(_CONTROL_AND_SPACE)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return "#"
    if parts.scheme.lower() in {"http", "https"} and parts.netloc:
        return cleaned
    return "#"


@register.filter
def site_link(value: object, base: object) -> str:
    """``{{ link.url|site_link:base_url|http_url }}``: a link to this site stored with its configured address (or the
    development default) follows ``base``, the address the page is served from (``apps.base.siteurl``)."""
    from prongsai.apps.base.siteurl import follow_site

    return follow_site(str(value or ""), str(base or ""))
