"""A stub of NotifyNL (the GOV.UK Notify API as Dutch municipalities run it):
``POST /v2/notifications/{email,sms,letter}`` and ``GET /v2/notifications/{id}``, with the
JWT authentication (HS256, ``iss`` = service id, ``iat`` within 30 seconds) and the delivery
receipt POSTed to the service's callback URL with its bearer token, as NotifyNL does.

Control endpoints (loopback only, for the tests and the demo):
- ``POST /_stub/uitkomst`` ``{"status": "permanent-failure", "aantal": 1}``: the next
  receipts carry this status (default: ``delivered``, letters ``received``);
- ``GET /_stub/berichten``: the messages received, newest last (``POST /_stub/herstellen``:
  forget them);
- ``GET /_stub/ontvangstbewijs/<id>``: the receipt the stub would send for that message.

    python -m demo.stubs.notifynl --poort 8104 --apikey kcc-<service>-<secret>
"""

import argparse
import datetime
import json
import re
import threading
import time
import urllib.request
import uuid

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from .basis import Antwoord, StubApp, basis_argumenten, serveren

SOORTEN = {"email": "email_address", "sms": "phone_number", "letter": "address_line_1"}
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _fout(status: int, soort: str, melding: str) -> Antwoord:
    return Antwoord(
        status,
        {"errors": [{"error": soort, "message": melding}], "status_code": status},
        "application/json",
    )


