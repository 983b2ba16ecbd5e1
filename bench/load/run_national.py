"""National and provincial dashboards under load: before (PRONGSAI_NATIONAL_AGGREGATES=0, the per-request frame and
the cached summary) and after (the materialised aggregates), on the same database, in one run.

    PRONGSAI_LOAD_CACHE_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/load/run_national.py \
        --agencies 8300 --connections 20 --duration 20

1. a copy of src/; a fresh PostgreSQL database (``PRONGSAI_LOAD_PG_NAME``, default ``prongsai_bench_national``);
   ``migrate``, ``load_demo`` (the ``demo-sysadmin`` login), ``load_national_demo --agencies N --fy 2564 … --fy
   2568`` (SYNTHETIC), ``rebuild_national_aggregates``;
2. for each mode of ``--modes`` (before, after; after-no-stale: every request computes what it misses): gunicorn
   (``deploy/gunicorn.conf.py``, 4 workers, ``bench/load/load_settings.py``) with the setting, the cache flushed,
   5 s of unrecorded wrk, then wrk (``paths.lua``) at ``--connections`` over a mix of pages: the nation for each
   of the 5 years, 12 provinces, two agency types, ranking pages 2 and 3; then the same while a writer changes one
   result every ``--write-every`` seconds (``result_record``, then publish: each change makes the stored figures
   of two years stale), with ``db_worker`` running for the after modes;
3. JSON to ``bench/out/load_national.json`` (or ``--out``); /proc/loadavg before each wrk run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PRONGSAI_LOAD_PG_NAME", "prongsai_bench_national")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run_load  # noqa: E402
from run_load import PYTHON, ROOT, environment, free_port, fresh_database, log, settle, snapshot_source  # noqa: E402

LOGIN = "bench-national"
MODES = {
    "before": {"PRONGSAI_NATIONAL_AGGREGATES": "0"},
    "after": {"PRONGSAI_NATIONAL_AGGREGATES": "1", "PRONGSAI_NATIONAL_SERVE_STALE": "1"},
    "after-no-stale": {"PRONGSAI_NATIONAL_AGGREGATES": "1", "PRONGSAI_NATIONAL_SERVE_STALE": "0"},
}
YEARS = (2564, 2565, 2566, 2567, 2568)

PREPARE = r"""
import io, json, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
agencies, password = int(sys.argv[1]), sys.argv[2]
t = {}
for name, cmd in [("migrate", ["migrate", "--noinput"]), ("load_demo", ["load_demo"]),
                  ("national", ["load_national_demo", "--agencies", str(agencies),
                                *[a for y in %(years)r for a in ("--fy", str(y))]]),
                  ("rebuild", ["rebuild_national_aggregates"])]:
    t0 = time.perf_counter(); call_command(*cmd, stdout=io.StringIO()); t[name] = round(time.perf_counter() - t0, 1)
from prongsai.apps.national.services import regional_viewer_set
u, _ = get_user_model().objects.get_or_create(username="bench-national"); u.set_password(password); u.save()
regional_viewer_set(user=u, province=None)  # sees the nation (a system administrator must enrol TOTP in production)
from prongsai.apps.agencies.models import Agency
provinces = sorted(set(Agency.objects.filter(name_th__startswith="หน่วยงานสังเคราะห์")
                       .values_list("province", flat=True)))
types = sorted(set(Agency.objects.filter(national_code__isnull=False)
                   .values_list("national_code__agency_type", flat=True)))
print("JSON" + json.dumps({"timings_s": t, "provinces": provinces, "types": types}))
""".replace("%(years)r", repr(YEARS))

WRITER = r"""
import sys, time, random
import django
django.setup()
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.services import result_publish, result_record
every, until = float(sys.argv[1]), time.time() + float(sys.argv[2])
agencies = list(Agency.objects.filter(name_th__startswith="หน่วยงานสังเคราะห์").order_by("pk")[:200])
n = 0
while time.time() < until:
    a = random.choice(agencies)
    year = random.choice(%(years)r)
    scores = {i: round(random.uniform(70, 100), 2) for i in range(1, 11)}
    result_record(agency=a, fiscal_year=year, indicator_scores=scores)
    result_publish(agency=a, fiscal_year=year, actor=None)
    n += 1
    time.sleep(every)
