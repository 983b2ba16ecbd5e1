"""deploy/nginx-prongsai.conf in a real nginx: complaint pages and survey links never reach the access log, however
the path is written (percent-encoding, upper case, `//`, `/./`, `/../`, `%2F`, `;` parameters, the absolute form),
and an upstream error on them leaves no request line in the error log; ordinary pages are logged.

The configuration is the deploy file itself with only what a test machine needs changed (ports on 127.0.0.1, no TLS,
log and static folders under a temporary prefix, the upstream a tiny Python server): its `map`s, its `access_log …
if=` lines and its locations are the ones a server runs. nginx runs as the current user in the foreground; the test
waits for its port (polling with a long deadline), sends raw requests over sockets, then stops nginx and waits for it
to exit before reading the logs. Skipped only when the nginx binary is absent (`make debian-deps` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx-prongsai.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
HOST = "ita.example.go.th"

needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make debian-deps installs it)")

# Each protected request carries a marker (secNN) that must appear in no log line; ordinary ones (okNN) must.
PROTECTED = [
    "/p/sec01/complaints/",
    "/p/sec02/complaints/follow/",
    "/p/sec03/%63omplaints/",
    "/p/sec04/%63OMPLAINTS/",
    "/P/sec05/Complaints/",
    "//p//sec06//complaints/",
    "/p/sec07/./complaints/",
    "/p/sec08/x/../complaints/",
    "/p%2Fsec09%2Fcomplaints/",
    "/p/sec10/complaints;jsessionid=1/",
    "/p/sec11/complaints?receipt=1",
    "/a/sec12/complaints/3/",
    "/r/sec13code/",
    "/r/sec14code/?code=x",
    "/%72/sec15code/",
    "/%52/sec16code/",
    "//r/sec17code/",
    "/./r/sec18code/",
    "/R/sec19code/",
    "/r;x=1/sec20code/",
    "/r%2Fsec21code/",
    "/s/sec22token/",
    "/s/sec23token/thanks/",
    "/%2e/r/sec24code/",
    "/x/../r/sec25code/",
    "/r/sec26code/%zz",  # nginx refuses the encoding (400)
    "/r/thanks/?sec27",
]
ORDINARY = ["/p/ok01/qa/", "/p/ok02/news/", "/healthz?ok03", "/a/ok04/rounds/1/", "/p/ok05/complaints-faq-not-a-page/"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Upstream(BaseHTTPRequestHandler):
    """Answers 200 "ok" to anything; for a path with "/fail" it closes the connection without an answer (nginx then
    logs an upstream error)."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if "/fail" in self.path:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer

    def log_message(self, format, *args) -> None:
        pass


def _config(prefix: Path, http_port: int, https_port: int, upstream_port: int) -> str:
    """The deploy file for a test machine: the same maps, access_log/error_log lines and locations."""
    text = CONF.read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("ssl_") or stripped.startswith("listen [::]"):
            continue
        line = line.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port};")
        line = line.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        line = line.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{upstream_port}")
        line = line.replace("/var/log/nginx/", f"{prefix}/logs/")
        line = line.replace("/var/lib/prongsai/static/", f"{prefix}/static/")
        line = line.replace("/var/www/letsencrypt", f"{prefix}/acme")
        out.append(line)
    site = "\n".join(out)
    assert "if=$prongsai_loggable" in site and "map $uri $prongsai_private_uri" in site
    temp = "\n".join(f"    {kind}_temp_path {prefix}/tmp/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (f"{user}pid {prefix}/nginx.pid;\nerror_log {prefix}/logs/main-error.log warn;\nworker_processes 1;\n"
            f"events {{ worker_connections 64; }}\nhttp {{\n{temp}\n{site}\n}}\n")


