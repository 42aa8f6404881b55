"""The rules around a campaign, each as a user would notice it: what is refused and why, what
NotifyNL's answers and receipts may do to us, and who sees candidates and signals."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proactief import services
from proactief.models import Benadering, Campagne, Kandidaat
from sources import notifynl

from .conftest import APIKEY, CALLBACK_TOKEN, in_register

pytestmark = pytest.mark.django_db
GOED = "Beste ((naam)), bel ((telefoon)) of meld u af via ((afmeldlink))."
MARKER = "SIGNAAL-ACHTERSTAND-4711"


def _velden(team, **extra):
    return {
        "titel": "Meedoen", "regeling": "Minima", "grondslag": "Pw", "vorm": "informeren",
        "gegevenscategorieen": ["BSN"], "team": team, "ladder": ["telefoon", "brief"],
        "brieftekst": GOED, "bewaren_tot": timezone.localdate() + datetime.timedelta(days=30),
        **extra,
    }  # fmt: skip


@pytest.fixture
def actief(wereld, campagneteam):
    campagne = services.campagne_opslaan(
        door=wereld.users["teamleider"], velden=_velden(campagneteam)
    )
    services.campagne_goedkeuren(door=wereld.users["management"], campagne_id=campagne.pk)
    return services.campagne_activeren(door=wereld.users["teamleider"], campagne_id=campagne.pk)


# --- preparing and starting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("Beste ((naam)), uw achterstand is ((bedrag)). ((telefoon)) ((afmeldlink))", "((bedrag))"),
        ("Beste ((naam)), bel ((telefoon)).", "((afmeldlink))"),
        ("Meld u af: ((afmeldlink))", "((telefoon))"),
    ],
)
def test_een_brief_zonder_afmeldlink_telefoon_of_met_een_vreemd_invulveld_wordt_geweigerd(
    wereld, campagneteam, tekst, melding
):
    with pytest.raises(ValidationError) as e:
        services.campagne_opslaan(
            door=wereld.users["teamleider"], velden=_velden(campagneteam, brieftekst=tekst)
        )
    assert melding in " ".join(e.value.message_dict["brieftekst"])
    assert not Campagne.objects.exists()


def test_starten_zonder_tweede_persoon_gegevens_of_bewaardatum_zegt_waarom(wereld, campagneteam):
    eigenaar = wereld.users["teamleider"]
    campagne = services.campagne_opslaan(
        door=eigenaar, velden=_velden(campagneteam, gegevenscategorieen=[], bewaren_tot=None)
    )
    with pytest.raises(ValidationError) as e:
        services.campagne_goedkeuren(door=eigenaar, campagne_id=campagne.pk)
    assert "Iemand anders moet hem goedkeuren" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        services.campagne_activeren(door=eigenaar, campagne_id=campagne.pk)
    melding = e.value.messages[0]
    assert "noem de soorten persoonsgegevens" in melding
    assert "kies een bewaardatum" in melding
    assert "laat iemand anders de campagne goedkeuren" in melding
    campagne.refresh_from_db()
    assert campagne.status == "concept"


def test_een_lijst_met_een_kapotte_kop_verandert_niets(wereld, actief):
    with pytest.raises(ValidationError) as e:
        services.kandidaten_importeren(
            door=wereld.users["teamleider"],
            campagne_id=actief.pk,
            regels=services.csv_regels(io.BytesIO(b"nummer;reden\n999990019;x\n")),
        )
    assert "Dit ontbreekt: bsn, signaal, datum, bron" in e.value.messages[0]
    assert not Kandidaat.objects.exists()


def test_een_lijst_tweemaal_sturen_neemt_alleen_de_rest_op(wereld, actief):
    eerste = "bsn,signaal,waarde,datum,bron\n999990019,s,,2026-11-01,WI\n"
    tweede = eerste + "999990056,s,,01-11-2026,WI\n"
    for tekst in (eerste, tweede):
        verslag = services.kandidaten_importeren(
            door=wereld.users["teamleider"],
            campagne_id=actief.pk,
            regels=services.csv_regels(io.BytesIO(tekst.encode())),
        )
    assert (verslag.aantal_rijen, verslag.aantal_opgenomen) == (2, 1)
    assert verslag.geweigerd == [{"rij": 2, "reden": "dubbel: dit BSN staat al op de lijst"}]
    assert Kandidaat.objects.count() == 2


# --- NotifyNL: what its answers and receipts may do --------------------------------------


def test_het_bericht_gaat_met_een_token_van_onze_dienst_en_onze_referentie(notify):
    bericht_id = notifynl.versturen(
        "email",
        ontvanger={"email_address": "test@example.org"},
        onderwerp="Meedoen",
        inhoud="Tekst",
        referentie="kcc-benadering-1",
    )
    (verzoek,) = notify.verzoeken()
    assert verzoek["pad"] == "/v2/notifications/email"
    assert verzoek["headers"]["authorization"].startswith("Bearer ey")
    assert '"reference": "kcc-benadering-1"' in verzoek["body"]
    assert len(bericht_id) == 36


def test_een_verkeerde_sleutel_wordt_niet_eindeloos_opnieuw_geprobeerd(notify, settings):
    settings.KCC_NOTIFYNL_API_KEY = APIKEY[:-4] + "0000"
    with pytest.raises(notifynl.NotifyFout) as e:
        notifynl.versturen(
            "sms", ontvanger={"phone_number": "+31612345678"}, onderwerp="x", inhoud="y",
            referentie="kcc-benadering-2",
        )  # fmt: skip
    assert e.value.opnieuw is False
    assert "HTTP 403" in e.value.reden


def test_een_trage_of_kapotte_notifynl_blijft_gepland(notify, settings):
    settings.KCC_NOTIFYNL_TIMEOUT = 0.5
    for storing in ({"soort": "traag", "seconden": 2}, {"soort": "503"}):
        notify.storing(**storing)
        with pytest.raises(notifynl.NotifyFout) as e:
            notifynl.versturen(
                "email", ontvanger={"email_address": "a@example.org"}, onderwerp="x",
                inhoud="y", referentie="kcc-benadering-3",
            )  # fmt: skip
        assert e.value.opnieuw is True


def _ontvangstbewijs(**velden):
    return {
        "id": "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b", "reference": "kcc-benadering-1",
        "to": "x", "status": "delivered", "created_at": "2026-12-07T10:00:00Z",
        "completed_at": None, "sent_at": None, "notification_type": "letter", **velden,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("token", "body", "status"),
    [
        ("", _ontvangstbewijs(), 401),
        ("Bearer verkeerd", _ontvangstbewijs(), 401),
        (f"Bearer {CALLBACK_TOKEN}", _ontvangstbewijs(status="bezorgd-misschien"), 400),
        (f"Bearer {CALLBACK_TOKEN}", _ontvangstbewijs(id="../../etc"), 400),
        (f"Bearer {CALLBACK_TOKEN}", [1, 2], 400),
    ],
)
def test_een_ontvangstbewijs_zonder_ons_token_of_in_een_vreemde_vorm_wordt_geweigerd(
    notify, token, body, status
):
    antwoord = Client().post(
        reverse("proactief:notifynl-status"),
        body,
        content_type="application/json",
        headers={"authorization": token} if token else {},
    )
    assert antwoord.status_code == status


def test_een_ontvangstbewijs_met_een_andere_referentie_verandert_niets(wereld, actief, notify):
    partij = in_register("999990019")
    k = Kandidaat.objects.create(
        campagne=actief, bsn="999990019", signaal="s", datum=timezone.localdate(), bron="b",
        status="goedgekeurd", partij=partij, stap=2,
    )  # fmt: skip
    b = Benadering.objects.create(
        kandidaat=k, stap=2, soort="brief", uiterlijk=timezone.now(), status="verstuurd",
        notify_id="0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
    )  # fmt: skip
    antwoord = Client().post(
        reverse("proactief:notifynl-status"),
        _ontvangstbewijs(reference="kcc-benadering-999999"),
        content_type="application/json",
        headers={"authorization": f"Bearer {CALLBACK_TOKEN}"},
    )
    assert antwoord.json() == {"verwerkt": False}
    b.refresh_from_db()
    assert b.status == "verstuurd"
    assert b.contactmoment_id is None


# --- who sees what ------------------------------------------------------------------------


@pytest.fixture
def met_kandidaat(wereld, actief):
    services.kandidaten_importeren(
        door=wereld.users["teamleider"],
        campagne_id=actief.pk,
        regels=[{"bsn": "999990019", "signaal": MARKER, "datum": "2026-11-01", "bron": "Talis"}],
    )
    Kandidaat.objects.update(status="te_beoordelen")
    return actief


ZIET_KANDIDATEN = {"kcc", "teamleider"}  # the campaign's team (and the owner)


def _tekst(antwoord) -> str:
    """What a page, a CSV or an Excel download says (an .xlsx is zipped XML)."""
    import zipfile

    inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
    if inhoud[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(inhoud)) as xlsx:
            return "".join(xlsx.read(n).decode() for n in xlsx.namelist() if n.endswith(".xml"))
    return inhoud.decode()


@pytest.mark.parametrize(
    "wie", ["kcc", "balie", "wmo", "briks", "meldherstel", "teamleider", "beheer", "privacy",
            "management"],
)  # fmt: skip
def test_alleen_het_campagneteam_ziet_kandidaten_en_signalen(wereld, met_kandidaat, wie):
    client = Client()
    client.force_login(wereld.users[wie])
    pk = met_kandidaat.pk
    for naam in ("lijst", "campagne", "rapport", "rapport-xlsx", "terugkoppeling"):
        url = reverse(f"proactief:{naam}", **({} if naam == "lijst" else {"args": [pk]}))
        antwoord = client.get(url + ("?bron=Talis" if naam == "terugkoppeling" else ""))
        inhoud = _tekst(antwoord)
        zichtbaar = MARKER in inhoud or "999990019" in inhoud
        assert zichtbaar == (wie in ZIET_KANDIDATEN and naam in ("campagne", "terugkoppeling")), (
            wie,
            naam,
            antwoord.status_code,
        )


# --- the register in and out ----------------------------------------------------------------


def test_het_register_gaat_als_csv_uit_en_weer_in(wereld, met_kandidaat, tmp_path):
    from django.core.management import call_command

    from proactief.models import Afmelding

    bestand = tmp_path / "register.csv"
    bestand.write_text("bsn,regeling,kanaal\n999990019,,landelijk register\n123456789,,x\n")
    call_command(
        "afmeldingen", "importeren", str(bestand), stdout=io.StringIO(), stderr=io.StringIO()
    )
    # the candidate on the list is excluded at once, as with an opt-out recorded here
    assert Kandidaat.objects.get(bsn="999990019").status == "uitgesloten"
    uit = tmp_path / "uit.csv"
    call_command("afmeldingen", "exporteren", str(uit))
    regels = uit.read_text().splitlines()
    assert regels[0] == "bsn,reikwijdte,regeling,datum,kanaal,bron"
    assert regels[1].startswith("999990019,alles,,")
    assert regels[1].endswith(",landelijk register,import")
    assert Afmelding.objects.count() == 1


# --- an inbound call that was the campaign's contact ---------------------------------------


def test_een_inkomend_gesprek_kan_het_contact_van_de_campagne_zijn(wereld, actief):
    from callbacks.services import belopdracht_aanmaken
    from contacts.models import Contactmoment

    partij = in_register("999990019")
    k = Kandidaat.objects.create(
        campagne=actief, bsn="999990019", signaal=MARKER, datum=timezone.localdate(), bron="b",
        status="goedgekeurd", partij=partij, stap=1,
    )  # fmt: skip
    tbv = belopdracht_aanmaken(
        partij=partij, onderwerp=actief.onderwerp, vraag="Campagne: Meedoen",
        telefoonnummer="0612345678", afdeling=actief.team.afdeling, team=actief.team,
        deadline=timezone.now() + datetime.timedelta(days=2),
    )  # fmt: skip
    Benadering.objects.create(
        kandidaat=k, stap=1, soort="telefoon", uiterlijk=timezone.now(), status="klaar",
        terugbelverzoek=tbv,
    )  # fmt: skip
    agent = Client()
    agent.force_login(wereld.users["kcc"])
    klantbeeld = agent.get(reverse("klantbeeld:klantbeeld", args=[partij.id])).content.decode()
    assert "Besproken? Leg de uitkomst vast" in klantbeeld
    assert MARKER not in klantbeeld
    antwoord = agent.post(
        reverse("proactief:besproken", args=[partij.id]),
        {"campagne": actief.pk, "uitkomst": "hulp_geaccepteerd", "verslag": "Belde zelf."},
        follow=True,
    )
    assert "Vastgelegd als het contact van de campagne" in antwoord.content.decode()
    k.refresh_from_db()
    assert (k.status, k.uitkomst) == ("afgerond", "hulp_geaccepteerd")
    tbv.refresh_from_db()
    assert (tbv.status, tbv.uitkomst) == ("afgehandeld", "ingetrokken")
    (cm,) = Contactmoment.objects.filter(partij=partij)
    assert (cm.richting, cm.onderwerp_id, cm.antwoord) == ("in", actief.onderwerp_id, "Belde zelf.")
    # the desk sees no campaign line, and cannot record it either
    balie = Client()
    balie.force_login(wereld.users["balie"])
    assert (
        "Besproken?"
        not in balie.get(reverse("klantbeeld:klantbeeld", args=[partij.id])).content.decode()
    )


@pytest.mark.parametrize(
    "wie", ["kcc", "balie", "wmo", "briks", "meldherstel", "teamleider", "beheer", "privacy",
            "management"],
)  # fmt: skip
def test_de_belpagina_met_het_signaal_is_alleen_voor_het_campagneteam(wereld, met_kandidaat, wie):
    from callbacks.services import belopdracht_aanmaken

    k = Kandidaat.objects.get()
    partij = in_register(k.bsn)
    tbv = belopdracht_aanmaken(
        partij=partij, onderwerp=met_kandidaat.onderwerp, vraag="Campagne: Meedoen",
        telefoonnummer="0612345678", afdeling=met_kandidaat.team.afdeling,
        team=met_kandidaat.team, deadline=timezone.now() + datetime.timedelta(days=2),
    )  # fmt: skip
    Benadering.objects.create(
        kandidaat=k, stap=1, soort="telefoon", uiterlijk=timezone.now(), status="klaar",
        terugbelverzoek=tbv,
    )  # fmt: skip
    client = Client()
    client.force_login(wereld.users[wie])
    antwoord = client.get(reverse("proactief:bellen", args=[tbv.pk]))
    in_team = wie in ZIET_KANDIDATEN
    assert antwoord.status_code == (200 if in_team else 404)
    assert (MARKER in antwoord.content.decode()) == in_team
    # the callback queue's own detail page never shows the signal, whoever opens it
    assert MARKER not in client.get(reverse("callbacks:detail", args=[tbv.pk])).content.decode()


# --- the list from the regeling's own system --------------------------------------------------


def test_het_systeem_van_de_regeling_stuurt_de_lijst_met_de_sleutel_van_de_eigenaar(wereld, actief):
    eigenaar = Client()
    eigenaar.force_login(wereld.users["teamleider"])
    pagina = eigenaar.post(reverse("proactief:api-sleutel", args=[actief.pk]), follow=True)
    sleutel = pagina.content.decode().split("niet meer): ")[1].split("<")[0].strip()
    url = reverse("proactief:api-kandidaten", args=[actief.pk])
    lijst = {
        "kandidaten": [
            {"bsn": "999990019", "signaal": "s", "datum": "2026-11-01", "bron": "Talis"},
            {"bsn": "123456789", "signaal": "s", "datum": "2026-11-01", "bron": "Talis"},
        ]
    }
    systeem = Client()
    assert systeem.post(url, lijst, content_type="application/json").status_code == 401
    verkeerd = {"authorization": "Token verkeerd"}
    assert (
        systeem.post(url, lijst, content_type="application/json", headers=verkeerd).status_code
        == 401
    )
    goed = {"authorization": f"Token {sleutel}"}
    antwoord = systeem.post(url, lijst, content_type="application/json", headers=goed)
    assert antwoord.status_code == 201
    assert antwoord.json()["opgenomen"] == 1
    assert antwoord.json()["geweigerd"] == [{"rij": 3, "reden": "BSN klopt niet met de elfproef"}]
    # the same list again: nothing twice
    antwoord = systeem.post(url, lijst, content_type="application/json", headers=goed)
    assert antwoord.json()["opgenomen"] == 0
    assert Kandidaat.objects.count() == 1
    # a key made by someone else than the owner: refused, the old key keeps working
    anders = Client()
    anders.force_login(wereld.users["management"])
    anders.post(reverse("proactief:api-sleutel", args=[actief.pk]))
    assert (
        systeem.post(url, lijst, content_type="application/json", headers=goed).status_code == 201
    )


def test_de_cijfers_als_excel(wereld, met_kandidaat):
    eigenaar = Client()
    eigenaar.force_login(wereld.users["teamleider"])
    antwoord = eigenaar.get(reverse("proactief:rapport-xlsx", args=[met_kandidaat.pk]))
    assert antwoord.status_code == 200
    import zipfile

    with zipfile.ZipFile(io.BytesIO(antwoord.content)) as xlsx:
        tekst = "".join(xlsx.read(n).decode() for n in xlsx.namelist() if n.endswith(".xml"))
    assert "rijen in de lijsten" in tekst
    assert "week van" in tekst
    assert MARKER not in tekst
    assert "999990019" not in tekst


# --- the retention date -------------------------------------------------------------------


def test_op_de_bewaardatum_gaan_kandidaten_en_signalen_weg_en_blijven_de_aantallen(
    wereld, met_kandidaat
):
    from permissions.models import Toegangslog

    Campagne.objects.filter(pk=met_kandidaat.pk).update(
        bewaren_tot=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.opschonen() == 1
    campagne = Campagne.objects.get(pk=met_kandidaat.pk)
    assert campagne.status == "opgeschoond"
    assert not Kandidaat.objects.filter(campagne=campagne).exists()
    assert campagne.tellingen["opgenomen"] == 1
    assert services.opschonen() == 0
    log = Toegangslog.objects.filter(handeling="bewaartermijn", object_type="kandidaat").get()
    assert log.object_id == 1
    # the figures still show what there was
    eigenaar = Client()
    eigenaar.force_login(wereld.users["teamleider"])
    pagina = eigenaar.get(reverse("proactief:campagne", args=[campagne.pk])).content.decode()
    assert "Opgeschoond" in pagina or "opgeschoond" in pagina
    assert MARKER not in pagina