print("WRITES", n)
""".replace("%(years)r", repr(YEARS))


def login(base: str, password: str) -> str:
    import re

    import httpx

    origin = base.replace("http://", "https://")
    with httpx.Client(timeout=30) as client:
        page = client.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        csrf = page.cookies.get("csrftoken")
        sent = client.post(
            base + "/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1), "username": LOGIN, "password": password},
            headers={"X-Forwarded-Proto": "https", "Cookie": f"csrftoken={csrf}", "Origin": origin,
                     "Referer": origin + "/accounts/login/"},
        )
        cookie = "; ".join(f"{k}={v}" for k, v in sent.cookies.items() if k != "csrftoken")
        check = client.get(base + "/national/?fy=2568", headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
        if sent.status_code != 302 or check.status_code != 200:
            raise SystemExit(f"login {sent.status_code}, /national/ {check.status_code}")
    return cookie


def gunicorn(env: dict[str, str], port: int, logfile: Path) -> subprocess.Popen:
    return run_load.start_gunicorn(env, port, 4, logfile)


def flush_cache(env: dict[str, str]) -> None:
    code = "import django; django.setup(); from django.core.cache import cache; cache.clear()"
    subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True)


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=8300)
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--write-every", type=float, default=2.0, help="seconds between two result changes (0: none)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load_national.json")
    ap.add_argument("--modes", default="before,after",
                    help="comma-separated, in order: before (aggregates off), after (materialised, one request "
                         "recomputes after a change, the others get the previous figures with a note), "
                         "after-no-stale (materialised, every request computes what it misses)")
    args = ap.parse_args()
    out: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "args": {k: str(v) for k, v in vars(args).items()}}
    with tempfile.TemporaryDirectory(prefix="prongsai-national-") as tmp:
        workdir = Path(tmp)
        source = snapshot_source(workdir)
        database_url = fresh_database("postgres", workdir)
        env = environment(database_url, workdir, 3.0, True, source)
        password = "bench-" + os.urandom(8).hex()
        log(f"preparing {args.agencies:,} agencies × {len(YEARS)} years (load {loadavg()})")
        proc = subprocess.run([PYTHON, "-c", PREPARE, str(args.agencies), password], env=env, cwd=ROOT,
                              capture_output=True, text=True, check=False)
        if proc.returncode:
            raise SystemExit(proc.stderr[-4000:])
        prepared = json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("JSON"))[4:])
        out["prepared"] = {"timings_s": prepared["timings_s"], "provinces": len(prepared["provinces"])}
        log(f"prepared: {prepared['timings_s']}")
        provinces = prepared["provinces"][:: max(1, len(prepared["provinces"]) // 12)][:12]
        types = [t for t in prepared["types"] if t][:2]
        paths = [f"/national/?fy={y}" for y in YEARS]
        paths += [f"/national/province/{p}/?fy=2568" for p in provinces]
        paths += [f"/national/?fy=2568&type={t}" for t in types]
        paths += ["/national/?fy=2568&page=2&sort=name", f"/national/province/{provinces[0]}/?fy=2567&page=2&sort=name"]
        from urllib.parse import quote

        paths = [quote(p, safe="/?=&") for p in paths]
        out["paths"] = paths
        for mode in args.modes.split(","):
            if mode not in MODES:
                raise SystemExit(f"--modes: {mode}? ({', '.join(MODES)})")
            menv = {**env, **MODES[mode]}
            flush_cache(menv)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = gunicorn(menv, port, workdir / f"gunicorn-{mode}.log")
            worker = None
            try:
                cookie = login(base, password)
                run_load.wrk(base, paths, workdir, connections=args.connections, duration=5, cookie=cookie)  # warm-up
                settle(base)
                out.setdefault(mode, {})["loadavg_before"] = loadavg()
                log(f"{mode}: wrk {args.connections} connections, {args.duration} s (load {loadavg()})")
                out[mode]["steady"] = run_load.wrk(
                    base, paths, workdir, connections=args.connections, duration=args.duration, cookie=cookie
                )
                log(f"{mode} steady: {json.dumps(out[mode]['steady'])[:400]}")
                if args.write_every > 0:
                    settle(base)
                    if mode != "before":
                        worker = subprocess.Popen([PYTHON, "-m", "prongsai.web.manage", "db_worker"], env=menv,
                                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    writer = subprocess.Popen(
                        [PYTHON, "-c", WRITER, str(args.write_every), str(args.duration)], env=menv, cwd=ROOT,
                        stdout=subprocess.PIPE, text=True,
                    )
                    out[mode]["loadavg_before_writes"] = loadavg()
                    out[mode]["with_writes"] = run_load.wrk(
                        base, paths, workdir, connections=args.connections, duration=args.duration, cookie=cookie
                    )
                    written = writer.communicate(timeout=120)[0]
                    out[mode]["with_writes"]["writes"] = written.strip()
                    log(f"{mode} with writes: {json.dumps(out[mode]['with_writes'])[:400]}")
            finally:
                if worker is not None:
                    worker.terminate()
                    worker.wait(timeout=30)
                run_load.stop(server)
            out[mode]["server_log"] = run_load.server_log_problems(workdir / f"gunicorn-{mode}.log")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1))
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
