"""The request sequences of KISS and ITA (../shared/reference/kiss-ita-calls.md, copied here as
the calls they make), replayed against our API: what those applications need from each
answer. Every answer is also checked against the served OpenAPI document (conftest)."""

import datetime
import importlib
import time

import pytest
from django.apps import apps
from django.utils import timezone

from callbacks.models import Routeringsregel, Terugbelverzoek
from callbacks.services import terugbelverzoeken_routeren
from contacts.models import (
    Contactmoment,
    KanaalVertaling,
    KlantreisWijziging,
    OnderwerpVertaling,
    Partij,
)
from klantinteracties import ids
from permissions import policy
from permissions.models import Niveau, Toegangslog
from tests.factories import ContactmomentFactory, PersoonFactory, ZaakFactory

pytestmark = pytest.mark.django_db


def _kiss_registreert(api, wereld, *, bsn, onderwerp, zaak=None, telefoon="06 12345678"):
    """KISS saves a contact: find or create the klant, register the contact with its
    betrokkene, agent and zaak, then the contactverzoek (internetaak)."""
    kiss = api("kcc", naam="KISS")
    gevonden = kiss.get(
        "partijen",
        expand="digitaleAdressen",
        soortPartij="persoon",
        partijIdentificator__codeSoortObjectId="bsn",
        partijIdentificator__objectId=bsn,
    )
    if gevonden["count"] == 0:
        partij = kiss.post(
            "partijen",
            {
                "digitaleAdressen": [],
                "betrokkenen": [],
                "indicatieGeheimhouding": False,
                "indicatieActief": True,
                "partijIdentificatie": {"contactnaam": None},
                "soortPartij": "persoon",
            },
        )
        kiss.post(
            "partij-identificatoren",
            {
                "identificeerdePartij": {"uuid": partij["uuid"]},
                "partijIdentificator": {
                    "codeObjecttype": "natuurlijk_persoon",
                    "codeSoortObjectId": "bsn",
                    "objectId": bsn,
                    "codeRegister": "brp",
                },
            },
        )
    else:
        assert gevonden["count"] == 1  # KISS expects exactly one or none
        partij = gevonden["results"][0]
    contact = kiss.post(
        "klantcontacten",
        {
            "kanaal": "Telefoon",
            "onderwerp": onderwerp,
            "inhoud": "Vraagt naar de stand van zijn aanvraag.",
            "indicatieContactGelukt": True,
            "taal": "nld",
            "vertrouwelijk": False,
            "plaatsgevondenOp": timezone.now().isoformat(),
            "kissExtraVeld": "wordt genegeerd",
        },
    )
    assert contact["nummer"].isdigit()
    assert len(contact["nummer"]) <= 10
    agent = wereld.users["kcc"]
    actoren = kiss.get("actoren", actoridentificatorObjectId=agent.email)
    assert actoren["count"] == 1
    actor = actoren["results"][0]
    assert actor["actoridentificator"]["codeRegister"] == "msei"
    kiss.post(
        "actorklantcontacten",
        {"actor": {"uuid": actor["uuid"]}, "klantcontact": {"uuid": contact["uuid"]}},
    )
    betrokkene = kiss.post(
        "betrokkenen",
        {
            "wasPartij": {"uuid": partij["uuid"]},
            "hadKlantcontact": {"uuid": contact["uuid"]},
            "rol": "klant",
            "initiator": True,
            "organisatienaam": "",
            "contactnaam": {"voorletters": "", "voornaam": "", "achternaam": ""},
        },
    )
    kiss.post(
        "digitaleadressen",
        {
            "verstrektDoorBetrokkene": {"uuid": betrokkene["uuid"]},
            "verstrektDoorPartij": None,
            "adres": telefoon,
            "soortDigitaalAdres": "telefoonnummer",
            "omschrijving": "onbekend",
        },
    )
    if zaak is not None:
        kiss.post(
            "onderwerpobjecten",
            {
                "klantcontact": {"uuid": contact["uuid"]},
                "onderwerpobjectidentificator": {
                    "objectId": zaak,
                    "codeObjecttype": "zgw-Zaak",
                    "codeRegister": "openzaak",
                    "codeSoortObjectId": "uuid",
                },
            },
        )
    return kiss, partij, contact, betrokkene


