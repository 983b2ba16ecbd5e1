"""Prepare the load test's fresh database in ONE Django process (run by run_load.py with its environment):
migrate, the demo agencies and portal content, optionally the SYNTHETIC national results, static files, a
password for the login the dashboard run uses; with ``--surveys N``, the surveys the survey load answers
(prepare_surveys.py). Prints one JSON line: agencies, slugs to spread load over, seconds per step (and the surveys)."""

from __future__ import annotations

import argparse
import io
import json
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--national", type=int, default=0)
    ap.add_argument("--collectstatic", action="store_true")
    ap.add_argument("--login", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--demo", required=True)
    ap.add_argument("--surveys", type=int, default=0, help="respondents per survey (0: no survey load)")
    ap.add_argument("--survey-framework", choices=["nacc", "variant"], default="nacc")
    args = ap.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from prongsai.apps.agencies.models import Agency

    timings = {}
    steps = [("migrate", ["migrate", "--noinput"]), ("load_demo", ["load_demo"]), ("portal", ["load_portal_demo"])]
    if args.national:
        years = ["--fy", "2567", "--fy", "2568"]
        steps.append(("national", ["load_national_demo", "--agencies", str(args.national), *years]))
    if args.collectstatic:
        steps.append(("collectstatic", ["collectstatic", "--noinput"]))
    for name, command in steps:
        t0 = time.perf_counter()
        call_command(*command, stdout=io.StringIO())
        timings[name] = round(time.perf_counter() - t0, 1)
    user = get_user_model().objects.get(username=args.login)
    user.set_password(args.password)
    user.save()
    surveys = None
    if args.surveys:
        from prepare_surveys import make_surveys

        t0 = time.perf_counter()
        surveys = make_surveys(args.surveys, args.survey_framework)
        timings["surveys"] = round(time.perf_counter() - t0, 1)
    others = Agency.objects.exclude(slug=args.demo).order_by("pk")
    synthetic = others.filter(name_th__startswith="หน่วยงานสังเคราะห์")
    print(
        "JSON"
        + json.dumps(
            {
                "agencies": Agency.objects.count(),
                "synthetic": list(synthetic.values_list("slug", flat=True)[:200]),
                "others": list(others.values_list("slug", flat=True)[:50]),
                "timings_s": timings,
                "surveys": surveys,
            }
        )
    )


if __name__ == "__main__":
    main()
