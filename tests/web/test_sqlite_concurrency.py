"""SQLite (the `make run` default) takes concurrent writes without "database is locked" or lost rows."""

import os
import subprocess
import sys
import textwrap

WRITER = textwrap.dedent(
    """
    import os, sys, threading
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    if sys.argv[1] == "migrate":
        call_command("migrate", verbosity=0)
        sys.exit(0)
    from prongsai.apps.agencies.models import Agency, Unit
    agency = Agency.objects.get(slug="concurrency")
    errors = []
    def write(n):
        try:
            for i in range(25):
                Unit.objects.create(agency=agency, name_th=f"กอง {sys.argv[1]}-{n}-{i}")
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            errors.append(repr(exc))
        finally:
            connection.close()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("ERRORS", len(errors), errors[:1])
    """
)


def test_concurrent_writers_on_file_sqlite_lose_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="prongsai.web.settings.local", PRONGSAI_DATA_DIR=str(tmp_path))
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    subprocess.run([sys.executable, str(script), "migrate"], env=env, check=True, timeout=120)
    setup = (
        "import django; django.setup(); from prongsai.apps.agencies.models import Agency;"
        "Agency.objects.create(slug='concurrency', name_th='องค์การบริหารส่วนตำบลทดสอบ')"
    )
    subprocess.run([sys.executable, "-c", setup], env=env, check=True, timeout=60)
    procs = [
        subprocess.Popen([sys.executable, str(script), str(p)], env=env, stdout=subprocess.PIPE, text=True)
        for p in range(3)
    ]
    outputs = [p.communicate(timeout=180)[0] for p in procs]
    assert all("ERRORS 0" in out for out in outputs), outputs
    count = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from prongsai.apps.agencies.models import Unit;"
         "print(Unit.objects.filter(agency__slug='concurrency').count())"],
        env=env, check=True, capture_output=True, text=True, timeout=60,
    ).stdout.split()[-1]
    assert int(count) == 3 * 8 * 25  # every write stored