def test_kiss_saves_a_contact_with_klant_agent_zaak_and_callback(api, wereld, client):
    persoon = PersoonFactory()
    zaak = ZaakFactory(
        partij=persoon,
        zaaktype=wereld.zaaktypen["publiekszaken"],
        afdeling=wereld.afdelingen["publiekszaken"],
        bron_url="https://openzaak.example/zaken/api/v1/zaken/0b7d7c8e-2f3a-4c53-9a43-2a0e5c1d2b11",
    )
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["publiekszaken"], afdeling=wereld.afdelingen["publiekszaken"]
    )
    kiss, partij, contact, _betrokkene = _kiss_registreert(
        api,
        wereld,
        bsn=persoon.bsn,
        onderwerp="Onderwerp publiekszaken",
        zaak="0b7d7c8e-2f3a-4c53-9a43-2a0e5c1d2b11",
    )
    assert partij["uuid"] == ids.maak("partij", persoon.id)
    afdeling = kiss.get(
        "actoren", actoridentificatorObjectId="publiekszaken", soortActor="organisatorische_eenheid"
    )["results"][0]
    taak = kiss.post(
        "internetaken",
        {
            "nummer": "",
            "gevraagdeHandeling": "Contact opnemen met betrokkene",
            "aanleidinggevendKlantcontact": {"uuid": contact["uuid"]},
            "toegewezenAanActoren": [{"uuid": afdeling["uuid"]}],
            "toelichting": "Wil weten wanneer het paspoort klaar is.",
            "status": "te_verwerken",
        },
    )
    assert taak["status"] == "te_verwerken"
    assert taak["terugbellenVoor"]

    terug = kiss.get(
        f"klantcontacten/{contact['uuid']}",
        expand="leiddeTotInterneTaken,gingOverOnderwerpobjecten,hadBetrokkenen,"
        "hadBetrokkenen.digitaleAdressen",
    )
    assert terug["onderwerp"] == "Onderwerp publiekszaken"
    assert terug["inhoud"] == "Vraagt naar de stand van zijn aanvraag."
    assert [t["uuid"] for t in terug["_expand"]["leiddeTotInterneTaken"]] == [taak["uuid"]]
    [ow] = terug["_expand"]["gingOverOnderwerpobjecten"]
    assert ow["onderwerpobjectidentificator"]["objectId"] == "0b7d7c8e-2f3a-4c53-9a43-2a0e5c1d2b11"
    [b] = terug["_expand"]["hadBetrokkenen"]
    assert b["wasPartij"]["uuid"] == partij["uuid"]
    # the address given during the contact comes back as KISS wrote it, stays with the
    # contact, and is not copied into the resident's own details
    assert b["_expand"]["digitaleAdressen"][0]["adres"] == "06 12345678"
    assert not persoon.telefoonnummers.exists()
    assert [a["naam"] for a in terug["hadBetrokkenActoren"]] == [
        wereld.users["kcc"].get_full_name()
    ]

    # one source of truth: the same contact in the klantbeeld, with the agent of KISS
    cm = Contactmoment.objects.get(pk=ids.pk(contact["uuid"], "klantcontact"))
    assert cm.partij == persoon
    assert cm.medewerker == wereld.users["kcc"].medewerker
    assert zaak.contactmomenten.filter(pk=cm.pk).exists()
    client.force_login(wereld.users["kcc"])
    pagina = client.get(f"/nijmegenaren/{persoon.id}/").content.decode()
    assert "Vraagt naar de stand van zijn aanvraag." in pagina
    # the callback request like one from our own form: deadline now, routed by the task
    tbv = Terugbelverzoek.objects.get(contactmoment=cm)
    assert tbv.telefoonnummer == "+31612345678"
    assert tbv.deadline > timezone.now()
    terugbelverzoeken_routeren(tbv.id)
    tbv.refresh_from_db()
    assert tbv.status == "nieuw"
    assert tbv.afdeling == wereld.afdelingen["publiekszaken"]
    # ITA's PATCH moves the link to another zaak of hers: the old link goes
    andere = ZaakFactory(
        partij=persoon,
        zaaktype=wereld.zaaktypen["publiekszaken"],
        afdeling=wereld.afdelingen["publiekszaken"],
        bron_url="https://openzaak.example/zaken/api/v1/zaken/5d1e8a40-93b1-4a47-8f0e-6f9d1e0c7a22",
    )
    verplaatst = kiss.patch(
        ow["url"],
        {
            "onderwerpobjectidentificator": {
                "objectId": "5d1e8a40-93b1-4a47-8f0e-6f9d1e0c7a22",
                "codeObjecttype": "zgw-Zaak",
                "codeRegister": "openzaak",
                "codeSoortObjectId": "uuid",
            }
        },
    )
    assert verplaatst["onderwerpobjectidentificator"]["objectId"].startswith("5d1e8a40")
    assert not zaak.contactmomenten.filter(pk=cm.pk).exists()
    assert andere.contactmomenten.filter(pk=cm.pk).exists()
    # the access log names the client
    regels = Toegangslog.objects.filter(partij_id=persoon.id, medewerker_naam__startswith="KISS")
    assert regels.filter(handeling=Toegangslog.Handeling.API_GERAADPLEEGD).exists()
    assert regels.filter(handeling=Toegangslog.Handeling.GEKOPPELD).exists()


def test_kiss_creates_the_klant_when_none_is_found_and_reads_the_klantbeeld_list(api, wereld):
    kiss, partij, contact, _ = _kiss_registreert(
        api, wereld, bsn="999990019", onderwerp="Onderwerp publiekszaken"
    )
    assert partij["partijIdentificatoren"] == []  # the POST answer, before the BSN
    gevonden = kiss.get(
        "partijen",
        partijIdentificator__codeSoortObjectId="bsn",
        partijIdentificator__objectId="999990019",
    )
    assert gevonden["count"] == 1
    assert gevonden["results"][0]["uuid"] == partij["uuid"]
    # the klantbeeld's contact list: betrokkenen of the partij, then each klantcontact
    lijst = kiss.get("betrokkenen", wasPartij__url=partij["url"], pageSize=100)
    assert lijst["count"] == 1
    for b in lijst["results"]:
        kc = kiss.get(b["hadKlantcontact"]["url"])
        assert kc["uuid"] == contact["uuid"]


def test_kiss_on_a_wmo_contact_finishes_it_but_reads_it_back_without_content(api, wereld):
    """A KCC role sees WMO contacts at EXISTENCE: KISS may finish the contact it is
    registering, and then reads it like the agent would on our pages: without content."""
    persoon = PersoonFactory()
    kiss, _partij, contact, _ = _kiss_registreert(
        api, wereld, bsn=persoon.bsn, onderwerp="Onderwerp wmo"
    )
    terug = kiss.get(f"klantcontacten/{contact['uuid']}")
    assert terug["onderwerp"] == terug["inhoud"] == ""
    assert terug["kanaal"]
    # and a WMO colleague's client sees it in full
    wmo = api("wmo", naam="ITA WMO")
    assert wmo.get(f"klantcontacten/{contact['uuid']}")["inhoud"].startswith("Vraagt")


