"""Where OIT evidence lives on the web: file-share and social hosts that are not the agency's main website, and
the words of a "how to find it" path. Below the crawler, the checker and the checklist, which all use them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

HOME_TH = "หน้าหลัก"
ARROW = " → "
# Hosts that are file shares or social networks, not the agency's main website.
EXTERNAL_DRIVE_HOSTS: dict[str, str] = {
    "drive.google.com": "Google Drive",
    "docs.google.com": "Google Docs/Drive",
    "onedrive.live.com": "OneDrive",
    "1drv.ms": "OneDrive",
    "sharepoint.com": "OneDrive/SharePoint",
    "dropbox.com": "Dropbox",
    "dropboxusercontent.com": "Dropbox",
    "db.tt": "Dropbox",
    "facebook.com": "Facebook",
    "fb.com": "Facebook",
    "fb.me": "Facebook",
    "fb.watch": "Facebook",
}


def external_drive_name(url_or_host: str) -> str | None:
    """'Google Drive' for https://drive.google.com/…, None for a host that is not a file share or Facebook."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    host = (host or "").lower().rstrip(".")
    for suffix, name in EXTERNAL_DRIVE_HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return None


def bare_host(url: str) -> str:
    """The host without a leading "www.", lower case ("" when the URL has none)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")
