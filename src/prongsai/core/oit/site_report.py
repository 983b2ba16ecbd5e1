"""What the website checker reports: one `ItemResult` per OIT item and the `SiteReport` of a whole check.

Plain data (stored as JSON by the web app), below the checker and the checklist so both can use it
(`prongsai.core.oit.checklist.apply_site_report` reads a report; `prongsai.core.oit.checker` writes one).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

Verdict = Literal["found", "missing", "doubtful"]
VERDICT_TH: dict[str, str] = {"found": "พบ", "missing": "ไม่พบ", "doubtful": "น่าสงสัย"}
FIX_PREFIX = "แนวทางแก้ไข: "


class ItemResult(BaseModel):
    code: str
    title: str
    verdict: Verdict
    urls: list[str] = []
    reasons: list[str] = []
    fixes: list[str] = []
    parts: dict[str, bool | None] = {}  # part id → seen in the text (None: could not be checked)
    part_names: dict[str, str] = {}
    years: list[int] = []  # fiscal years the evidence names
    how_to_find: list[str] = []
    topic: str | None = None
    confidence: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The issue's item shape: code (lower case), title, verdict, urls, reasons (fixes last, marked)."""
        return {
            "code": self.code.lower(),
            "title": self.title,
            "verdict": self.verdict,
            "urls": list(self.urls),
            "reasons": [*self.reasons, *(FIX_PREFIX + f for f in self.fixes)],
        }


class SiteReport(BaseModel):
    site: str
    start_url: str
    fiscal_year: int
    https: bool
    https_note: str = ""
    items: list[ItemResult]
    broken_links: list[str] = []
    broken_detail: list[dict[str, Any]] = []
    external_drive_links: list[dict[str, Any]] = []
    redirects: list[dict[str, Any]] = []
    response_times: dict[str, Any] = {}
    robots: dict[str, Any] = {}
    pages_crawled: int = 0
    files_checked: int = 0
    not_fetched: int = 0
    checked_at: datetime
    seconds: float = 0.0
    notes: list[str] = []  # plain Thai
    technical: list[str] = []  # the network errors behind the notes, as the libraries spell them (for staff)

    def counts(self) -> dict[str, int]:
        c = Counter(i.verdict for i in self.items)
        return {v: c.get(v, 0) for v in ("found", "doubtful", "missing")}

    def item(self, code: str) -> ItemResult:
        for it in self.items:
            if it.code.lower() == code.lower():
                return it
        raise KeyError(code)

    def to_json_dict(self) -> dict[str, Any]:
        """The issue's JSON shape first (site, fiscal_year, https, items, broken_links), then extra keys."""
        return {
            "site": self.site,
            "fiscal_year": self.fiscal_year,
            "https": self.https,
            "items": [i.to_json_dict() for i in self.items],
            "broken_links": list(self.broken_links),
            "checked_at": self.checked_at.isoformat(),
            "start_url": self.start_url,
            "summary": self.counts(),
            "https_note": self.https_note,
            "response_times": self.response_times,
            "broken_detail": self.broken_detail,
            "external_drive_links": self.external_drive_links,
            "redirects": self.redirects,
            "robots": self.robots,
            "pages_crawled": self.pages_crawled,
            "files_checked": self.files_checked,
            "not_fetched": self.not_fetched,
            "seconds": self.seconds,
            "details": {
                i.code.lower(): {
                    "fixes": i.fixes,
                    "parts": i.parts,
                    "part_names": i.part_names,
                    "years": i.years,
                    "how_to_find": i.how_to_find,
                    "topic": i.topic,
                    "confidence": i.confidence,
                }
                for i in self.items
            },
            "notes": self.notes,
            "technical": self.technical,
        }
