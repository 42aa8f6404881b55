"""Demo zaken: spread over two years, a few secret, most handled by their afdeling."""

import datetime
import itertools

from cases.models import Zaak, Zaaktype
from permissions.models import Afdeling

from .catalogus import ZAAKTYPEN

ZAAK_STATUSSEN = [
    "Ontvangen",
    "In behandeling",
    "Aanvullende gegevens gevraagd",
    "Besluit in voorbereiding",
    "Afgehandeld",
]

# Real Nijmegen streets, each with the postcode area (6511–6546) it lies in. In Dukenburg and
# Lindenholt the wijk is the street name and house numbers have four digits (Meijhorst 6012).


class Zaken:
    def zaken(self, count) -> int:
        zaaktypen = {z.code: z for z in Zaaktype.objects.all()}
        afdelingen = dict(Afdeling.objects.values_list("code", "id"))
        staff = self._staff_by_afdeling()
        weights = list(itertools.accumulate(z[5] for z in ZAAKTYPEN))
        today = datetime.date(2026, 11, 20)
        rows = []
        for i in range(count):
            zaaktype = self.rng.choices(ZAAKTYPEN, cum_weights=weights)[0]
            code, _oms, _dom, dagen, afdeling_code, _w = zaaktype
            start = today - datetime.timedelta(days=self.rng.randint(0, 730))
            closed = (today - start).days > dagen * 1.5 or self.rng.random() < 0.4
            status = "Afgehandeld" if closed else self.rng.choice(ZAAK_STATUSSEN[:4])
            einde = (
                start + datetime.timedelta(days=self.rng.randint(1, dagen * 2)) if closed else None
            )
            if einde and einde > today:
                einde = today
            roll = self.rng.random()
            vertrouwelijk = (
                "geheim"
                if roll < 0.01
                else "vertrouwelijk"
                if roll < 0.05
                else "openbaar"
                if roll < 0.3
                else "zaakvertrouwelijk"
            )
            behandelaar = (
                self.rng.choice(staff[afdeling_code])
                if staff.get(afdeling_code) and self.rng.random() < 0.8
                else None
            )
            rows.append(
                {
                    "identificatie": f"ZAAK-{start.year}-{i + 1:07d}",
                    "zaaktype_id": zaaktypen[code].id,
                    "partij_id": self.rng.choice(self.partij_ids),
                    "omschrijving": f"{zaaktypen[code].omschrijving} – demo {i + 1}",
                    "toelichting": "Toelichting van de behandelaar bij deze zaak.",
                    "status": status,
                    "behandelaar_id": behandelaar,
                    "afdeling_id": afdelingen[afdeling_code],
                    "startdatum": start,
                    "einddatum_gepland": start + datetime.timedelta(days=dagen),
                    "uiterlijke_einddatum": start + datetime.timedelta(days=dagen * 2),
                    "einddatum": einde,
                    "vertrouwelijkheidaanduiding": vertrouwelijk,
                    "bron": "demo",
                    "bron_url": "",
                }
            )
        return self._copy(Zaak, rows)
