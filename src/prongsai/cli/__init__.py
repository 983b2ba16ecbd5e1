"""The `prongsai` command line (Typer). Thai by default; `--lang en` for English.

`_app` holds what every command shares; each module adds its commands with `register`.
"""

from prongsai.cli import backup, documents, frameworks, national, national_import, oit, reports, score
from prongsai.cli._app import app, frameworks_app, run

frameworks.register(frameworks_app)
score.register(app)
documents.register(app)
oit.register(app)
reports.register(app)
national.register(app)
national_import.register(app)
backup.register(app)

__all__ = ["app", "run"]
