"""Demo contact moments: three years over every channel, in threads (klantreizen), one person
with a long history."""

import datetime
import itertools
import uuid

from contacts.models import (
    Contactmoment,
    Kanaal,
    Onderwerp,
)
from permissions.models import Afdeling

from .catalogus import AFDELINGEN, KANALEN, ONDERWERPEN

VRAGEN = {
    "paspoort": (
        "Wanneer kan ik mijn nieuwe paspoort ophalen?",
        "Afhalen kan vanaf 5 werkdagen na de aanvraag; de Nijmegenaar krijgt een sms.",
    ),
    "verhuizing": (
        "Ik ben verhuisd, hoe geef ik dat door?",
        "Uitgelegd hoe het via Mijn Nijmegen kan; hulp aangeboden via een Stip.",
    ),
    "grofvuil": ("Wanneer wordt mijn grofvuil opgehaald?", "Afspraak gemaakt voor ophalen."),
    "straatverlichting": (
        "De lantaarnpaal voor mijn huis doet het niet.",
        "Melding doorgezet naar Meld & Herstel.",
    ),
    "wmo-huishouden": (
        "Ik heb hulp nodig in het huishouden na een operatie.",
        "Uitleg over de WMO-aanvraag; keukentafelgesprek wordt gepland.",
    ),
    "bijstand": (
        "Mijn uitkering is niet op tijd overgemaakt.",
        "Nagevraagd bij Werk en Inkomen; terugbelverzoek gemaakt.",
    ),
}
RESULTATEN = [
    ("beantwoord", 60),
    ("terugbelverzoek", 12),
    ("warm_doorverbonden", 8),
    ("doorverwezen", 6),
    ("afspraak", 9),
    ("zaak_aangemaakt", 5),
]


class Contacten:
    def contactmomenten(self, count, *, heavy: int) -> int:
        kanalen = {k.code: k.id for k in Kanaal.objects.all()}
        onderwerpen = {
            o.code: (o.id, o.domein.code) for o in Onderwerp.objects.select_related("domein")
        }
        afdelingen = dict(Afdeling.objects.values_list("code", "id"))
        staff = self._staff_by_afdeling()
        domein_afdeling = {}
        for code, _naam, domein_codes, _teams in AFDELINGEN:
            for domein in domein_codes:
                domein_afdeling.setdefault(domein, code)
        kanaal_codes = [k[0] for k in KANALEN]
        # cumulative weights, summed once rather than for every row
        kanaal_weights = list(itertools.accumulate(k[4] for k in KANALEN))
        onderwerp_codes = [o[0] for o in ONDERWERPEN]
        onderwerp_weights = list(itertools.accumulate(o[3] for o in ONDERWERPEN))
        resultaat_codes = [r[0] for r in RESULTATEN]
        resultaat_weights = list(itertools.accumulate(r[1] for r in RESULTATEN))
        now = datetime.datetime(2026, 11, 20, 17, 0, tzinfo=datetime.UTC)
        last = {}  # partij → (klantreis, onderwerp) of their latest contact, for threads
        heavy_id = self.person_ids[0] if self.person_ids else None

        def rows():
            for i in range(count):
                partij = heavy_id if i < heavy else self.rng.choice(self.partij_ids)
                kanaal = self.rng.choices(kanaal_codes, cum_weights=kanaal_weights)[0]
                previous = last.get(partij)
                if previous and self.rng.random() < 0.25:
                    klantreis, onderwerp = previous
                else:
                    klantreis = uuid.UUID(int=self.rng.getrandbits(128), version=4)
                    onderwerp = self.rng.choices(onderwerp_codes, cum_weights=onderwerp_weights)[0]
                last[partij] = (klantreis, onderwerp)
                onderwerp_id, domein = onderwerpen[onderwerp]
                if kanaal in ("telefoon", "chat", "sociale-media", "e-mail", "webformulier"):
                    afdeling = "kcc"
                elif kanaal.startswith("balie"):
                    afdeling = "publiekszaken"
                else:
                    afdeling = domein_afdeling.get(domein, "kcc")
                medewerker = self.rng.choice(staff[afdeling]) if staff.get(afdeling) else None
                days = self.rng.randint(0, 1095)
                moment = now - datetime.timedelta(days=days, minutes=self.rng.randint(0, 540))
                vraag, antwoord = VRAGEN.get(
                    onderwerp,
                    (f"Vraag over {onderwerp.replace('-', ' ')}.", "Uitgelegd en afgehandeld."),
                )
                resultaat = self.rng.choices(resultaat_codes, cum_weights=resultaat_weights)[0]
                yield {
                    "partij_id": partij,
                    "kanaal_id": kanalen[kanaal],
                    "tolkcontact": self.rng.random() < 0.003,
                    "richting": "uit" if self.rng.random() < 0.08 else "in",
                    "tijdstip": moment,
                    "medewerker_id": medewerker,
                    "afdeling_id": afdelingen[afdeling],
                    "onderwerp_id": onderwerp_id,
                    "vraag": vraag,
                    "antwoord": antwoord,
                    "resultaat": resultaat,
                    "klantreis": klantreis,
                    "geregistreerd": moment,
                }

        return self._copy(Contactmoment, rows())
