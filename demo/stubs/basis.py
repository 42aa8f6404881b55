"""What every stub server shares: a threaded HTTP server on loopback that answers from an
official OpenAPI specification and checks each answer against it before sending.

The stubs stand in for the municipality's outside systems in ``./kcc run`` and in the
contract tests (``tests/sources``). They run as their own processes and import no Django,
so the product's adapters talk to them over real HTTP exactly as to the real systems.

Control endpoints (loopback only, for the tests):
- ``POST /_stub/storing`` ``{"soort": …, "aantal": n}``: the next n requests misbehave:
  ``traag`` (answers after ``seconden``), ``401``, ``403``, ``404``, ``500``, ``503``,
  ``400`` (a problem+json validation error), ``kapot`` (malformed JSON), ``onbekend``
  (an enum value the specification does not know), ``groot`` (a very large answer);
- ``GET /_stub/verzoeken``: the requests received (method, path, headers, body), newest last;
- ``DELETE /_stub/verzoeken``: forget them.
"""

import contextlib
import json
import os
import ssl
import sys
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

SPECIFICATIES = Path(__file__).resolve().parent / "specificaties"


@cache
def specificatie(naam: str) -> dict:
    with open(SPECIFICATIES / naam, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)


class Schemas:
    """Validates instances against ``#/components/schemas/<naam>`` of one specification."""

    def __init__(self, bestand: str):
        # a dev dependency, needed only when answers are checked (not with --niet-valideren)
        from openapi_schema_validator import OAS30Validator, OAS31Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self.doc = specificatie(bestand)
        self.uri = f"urn:kcc:{bestand}"
        versie = str(self.doc.get("openapi", "3.0"))
        self.validator_cls = OAS31Validator if versie.startswith("3.1") else OAS30Validator
        self.registry = Registry().with_resource(
            self.uri, Resource.from_contents(self.doc, default_specification=DRAFT202012)
        )
        self._validators: dict = {}

    def fouten(self, schema_naam: str, instance) -> list[str]:
        validator = self._validators.get(schema_naam)
        if validator is None:
            schema = {"$ref": f"{self.uri}#/components/schemas/{schema_naam}"}
            validator = self.validator_cls(schema, registry=self.registry)
            self._validators[schema_naam] = validator
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}"
            for e in validator.iter_errors(instance)
        ]


def _client_cn(verbinding) -> str:
    getpeercert = getattr(verbinding, "getpeercert", None)
    cert = getpeercert() if getpeercert else None
    for rdn in (cert or {}).get("subject", ()):
        for naam, waarde in rdn:
            if naam == "commonName":
                return waarde
    return ""


class Storingen:
    """Misbehaviour asked for by a test, for the next n requests."""

    def __init__(self):
        self.lock = threading.Lock()
        self.wachtrij: list[dict] = []

    def zetten(self, opdracht: dict):
        with self.lock:
            self.wachtrij.extend([opdracht] * int(opdracht.get("aantal", 1)))

    def volgende(self) -> dict | None:
        with self.lock:
            return self.wachtrij.pop(0) if self.wachtrij else None


class Antwoord(Exception):
    """Raised by a handler to answer at once with a status and a body."""

    def __init__(self, status: int, body=None, content_type="application/problem+json"):
        self.status, self.body, self.content_type = status, body, content_type


def probleem(status: int, titel: str, **velden) -> Antwoord:
    return Antwoord(status, {"type": "about:blank", "title": titel, "status": status, **velden})


class StubHandler(BaseHTTPRequestHandler):
    """Routes to ``self.server.app`` (a ``StubApp``); records every request."""

    protocol_version = "HTTP/1.1"
    server_version = "kcc-stub"

    def log_message(self, *args):  # quiet: the tests read the recorded requests instead
        pass

    def _afhandelen(self, methode: str):
        app: StubApp = self.server.app  # type: ignore[attr-defined]
        delen = urlsplit(self.path)
        lengte = int(self.headers.get("Content-Length") or 0)
        ruw = self.rfile.read(lengte) if lengte else b""
        if delen.path.startswith("/_stub/"):
            return self._controle(app, methode, delen.path, ruw)
        app.verzoeken_bewaren(
            {
                "methode": methode,
                "pad": delen.path,
                "query": delen.query,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "client_cn": _client_cn(self.connection),
                "body": ruw.decode("utf-8", "replace"),
            }
        )
        storing = app.storingen.volgende()
        if storing:
            if storing["soort"] == "traag":
                time.sleep(float(storing.get("seconden", 5)))
            elif storing["soort"] == "kapot":
                return self._sturen(200, b'{"type": "Raadpleeg', "application/json")
            elif storing["soort"] == "groot":
                blok = b" " * (1024 * 1024)
                return self._sturen(200, b"[" + blok * int(storing.get("mb", 12)) + b"]")
            elif storing["soort"].isdigit():
                status = int(storing["soort"])
                body = app.fout_body(status)
                return self._json(status, body, "application/problem+json")
        try:
            body = json.loads(ruw) if ruw else None
        except ValueError:
            return self._json(400, app.fout_body(400), "application/problem+json")
        try:
            status, antwoord = app.afhandelen(
                methode, delen.path, parse_qs(delen.query), body, self.headers, storing
            )
        except Antwoord as a:
            if a.body is None:
                return self._sturen(a.status, b"", a.content_type)
            if isinstance(a.body, bytes):  # XML or HTML (a sitemap, a web page)
                return self._sturen(a.status, a.body, a.content_type)
            return self._json(a.status, a.body, a.content_type)
        if storing and storing["soort"] == "druppelen":
            # a well-formed answer, one byte at a time: every read gets something in time
            data = json.dumps(antwoord, ensure_ascii=False).encode()
            return self._druppelen(status, data, float(storing.get("seconden", 1)))
        return self._json(status, antwoord, "application/json")

    def _druppelen(self, status, data: bytes, seconden: float):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(seconden)
        except OSError:  # the client gave up: that is the point
            self.close_connection = True

    def _controle(self, app, methode, pad, ruw):
        if pad == "/_stub/storing" and methode == "POST":
            opdracht = json.loads(ruw)
            if opdracht.get("soort") == "leegmaken":
                with app.storingen.lock:
                    app.storingen.wachtrij.clear()
            else:
                app.storingen.zetten(opdracht)
            return self._sturen(204, b"")
        if pad == "/_stub/verzoeken" and methode == "GET":
            with app.lock:
                return self._json(200, list(app.verzoeken), "application/json")
        if pad == "/_stub/verzoeken" and methode == "DELETE":
            with app.lock:
                app.verzoeken.clear()
            return self._sturen(204, b"")
        status, antwoord = app.controle(methode, pad, json.loads(ruw) if ruw else None)
        return self._json(status, antwoord, "application/json")

    def _json(self, status, body, content_type):
        return self._sturen(status, json.dumps(body, ensure_ascii=False).encode(), content_type)

    def _sturen(self, status, data: bytes, content_type="application/json"):
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 204:
            self.wfile.write(data)

    def do_GET(self):
        self._afhandelen("GET")

    def do_POST(self):
        self._afhandelen("POST")

    def do_PUT(self):
        self._afhandelen("PUT")

    def do_PATCH(self):
        self._afhandelen("PATCH")

    def do_DELETE(self):
        self._afhandelen("DELETE")


