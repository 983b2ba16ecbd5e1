"""OIT evidence: the per-year checklist (`checklist`), the main-website checker (`crawler`, `checker`, `report`)
and uptime probes (`uptime`). See docs/oit.md.

    from prongsai.core.oit import build_checklist, check_site_sync, probe
"""

from prongsai.core.oit.checker import VERDICT_TH, ItemResult, SiteReport, check_site, check_site_sync, evaluate
from prongsai.core.oit.checklist import (
    Checklist,
    ChecklistItem,
    Gap,
    apply_site_report,
    build_checklist,
    completeness,
    draft_clarification,
    itas_export,
)
from prongsai.core.oit.crawler import CrawlConfig, CrawlError, CrawlResult, crawl
from prongsai.core.oit.requirements import load_requirements, resolve_items
from prongsai.core.oit.uptime import UptimeHistory, UptimeSample, probe, probe_async

__all__ = [
    "VERDICT_TH",
    "Checklist",
    "ChecklistItem",
    "CrawlConfig",
    "CrawlError",
    "CrawlResult",
    "Gap",
    "ItemResult",
    "SiteReport",
    "UptimeHistory",
    "UptimeSample",
    "apply_site_report",
    "build_checklist",
    "check_site",
    "check_site_sync",
    "completeness",
    "crawl",
    "draft_clarification",
    "evaluate",
    "itas_export",
    "load_requirements",
    "probe",
    "probe_async",
    "resolve_items",
]
