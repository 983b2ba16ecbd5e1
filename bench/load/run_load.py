"""Web load test: a fresh database with the demo and a national data set, gunicorn, wrk and the public forms.

    .venv/bin/python bench/load/run_load.py --db postgres               # the full run (about 5 minutes)
    .venv/bin/python bench/load/run_load.py --db sqlite
    .venv/bin/python bench/load/run_load.py --db sqlite --quick         # smoke: 20 complaints, 5 at a time, no wrk

Steps (each printed as it runs):
0. a copy of src/ (the checkout is shared and may change during the run);
1. a fresh database: an SQLite file in a temporary folder, or the PostgreSQL database ``prongsai_load`` on
   127.0.0.1:5432 (user postgres; dropped and created again); ``migrate``, ``load_demo``, ``load_portal_demo``,
   and ``load_national_demo --agencies N`` (SYNTHETIC national results through the national bulk import,
   default 3,000 agencies × FY2567–2568); ``collectstatic``; a password for the ``demo-coordinator`` login;
2. gunicorn with ``deploy/gunicorn.conf.py``, N workers, on a free port of 127.0.0.1, settings
   ``bench/load/load_settings.py`` (production, with only the complaint rate limit lifted: read its docstring);
3. after a 5 s warm-up that is not recorded, wrk (``bench/load/paths.lua``) against the public portal (agency
   home, results, open data of the demo agency and of national agencies, in turn) at each concurrency of
   ``--concurrency`` (default 50, 100, 250), then 50 connections that each wait ``--think-ms`` (1 s) before
   every request (people reading pages), and the staff dashboard logged in at 50; requests/s,
   p50/p90/p95/p99, statuses, socket errors and timeouts;
4. ``--complaints`` complaint submissions (default 1,000, ``--form-concurrency`` at a time, default 50) to one
   agency and ``--questions`` Q&A submissions (default 200) spread over 20 agencies (bench/load/forms.py);
   stored rows counted in the database before and after; gunicorn's log searched for "database is locked"
   and tracebacks;
5. with ``--surveys N`` (``--surveys-only``: only this, 1,000 by default): N respondents to each of an assessment
   round's closed IIT (one invitation code each), its open EIT link and a pulse survey's QR link, 50 at a time,
   each GET → wait → POST a full answer set (bench/load/forms.py ``submit_surveys``, the surveys made by
   bench/load/prepare_surveys.py); rows counted in the database, then the IIT pool flushed as at the survey's close
   (``rounds_flush_pool --round R --close``) and counted again;
6. gunicorn stopped; JSON to ``bench/out/load_<db>.json`` (or ``--out``). Exit 1 when a submission was lost,
   answered 5xx or failed, or the log has "database is locked": the numbers are for docs/performance.md,
   the exit status is for tests/web/test_load_smoke.py.

    .venv/bin/python bench/load/run_load.py --db postgres --surveys-only        # 3 × 1,000 survey respondents
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "bench"))

from forms import submit_forms, submit_surveys  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = os.environ.get("PRONGSAI_LOAD_PG_NAME", "prongsai_load")  # another name: two runs at once
DEMO_SLUG = "demo-tambon"
LOGIN = "demo-coordinator"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def migrations_digest() -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").glob("prongsai/**/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def fresh_database(kind: str, workdir: Path, template: Path | None = None) -> str:
    if kind == "sqlite":
        target = workdir / "load.sqlite3"
        if template is not None and template.is_file():
            shutil.copyfile(template, target)  # migrated earlier with the same migrations; prepare tops it up
        return f"sqlite:///{target}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_NAME}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def snapshot_source(workdir: Path) -> Path:
    """A copy of src/ for this run: the checkout is shared and edited while the test runs, and gunicorn
    recycles workers (max_requests), so without a copy one run could measure two versions of the code."""
    target = workdir / "src"
    # PRONGSAI_LOAD_SOURCE: another src/ to measure (e.g. `git archive HEAD src` unpacked: before/after a change)
    origin = Path(os.environ.get("PRONGSAI_LOAD_SOURCE") or ROOT / "src")
    shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def environment(
    database_url: str, workdir: Path, form_min_s: float, plain_static: bool, source: Path
) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PRONGSAI_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="load_settings",
        PYTHONPATH=os.pathsep.join([str(HERE), str(source), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        PRONGSAI_FIELD_KEYS=Fernet.generate_key().decode(),
        PRONGSAI_BEHIND_PROXY="1",
        PRONGSAI_STATIC_ROOT=str(workdir / "static"),
        PRONGSAI_DATA_DIR=str(workdir / "data"),
        PRONGSAI_FILES_DIR=str(workdir / "files"),
        PRONGSAI_LOAD_FORM_MIN_SECONDS=str(form_min_s),
        PRONGSAI_LOG_LEVEL="WARNING",
        PRONGSAI_LOAD_PLAIN_STATIC="1" if plain_static else "",
        # the cache (Redis for several workers, docs/deployment.md) and the public page cache on or off
        PRONGSAI_CACHE_URL=os.environ.get("PRONGSAI_LOAD_CACHE_URL", ""),
        PRONGSAI_PUBLIC_CACHE=os.environ.get("PRONGSAI_LOAD_PUBLIC_CACHE", "1"),
        PRONGSAI_DASHBOARD_FRAGMENTS=os.environ.get("PRONGSAI_LOAD_DASHBOARD_FRAGMENTS", "1"),
        # gunicorn's worker recycling (deploy/gunicorn.conf.py; its default when unset)
        PRONGSAI_MAX_REQUESTS=os.environ.get("PRONGSAI_LOAD_MAX_REQUESTS", ""),
    )
    if not env["PRONGSAI_MAX_REQUESTS"]:
        del env["PRONGSAI_MAX_REQUESTS"]
    return env


COUNT_SQL = {
    "complaints": "SELECT count(*) FROM complaints_complaint",
    "questions": "SELECT count(*) FROM portal_question",
}


def count_rows(database_url: str) -> dict[str, int]:
    """Stored complaints and questions, straight from the database."""
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=60) as conn:
            return {k: conn.execute(q).fetchone()[0] for k, q in COUNT_SQL.items()}
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        return {k: conn.execute(q).fetchone()[0] for k, q in COUNT_SQL.items()}


SURVEY_SQL = {  # per PulseRound id: the answers the survey engine holds (set aside or not)
    "responses": "SELECT count(*) FROM surveys_pulseresponse WHERE round_id = %s",
    "answers": "SELECT count(*) FROM surveys_pulseanswer a JOIN surveys_pulseresponse r ON a.response_id = r.id"
    " WHERE r.round_id = %s",
    "flagged_bursts": "SELECT count(*) FROM surveys_pulseburst WHERE round_id = %s",
}
IIT_SQL = {  # per RoundSurvey id: the closed IIT's codes and mixing pool
    "spent_codes": "SELECT count(*) FROM rounds_spentinvitation WHERE survey_id = %s",
    "pending_in_pool": "SELECT count(*) FROM rounds_pendingiitanswer WHERE survey_id = %s",
    "invitations_used": "SELECT count(*) FROM rounds_invitation WHERE survey_id = %s AND used",
}


def count_survey_rows(database_url: str, surveys: dict) -> dict[str, dict[str, int]]:
    """Rows of the three load surveys, straight from the database."""
    queries = [(kind, name, sql, pk) for kind, pk in surveys["pulse_ids"].items() for name, sql in SURVEY_SQL.items()]
    queries += [("round_iit", name, sql, surveys["iit_survey"]) for name, sql in IIT_SQL.items()]
    out: dict[str, dict[str, int]] = {kind: {} for kind in surveys["pulse_ids"]}
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=60) as conn:
            for kind, name, sql, pk in queries:
                out[kind][name] = conn.execute(sql.replace("%s", "?"), (pk,)).fetchone()[0]
        return out
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        for kind, name, sql, pk in queries:
            out[kind][name] = conn.execute(sql, (pk,)).fetchone()[0]
    return out


def flush_pool(env: dict[str, str], round_pk: int) -> str:
    """The closed IIT's pool mixed in whatever it holds, as when the surveys close (the daily timer's command)."""
    cmd = [PYTHON, "-m", "prongsai.web.manage", "rounds_flush_pool", "--round", str(round_pk), "--close"]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"rounds_flush_pool failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def prepare(
    env: dict[str, str], national: int, collectstatic: bool, surveys: int = 0, survey_framework: str = "nacc"
) -> tuple[dict, str]:
    password = secrets.token_urlsafe(16)
    cmd = [PYTHON, str(HERE / "prepare.py"), "--national", str(national), "--login", LOGIN]
    cmd += [f"--password={password}", "--demo", DEMO_SLUG] + (["--collectstatic"] if collectstatic else [])
    cmd += ["--surveys", str(surveys), "--survey-framework", survey_framework]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"preparing the database failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("JSON"))
    return json.loads(line[4:]), password


def start_gunicorn(env: dict[str, str], port: int, workers: int, logfile: Path) -> subprocess.Popen:
    genv = {**env, "PRONGSAI_BIND": f"127.0.0.1:{port}", "PRONGSAI_WORKERS": str(workers), "PRONGSAI_ACCESS_LOG": ""}
    fh = logfile.open("w")
    proc = subprocess.Popen(
        [GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "prongsai.web.wsgi:application"],
        env=genv,
        cwd=ROOT,
        stdout=fh,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}):\n{logfile.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)  # gunicorn's quick stop of the master we started (nothing is in flight)
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def login_cookie(base: str, password: str) -> str:
    import httpx

    origin = base.replace("http://", "https://")
    with httpx.Client(timeout=30) as client:
        page = client.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        csrf = page.cookies.get("csrftoken")
        if not (token and csrf):
            raise SystemExit(f"login page: {page.status_code}, no CSRF token")
        sent = client.post(
            base + "/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1), "username": LOGIN, "password": password},
            headers={
                "X-Forwarded-Proto": "https",
                "Cookie": f"csrftoken={csrf}",
                "Origin": origin,
                "Referer": origin + "/accounts/login/",
            },
        )
        # the session cookie under whatever name the settings give it (SESSION_COOKIE_NAME)
        cookie = "; ".join(f"{k}={v}" for k, v in sent.cookies.items() if k != "csrftoken")
        if sent.status_code != 302 or not cookie:
            raise SystemExit(f"login failed: {sent.status_code}")
        check = client.get(base + f"/a/{DEMO_SLUG}/", headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
        if check.status_code != 200:
            raise SystemExit(f"dashboard after login: {check.status_code}")
    return cookie


def kept_header(base: str, cookie: str) -> str:
    """The dashboard's cache header on a second view (``kept`` when the page kept per person is served)."""
    import httpx

    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie}
    with httpx.Client(timeout=30) as client:
        client.get(base + f"/a/{DEMO_SLUG}/", headers=headers)
        return client.get(base + f"/a/{DEMO_SLUG}/", headers=headers).headers.get("X-Prongsai-Cache", "")