class StubApp:
    """One stub's behaviour. Subclasses answer in ``afhandelen`` and check their answers
    with ``self.controleren(schema, body)``: an answer that the specification does not allow
    becomes a 500 naming the fault, so a stub can never teach the adapter a wrong contract."""

    specificatie_bestand = ""
    valideren = True

    def __init__(self, *, valideren: bool = True):
        self.valideren = valideren
        self.schemas = Schemas(self.specificatie_bestand) if valideren else None
        self.storingen = Storingen()
        self.lock = threading.Lock()
        self.verzoeken: list[dict] = []

    def verzoeken_bewaren(self, verzoek):
        with self.lock:
            self.verzoeken.append(verzoek)
            del self.verzoeken[:-200]

    def controleren(self, schema_naam: str, body):
        if self.schemas is None:
            return body
        fouten = self.schemas.fouten(schema_naam, body)
        if fouten:
            print(f"stub answer not valid against {schema_naam}: {fouten[:3]}", file=sys.stderr)
            raise probleem(500, "Antwoord van de stub past niet bij de specificatie")
        return body

    def fout_body(self, status: int) -> dict:
        titels = {
            400: "Een of meerdere parameters zijn niet correct",
            401: "Niet correct geauthenticeerd",
            403: "U bent niet geautoriseerd voor deze operatie",
            404: "Opgevraagde resource bestaat niet",
            500: "Interne server fout",
            503: "Bronsysteem niet beschikbaar",
        }
        body = {"type": "about:blank", "title": titels.get(status, "Fout"), "status": status}
        if status == 400:
            body["invalidParams"] = [
                {"name": "type", "code": "required", "reason": "Parameter is verplicht."}
            ]
        return body

    def afhandelen(self, methode, pad, query, body, headers, storing):  # pragma: no cover
        raise probleem(404, "Onbekend pad")

    def controle(self, methode, pad, body):
        raise probleem(404, "Onbekend pad")


class StubServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client that hung up (a timeout it set, an answer it refused to read) is normal
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def serveren(
    app: StubApp, poort: int, *, klaar_bestand: str = "", bij_start=None, tls=None
) -> None:
    """``tls``: (certificate, key, client CA) to answer over HTTPS and ask every client for a
    certificate signed by that CA (mutual TLS, as a PKIoverheid gateway does)."""
    server = StubServer(("127.0.0.1", poort), StubHandler)
    schema = "http"
    if tls:
        certificaat, sleutel, client_ca = tls
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificaat, sleutel)
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        schema = "https"
    if bij_start:  # the stub's own base URL, for the links in its answers
        bij_start(f"{schema}://127.0.0.1:{server.server_address[1]}")
    server.app = app  # type: ignore[attr-defined]
    if klaar_bestand:  # the port, for a parent that asked for port 0
        Path(klaar_bestand).write_text(str(server.server_address[1]))
    print(f"stub {type(app).__name__} on 127.0.0.1:{server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


def basis_argumenten(parser):
    parser.add_argument("--poort", type=int, default=0)
    parser.add_argument("--klaar", default="", help="file to write the port to once listening")
    parser.add_argument("--tls-cert", default="", help="answer over HTTPS with this certificate")
    parser.add_argument("--tls-key", default="")
    parser.add_argument("--client-ca", default="", help="require client certificates of this CA")
    parser.add_argument(
        "--niet-valideren",
        action="store_true",
        default=os.environ.get("KCC_STUB_NIET_VALIDEREN") == "1",
        help="skip checking answers against the specification (for scale runs)",
    )
    return parser