def test_unknown_and_bad_input_gets_a_plain_dutch_400_and_changes_nothing(api, wereld, settings):
    kiss = api("kcc")
    voor = Contactmoment.objects.count()
    # an unknown channel is "Overig" (with its text kept); where no such channel is kept, it
    # is refused with our channels named
    settings.KCC_API_STANDAARD_KANAAL = ""
    fout = kiss.post("klantcontacten", {"kanaal": "Duif", "onderwerp": "x"}, verwacht=400)
    assert fout["invalidParams"][0]["name"] == "kanaal"
    assert "kanaal" in fout["detail"].lower() or "Telefoon" in fout["detail"]
    # a NUL character (found by schemathesis) is refused, not a server error
    fout = kiss.post("klantcontacten", {"kanaal": "Tele\x00foon", "onderwerp": "x"}, verwacht=400)
    assert fout["invalidParams"][0]["name"] == "kanaal"
    kiss.get("klantcontacten", verwacht=400, nummer="1\x00")
    fout = kiss.post("klantcontacten", {"kanaal": "Telefoon"}, verwacht=400)
    assert fout["invalidParams"][0]["name"] == "onderwerp"
    assert Contactmoment.objects.count() == voor
    # a filter of the specification we do not serve is refused, never ignored
    fout = kiss.get("klantcontacten", verwacht=400, plaatsgevondenOp="2026-01-01T00:00:00Z")
    assert fout["invalidParams"][0]["name"] == "plaatsgevondenOp"
    kiss.get("bijlagen", verwacht=501)
    kiss.get(f"klantcontacten/{ids.maak('klantcontact', 999999)}", verwacht=404)


def _ita_taak(wereld, persoon, *, dagen_geleden=0):
    cm = ContactmomentFactory(
        partij=persoon,
        onderwerp=wereld.onderwerpen["wmo"],
        kanaal=wereld.kanalen["telefoon"],
        vraag="Vraag over de traplift",
        tijdstip=timezone.now() - datetime.timedelta(days=dagen_geleden),
    )
    tbv = Terugbelverzoek.objects.create(
        partij=persoon,
        contactmoment=cm,
        onderwerp=cm.onderwerp,
        vraag="Bel terug over de traplift",
        telefoonnummer="+31612345678",
        deadline=timezone.now() + datetime.timedelta(days=2),
        aangemaakt=timezone.now() - datetime.timedelta(days=dagen_geleden),
        status="nieuw",
        afdeling=wereld.afdelingen["wmo"],
    )
    return cm, tbv


def test_ita_department_queue_claim_complete_and_follow_up(api, wereld, client):
    persoon = PersoonFactory()
    _, ouder = _ita_taak(wereld, persoon, dagen_geleden=2)
    cm, tbv = _ita_taak(wereld, persoon)
    ita = api("wmo", naam="ITA")
    # the department queue, newest first, paged through next
    queue = ita.get("internetaken", actoren__naam="Wmo", status="te_verwerken", pageSize=1)
    assert queue["count"] == 2
    assert queue["next"]
    assert queue["results"][0]["uuid"] == ids.maak("internetaak", tbv.id)
    tweede = ita.get(queue["next"])
    assert tweede["results"][0]["uuid"] == ids.maak("internetaak", ouder.id)
    # claim: the colleague among the actors; "mijn werkvoorraad" matches any assigned actor
    collega = wereld.users["wmo"].medewerker
    mij = ids.maak("actor-medewerker", collega.id)
    afdeling = ids.maak("actor-afdeling", wereld.afdelingen["wmo"].id)
    taak = ita.patch(
        f"internetaken/{ids.maak('internetaak', tbv.id)}",
        {"toegewezenAanActoren": [{"uuid": afdeling}, {"uuid": mij}]},
    )
    assert {a["uuid"] for a in taak["toegewezenAanActoren"]} == {afdeling, mij}
    assert taak["toegewezenAanActor"]["uuid"] == afdeling  # the first, as Open Klant
    assert ita.get("internetaken", toegewezenAanActor__uuid=mij)["count"] == 1
    assert ita.get("internetaken", toegewezenAanActor__uuid=afdeling)["count"] == 2
    # the klantcontact behind it, with everything ITA expands
    kc = ita.get(
        taak["aanleidinggevendKlantcontact"]["url"],
        expand="leiddeTotInterneTaken,gingOverOnderwerpobjecten,hadBetrokkenen,"
        "hadBetrokkenen.digitaleAdressen,hadBetrokkenen.wasPartij",
    )
    assert kc["inhoud"] == "Vraag over de traplift"
    assert kc["_expand"]["hadBetrokkenen"][0]["_expand"]["wasPartij"]["uuid"] == ids.maak(
        "partij", persoon.id
    )
    # a follow-up contact, linked to the original: one klantreis
    vervolg = ita.post(
        "klantcontacten",
        {"kanaal": "Telefoon", "onderwerp": "Onderwerp wmo", "inhoud": "Teruggebeld."},
    )
    ita.post(
        "betrokkenen",
        {
            "wasPartij": {"uuid": ids.maak("partij", persoon.id)},
            "hadKlantcontact": vervolg,
            "rol": "klant",
            "initiator": False,
        },
    )
    ow = ita.post(
        "onderwerpobjecten",
        {
            "klantcontact": {"uuid": vervolg["uuid"]},
            "wasKlantcontact": {"uuid": kc["uuid"]},
            "onderwerpobjectidentificator": {
                "objectId": kc["uuid"],
                "codeObjecttype": "klantcontact",
                "codeRegister": "openklant",
                "codeSoortObjectId": "uuid",
            },
        },
    )
    assert ita.get(ow["url"])["wasKlantcontact"]["uuid"] == kc["uuid"]
    vervolg_cm = Contactmoment.objects.get(pk=ids.pk(vervolg["uuid"], "klantcontact"))
    assert vervolg_cm.klantreis == cm.klantreis
    # the move is kept and logged as when an agent makes it on the klantbeeld
    wijziging = KlantreisWijziging.objects.get(contactmoment=vervolg_cm)
    assert (wijziging.van, wijziging.naar) != (cm.klantreis, cm.klantreis)
    assert wijziging.naar == cm.klantreis
    assert Toegangslog.objects.filter(
        handeling=Toegangslog.Handeling.KLANTREIS,
        object_type="contactmoment",
        object_id=vervolg_cm.id,
        betrokkene_id=persoon.bsn,
    ).exists()
    # linking it again changes nothing and keeps no second change
    ita.post(
        "onderwerpobjecten",
        {"klantcontact": {"uuid": vervolg["uuid"]}, "wasKlantcontact": {"uuid": kc["uuid"]}},
    )
    assert KlantreisWijziging.objects.filter(contactmoment=vervolg_cm).count() == 1
    # complete
    klaar = ita.patch(f"internetaken/{ids.maak('internetaak', tbv.id)}", {"status": "verwerkt"})
    assert klaar["status"] == "verwerkt"
    assert klaar["afgehandeldOp"]
    tbv.refresh_from_db()
    assert tbv.status == "afgehandeld"
    assert tbv.afgehandeld_door == collega
    # never deleted: a promise to the resident is closed, not removed
    ita.delete(f"internetaken/{ids.maak('internetaak', ouder.id)}", verwacht=409)
    assert Terugbelverzoek.objects.filter(pk=ouder.pk).exists()