def wrk(
    base: str, paths: list[str], workdir: Path, *, connections: int, duration: int, cookie: str = "", think_ms: int = 0
) -> dict:
    listing = workdir / f"paths-{len(paths)}-{abs(hash(tuple(paths)))}.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    threads = min(2, connections)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "paths.lua"),
        base,
        "--",
        str(listing),
        cookie,
        str(think_ms),
    ]
    load_before = os.getloadavg()[0]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if proc.returncode or line is None:
        raise SystemExit(f"wrk failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    out = json.loads(line[len("WRKJSON ") :])
    out.update(
        connections=connections, threads=threads, paths=len(paths), think_ms=think_ms, load_avg_1min_before=load_before
    )
    return out


def settle(base: str, pause_s: float = 5.0) -> None:
    """Between two measured runs: requests the last run left queued in gunicorn's backlog (wrk closes its
    connections at the end, the server still answers them) must not count against the next run."""
    time.sleep(pause_s)
    deadline = time.time() + 60
    while time.time() < deadline:
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=10) as r:
                if r.status == 200 and time.perf_counter() - t0 < 0.5:
                    return
        except OSError:
            pass
        time.sleep(1)


def server_log_problems(logfile: Path) -> dict:
    text = logfile.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    # the exception line that ends each traceback: the first unindented line after it
    ends, inside = [], False
    for line in lines:
        if line.startswith("Traceback (most recent call last)"):
            inside = True
        elif inside and line and not line.startswith(" "):
            ends.append(line)
            inside = False
    return {
        "database_is_locked": text.count("database is locked"),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "exceptions": {e[:200]: ends.count(e) for e in sorted(set(ends))},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    ap.add_argument("--national", type=int, default=3000, help="synthetic national agencies to load (default 3,000)")
    ap.add_argument("--concurrency", default="50,100,250", help="wrk connections for the portal, comma-separated")
    ap.add_argument("--duration", type=int, default=15, help="seconds per wrk run (default 15)")
    ap.add_argument(
        "--think-ms", type=int, default=1000, help="also: 50 connections waiting this long before each request"
    )
    ap.add_argument("--warmup", type=int, default=5, help="seconds of unrecorded wrk before the portal runs")
    ap.add_argument("--complaints", type=int, default=1000)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--form-concurrency", type=int, default=50)
    ap.add_argument("--form-min-seconds", type=float, default=3.0, help="the forms' minimum fill time (production: 3)")
    ap.add_argument("--no-wrk", action="store_true", help="only the form submissions")
    ap.add_argument("--surveys", type=int, default=0, help="respondents per survey (round IIT, round EIT, pulse)")
    ap.add_argument("--survey-framework", choices=["nacc", "variant"], default="nacc",
                    help="the round's framework: NACC FY2568 (default) or the demo variant (5 IIT + 3 EIT points)")
    ap.add_argument("--double-every", type=int, default=50,
                    help="every n-th survey respondent posts twice at once (0: never)")
    ap.add_argument("--surveys-only", action="store_true",
                    help="only the survey load: no wrk, no national data, no complaints or questions")
    ap.add_argument("--quick", action="store_true", help="smoke: SQLite-sized, 20 complaints 5 at a time, no wrk")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (and the PostgreSQL database)")
    args = ap.parse_args(argv)
    if args.quick:
        args.national, args.complaints, args.questions, args.form_concurrency = 0, 20, 10, 5
        args.no_wrk, args.workers, args.form_min_seconds = True, 2, 0.2
        if args.surveys_only:
            args.surveys = args.surveys or 5
    if args.surveys_only:
        args.no_wrk, args.national, args.complaints, args.questions = True, 0, 0, 0
        args.surveys = args.surveys or 1000
    if not args.no_wrk and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian)")
    stem = f"load_{'surveys_' if args.surveys_only else ''}{args.db}{'_quick' if args.quick else ''}"
    out_path = args.out or ROOT / "bench" / "out" / f"{stem}.json"

    workdir = Path(tempfile.mkdtemp(prefix="prongsai-load-"))
    result: dict = {
        "command": " ".join([Path(PYTHON).name, *sys.argv]),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": {"cores": os.cpu_count(), "load_avg_at_start": os.getloadavg()},
        "database": args.db,
        "gunicorn_workers": args.workers,
        "settings": "bench/load/load_settings.py (production; complaint limit per agency lifted)",
        "form_min_seconds": args.form_min_seconds,
        "timings_s": {},
    }
    gunicorn = None
    try:
        template = None
        if args.quick and args.db == "sqlite":  # the smoke test: reuse a migrated SQLite file between runs
            template = Path(tempfile.gettempdir()) / "prongsai-load-cache" / f"smoke-{migrations_digest()}.sqlite3"
        database_url = fresh_database(args.db, workdir, template)
        source = snapshot_source(workdir)
        env = environment(database_url, workdir, args.form_min_seconds, plain_static=args.quick, source=source)
        log(f"database {args.db}: {database_url}")
        t0 = time.perf_counter()
        info, password = prepare(
            env, args.national, collectstatic=not args.quick, surveys=args.surveys,
            survey_framework=args.survey_framework,
        )
        result["timings_s"] = {**info["timings_s"], "prepare_total": round(time.perf_counter() - t0, 1)}
        log(f"database ready: {result['timings_s']}")
        if template is not None and not template.is_file():
            template.parent.mkdir(parents=True, exist_ok=True)
            partial = template.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(database_url.removeprefix("sqlite:///"), partial)
            partial.replace(template)
        result["agencies_in_database"] = info["agencies"]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        logfile = workdir / "gunicorn.log"
        gunicorn = start_gunicorn(env, port, args.workers, logfile)
        log(f"gunicorn: {args.workers} workers on {base}")

        national = info["synthetic"] or info["others"]
        if not args.no_wrk:
            portal = [f"/p/{DEMO_SLUG}/", f"/p/{DEMO_SLUG}/results/", f"/p/{DEMO_SLUG}/data/"]
            for slug in national[:60]:
                portal += [f"/p/{slug}/", f"/p/{slug}/results/", f"/p/{slug}/data/"]
            result["portal_paths"] = {"count": len(portal), "first": portal[:6]}
            if args.warmup:  # every worker imports, compiles templates and fills its caches once: not measured
                log(f"wrk warm-up, 20 connections, {args.warmup} s (not recorded)")
                wrk(base, portal, workdir, connections=20, duration=args.warmup)
                settle(base)
            runs = []
            for c in [int(x) for x in args.concurrency.split(",") if x]:
                log(f"wrk portal, {c} connections, {args.duration} s")
                run = wrk(base, portal, workdir, connections=c, duration=args.duration)
                settle(base)
                log(f"  {run['requests_per_s']} req/s, p95 {run['latency_ms']['p95']} ms, status {run['status']}")
                runs.append(run)
            if args.think_ms:
                log(f"wrk portal, 50 users reading each page {args.think_ms} ms, {args.duration} s")
                run = wrk(base, portal, workdir, connections=50, duration=args.duration, think_ms=args.think_ms)
                settle(base)
                log(f"  {run['requests_per_s']} req/s, p95 {run['latency_ms']['p95']} ms, status {run['status']}")
                runs.append(run)
            result["portal"] = runs
            cookie = login_cookie(base, password)
            kept = result["dashboard_kept_header"] = kept_header(base, cookie)  # "kept": the page kept per person
            log(f"wrk dashboard (logged in as {LOGIN}), 50 connections; second view: {kept!r}")
            dash = wrk(base, [f"/a/{DEMO_SLUG}/"], workdir, connections=50, duration=args.duration, cookie=cookie)
            log(f"  {dash['requests_per_s']} req/s, p95 {dash['latency_ms']['p95']} ms, status {dash['status']}")
            result["dashboard"] = [dash]
            settle(base)

        before = count_rows(database_url)
        wait = args.form_min_seconds + 0.1
        forms = {}
        if args.complaints:
            log(f"{args.complaints} complaints to {DEMO_SLUG}, {args.form_concurrency} at a time")
            complaints = submit_forms(
                base, "complaint", [DEMO_SLUG], submissions=args.complaints, concurrency=args.form_concurrency,
                wait_s=wait,
            )
            forms["complaint"] = complaints.summary()
            forms["complaint"]["accepted"] = complaints.statuses.get("201", 0)
        if args.questions:
            qa_slugs = [DEMO_SLUG, *national][:20]
            log(f"{args.questions} questions to {len(qa_slugs)} agencies, {args.form_concurrency} at a time")
            questions = submit_forms(
                base, "question", qa_slugs, submissions=args.questions, concurrency=args.form_concurrency, wait_s=wait
            )
            forms["question"] = questions.summary()
            forms["question"]["accepted"] = questions.statuses.get("302", 0)
        after = count_rows(database_url)
        if "complaint" in forms:
            forms["complaint"]["stored"] = after["complaints"] - before["complaints"]
        if "question" in forms:
            forms["question"]["stored"] = after["questions"] - before["questions"]
        result["forms"] = forms
        surveys = info.get("surveys")
        if surveys:
            result["surveys"] = {k: surveys[k] for k in ("round", "framework", "invitations", "points")}
            result["surveys"]["survey_posts_per_client"] = "production (100 per client, link and hour): not lifted"
            n = args.surveys
            targets = {
                "round_iit": [f"/r/{code}/" for code in surveys["iit_codes"][:n]],
                "round_eit": [f"/r/{surveys['eit_link']}/"] * n,
                "pulse": [f"/s/{surveys['pulse_link']}/"] * n,
            }
            for kind, paths in targets.items():
                load_before = os.getloadavg()
                log(f"{len(paths)} {kind} respondents, {args.form_concurrency} at a time (load {load_before[0]:.2f})")
                run = submit_surveys(
                    base, kind, paths, concurrency=args.form_concurrency, wait_s=wait, double_every=args.double_every
                )
                forms[kind] = run.summary()
                forms[kind]["accepted"] = run.statuses.get("302", 0)
                forms[kind]["load_avg_before"] = load_before
            rows = count_survey_rows(database_url, surveys)
            result["surveys"]["rows_before_flush"] = rows
            result["surveys"]["flush"] = flush_pool(env, surveys["round"])
            rows = count_survey_rows(database_url, surveys)
            result["surveys"]["rows"] = rows
            for kind in targets:
                forms[kind]["stored"] = rows[kind]["responses"]
                forms[kind]["answers_stored"] = rows[kind]["answers"]
                forms[kind]["answers_expected"] = forms[kind]["submissions"] * surveys["points"][kind]
        for kind, f in forms.items():
            log(
                f"  {kind}: {f['accepted']} accepted, {f['stored']} stored of {f['submissions']}; statuses"
                f" {f['post_status']}, errors {f['errors']}, POST p50/p95 {f['post_latency_ms']['p50']}/"
                f"{f['post_latency_ms']['p95']} ms"
                + (f", double submits {f['double_submit_status']}" if "double_submit_status" in f else "")
            )
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        if gunicorn is not None:
            result["server_log"] = server_log_problems(workdir / "gunicorn.log")
            kept = out_path.with_name(out_path.stem + "_gunicorn.log")
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(workdir / "gunicorn.log", kept)
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if args.db == "postgres":
                try:
                    import psycopg

                    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
                except Exception as exc:  # cleaning up only
                    log(f"could not drop {PG_NAME}: {exc}")

    result["machine"]["load_avg_at_end"] = os.getloadavg()
    problems = []
    for kind, f in result.get("forms", {}).items():
        if f["stored"] != f["submissions"]:
            problems.append(f"{kind}: {f['stored']} of {f['submissions']} stored")
        if f["errors"] or any(s.startswith("5") for s in f["post_status"]) or f["accepted"] != f["submissions"]:
            problems.append(f"{kind}: statuses {f['post_status']}, errors {f['errors']}")
        if any(s.startswith("5") for s in f.get("double_submit_status", {})):
            problems.append(f"{kind}: double submits answered {f['double_submit_status']}")
        if f.get("answers_stored", 0) != f.get("answers_expected", 0):
            problems.append(f"{kind}: {f['answers_stored']} answers stored, {f['answers_expected']} expected")
    iit = result.get("surveys", {}).get("rows", {}).get("round_iit")
    if iit and (iit["pending_in_pool"] or iit["invitations_used"] != iit["spent_codes"]):
        problems.append(f"round_iit after the flush: {iit}")
    if result.get("server_log", {}).get("database_is_locked"):
        problems.append(f"'database is locked' {result['server_log']['database_is_locked']} times in the log")
    result["problems"] = problems
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out_path}")
    for p in problems:
        log(f"PROBLEM: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
