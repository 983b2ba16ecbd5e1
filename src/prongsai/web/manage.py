"""Django's command-line utility: ``python -m prongsai.web.manage <command>``.

Default settings: ``prongsai.web.settings.local`` (override with ``DJANGO_SETTINGS_MODULE``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