def test_a_contact_from_the_klantbeeld_is_returned_by_the_api_with_its_number(api, wereld, client):
    persoon = PersoonFactory()
    client.force_login(wereld.users["kcc"])
    from contacts.services import contactmoment_registreren

    cm = contactmoment_registreren(
        partij=persoon,
        kanaal=wereld.kanalen["balie-stadswinkel"],
        onderwerp=wereld.onderwerpen["publiekszaken"],
        vraag="Paspoort ophalen",
        antwoord="Opgehaald",
        resultaat="beantwoord",
        door=wereld.users["balie"],
    )
    kiss = api("kcc")
    lijst = kiss.get(
        "klantcontacten", hadBetrokkene__wasPartij__uuid=ids.maak("partij", persoon.id)
    )
    assert [k["inhoud"] for k in lijst["results"]] == ["Paspoort ophalen"]
    assert lijst["results"][0]["nummer"] == str(cm.id)
    assert kiss.get("klantcontacten", nummer=str(cm.id))["count"] == 1


def test_tokens_and_zgw_jwts(api, wereld, document):
    import time

    from django.test import Client
    from joserfc import jwt
    from joserfc.jwk import OctKey

    kiss = api("kcc")
    http = Client()
    assert http.get("/klantinteracties/api/v1/actoren").status_code == 401
    assert (
        http.get("/klantinteracties/api/v1/actoren", HTTP_AUTHORIZATION="Token fout").status_code
        == 401
    )
    assert (
        http.get(
            "/klantinteracties/api/v1/actoren", HTTP_AUTHORIZATION=f"Token {kiss.token}"
        ).status_code
        == 200
    )
    kiss.client.jwt_client_id, kiss.client.jwt_secret = "kiss", "geheim-" * 6
    kiss.client.save()
    nu = int(time.time())
    token = jwt.encode(
        {"alg": "HS256"},
        {"client_id": "kiss", "iat": nu, "user_id": "agent", "user_representation": "Agent"},
        OctKey.import_key("geheim-" * 6),
    )
    assert (
        http.get(
            "/klantinteracties/api/v1/actoren", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code
        == 200
    )
    vals = jwt.encode(
        {"alg": "HS256"}, {"client_id": "kiss", "iat": nu}, OctKey.import_key("x" * 42)
    )
    assert (
        http.get(
            "/klantinteracties/api/v1/actoren", HTTP_AUTHORIZATION=f"Bearer {vals}"
        ).status_code
        == 401
    )
    oud = jwt.encode(
        {"alg": "HS256"},
        {"client_id": "kiss", "iat": nu - 7200, "exp": nu - 3600},
        OctKey.import_key("geheim-" * 6),
    )
    assert (
        http.get("/klantinteracties/api/v1/actoren", HTTP_AUTHORIZATION=f"Bearer {oud}").status_code
        == 401
    )
    # not yet valid (nbf), valid forever (no exp, no iat), or minted long ago without exp
    geheim = OctKey.import_key("geheim-" * 6)
    for claims in (
        {"client_id": "kiss", "iat": nu, "nbf": nu + 3600, "exp": nu + 7200},
        {"client_id": "kiss"},
        {"client_id": "kiss", "iat": nu - 365 * 24 * 3600},
    ):
        fout = jwt.encode({"alg": "HS256"}, claims, geheim)
        antwoord = http.get("/klantinteracties/api/v1/actoren", HTTP_AUTHORIZATION=f"Bearer {fout}")
        assert antwoord.status_code == 401, claims
    # the token is stored as a hash only
    kiss.client.refresh_from_db()
    assert kiss.token not in kiss.client.token_hash
    assert len(kiss.client.token_hash) == 64


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_an_internetaak_from_the_api_reaches_the_department_queue_through_celery(
    celery_worker_process, api, wereld, client
):
    """The round trip with real processes: KISS posts the contact and the internetaak; the
    Celery worker routes it; the WMO colleague finds it in her queue on our pages."""
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    persoon = PersoonFactory()
    kiss, _, contact, _ = _kiss_registreert(api, wereld, bsn=persoon.bsn, onderwerp="Onderwerp wmo")
    taak = kiss.post(
        "internetaken",
        {
            "nummer": "",
            "gevraagdeHandeling": "Contact opnemen met betrokkene",
            "aanleidinggevendKlantcontact": {"uuid": contact["uuid"]},
            "toegewezenAanActoren": [],
            "toelichting": "Graag terugbellen over de traplift.",
            "status": "te_verwerken",
        },
    )
    tbv = Terugbelverzoek.objects.get(pk=ids.pk(taak["uuid"], "internetaak"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        tbv.refresh_from_db()
        if tbv.status == "nieuw":
            break
        time.sleep(0.3)
    assert tbv.status == "nieuw", "the worker did not route the request within 30 s"
    assert tbv.afdeling == wereld.afdelingen["wmo"]
    client.force_login(wereld.users["wmo"])
    wachtrij = client.get("/terugbelverzoeken/").content.decode()
    assert "Graag terugbellen over de traplift." in wachtrij or tbv.referentie in wachtrij
    # and the department's own client sees it in its queue, routed
    ita = api("wmo", naam="ITA")
    assert ita.get("internetaken", actoren__naam="Wmo")["results"][0]["uuid"] == taak["uuid"]


def test_the_functioneel_beheerder_makes_a_client_and_sees_its_token_once(wereld, client):
    import hashlib
    import re

    from django.contrib.auth.models import Group

    from klantinteracties.models import ApiClient
    from permissions import roles

    roles.ensure_groups()  # the role's permissions, as catalogus_laden gives them
    beheerder = wereld.users["beheer"]
    beheerder.is_staff = True
    beheerder.save()
    client.force_login(beheerder)
    assert client.get("/beheer/klantinteracties/apiclient/add/").status_code == 200
    response = client.post(
        "/beheer/klantinteracties/apiclient/add/",
        {
            "naam": "ITA Vergunningen",
            "soort": "systeem",
            "rol": Group.objects.get(name="Backoffice-medewerker").id,
            "afdeling": wereld.afdelingen["vergunningen"].id,
            "actief": "on",
        },
        follow=True,
    )
    pagina = response.content.decode()
    token = re.search(r"is ([A-Za-z0-9_-]{40,}) — ", pagina).group(1)
    nieuw = ApiClient.objects.get(naam="ITA Vergunningen")
    assert nieuw.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (
        token
        not in client.get(f"/beheer/klantinteracties/apiclient/{nieuw.id}/change/").content.decode()
    )
    # the client acts as a colleague of Vergunningen, and cannot log in
    assert nieuw.gebruiker.medewerker.afdeling == wereld.afdelingen["vergunningen"]
    assert not nieuw.gebruiker.is_active
    assert not nieuw.gebruiker.has_usable_password()
    # and is no colleague among the actors
    assert nieuw.gebruiker.medewerker.id not in [
        ids.pk(a["uuid"], "actor-medewerker")
        for a in api_get(token, "actoren", soortActor="medewerker")["results"]
    ]


def api_get(token, pad, **params):
    from django.test import Client

    return (
        Client()
        .get(f"/klantinteracties/api/v1/{pad}", params, HTTP_AUTHORIZATION=f"Token {token}")
        .json()
    )


def test_every_internetaak_has_the_klantcontact_it_came_from(api, wereld):
    """ITA dereferences aanleidinggevendKlantcontact for every task on its overview (the
    standard requires it). A request loaded before the product recorded its contact (and the
    demo's) gets the incoming call from the data migration: readable, in the same person's
    timeline, with the request's subject, question and time."""
    aanvullen = importlib.import_module("callbacks.migrations.0005_aanleidend_contact").aanvullen
    persoon = PersoonFactory()
    oud = Terugbelverzoek.objects.create(
        partij=persoon,
        onderwerp=wereld.onderwerpen["wmo"],
        vraag="Bel terug over de traplift",
        telefoonnummer="+31612345678",
        deadline=timezone.now() + datetime.timedelta(days=2),
        aangemaakt=timezone.now() - datetime.timedelta(days=1),
        status="nieuw",
        afdeling=wereld.afdelingen["wmo"],
        aangemaakt_door=wereld.users["kcc"].medewerker,
    )
    assert aanvullen(apps) == 1
    assert aanvullen(apps) == 0  # once
    oud.refresh_from_db()
    cm = oud.contactmoment
    assert (cm.partij, cm.onderwerp, cm.vraag) == (persoon, oud.onderwerp, oud.vraag)
    assert (cm.resultaat, cm.richting, cm.tijdstip) == ("terugbelverzoek", "in", oud.aangemaakt)
    assert cm.afdeling == wereld.users["kcc"].medewerker.afdeling
    ita = api("wmo")
    taken = ita.get("internetaken", pageSize=100)["results"]
    assert taken
    assert all(t["aanleidinggevendKlantcontact"]["uuid"] for t in taken)
    kc = ita.get(f"klantcontacten/{ids.maak('klantcontact', cm.id)}")
    assert kc["inhoud"] == "Bel terug over de traplift"


WMO_TEKST = "WMO – hulp bij het huishouden (traplift voor de trap naar boven)"


def _contactverzoek(kiss, wereld, contact):
    """KISS's contactverzoek: an internetaak for the WMO department."""
    return kiss.post(
        "internetaken",
        {
            "aanleidinggevendKlantcontact": {"uuid": contact["uuid"]},
            "toegewezenAanActoren": [
                {"uuid": ids.maak("actor-afdeling", wereld.afdelingen["wmo"].id)}
            ],
            "gevraagdeHandeling": "Terugbellen",
            "toelichting": "Graag terugbellen over de traplift.",
            "status": "te_verwerken",
        },
    )


def test_a_free_text_subject_nothing_places_is_never_shown_to_the_whole_front_office(api, wereld):
    """KISS sends its own subject text. Placed nowhere, it used to become 'Algemene vraag':
    a WMO question in full for KCC, desk and team lead, while the WMO back office saw its own
    task's contact empty and could not correct it. Now: 'niet ingedeeld' (front office: that
    it exists), the WMO department that must call back sees it in full and corrects it, and
    the text sent comes back as sent."""
    persoon = PersoonFactory()
    kiss, _partij, contact, _ = _kiss_registreert(api, wereld, bsn=persoon.bsn, onderwerp=WMO_TEKST)
    _contactverzoek(kiss, wereld, contact)
    cm = Contactmoment.objects.get(pk=ids.pk(contact["uuid"], "klantcontact"))
    assert cm.onderwerp.domein.code == policy.NIET_INGEDEELD
    for rol in ("kcc", "balie", "teamleider"):
        gezien = Contactmoment.objects.visible_to(wereld.users[rol]).get(pk=cm.pk)
        assert gezien.niveau == Niveau.EXISTENCE, rol
    assert kiss.get(f"klantcontacten/{contact['uuid']}")["inhoud"] == ""
    wmo = api("wmo", naam="ITA WMO")
    terug = wmo.get(f"klantcontacten/{contact['uuid']}")
    assert terug["onderwerp"] == WMO_TEKST
    assert terug["inhoud"].startswith("Vraagt")
    wmo.put(
        f"klantcontacten/{contact['uuid']}", {**terug, "inhoud": "Traplift, eerste verdieping."}
    )
    cm.refresh_from_db()
    assert cm.vraag == "Traplift, eerste verdieping."
    # a colleague of another back office still sees nothing of it
    assert not Contactmoment.objects.visible_to(wereld.users["briks"]).filter(pk=cm.pk)


def test_the_functioneel_beheerder_maps_other_systems_subjects_to_ours(api, wereld):
    OnderwerpVertaling.objects.create(tekst="WMO", prefix=True, onderwerp=wereld.onderwerpen["wmo"])
    OnderwerpVertaling.objects.create(
        tekst="WMO – hulp bij het huishouden", onderwerp=wereld.onderwerpen["wmo"]
    )
    persoon = PersoonFactory()
    kiss, _partij, contact, _ = _kiss_registreert(api, wereld, bsn=persoon.bsn, onderwerp=WMO_TEKST)
    cm = Contactmoment.objects.get(pk=ids.pk(contact["uuid"], "klantcontact"))
    assert cm.onderwerp == wereld.onderwerpen["wmo"]  # KISS's title before " (" matched
    assert cm.onderwerp_tekst == WMO_TEKST  # and the text is kept, returned as sent
    wmo = api("wmo", naam="ITA WMO")
    assert wmo.get(f"klantcontacten/{contact['uuid']}")["onderwerp"] == WMO_TEKST
    # a prefix: "WMO-vervoer" is the WMO's too
    ander = kiss.post(
        "klantcontacten", {"kanaal": "Telefoon", "onderwerp": "WMO-vervoer", "inhoud": "Taxi."}
    )
    assert (
        Contactmoment.objects.get(pk=ids.pk(ander["uuid"], "klantcontact")).onderwerp
        == (wereld.onderwerpen["wmo"])
    )


def test_kiss_saves_a_contact_for_an_agent_who_never_logged_in_here(api, wereld):
    """KISS's back end ensures its agent's actor first (GET by e-mail, POST when absent). We
    used to refuse the POST, KISS threw and nothing was saved. Now the agent is recorded by
    e-mail only — no role, cannot log in, sees nothing — and her first log-in through the
    identity provider completes that record, so her contacts keep her name."""
    from permissions.identiteit import Claims, medewerker_aanmelden
    from permissions.models import Medewerker, Rolkoppeling

    kiss = api("kcc", naam="KISS")
    email = "nieuwe.collega@nijmegen.nl"
    assert kiss.get("actoren", actoridentificatorObjectId=email)["count"] == 0
    actor = kiss.post(
        "actoren",
        {
            "naam": "Nieuwe Collega",
            "soortActor": "medewerker",
            "indicatieActief": True,
            "actoridentificator": {
                "objectId": email,
                "codeObjecttype": "mdw",
                "codeRegister": "msei",
                "codeSoortObjectId": "email",
            },
        },
    )
    # asked again (KISS asks per contact), the same actor
    assert (
        kiss.get("actoren", actoridentificatorObjectId=email)["results"][0]["uuid"]
        == (actor["uuid"])
    )
    contact = kiss.post(
        "klantcontacten",
        {"kanaal": "Telefoon", "onderwerp": "Onderwerp algemeen", "inhoud": "Vraag."},
    )
    kiss.post(
        "actorklantcontacten",
        {"actor": {"uuid": actor["uuid"]}, "klantcontact": {"uuid": contact["uuid"]}},
    )
    cm = Contactmoment.objects.get(pk=ids.pk(contact["uuid"], "klantcontact"))
    vooraf = Medewerker.objects.get(pk=ids.pk(actor["uuid"], "actor-medewerker"))
    assert cm.medewerker == vooraf
    assert vooraf.afdeling == wereld.afdelingen["kcc"]
    assert not vooraf.user.is_active
    assert not vooraf.user.has_usable_password()
    assert not vooraf.user.groups.exists()
    assert not Contactmoment.objects.visible_to(vooraf.user).exists()
    # her first log-in through the identity provider completes the same record
    Rolkoppeling.objects.create(
        claimwaarde="kcc", rol=wereld.users["kcc"].groups.get(), afdeling=wereld.afdelingen["kcc"]
    )
    user = medewerker_aanmelden(
        Claims(
            issuer="https://idp.example",
            waarden={"sub": "abc-123", "roles": ["kcc"], "email": email.upper(), "name": "N"},
        )
    )
    assert user == vooraf.user
    assert user.is_active
    cm.refresh_from_db()
    assert cm.medewerker.user == user
    # a POST without an e-mail address, or of an unknown kind, is still refused
    kiss.post(
        "actoren",
        {"soortActor": "medewerker", "actoridentificator": {"objectId": "geen-adres"}},
        verwacht=400,
    )


def test_ita_links_the_follow_up_before_its_betrokkene_and_finds_the_chain(api, wereld):
    """ITA closes a task with a follow-up contact: it posts the onderwerpobject
    (wasKlantcontact) before the betrokkene. That order used to be refused (400, ITA 409, the
    task stayed open); the picture is checked once complete. ITA then reads the chain with an
    untyped object id, which used to be taken for a zaak id and found nothing."""
    persoon = PersoonFactory()
    cm, _tbv = _ita_taak(wereld, persoon)
    kc = ids.maak("klantcontact", cm.id)
    ita = api("wmo", naam="ITA")
    vervolg = ita.post(
        "klantcontacten", {"kanaal": "Telefoon", "onderwerp": "Onderwerp wmo", "inhoud": "Gebeld."}
    )
    ita.post(
        "onderwerpobjecten",
        {
            "klantcontact": {"uuid": vervolg["uuid"]},
            "wasKlantcontact": {"uuid": kc},
            "onderwerpobjectidentificator": {
                "objectId": kc,
                "codeObjecttype": "klantcontact",
                "codeRegister": "openklant",
                "codeSoortObjectId": "uuid",
            },
        },
    )
    ita.post(
        "betrokkenen",
        {
            "wasPartij": {"uuid": ids.maak("partij", persoon.id)},
            "hadKlantcontact": {"uuid": vervolg["uuid"]},
            "rol": "klant",
            "initiator": False,
        },
    )
    nieuw = Contactmoment.objects.get(pk=ids.pk(vervolg["uuid"], "klantcontact"))
    assert (nieuw.partij, nieuw.klantreis) == (persoon, cm.klantreis)
    keten = ita.get("klantcontacten", onderwerpobject__onderwerpobjectidentificatorObjectId=kc)
    assert [r["uuid"] for r in keten["results"]] == [vervolg["uuid"]]
    # the same order with someone else as betrokkene: refused, and nothing changes
    derde = ita.post(
        "klantcontacten",
        {"kanaal": "Telefoon", "onderwerp": "Onderwerp wmo", "inhoud": "Nog eens."},
    )
    ita.post(
        "onderwerpobjecten",
        {"klantcontact": {"uuid": derde["uuid"]}, "wasKlantcontact": {"uuid": kc}},
    )
    iemand_anders = PersoonFactory()
    fout = ita.post(
        "betrokkenen",
        {
            "wasPartij": {"uuid": ids.maak("partij", iemand_anders.id)},
            "hadKlantcontact": {"uuid": derde["uuid"]},
            "rol": "klant",
        },
        verwacht=400,
    )
    assert "dezelfde persoon" in fout["detail"] or "same person" in fout["detail"]
    assert Contactmoment.objects.get(pk=ids.pk(derde["uuid"], "klantcontact")).partij is None


def test_ita_forwards_to_another_department_and_reopens(api, wereld, mailoutbox):
    """ITA's "doorsturen" (another afdeling or team actor) and "heropenen" (te_verwerken on a
    completed task) used to answer 200 and change nothing: ITA told the user it worked and
    mailed the new department, whose queue did not have the task."""
    from callbacks.models import Melding

    persoon = PersoonFactory()
    _cm, tbv = _ita_taak(wereld, persoon)
    Melding.objects.create(terugbelverzoek=tbv, soort="nieuw", afdeling=tbv.afdeling)
    ita = api("wmo", naam="ITA")
    uuid = ids.maak("internetaak", tbv.id)
    vergunningen = ids.maak("actor-afdeling", wereld.afdelingen["vergunningen"].id)
    taak = ita.patch(f"internetaken/{uuid}", {"toegewezenAanActoren": [{"uuid": vergunningen}]})
    assert [a["uuid"] for a in taak["toegewezenAanActoren"]] == [vergunningen]
    tbv.refresh_from_db()
    assert (tbv.afdeling, tbv.status, tbv.opgepakt_door) == (
        wereld.afdelingen["vergunningen"],
        "nieuw",
        None,
    )
    # it is in the new department's queue, and out of the WMO's
    briks = api("briks", naam="ITA vergunningen")
    assert briks.get("internetaken", toegewezenAanActor__uuid=vergunningen)["count"] == 1
    melding = Melding.objects.get(terugbelverzoek=tbv)
    assert (melding.afdeling, melding.gemaild_op) == (wereld.afdelingen["vergunningen"], None)
    # the department completes it, then opens it again
    briks.patch(f"internetaken/{uuid}", {"status": "verwerkt"})
    tbv.refresh_from_db()
    assert tbv.status == "afgehandeld"
    terug = briks.patch(f"internetaken/{uuid}", {"status": "te_verwerken"})
    assert terug["status"] == "te_verwerken"
    tbv.refresh_from_db()
    assert (tbv.status, tbv.afgehandeld_op, tbv.uitkomst) == ("opgepakt", None, "")


def test_kiss_channels_are_its_own_words_and_come_back_as_sent(api, wereld):
    """KISS's channels come from its own admin ("Contactformulier", "Live chat", "Mail"):
    they used to be refused (400, nothing saved). Mapped by the functioneel beheerder they
    are ours; unmapped they are "Overig"; either way the answer says what KISS sent."""
    KanaalVertaling.objects.create(tekst="Mail", kanaal=wereld.kanalen["e-mail"])
    kiss = api("kcc", naam="KISS")
    for tekst, ons in (("Mail", "e-mail"), ("Live chat", "overig"), ("Telefoon", "telefoon")):
        contact = kiss.post(
            "klantcontacten", {"kanaal": tekst, "onderwerp": "Onderwerp algemeen", "inhoud": "V."}
        )
        cm = Contactmoment.objects.get(pk=ids.pk(contact["uuid"], "klantcontact"))
        assert cm.kanaal == wereld.kanalen[ons], tekst
        assert contact["kanaal"] == tekst
        assert kiss.get(f"klantcontacten/{contact['uuid']}")["kanaal"] == tekst


def test_a_deeply_nested_body_is_a_plain_400_not_a_server_error(api, wereld):
    kiss = api("kcc")
    voor = Contactmoment.objects.count()
    diep = '{"kanaal": "Telefoon", "onderwerp": "x", "inhoud": ' + "[" * 5000 + "]" * 5000 + "}"
    antwoord = kiss.http.post(
        "/klantinteracties/api/v1/klantcontacten", diep, content_type="application/json",
        **kiss.koppen,
    )  # fmt: skip
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"] == "application/problem+json"
    assert Contactmoment.objects.count() == voor


def test_kiss_records_a_new_vestiging_of_a_company_we_do_not_know(api, wereld):
    """KISS (openklant2 service) for a new vestiging: the partij, then — finding no KVK
    identificator — the company's KVK number with identificeerdePartij null, then the
    vestigingsnummer with subIdentificatorVan pointing at it. The null used to be a 400 and
    KISS threw; the second time KISS finds the KVK number it posted and reuses it."""
    kiss = api("kcc", naam="KISS")
    kvk, vestiging = "69599084", "000038509490"

    def kvk_zoeken():
        return kiss.get(
            "partij-identificatoren",
            partijIdentificatorCodeSoortObjectId="kvk_nummer",
            partijIdentificatorObjectId=kvk,
        )

    partij = kiss.post(
        "partijen",
        {"soortPartij": "organisatie", "partijIdentificatie": {"naam": "Bakkerij Waalkant"}},
    )
    assert kvk_zoeken()["count"] == 0
    los = kiss.post(
        "partij-identificatoren",
        {
            "identificeerdePartij": None,
            "partijIdentificator": {
                "codeObjecttype": "niet_natuurlijk_persoon",
                "codeSoortObjectId": "kvk_nummer",
                "objectId": kvk,
                "codeRegister": "hr",
            },
        },
    )
    assert los.get("identificeerdePartij") is None
    assert kvk_zoeken()["results"][0]["uuid"] == los["uuid"]  # found again: not posted twice
    kiss.post(
        "partij-identificatoren",
        {
            "identificeerdePartij": {"uuid": partij["uuid"]},
            "partijIdentificator": {
                "codeObjecttype": "vestiging",
                "codeSoortObjectId": "vestigingsnummer",
                "objectId": vestiging,
                "codeRegister": "hr",
            },
            "subIdentificatorVan": {"uuid": los["uuid"]},
        },
    )
    p = Partij.objects.get(pk=ids.pk(partij["uuid"], "partij"))
    assert (p.kvk_nummer, p.vestigingsnummer) == (kvk, vestiging)
    # a KVK number kept without a partij is claimed by a PUT (KISS's "update")
    ander = kiss.post(
        "partij-identificatoren",
        {
            "identificeerdePartij": None,
            "partijIdentificator": {"codeSoortObjectId": "kvk_nummer", "objectId": "90001354"},
        },
    )
    hoofd = kiss.post(
        "partijen", {"soortPartij": "organisatie", "partijIdentificatie": {"naam": "Waalkant BV"}}
    )
    gekoppeld = kiss.put(
        f"partij-identificatoren/{ander['uuid']}",
        {**ander, "identificeerdePartij": {"uuid": hoofd["uuid"]}},
    )
    assert gekoppeld["identificeerdePartij"]["uuid"] == hoofd["uuid"]
    assert Partij.objects.get(pk=ids.pk(hoofd["uuid"], "partij")).kvk_nummer == "90001354"


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [
        ("indicatieContactGelukt", "ja"),
        ("taal", "nederlands"),
        ("inhoud", "x" * 1001),
        ("vertrouwelijk", "nee"),
        ("onderwerp", "o" * 201),
    ],
)
def test_wrong_types_and_lengths_are_refused_not_truncated(api, wereld, veld, waarde):
    kiss = api("kcc")
    voor = Contactmoment.objects.count()
    body = {"kanaal": "Telefoon", "onderwerp": "Onderwerp algemeen", "inhoud": "V.", veld: waarde}
    fout = kiss.post("klantcontacten", body, verwacht=400)
    assert [p["name"] for p in fout["invalidParams"]] == [veld]
    assert Contactmoment.objects.count() == voor


def test_an_unknown_status_or_role_is_refused(api, wereld):
    persoon = PersoonFactory()
    _cm, tbv = _ita_taak(wereld, persoon)
    ita = api("wmo")
    fout = ita.patch(
        f"internetaken/{ids.maak('internetaak', tbv.id)}", {"status": "klaar"}, verwacht=400
    )
    assert fout["invalidParams"][0]["name"] == "status"
    kiss = api("kcc", naam="KISS")
    contact = kiss.post("klantcontacten", {"kanaal": "Telefoon", "onderwerp": "x", "inhoud": "V."})
    fout = kiss.post(
        "betrokkenen",
        {"hadKlantcontact": {"uuid": contact["uuid"]}, "rol": "buurman", "initiator": True},
        verwacht=400,
    )
    assert fout["invalidParams"][0]["name"] == "rol"


def test_an_address_names_its_country_as_the_specification_asks(api, wereld):
    """``land`` is an ISO 3166 code of two letters; the BRP's own code 6030 was sent."""
    persoon = PersoonFactory()
    persoon.adressen.create(
        soort="woonadres", straat="Oranjesingel", huisnummer=40, postcode="6511NZ",
        woonplaats="Nijmegen",
    )  # fmt: skip
    partij = api("kcc").get(f"partijen/{ids.maak('partij', persoon.id)}")
    adressen = [partij.get("bezoekadres"), partij.get("correspondentieadres")]
    assert [a["land"] for a in adressen if a] == ["NL"] * len([a for a in adressen if a])
    assert any(adressen)