def _request(port: int, target: str, *, method: str = "GET", body: bytes = b"") -> bytes:
    head = (f"{method} {target} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\nReferer: https://{HOST}{target}\r\n\r\n").encode("latin-1")
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(head + body)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _wait_for_port(port: int, proc: subprocess.Popen, deadline_seconds: float = 120) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"nginx exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            time.sleep(0.05)  # polling the port, not waiting for an event: the loop ends at the first connect
    raise AssertionError("nginx did not open its port")


class Nginx:
    """nginx in the foreground on a temporary prefix; ``stop()`` ends it gracefully and waits for the exit."""

    def __init__(self, prefix: Path, upstream_port: int) -> None:
        self.prefix = prefix
        self.ports = {"http": _free_port(), "https": _free_port()}
        for folder in ("logs", "static", "acme", "tmp"):
            (prefix / folder).mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(_config(prefix, self.ports["http"], self.ports["https"], upstream_port), encoding="utf-8")
        check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True,
                               timeout=120)
        assert check.returncode == 0, check.stderr
        self.proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_ready(self) -> None:
        for port in self.ports.values():
            _wait_for_port(port, self.proc)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: finishes the requests, then closes the logs
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=60)

    def log(self, name: str) -> str:
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (self.prefix / "logs").glob(name))


@pytest.fixture
def nginx(tmp_path):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    server = Nginx(tmp_path, upstream.server_address[1])
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
        upstream.shutdown()
        upstream.server_close()


@needs_nginx
def test_protected_paths_never_reach_the_logs_and_ordinary_ones_do(nginx):
    for port in nginx.ports.values():  # the plain-HTTP server (redirects) and the main one
        for target in PROTECTED:
            _request(port, target)
        for target in ORDINARY:
            status = _request(port, target).split(b" ", 2)[1]
            assert status in (b"200", b"301"), (target, status)
        # an IIT answer posted to the survey's entry link with the code in the body
        _request(port, "/r/sec28entry/", method="POST", body=b"code=sec29code&answering=1&i1__=x")
        _request(port, f"http://{HOST}/r/sec30code/")  # the absolute form of the request line
        # an upstream error on a survey link, and on an ordinary page
        _request(port, "/r/sec31code/fail")
        _request(port, "/p/ok06/fail")
    nginx.stop()  # every line is written once nginx has exited
    access = nginx.log("prongsai.access.log")
    errors = nginx.log("*error*.log")
    leaked = sorted(set(re.findall(r"sec\d\d", access)))
    assert leaked == [], f"protected requests in the access log: {leaked}\n{access}"
    assert sorted(set(re.findall(r"sec\d\d", errors))) == [], errors
    for n in range(1, 7):  # each ordinary page: one line on each server
        assert sum(f"ok0{n}" in line for line in access.splitlines()) == 2, (n, access)
    assert "ok06" in errors  # the error log does work: the ordinary page's upstream error is in it


def test_the_protected_paths_of_nginx_are_those_of_the_app_and_gunicorn():
    """The same list everywhere: Django's log filter (and gunicorn, which imports it) protect what nginx does."""
    from urllib.parse import urlsplit

    from prongsai.apps.base.logfilter import is_protected_path

    for target in PROTECTED:
        assert is_protected_path(urlsplit(target).path if "?" in target else target), target
    for target in ORDINARY:
        assert not is_protected_path(target.split("?")[0]), target


def test_gunicorns_access_log_skips_the_same_paths():
    """deploy/gunicorn.conf.py's logger writes no access line for a protected path (decoded PATH_INFO or raw URI)."""
    import runpy
    from unittest import mock
    from urllib.parse import unquote

    from gunicorn.glogging import Logger

    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    logger = object.__new__(conf["PrivateAwareLogger"])
    for target, protected in [*((t, True) for t in PROTECTED), *((t, False) for t in ORDINARY)]:
        raw = target
        path = unquote(target.split("?", 1)[0])
        with mock.patch.object(Logger, "access") as written:
            logger.access(None, None, {"PATH_INFO": path, "RAW_URI": raw}, None)
        assert written.called is not protected, target
