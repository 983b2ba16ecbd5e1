"""Concurrent submissions of the public complaint and Q&A forms, as people would send them (asyncio + httpx).

wrk cannot do this: each submission must first GET the form for its signed single-use form token (``ft``) and,
for the Q&A form, its CSRF cookie and token, wait the minimum fill time, then POST the fields (with that cookie).
The complaint form is CSRF-exempt and sets no cookie (prongsai.apps.base.abuse). Every submitter:

    GET  /p/<slug>/complaints/   (or /p/<slug>/qa/)     → ft (Q&A also: csrftoken cookie, csrfmiddlewaretoken)
    wait PRONGSAI_FORM_MIN_SECONDS (+ 0.1 s)
    POST the form, honeypot ``website`` left empty       → complaint: 201 receipt page; Q&A: 302 to the page

Each submitter comes from its own address (``X-Forwarded-For``, as nginx would append it; the load settings trust
one proxy), as many people would: the forms' abuse limits count per client.

Cookies are sent by hand (they are HTTPS-only, the client speaks plain HTTP to gunicorn with
``X-Forwarded-Proto: https`` as nginx would). Used by run_load.py; the numbers are in its JSON.

Survey answers (``submit_surveys``; the surveys are made by prepare_surveys.py), each respondent from its own
address, the per-client survey limit (``PRONGSAI_SURVEY_POSTS_PER_CLIENT``, production's 100 per link and hour) ON:

    round_iit  GET /r/<invitation code>/  → the form (it posts the code in the body to the survey's entry link)
               POST /r/<entry>/ code, answering=1, one option per answer point  → 302 /r/thanks/
    round_eit  GET /r/<open EIT link>/    → ft;  POST the same with ft, the honeypot empty, the answers → 302
    pulse      GET /s/<pulse link>/       → ft;  POST the same (the QR poster's link)                  → 302

Every ``double_every``-th respondent sends its POST twice at the same moment (a double click): exactly one of the two
may be stored, the other must be refused (4xx), never 5xx. Options are taken from the page itself (every radio
group gets one of its own values), so the answer set is whatever the page asks, complete and valid.
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from dataclasses import dataclass, field

import httpx

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_FT = re.compile(r'name="ft" value="([^"]+)"')
_RADIO = re.compile(r'<input type="radio" name="([^"]+)" value="([^"]*)"')
_ACTION = re.compile(r'<form method="post" action="([^"]+)"')
_CODE = re.compile(r'<input type="hidden" name="code" value="([^"]+)">')


@dataclass
class FormRun:
    kind: str
    submissions: int
    concurrency: int
    statuses: dict[str, int] = field(default_factory=dict)  # of the POSTs
    get_statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # exceptions (connection refused, timeouts …)
    post_latencies_ms: list[float] = field(default_factory=list)
    get_latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    replay_statuses: dict[str, int] = field(default_factory=dict)  # the second POST of a double submit (surveys)

    def summary(self) -> dict:
        def pct(values: list[float], p: float) -> float | None:
            if not values:
                return None
            ordered = sorted(values)
            return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)

        requests = len(self.post_latencies_ms) + len(self.get_latencies_ms)
        return {
            "kind": self.kind,
            "submissions": self.submissions,
            "concurrency": self.concurrency,
            "wall_s": round(self.wall_s, 2),
            "requests": requests,
            "requests_per_s": round(requests / self.wall_s, 1) if self.wall_s else None,
            "submissions_per_s": round(self.submissions / self.wall_s, 1) if self.wall_s else None,
            "post_status": dict(sorted(self.statuses.items())),
            "get_status": dict(sorted(self.get_statuses.items())),
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
            "post_latency_ms": {p: pct(self.post_latencies_ms, q) for p, q in (("p50", 50), ("p95", 95), ("p99", 99))},
            "get_latency_ms": {p: pct(self.get_latencies_ms, q) for p, q in (("p50", 50), ("p95", 95), ("p99", 99))},
            **({"double_submits": sum(self.replay_statuses.values()), "double_submit_status":
                dict(sorted(self.replay_statuses.items()))} if self.replay_statuses else {}),
        }


def _fields(kind: str, i: int) -> dict[str, str]:
    if kind == "complaint":
        return {
            "kind": "other",
            "subject": f"ทดสอบโหลดระบบ เรื่องที่ {i}",
            "details": "ข้อความทดสอบการรับเรื่องร้องเรียนพร้อมกันจำนวนมาก (ทดสอบโหลด ไม่ใช่เรื่องจริง) " * 3,
            "about": "",
            "identity": "anonymous",
            "name": "",
            "phone": "",
            "email": "",
            "address": "",
        }
    return {
        "kind": "question",
        "subject": f"คำถามทดสอบโหลดระบบ {i}",
        "body": "ขอสอบถามเรื่องการเปิดเผยข้อมูลสาธารณะ (ทดสอบโหลด ไม่ใช่คำถามจริง)",
        "display_name": "",
        "contact": "",
    }


def _client_headers(i: int) -> dict[str, str]:
    """Respondent ``i``'s headers as nginx passes them on: HTTPS, and an address of its own."""
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"}


