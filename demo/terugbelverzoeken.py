"""Demo callback requests, routed by the rules, and a few web forms still to be linked."""

import datetime
import importlib
import uuid

from django.apps import apps as django_apps
from django.utils import timezone

from callbacks.models import Routeringsregel, Terugbelverzoek
from callbacks.termijnen import uiterste_datum, voorbereiden
from channels.services import Webformulier, webformulier_ontvangen
from contacts.models import (
    Onderwerp,
)
from permissions.models import Medewerker

from .inwoners import _ascii

_AANLEIDING = importlib.import_module("callbacks.migrations.0005_aanleidend_contact")


class Terugbelverzoeken:
    def terugbelverzoeken(self, count) -> int:
        """Callback requests over the last three years, routed by the rules; the last three
        days' partly open, older ones nearly all handled. Times are relative to now, so the
        demo's queues have fresh work whenever it is loaded."""

        regels = {
            r.onderwerp_id: (r.afdeling_id, r.team_id, r.termijn_werkdagen or 2)
            for r in Routeringsregel.objects.all()
        }
        # the deadlines are computed while the rows stream into COPY: the closing days
        # must be read before it starts (no query can run on the connection during COPY)
        voorbereiden()
        onderwerpen = [o for o in Onderwerp.objects.order_by("id") if o.id in regels]
        if not onderwerpen or not self.person_ids:
            return 0
        staff = {}
        for pk, afdeling_id in Medewerker.objects.values_list("id", "afdeling_id").order_by("id"):
            staff.setdefault(afdeling_id, []).append(pk)
        now = timezone.now().replace(microsecond=0)
        uitkomsten = ["afgehandeld"] * 14 + ["doorgezet", "zaak_aangemaakt", "niet_bereikt"]
        heavy_id = self.person_ids[0]

        def rows():
            for i in range(count):
                onderwerp = self.rng.choice(onderwerpen)
                afdeling_id, team_id, werkdagen = regels[onderwerp.id]
                # the first few belong to the person with the long history: a full panel
                partij = heavy_id if i < 3 else self.rng.choice(self.person_ids)
                # spread over three years (≈ 270 a day at ×1); the last three days' are partly
                # open, a few older ones were never closed (they show as overdue)
                age = datetime.timedelta(minutes=self.rng.randint(5, 3 * 365 * 24 * 60))
                if i < 40:  # fresh work in every department's queue, also in a small demo
                    age = datetime.timedelta(minutes=self.rng.randint(5, 3 * 24 * 60))
                recent = age < datetime.timedelta(days=3)
                aangemaakt = now - age
                deadline = uiterste_datum(aangemaakt, werkdagen)
                roll = self.rng.random()
                afgehandeld = roll < (0.35 if recent else 0.998)
                status = (
                    "afgehandeld"
                    if afgehandeld
                    else "nieuw"
                    if roll < 0.6
                    else "opgepakt"
                    if roll < 0.8
                    else "in_behandeling"
                )
                if i < 3:
                    status = "nieuw"
                door = (
                    self.rng.choice(staff[afdeling_id])
                    if status != "nieuw" and staff.get(afdeling_id)
                    else None
                )
                opgepakt_op = (
                    aangemaakt + datetime.timedelta(minutes=self.rng.randint(10, 600))
                    if door
                    else None
                )
                afgehandeld_op = uitkomst = None
                if status == "afgehandeld":
                    afgehandeld_op = min(
                        now,
                        aangemaakt + datetime.timedelta(minutes=self.rng.randint(30, 4 * 24 * 60)),
                    )
                    uitkomst = self.rng.choice(uitkomsten)
                    opgepakt_op = min(opgepakt_op or afgehandeld_op, afgehandeld_op)
                nummer, _soort = self._phone(mobile=True)
                yield {
                    "partij_id": partij,
                    "onderwerp_id": onderwerp.id,
                    "vraag": f"Wil teruggebeld worden over {onderwerp.naam.lower()}.",
                    "telefoonnummer": nummer,
                    "alternatief": "",
                    "beste_tijd": "",
                    "urgentie": "normaal" if self.rng.random() < 0.95 else "spoed",
                    "afdeling_id": afdeling_id,
                    "team_id": team_id,
                    "status": status,
                    "deadline": deadline,
                    "aangemaakt": aangemaakt,
                    "gerouteerd_op": aangemaakt + datetime.timedelta(seconds=1),
                    "opgepakt_door_id": door,
                    "opgepakt_op": opgepakt_op,
                    "uitkomst": uitkomst or "",
                    "toelichting": "Teruggebeld." if uitkomst else "",
                    "afgehandeld_op": afgehandeld_op,
                    "afgehandeld_door_id": door if uitkomst else None,
                }

        aantal = self._copy(Terugbelverzoek, rows())
        # each request with the call it came from, as the product records it (the same
        # statement that filled in older requests: callbacks migration 0005)
        _AANLEIDING.aanvullen(django_apps)
        return aantal

    def webformulieren(self, count=6) -> int:
        """A few web-form questions from people the KCC still has to link."""

        vragen = [
            "Wanneer wordt het grofvuil opgehaald in mijn straat?",
            "Hoe vraag ik een parkeervergunning aan voor mijn tweede auto?",
            "Ik heb een brief over de WOZ-waarde gekregen en begrijp hem niet.",
            "Kan ik mijn paspoort ook op zaterdag ophalen?",
            "Er ligt al een week een losse stoeptegel voor mijn deur.",
            "Hoe meld ik een verhuizing voor mijn moeder?",
        ]
        for i in range(count):
            naam = f"{self.rng.choice(self.voornamen)} {self.rng.choice(self.achternamen)[1]}"
            bel = i % 3 == 0
            webformulier_ontvangen(
                Webformulier(
                    sleutel=uuid.UUID(int=self.rng.getrandbits(128), version=4),
                    naam=naam,
                    telefoonnummer=self._phone(mobile=True)[0] if bel else "",
                    email=f"{_ascii(naam).lower().replace(' ', '.')}@voorbeeld.nl",
                    vraag=vragen[i % len(vragen)],
                    onderwerp=None,
                    wil_teruggebeld=bel,
                )
            )
        return count