class NotifyStub(StubApp):
    def __init__(self, *, apikey: str, sjablonen: dict, callback_url: str, callback_token: str,
                 vertraging: float):  # fmt: skip
        super().__init__(valideren=False)
        delen = re.match(rf"^.+-({_UUID})-({_UUID})$", apikey)
        if not delen:
            raise SystemExit("--apikey: naam-<service id>-<secret>")
        self.service_id, self.geheim = delen.group(1), delen.group(2)
        self.sjablonen = sjablonen
        self.callback_url, self.callback_token = callback_url, callback_token
        self.vertraging = vertraging
        self.berichten: dict[str, dict] = {}
        self.uitkomsten: list[str] = []

    def _controleer_token(self, headers) -> None:
        schema, _spatie, token = (headers.get("Authorization") or "").partition(" ")
        if schema != "Bearer" or not token:
            raise _fout(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            claims = jwt.decode(token, OctKey.import_key(self.geheim), algorithms=["HS256"]).claims
        except (JoseError, ValueError):
            raise _fout(403, "AuthError", "Invalid token: signature, api token not found") from None
        if claims.get("iss") != self.service_id:
            raise _fout(403, "AuthError", "Invalid token: service not found")
        if abs(time.time() - float(claims.get("iat", 0))) > 30:
            raise _fout(
                403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
            )

    def afhandelen(self, methode, pad, query, body, headers, storing):
        self._controleer_token(headers)
        if methode == "POST" and (m := re.fullmatch(r"/v2/notifications/(email|sms|letter)", pad)):
            return 201, self._versturen(m.group(1), body or {})
        if methode == "GET" and (m := re.fullmatch(rf"/v2/notifications/({_UUID})", pad)):
            bericht = self.berichten.get(m.group(1))
            if bericht is None:
                raise _fout(404, "NoResultFound", "No result found")
            return 200, bericht
        raise _fout(404, "NotFound", "Not found")

    def _versturen(self, soort: str, body: dict) -> dict:
        sjabloon = body.get("template_id")
        if sjabloon not in self.sjablonen.get(soort, ()):
            raise _fout(400, "BadRequestError", "Template not found")
        personalisatie = body.get("personalisation") or {}
        ontbreekt = [k for k in ("onderwerp", "inhoud") if not personalisatie.get(k)]
        bron = personalisatie if soort == "letter" else body
        if not bron.get(SOORTEN[soort]):
            ontbreekt.append(SOORTEN[soort])
        if soort == "letter" and not bron.get("address_line_3"):
            ontbreekt.append("address_line_3")
        if ontbreekt:
            raise _fout(400, "BadRequestError", f"Missing personalisation: {', '.join(ontbreekt)}")
        nu = datetime.datetime.now(datetime.UTC).isoformat().replace("+00:00", "Z")
        bericht = {
            "id": str(uuid.uuid4()),
            "reference": body.get("reference"),
            "type": soort,
            "status": "created",
            "template": {"id": sjabloon, "version": 1, "uri": f"/v2/template/{sjabloon}"},
            "body": personalisatie.get("inhoud", ""),
            "subject": personalisatie.get("onderwerp", ""),
            "created_at": nu,
            "ontvanger": bron.get(SOORTEN[soort]),
        }
        with self.lock:
            self.berichten[bericht["id"]] = bericht
            status = self.uitkomsten.pop(0) if self.uitkomsten else None
        bericht["eindstatus"] = status or ("received" if soort == "letter" else "delivered")
        if self.callback_url:
            threading.Thread(target=self._terugmelden, args=(bericht["id"],), daemon=True).start()
        return {
            "id": bericht["id"],
            "reference": bericht["reference"],
            "content": {"body": bericht["body"], "subject": bericht["subject"]},
            "uri": f"/v2/notifications/{bericht['id']}",
            "template": bericht["template"],
            "scheduled_for": None,
        }

    def ontvangstbewijs(self, bericht_id: str) -> dict:
        b = self.berichten[bericht_id]
        nu = datetime.datetime.now(datetime.UTC).isoformat().replace("+00:00", "Z")
        return {
            "id": b["id"],
            "reference": b["reference"],
            "to": b["ontvanger"],
            "status": b["eindstatus"],
            "created_at": b["created_at"],
            "completed_at": nu,
            "sent_at": nu,
            "notification_type": b["type"],
        }

    def _terugmelden(self, bericht_id: str) -> None:
        time.sleep(self.vertraging)
        data = json.dumps(self.ontvangstbewijs(bericht_id)).encode()
        verzoek = urllib.request.Request(self.callback_url, data=data, method="POST")  # noqa: S310
        verzoek.add_header("Content-Type", "application/json")
        verzoek.add_header("Authorization", f"Bearer {self.callback_token}")
        for poging in range(5):  # NotifyNL retries too
            try:
                with urllib.request.urlopen(verzoek, timeout=10):  # noqa: S310 - configured URL
                    pass
                self.berichten[bericht_id]["status"] = self.berichten[bericht_id]["eindstatus"]
                return
            except OSError:
                time.sleep(2**poging)

    def controle(self, methode, pad, body):
        if pad == "/_stub/uitkomst" and methode == "POST":
            with self.lock:
                self.uitkomsten.extend([body["status"]] * int(body.get("aantal", 1)))
            return 200, {}
        if pad == "/_stub/herstellen" and methode == "POST":
            with self.lock:
                self.berichten.clear()
                self.uitkomsten.clear()
            return 200, {}
        if pad == "/_stub/berichten" and methode == "GET":
            with self.lock:
                return 200, list(self.berichten.values())
        if (m := re.fullmatch(rf"/_stub/ontvangstbewijs/({_UUID})", pad)) and methode == "GET":
            return 200, self.ontvangstbewijs(m.group(1))
        return 404, {"errors": [{"error": "NotFound", "message": "Onbekend pad"}]}


def _sjablonen(tekst: str) -> dict:
    """ "brief=<uuid>,email=<uuid>,sms=<uuid>" → NotifyNL's kinds with their templates."""
    soorten = {"brief": "letter", "email": "email", "sms": "sms"}
    uit: dict[str, set] = {}
    for deel in filter(None, tekst.split(",")):
        soort, _is, sjabloon = deel.partition("=")
        uit.setdefault(soorten.get(soort, soort), set()).add(sjabloon)
    return uit


def main():
    parser = basis_argumenten(argparse.ArgumentParser(description=__doc__))
    parser.add_argument("--apikey", required=True)
    parser.add_argument("--sjablonen", default="")
    parser.add_argument("--callback-url", default="")
    parser.add_argument("--callback-token", default="")
    parser.add_argument("--vertraging", type=float, default=1.0)
    args = parser.parse_args()
    serveren(
        NotifyStub(
            apikey=args.apikey,
            sjablonen=_sjablonen(args.sjablonen),
            callback_url=args.callback_url,
            callback_token=args.callback_token,
            vertraging=args.vertraging,
        ),
        args.poort,
        klaar_bestand=args.klaar,
    )


if __name__ == "__main__":
    main()
