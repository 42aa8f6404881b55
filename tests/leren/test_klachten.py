"""Complaints registered wherever they come in (Awb chapter 9): one resolved on the spot at
the desk counts as informal; a written one is handled within the term by a colleague who was
not involved, with a written conclusion; the yearly register counts both; the complaint's
content is for those who see complaints in full."""

import pytest
from django.test import Client
from django.urls import reverse

from leren.models import Klacht
from permissions import roles
from permissions.models import Afdeling, Domein, Niveau, Zichtbaarheidsregel
from tests.factories import MedewerkerFactory, PersoonFactory, ZaakFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def klachtbehandelaar(wereld):
    afdeling = Afdeling.objects.create(code="juridische-zaken", naam="Juridische zaken")
    user = MedewerkerFactory(
        rol=roles.BACKOFFICE_MEDEWERKER, afdeling=afdeling, user__username="t-klachten"
    ).user
    Zichtbaarheidsregel.objects.create(
        rol=user.groups.get(),
        afdeling=afdeling,
        domein=Domein.objects.get(code="klachten-bezwaren"),
        niveau=Niveau.FULL,
    )
    return user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_klacht_aan_de_balie_ter_plekke_opgelost_en_een_schriftelijke_binnen_de_termijn(
    wereld, klachtbehandelaar
):
    persoon = PersoonFactory()
    balie = _client(wereld.users["balie"])
    url = reverse("leren:klacht", args=[persoon.id])
    assert "Klacht vastleggen" in balie.get(url).content.decode()
    balie.post(
        url,
        {
            "wat": "Lang gewacht, niemand zei iets",
            "over_afdeling": wereld.afdelingen["publiekszaken"].id,
            "categorie": "termijn",
            "ter_plekke_opgelost": "on",
        },
    )
    kcc = _client(wereld.users["kcc"])
    # a complaint about one of the person's cases links to it; another's case is refused
    zaak = ZaakFactory(partij=persoon, zaaktype=wereld.zaaktypen["wmo"])  # existence for KCC
    ander = ZaakFactory(zaaktype=wereld.zaaktypen["wmo"])
    url = reverse("leren:klacht", args=[persoon.id])
    pagina = kcc.post(url, {"wat": "Brief over WMO onbeleefd", "categorie": "bejegening",
                            "over_afdeling": wereld.afdelingen["wmo"].id, "schriftelijk": "on",
                            "zaak": ander.identificatie})  # fmt: skip
    assert pagina.status_code == 200
    assert not Klacht.objects.filter(zaak=ander.identificatie)
    kcc.post(url, {"wat": "Brief over WMO onbeleefd", "categorie": "bejegening",
                   "over_afdeling": wereld.afdelingen["wmo"].id, "schriftelijk": "on",
                   "zaak": zaak.identificatie})  # fmt: skip
    informeel, formeel = Klacht.objects.order_by("id")
    assert informeel.status == "informeel"
    assert (formeel.status, (formeel.termijn_tot - formeel.ontvangen_op).days) == (
        "in_behandeling",
        42,
    )

    # the complaint list: for whoever sees complaints in full, not for the front office
    assert kcc.get(reverse("leren:klachten")).status_code == 403
    behandelaar = _client(klachtbehandelaar)
    lijst = behandelaar.get(reverse("leren:klachten")).content.decode()
    assert "Brief over WMO onbeleefd" in lijst
    assert f"over zaak {zaak.identificatie}" in lijst
    assert "Lang gewacht" not in lijst  # resolved on the spot: nothing to handle
    afhandelen = reverse("leren:klacht-afhandelen", args=[formeel.id])
    conclusie = {"conclusie": "deels", "toelichting": "Excuses aangeboden; brieven herschreven."}
    # not before the complainant is heard (9:10)
    antwoord = behandelaar.post(afhandelen, conclusie, follow=True).content.decode()
    assert "Leg eerst vast wanneer de klager is gehoord" in antwoord
    behandelaar.post(
        reverse("leren:klacht-horen", args=[formeel.id]),
        {"gehoord_op": "1-12-2026", "verslag": "Klager wil excuses en een duidelijke brief."},
    )
    behandelaar.post(afhandelen, conclusie)
    formeel.refresh_from_db()
    assert formeel.gehoord_op.isoformat() == "2026-12-01"
    assert (formeel.status, formeel.conclusie) == ("afgehandeld", "deels")

    # the yearly register: counts per department, no persons
    register = behandelaar.get(reverse("leren:klachtenregister")).content.decode()
    regels = register.strip().splitlines()
    assert regels[0].startswith("afdeling;ontvangen;ter plekke opgelost")
    assert any(r.startswith("Publiekszaken;1;1;0;0;0;0") for r in regels)
    assert any(r.startswith("Wmo;1;0;1;1;0;1") for r in regels)
    assert "hoe de inwoner werd behandeld;1;0;1" in register  # the register's subjects
    assert "te langzaam of een belofte niet nagekomen;1;1;0" in register
    assert persoon.bsn not in register
    # management's dashboard counts the informal share
    management = _client(wereld.users["management"])
    dashboard = management.get(reverse("cijfers:dashboard"), {"periode": "maand"}).content.decode()
    assert "Ter plekke opgelost (informeel)</th><td>1 (50%)" in dashboard
    rij = '<th scope="row">Hoe de inwoner werd behandeld</th><td>1</td><td>0</td><td>1</td>'
    assert rij in dashboard
    # and the month report
    from django.utils import timezone

    maand = timezone.localdate().strftime("%Y-%m")
    rapport = management.get(reverse("cijfers:maandrapport"), {"maand": maand}).content.decode()
    assert '<th scope="row">Klachten ontvangen</th><td>2</td>' in rapport


