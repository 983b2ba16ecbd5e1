"""gunicorn settings for Prongsai: `gunicorn -c deploy/gunicorn.conf.py prongsai.web.wsgi:application`.

Everything can be overridden from the environment (PRONGSAI_BIND, PRONGSAI_WORKERS, PRONGSAI_TIMEOUT,
PRONGSAI_MAX_REQUESTS, PRONGSAI_ACCESS_LOG). The access log never records complaint pages (/p/<agency>/complaints/…,
/a/<agency>/complaints/…) nor survey links (/r/…, /s/…): a reporter's visit, the receipt code in a follow-up link,
an IIT invitation code with its time must leave no trace. The paths are matched as the app routes them (the same
rule as Django's log filter, prongsai.apps.base.logfilter: decoded, `//` and `/./` resolved, any case).
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

from prongsai.apps.base.logfilter import is_protected_path  # plain Python: no Django set-up needed

bind = os.environ.get("PRONGSAI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PRONGSAI_WORKERS", str(min(2 * multiprocessing.cpu_count(), 8))))
threads = 1
timeout = int(os.environ.get("PRONGSAI_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (lxml keeps native memory). Not too often: a new worker imports the app and serves
# its first requests slowly (templates, URL patterns), so at 2,000 the cached portal's p95 was ~2 s under load
# (docs/performance.md, "The scale targets on a quiet machine").
max_requests = int(os.environ.get("PRONGSAI_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("PRONGSAI_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("PRONGSAI_ACCESS_LOG", "-") or None  # "-" = stdout (journald)
errorlog = "-"
loglevel = os.environ.get("PRONGSAI_LOG_LEVEL", "info").lower()
# No query strings in the log (%(U)s is the path only).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms "%(a)s"'


class PrivateAwareLogger(Logger):
    """gunicorn's logger without access-log lines for complaint pages and survey links."""

    def access(self, resp, req, environ, request_time):
        if is_protected_path(environ.get("PATH_INFO", "") or "") or is_protected_path(environ.get("RAW_URI", "")):
            return
        super().access(resp, req, environ, request_time)


logger_class = PrivateAwareLogger
