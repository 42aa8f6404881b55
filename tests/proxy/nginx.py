"""Debian's nginx on loopback as the TLS proxy in front of the live server, configured as
the README documents it, and a small HTTPS client that connects from a chosen loopback
address (127.0.0.2, 127.0.0.3, …: every address of 127/8 is this machine)."""

import http.client
import json
import re
import shutil
import socket
import ssl
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.processen import vrije_poort

FOUTEN = Path(__file__).resolve().parent.parent.parent / "deploy" / "nginx" / "fouten"
CONFIG = """
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    log_format kcc_zonder_query '$remote_addr - $remote_user [$time_local] '
                                '"$request_method $uri $server_protocol" $status '
                                '$body_bytes_sent "$http_user_agent"';
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size {max_body};
    upstream kcc_app {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port}{ssl};
{certificaat}
        error_page 502 503 504 /_fout/opslaan.html;
        location = /_fout/opslaan.html {{
            root {fouten};
            rewrite ^ /opslaan.html break;
            internal;
        }}
        location / {{
            proxy_pass http://kcc_app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_request_buffering off;
        }}
        location /klantinteracties/ {{
            access_log {dir}/access.log kcc_zonder_query;
            proxy_pass http://kcc_app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class Nginx:
    """``upstream``: one address or a list (round robin over several web replicas); with
    ``tls=False`` plain HTTP (the replica tests and benchmarks measure the app, not TLS)."""

    def __init__(
        self, directory: Path, upstream: str | list[str], max_body: str = "12m", tls: bool = True
    ):
        self.dir = directory
        self.port = vrije_poort()
        self.upstreams = [upstream] if isinstance(upstream, str) else list(upstream)
        self.max_body = max_body
        self.tls = tls
        self.proc = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.tls:
            self._certificaat()
        conf = self.dir / "nginx.conf"
        conf.write_text(
            CONFIG.format(
                dir=self.dir,
                port=self.port,
                servers="\n".join(f"        server {u};" for u in self.upstreams),
                ssl=" ssl" if self.tls else "",
                certificaat=(
                    f"        ssl_certificate {self.dir}/cert.pem;\n"
                    f"        ssl_certificate_key {self.dir}/key.pem;"
                    if self.tls
                    else ""
                ),
                max_body=self.max_body,
                fouten=FOUTEN,
            )
        )
        self.proc = subprocess.Popen(
            [binary, "-c", str(conf), "-p", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode()) from None
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def _certificaat(self):
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1",
                "-keyout", str(self.dir / "key.pem"), "-out", str(self.dir / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def access_log(self, *, met: str = "") -> str:
        """The access log; with ``met``, waited for (up to 5 s) until that text is in it:
        nginx writes a request's line after the last byte went out, so a client that has
        its answer can be a moment ahead of the log."""
        import time

        einde = time.monotonic() + 5
        while True:
            tekst = (self.dir / "access.log").read_text()
            if met in tekst or time.monotonic() > einde:
                return tekst
            time.sleep(0.05)


class Klant:
    """One browser-less client: its own source address, its own cookies."""

    def __init__(self, base_url: str, bron: str):
        parts = urlsplit(base_url)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port
        self.bron = bron
        self.cookies: dict[str, str] = {}

    def _conn(self):
        if self.https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(
                self.host, self.port, source_address=(self.bron, 0), context=context, timeout=30
            )
        return http.client.HTTPConnection(
            self.host, self.port, source_address=(self.bron, 0), timeout=30
        )

    def request(self, method, path, *, data=None, body=None, headers=None):
        headers = dict(headers or {})
        origin = f"{'https' if self.https else 'http'}://{self.host}:{self.port}"
        headers.setdefault("Origin", origin)
        headers.setdefault("Referer", origin + "/")
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = self._conn()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        tekst = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        response.tekst = tekst
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def csrf_van(self, path) -> str:
        page = self.get(path).tekst
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, "no CSRF token on " + path
        return match.group(1)

    def json(self, method, path, payload, headers=None):
        return self.request(
            method,
            path,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )
