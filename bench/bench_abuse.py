"""A flood of the anonymous forms from one client, and a genuine reporter on another.

One attacking client sends ``--junk`` complaint submissions (a third with forged tokens, a third replaying one valid
token, a third complete forms each with a fresh token) and ``--codes`` wrong receipt codes to one agency's complaint
channel, then ``--codes`` wrong e-service tracking numbers. A genuine reporter on another address files a complaint
before the flood, follows it every 1,000 attacking requests, and at the end files again, follows the case and tracks
an e-service request. Everything goes through Django's test client against a temporary SQLite database (the
``test`` settings, file database, the in-process cache) with the production limits, except the minimum fill time
(0: otherwise every junk POST would be refused as "too fast" before a limit is even reached).

    .venv/bin/python bench/bench_abuse.py                       # 10,000 junk + 10,000 wrong codes (+ 10,000 e-service)
    .venv/bin/python bench/bench_abuse.py --junk 2000 --codes 2000

Prints: junk accepted (complaints stored from the attacker), wrong codes answered (404, i.e. checked) and refused
(429), whether the genuine reporter filed and followed (yes/no), and requests per second.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATTACKER = "203.0.113.66"
REPORTER = "198.51.100.23"


def _setup(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "prongsai.web.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["PRONGSAI_DATA_DIR"] = str(folder)
    os.environ["PRONGSAI_FILES_DIR"] = str(folder / "files")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PRONGSAI_FORM_MIN_SECONDS = 0
    logging.disable(logging.WARNING)  # 20,000 refusals would each log a warning line
    call_command("migrate", "--noinput", verbosity=0)


def _token(html: str) -> str:
    return re.search(r'name="ft" value="([^"]+)"', html).group(1)


def run(junk: int, codes: int) -> dict:
    from django.test import Client

    from prongsai.apps.agencies.models import AgencyKind
    from prongsai.apps.agencies.services import agency_ensure
    from prongsai.apps.complaints.models import Complaint
    from prongsai.apps.portal.services import service_request_file, service_type_save

    agency = agency_ensure(slug="bench-tambon", name_th="องค์การบริหารส่วนตำบลทดสอบโหลด", kind=AgencyKind.SAO)
    service = service_type_save(agency=agency, actor=None, item=None, data={
        "name": "ขอรับเบี้ยยังชีพ", "steps": "ยื่น\nแจ้งผล", "duration_days": 15, "is_active": True})
    tracked = service_request_file(agency=agency, service_type=service, name="ผู้ขอ", contact="0812223333", details="",
                                   uploads=[])
    start, follow = f"/p/{agency.slug}/complaints/", f"/p/{agency.slug}/complaints/follow/"
    track = f"/p/{agency.slug}/eservice/track/"
    form = {"kind": "corruption", "subject": "เรื่องทดสอบ", "details": "รายละเอียด", "identity": "anonymous"}
    reporter, attacker = Client(REMOTE_ADDR=REPORTER), Client(REMOTE_ADDR=ATTACKER)
    requests = 0

    def file(client) -> tuple[int, str]:
        nonlocal requests
        requests += 2
        response = client.post(start, {"ft": _token(client.get(start).content.decode()), **form})
        found = re.search(r'id="receipt"[^>]*>([0-9A-Z-]{19})<', response.content.decode())
        return response.status_code, found.group(1) if found else ""

    status, receipt = file(reporter)
    genuine = {"filed_before": status == 201, "followed_during": True}
    replayed = _token(attacker.get(start).content.decode())
    junk_status, code_status, track_status = Counter(), Counter(), Counter()
    t0 = time.perf_counter()
    for n in range(max(junk, codes)):
        if n < junk:
            kind = n % 3
            if kind == 0:
                junk_status[attacker.post(start, {"ft": "forged", **form}).status_code] += 1
                requests += 1
            elif kind == 1:
                junk_status[attacker.post(start, {"ft": replayed, **form}).status_code] += 1
                requests += 1
            else:
                junk_status[file(attacker)[0]] += 1
        if n < codes:
            code_status[attacker.post(follow, {"receipt": f"{n:016d}".replace("0", "Z")}).status_code] += 1
            requests += 1
        if n % 1000 == 999:
            genuine["followed_during"] &= reporter.post(follow, {"receipt": receipt}).status_code == 200
            requests += 1
    for n in range(codes):
        track_status[attacker.post(track, {"code": f"ES-{n:08d}"}).status_code] += 1
        requests += 1
    wall = time.perf_counter() - t0
    filed_after, second = file(reporter)
    genuine["filed_after"] = filed_after == 201
    genuine["followed_after"] = reporter.post(follow, {"receipt": second}).status_code == 200
    genuine["tracked_after"] = reporter.post(track, {"code": tracked.tracking_code}).status_code == 200
    requests += 3
    return {
        "junk_sent": junk,
        "junk_accepted": Complaint.objects.count() - 2,  # every complaint but the reporter's two
        "junk_status": dict(sorted(junk_status.items())),
        "codes_sent": codes,
        "codes_answered": code_status.get(404, 0),
        "codes_refused": code_status.get(429, 0),
        "eservice_numbers_answered": track_status.get(404, 0),
        "eservice_numbers_refused": track_status.get(429, 0),
        "genuine": genuine,
        "requests": requests,
        "wall_s": round(wall, 1),
        "requests_per_s": round(requests / wall, 1) if wall else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--junk", type=int, default=10_000)
    ap.add_argument("--codes", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="prongsai-abuse-") as folder:
        _setup(Path(folder))
        r = run(args.junk, args.codes)
    yes = {True: "yes", False: "no"}
    g = r["genuine"]
    print(f"junk submissions sent:           {r['junk_sent']:,} (statuses {r['junk_status']})")
    print(f"junk accepted (stored):          {r['junk_accepted']:,}")
    print(f"wrong codes sent:                {r['codes_sent']:,}")
    print(f"wrong codes answered (404):      {r['codes_answered']:,}   refused (429): {r['codes_refused']:,}")
    print(f"e-service wrong numbers answered: {r['eservice_numbers_answered']:,}   "
          f"refused (429): {r['eservice_numbers_refused']:,}")
    print(f"genuine reporter filed:          {yes[g['filed_before'] and g['filed_after']]} "
          f"(before {yes[g['filed_before']]}, after {yes[g['filed_after']]})")
    print(f"genuine reporter followed:       {yes[g['followed_during'] and g['followed_after']]} "
          f"(during the flood {yes[g['followed_during']]}, after {yes[g['followed_after']]}); "
          f"e-service tracked: {yes[g['tracked_after']]}")
    print(f"requests:                        {r['requests']:,} in {r['wall_s']} s = {r['requests_per_s']} requests/s")
    ok = g["filed_before"] and g["filed_after"] and g["followed_during"] and g["followed_after"] and g["tracked_after"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
