"""A real identity provider for the tests and the demo: the certified ``oidc-provider``
package, run by Node.js as a separate process on loopback (``demo/idp``). The tests use
``GEBRUIKERS`` (with and without MFA, roles and no roles); ``./kcc run --oidc`` uses
``DEMO_GEBRUIKERS``, whose app roles match ``permissions/data/rolkoppelingen.toml``."""

import json
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

from joserfc.jwk import RSAKey

MAP = Path(__file__).resolve().parent / "idp"
CLIENT_ID = "kcc-klantbeeld"
CLIENT_SECRET = "test-" + "g" * 40

GEBRUIKERS = {
    # login: password, subject, claims, amr
    "kim": {
        "password": "kim-wachtwoord",
        "sub": "0d4f7c1e-kim",
        "amr": ["pwd", "mfa"],
        "claims": {
            "name": "Kim de Kok",
            "given_name": "Kim",
            "family_name": "de Kok",
            "email": "kim.dekok@nijmegen.example",
            "roles": ["KCC.Medewerker"],
            "employee_id": "NIJ-00123",
        },
    },
    "wendy": {
        "password": "wendy-wachtwoord",
        "sub": "5a2b-wendy",
        "amr": ["pwd", "otp"],
        "claims": {
            "name": "Wendy Mol",
            "given_name": "Wendy",
            "family_name": "Mol",
            "email": "wendy.mol@nijmegen.example",
            "roles": ["KCC.Backoffice.Wmo", "KCC.Teamleider"],
            "employee_id": "NIJ-00456",
        },
    },
    "zonder-mfa": {
        "password": "zonder-wachtwoord",
        "sub": "77-zonder-mfa",
        "amr": ["pwd"],
        "claims": {"name": "Zeno Zonder", "email": "zeno@nijmegen.example",
                   "roles": ["KCC.Medewerker"]},
    },
    "zonder-rol": {
        "password": "rol-wachtwoord",
        "sub": "88-zonder-rol",
        "amr": ["pwd", "mfa"],
        "claims": {"name": "Rik Rolloos", "email": "rik@nijmegen.example",
                   "roles": ["Iets.Anders"]},
    },
}  # fmt: skip


DEMO_WACHTWOORD = "demo-kcc-2026"
DEMO_GEBRUIKERS = {
    login: {
        "password": DEMO_WACHTWOORD,
        "sub": f"demo-{login}",
        "amr": ["pwd", "mfa"],
        "claims": {
            "name": naam,
            "given_name": naam.split(" ", 1)[0],
            "family_name": naam.split(" ", 1)[1],
            "email": f"{login}@nijmegen.example",
            "roles": [rol],
            "employee_id": f"DEMO-{login.upper()}",
        },
    }
    for login, naam, rol in [
        ("kcc", "Kim de Kok", "KCC.Medewerker"),
        ("balie", "Bas van Aalst", "KCC.Balie"),
        ("wmo", "Wendy Mol", "KCC.Backoffice.Wmo"),
        ("teamleider", "Tamara Lindeboom", "KCC.Teamleider"),
        ("beheer", "Fleur Bakker", "KCC.Beheer"),
        ("privacy", "Priya Ozturk", "KCC.Privacy"),
    ]
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def npm_installeren() -> None:
    """The provider's own packages, from the lock file (npm registry), once."""
    if (MAP / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed for the test identity provider (Node.js 20 or newer)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=MAP, check=True)


class Provider:
    def __init__(
        self, directory: Path, redirect_uris, post_logout_uris, id_token_ttl=600, users=None
    ):
        self.port = _free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.sleutel = RSAKey.generate_key(
            2048, parameters={"kid": uuid.uuid4().hex, "use": "sig", "alg": "RS256"}, private=True
        )
        self.config = {
            "port": self.port,
            "issuer": self.issuer,
            "clients": [
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": list(redirect_uris),
                    "post_logout_redirect_uris": list(post_logout_uris),
                }
            ],
            "jwks": {"keys": [self.sleutel.as_dict(private=True)]},
            "users": users or GEBRUIKERS,
            "idTokenTTL": id_token_ttl,
        }
        self.pad = directory / "idp.json"
        self.log = directory / "idp.log"
        self.proc = None

    def start(self):
        npm_installeren()
        self.pad.write_text(json.dumps(self.config))
        node = shutil.which("node") or "node"
        self.proc = subprocess.Popen(
            [node, str(MAP / "provider.mjs"), "--config", str(self.pad)],
            cwd=MAP,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the identity provider did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