async def _show_form(client: httpx.AsyncClient, run: FormRun, url: str, headers: dict[str, str]) -> httpx.Response:
    """GET the form page, its latency and status counted."""
    t0 = time.perf_counter()
    page = await client.get(url, headers=headers)
    run.get_latencies_ms.append((time.perf_counter() - t0) * 1000)
    _count(run.get_statuses, page.status_code)
    return page


async def _submit(
    client: httpx.AsyncClient, run: FormRun, base: str, path: str, i: int, wait_s: float, sem: asyncio.Semaphore
) -> None:
    origin = base.replace("http://", "https://")
    headers = _client_headers(i)
    async with sem:
        try:
            page = await _show_form(client, run, base + path, headers)
            csrf, ft = _CSRF.search(page.text), _FT.search(page.text)
            cookie = page.cookies.get("csrftoken")
            needs_csrf = run.kind != "complaint"  # the complaint form is CSRF-exempt and sets no cookie
            if page.status_code != 200 or not ft or (needs_csrf and not (csrf and cookie)):
                run.errors.append(f"GET {path}: {page.status_code}, form fields or CSRF cookie missing")
                return
            if not needs_csrf and (csrf or cookie):
                run.errors.append(f"GET {path}: the complaint form set a CSRF cookie or token")
                return
            await asyncio.sleep(wait_s)
            data = {"ft": ft.group(1), "website": "", **_fields(run.kind, i)}
            post_headers = {**headers, "Origin": origin, "Referer": origin + path}
            if needs_csrf:
                data["csrfmiddlewaretoken"] = csrf.group(1)
                post_headers["Cookie"] = f"csrftoken={cookie}"
            t0 = time.perf_counter()
            sent = await client.post(base + path, data=data, headers=post_headers)
            run.post_latencies_ms.append((time.perf_counter() - t0) * 1000)
            run.statuses[str(sent.status_code)] = run.statuses.get(str(sent.status_code), 0) + 1
        except httpx.HTTPError as exc:
            run.errors.append(f"{type(exc).__name__}: {exc}")


async def _run(base: str, kind: str, slugs: list[str], submissions: int, concurrency: int, wait_s: float) -> FormRun:
    run = FormRun(kind=kind, submissions=submissions, concurrency=concurrency)
    segment = "complaints" if kind == "complaint" else "qa"
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=120, limits=limits, follow_redirects=False) as client:
        t0 = time.perf_counter()
        await asyncio.gather(
            *(
                _submit(client, run, base, f"/p/{slugs[i % len(slugs)]}/{segment}/", i, wait_s, sem)
                for i in range(submissions)
            )
        )
        run.wall_s = time.perf_counter() - t0
    return run


def submit_forms(
    base: str, kind: str, slugs: list[str], *, submissions: int, concurrency: int, wait_s: float
) -> FormRun:
    """Send `submissions` forms of `kind` ("complaint" or "question") to the agencies `slugs` in turn,
    at most `concurrency` at a time; wait `wait_s` between showing and sending each form."""
    return asyncio.run(_run(base, kind, slugs, submissions, concurrency, wait_s))


# --- survey answers ------------------------------------------------------------------------------------------------


def _count(into: dict[str, int], status: int) -> None:
    into[str(status)] = into.get(str(status), 0) + 1


def _answers(page: str, i: int) -> dict[str, str]:
    """One option of every radio group on the page, varied by respondent and question (a full, valid answer set)."""
    groups: dict[str, list[str]] = {}
    for name, value in _RADIO.findall(page):
        groups.setdefault(html.unescape(name), []).append(html.unescape(value))
    return {name: values[(i * 7 + n * 3) % len(values)] for n, (name, values) in enumerate(groups.items())}


async def _answer_survey(
    client: httpx.AsyncClient, run: FormRun, base: str, path: str, i: int, wait_s: float, double: bool,
    sem: asyncio.Semaphore,
) -> None:
    origin = base.replace("http://", "https://")
    headers = _client_headers(i)
    async with sem:
        try:
            page = await _show_form(client, run, base + path, headers)
            answers = _answers(page.text, i)
            data: dict[str, str] = {**answers}
            target = path
            if run.kind == "round_iit":  # the card's page posts the code to the survey's entry link
                action, code = _ACTION.search(page.text), _CODE.search(page.text)
                if page.status_code != 200 or not (action and code and answers):
                    run.errors.append(f"GET {run.kind}: {page.status_code}, form, code or questions missing")
                    return
                target = html.unescape(action.group(1))
                data.update(code=html.unescape(code.group(1)), answering="1")
            else:
                ft = _FT.search(page.text)
                if page.status_code != 200 or not (ft and answers):
                    run.errors.append(f"GET {run.kind}: {page.status_code}, form token or questions missing")
                    return
                data.update(ft=ft.group(1), website="")
            if page.cookies:
                run.errors.append(f"GET {run.kind}: the anonymous survey page set a cookie")
                return
            await asyncio.sleep(wait_s)
            post_headers = {**headers, "Origin": origin, "Referer": origin + path}

            async def post() -> int:
                t0 = time.perf_counter()
                sent = await client.post(base + target, data=data, headers=post_headers)
                run.post_latencies_ms.append((time.perf_counter() - t0) * 1000)
                return sent.status_code

            if double:  # a double click: both POSTs at once, one may store
                first, second = await asyncio.gather(post(), post())
                if second == 302 and first != 302:
                    first, second = second, first
                _count(run.statuses, first)
                _count(run.replay_statuses, second)
            else:
                _count(run.statuses, await post())
        except httpx.HTTPError as exc:
            run.errors.append(f"{type(exc).__name__}: {exc}")


async def _run_surveys(
    base: str, kind: str, paths: list[str], concurrency: int, wait_s: float, double_every: int
) -> FormRun:
    run = FormRun(kind=kind, submissions=len(paths), concurrency=concurrency)
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2)
    async with httpx.AsyncClient(timeout=120, limits=limits, follow_redirects=False) as client:
        t0 = time.perf_counter()
        await asyncio.gather(
            *(
                _answer_survey(client, run, base, path, i, wait_s, bool(double_every) and i % double_every == 0, sem)
                for i, path in enumerate(paths)
            )
        )
        run.wall_s = time.perf_counter() - t0
    return run


def submit_surveys(
    base: str, kind: str, paths: list[str], *, concurrency: int, wait_s: float, double_every: int = 50
) -> FormRun:
    """One respondent per path (``kind``: "round_iit" with one invitation code's page each, or "round_eit" /
    "pulse" with the same link repeated), at most ``concurrency`` at a time, each waiting ``wait_s`` between its
    GET and its POST; every ``double_every``-th sends its POST twice at once (0: never)."""
    return asyncio.run(_run_surveys(base, kind, paths, concurrency, wait_s, double_every))