def test_wie_de_klacht_opnam_handelt_hem_niet_af(wereld, klachtbehandelaar):
    from leren import klachten

    persoon = PersoonFactory()
    klacht = klachten.klacht_registreren(
        door=klachtbehandelaar, partij=persoon, wat="Onheus bejegend",
        over_afdeling=wereld.afdelingen["wmo"], ter_plekke_opgelost=False,
    )  # fmt: skip
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        klachten.klacht_afhandelen(
            door=klachtbehandelaar, klacht_id=klacht.id, conclusie="ongegrond", toelichting="x"
        )
    assert "collega die er niet bij betrokken was" in e.value.messages[0]
    # with an advisory committee the term is 10 weeks (9:14)
    commissie = klachten.klacht_registreren(
        door=klachtbehandelaar, partij=persoon, wat="Besluit niet uitgelegd", commissie=True,
        over_afdeling=wereld.afdelingen["wmo"], ter_plekke_opgelost=False, categorie="werkwijze",
    )  # fmt: skip
    assert (commissie.termijn_tot - commissie.ontvangen_op).days == 70


@pytest.mark.django_db(transaction=True)
def test_een_schriftelijke_klacht_krijgt_een_ontvangstbevestiging_en_een_waarschuwing(
    wereld, klachtbehandelaar, notify, mailoutbox
):
    import datetime

    from django.utils import timezone

    from contacts.models import Emailadres
    from leren import klachten

    persoon = PersoonFactory()
    Emailadres.objects.create(partij=persoon, adres="klager@example.org")
    wereld.afdelingen["wmo"].email = "wmo@nijmegen.example"
    wereld.afdelingen["wmo"].save()
    klacht = klachten.klacht_registreren(
        door=wereld.users["kcc"], partij=persoon, wat="Brief onbeleefd",
        over_afdeling=wereld.afdelingen["wmo"], ter_plekke_opgelost=False, schriftelijk=True,
    )  # fmt: skip
    klacht.refresh_from_db()
    assert klacht.bevestigd_op is not None  # acknowledged in writing after the commit (9:6)
    (bericht,) = notify.controle("/_stub/berichten", methode="GET")
    assert "Brief onbeleefd" not in bericht["body"]
    assert klacht.termijn_tot.strftime("%d-%m-%Y") in bericht["body"]
    assert klachten.ontvangst_bevestigen(klacht.id) is False  # once

    # extended once by at most four weeks
    klachten.termijn_verdagen(door=klachtbehandelaar, klacht_id=klacht.id, weken=4)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        klachten.termijn_verdagen(door=klachtbehandelaar, klacht_id=klacht.id, weken=1)
    klacht.refresh_from_db()
    assert (klacht.termijn_tot - klacht.ontvangen_op).days == 70

    # a week before the term the department hears of it, once
    dag = klacht.termijn_tot - datetime.timedelta(days=6)
    assert klachten.termijnen_bewaken(dag) == 1
    assert klachten.termijnen_bewaken(dag) == 0
    assert [m.to for m in mailoutbox] == [["wmo@nijmegen.example"]]
    assert "Brief onbeleefd" not in mailoutbox[0].body
    assert timezone.now() >= klacht.contactmoment.tijdstip


MARKER = "KLACHTINHOUD-0815"


@pytest.mark.parametrize(
    "wie", ["kcc", "balie", "wmo", "briks", "meldherstel", "teamleider", "beheer", "privacy",
            "management", "klachten"],
)  # fmt: skip
def test_de_inhoud_van_een_klacht_alleen_voor_wie_klachten_volledig_ziet(
    wereld, klachtbehandelaar, wie
):
    from leren import klachten

    persoon = PersoonFactory()
    klachten.klacht_registreren(
        door=wereld.users["kcc"], partij=persoon, wat=MARKER,
        over_afdeling=wereld.afdelingen["wmo"], ter_plekke_opgelost=False,
    )  # fmt: skip
    user = klachtbehandelaar if wie == "klachten" else wereld.users[wie]
    client = _client(user)
    paginas = [
        client.get(reverse("leren:klachten")),
        client.get(reverse("leren:klachtenregister")),
        client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])),
        client.get(reverse("cijfers:dashboard")),
    ]
    gezien = any(MARKER in p.content.decode() for p in paginas)
    assert gezien == (wie == "klachten"), (wie, [p.status_code for p in paginas])
