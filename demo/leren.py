"""The learning loop in the demo (``./kcc run``): a month of satisfaction answers on the
dashboard, complaints (most resolved on the spot, two being handled) and a few signals.
Written straight into the tables like the rest of the demo data (the services send messages
and mail, which a demo load should not); deterministic by seed; a second run adds nothing."""

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from contacts.models import OPEN_RESULTATEN, Contactmoment, Onderwerp, Partij
from leren.models import Antwoord, Klacht, Signaal, Uitnodiging
from leren.services import standaard_redenen
from leren.signalen import partner_aanmaken
from permissions.models import Afdeling

KLACHTEN = [
    (
        "Ik stond een half uur in de wachtrij en werd toen afgebroken.",
        "kcc",
        True,
        "bereikbaarheid",
    ),
    ("De medewerker aan de balie was kortaf.", "publiekszaken", True, "bejegening"),
    (
        "Mijn melding over de lantaarnpaal is drie keer gesloten zonder reparatie.",
        "openbare-ruimte",
        True,
        "werkwijze",
    ),
    ("Niemand belde terug, terwijl dat beloofd was.", "kcc", True, "termijn"),
    ("De brief over mijn WMO-aanvraag was onbeleefd en onduidelijk.", "wmo", False, "bejegening"),
    (
        "Mijn vergunningaanvraag ligt al maanden stil zonder bericht.",
        "vergunningen",
        False,
        "termijn",
    ),
]
SIGNALEN = [
    (
        "De brief 'Uw paspoort verloopt' noemt de kosten niet.",
        "brief",
        "medewerker",
        "publiekszaken",
    ),
    (
        "Op de website staat een oud telefoonnummer van het Stip in Dukenburg.",
        "website",
        "medewerker",
        "kcc",
    ),
    ("Ik moest drie keer uitleggen wat ik wilde.", "anders", "vragenlijst", "kcc"),
    (
        "Bezoekers van het Stip snappen de brief over de energietoeslag niet.",
        "brief",
        "partner",
        "werk-en-inkomen",
    ),
]


def leren_laden(seed: int = 2026) -> bool:
    if Uitnodiging.objects.exists():
        return False
    rng = random.Random(seed)
    standaard_redenen()
    nu = timezone.now()
    _antwoorden(rng, nu)
    _klachten(rng, nu)
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    partner = None
    if "werk-en-inkomen" in afdelingen:
        # a Stip that sends signals by the API (its key is made anew with manage.py
        # signaalpartner when it is really used)
        partner, _sleutel = partner_aanmaken(
            naam="Stip Dukenburg", afdeling=afdelingen["werk-en-inkomen"]
        )
    Signaal.objects.bulk_create(
        [
            Signaal(
                tekst=t, categorie=c, bron=b, afdeling=afdelingen[a],
                partner=partner if b == "partner" else None,
                partner_kenmerk=f"demo-{i}" if b == "partner" else "",
            )
            for i, (t, c, b, a) in enumerate(SIGNALEN)
            if a in afdelingen and (b != "partner" or partner)
        ]
    )  # fmt: skip
    return True


def _antwoorden(rng, nu) -> None:
    contacten = list(
        Contactmoment.objects.filter(
            partij__soort="persoon", tijdstip__gte=nu - datetime.timedelta(days=30)
        )
        .exclude(resultaat__in=OPEN_RESULTATEN)
        .exclude(partij=None)
        .select_related("medewerker")
        .order_by("id")[:60]
    )
    gezien = set()
    for cm in contacten:
        if cm.klantreis in gezien or cm.partij_id in gezien:
            continue
        gezien |= {cm.klantreis, cm.partij_id}
        verstuurd = cm.tijdstip + datetime.timedelta(hours=2)
        u = Uitnodiging.objects.create(
            klantreis=cm.klantreis,
            partij_id=cm.partij_id,
            contactmoment=cm,
            kanaal_id=cm.kanaal_id,
            onderwerp_id=cm.onderwerp_id,
            afdeling_id=cm.afdeling_id,
            team_id=cm.medewerker.team_id if cm.medewerker else None,
            status=Uitnodiging.Status.VERSTUURD,
            verzonden_via="email",
            verstuurd_op=verstuurd,
            verloopt_op=verstuurd + datetime.timedelta(days=14),
        )
        Partij.objects.filter(pk=cm.partij_id).update(vragenlijst_toestemming=cm.tijdstip)
        if rng.random() < 0.35:
            continue  # not answered: the response rate is not 100 %
        score = rng.choices([1, 2, 3, 4, 5], weights=[4, 6, 15, 40, 35])[0]
        Antwoord.objects.create(
            uitnodiging=u,
            tevredenheid=score,
            moeite=max(1, min(5, score + rng.choice([-1, 0, 0, 1]))),
            opgelost=rng.choices(["ja", "deels", "nee"], weights=[70, 20, 10])[0],
            redenen=["wachttijd"] if score <= 2 else [],
        )
        Uitnodiging.objects.filter(pk=u.pk).update(status=Uitnodiging.Status.INGEVULD)


def _klachten(rng, nu) -> None:
    onderwerp = Onderwerp.objects.filter(
        Q(code="klacht") | Q(domein__code="klachten-bezwaren")
    ).first()
    personen = list(Partij.objects.filter(soort="persoon").order_by("id")[:40])
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    if onderwerp is None or not personen:
        return
    for i, (wat, afdeling, informeel, categorie) in enumerate(KLACHTEN):
        if afdeling not in afdelingen:
            continue
        dag = nu - datetime.timedelta(days=3 + 4 * i)
        partij = personen[i * 5 % len(personen)]
        cm = Contactmoment.objects.create(
            partij=partij,
            kanaal_id=Contactmoment.objects.values_list("kanaal_id", flat=True).first(),
            onderwerp=onderwerp,
            vraag=wat,
            antwoord="Ter plekke opgelost." if informeel else "",
            resultaat="beantwoord" if informeel else "in_behandeling",
            tijdstip=dag,
            richting="in",
        )
        Klacht.objects.create(
            contactmoment=cm,
            partij=partij,
            over_afdeling=afdelingen[afdeling],
            schriftelijk=not informeel,
            categorie=categorie,
            status="informeel" if informeel else "in_behandeling",
            ontvangen_op=dag.date(),
            termijn_tot=dag.date() + datetime.timedelta(weeks=6),
            afgehandeld_op=dag.date() if informeel else None,
            bevestigd_op=None if informeel else dag + datetime.timedelta(hours=1),
        )
