"""What a colleague does with the knowledge base, as they notice it: a VAC written here is
published by a second person and then found; feedback on a section becomes a signal the
reporter can follow; "stuur deze link" goes only to the resident's own address; the public
web form offers public answers once before sending; the dashboard counts the answers used,
opened but not used, and searches that found nothing."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from contacts.models import Contactmoment, Emailadres
from kennis import selectors, services
from kennis.models import Item, Vac
from leren.models import Signaal
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_een_vac_van_hier_publiceert_een_tweede_persoon(wereld):
    beheerder = wereld.users["beheer"]
    velden = {
        "vraag": "Waar lever ik klein chemisch afval in?",
        "antwoord": "Bij de milieustraat van Dar, gratis.",
        "toelichting": "Niet doorverbinden met Dar voor deze vraag.",
        "afdeling": wereld.afdelingen["kcc"],
        "trefwoorden": ["chemisch", "afval"],
        "doelgroep": "burger",
    }
    vac = services.vac_opslaan(door=beheerder, vac_id=None, velden=velden)
    assert not selectors.zoeken("chemisch afval")[0], "a draft is not an answer"
    with pytest.raises(ValidationError):
        services.vac_publiceren(door=beheerder, vac_id=vac.pk)  # the writer: no
    services.vac_publiceren(door=wereld.users["teamleider"], vac_id=vac.pk)
    (treffer,) = selectors.zoeken("chemisch afval")[0]
    assert treffer.titel == "Waar lever ik klein chemisch afval in?"
    assert services.vac_als_objecttype(Vac.objects.get(pk=vac.pk))["status"] == "actief"
    # a change goes back to draft; withdrawn, it leaves the workbench
    services.vac_opslaan(door=beheerder, vac_id=vac.pk, velden={**velden, "antwoord": "Anders."})
    assert Vac.objects.get(pk=vac.pk).status == "concept"
    services.vac_intrekken(door=beheerder, vac_id=vac.pk)
    assert not selectors.zoeken("chemisch afval")[0]
    # an agent cannot write one
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.vac_opslaan(door=wereld.users["kcc"], vac_id=None, velden=velden)


def test_feedback_wordt_een_signaal_dat_de_melder_volgt(bronnen, wereld):
    item = Item.objects.get(titel="Paspoort of ID-kaart aanvragen")
    kcc = _client(wereld.users["kcc"])
    opmerking = {"sectie": "kosten", "soort": "klopt-niet", "toelichting": "Spoed is nu € 60"}
    kcc.post(reverse("kennis:feedback", args=[item.uuid]), opmerking)
    signaal = Signaal.objects.get(bron="kennisbank")
    assert signaal.afdeling == wereld.afdelingen["publiekszaken"]
    assert signaal.tekst.startswith("Paspoort of ID-kaart aanvragen (Kosten) klopt niet.")
    # the article shows the open remark; the reporter follows it
    artikel = kcc.get(reverse("kennis:artikel", args=[item.uuid])).content.decode()
    assert "1 open opmerking" in artikel
    melden = kcc.get(reverse("leren:signaal-melden")).content.decode()
    assert "Spoed is nu" in melden
    assert "nieuw" in melden


def test_de_link_gaat_alleen_naar_een_eigen_adres(bronnen, wereld, notify):
    item = Item.objects.get(titel="Paspoort of ID-kaart aanvragen")
    persoon = PersoonFactory()
    Emailadres.objects.create(partij=persoon, adres="eigen@example.org")
    with pytest.raises(ValidationError):
        services.link_versturen(door=wereld.users["kcc"], item=item, partij=persoon,
                                soort="email", adres="vreemd@example.org")  # fmt: skip
    assert not notify.controle("/_stub/berichten", methode="GET")
    cm = services.link_versturen(
        door=wereld.users["kcc"], item=item, partij=persoon, soort="email",
        adres="eigen@example.org", sectie="kosten",
    )  # fmt: skip
    (bericht,) = notify.controle("/_stub/berichten", methode="GET")
    assert bericht["ontvanger"] == "eigen@example.org"
    assert "€ 84,70" in bericht["body"]
    assert item.intern not in bericht["body"]
    assert (cm.richting, cm.resultaat) == ("uit", "bericht_afgeleverd")
    assert cm.kennislinks.get().sectie == "Kosten"


def test_het_webformulier_biedt_eerst_publieke_antwoorden(bronnen, wereld, settings):
    settings.KCC_WEBFORMULIER_ONDERWERP = "onderwerp-publiekszaken"
    bewoner = Client()
    gegevens = {
        "sleutel": str(uuid.uuid4()), "naam": "J. Jansen", "email": "j@example.org",
        "vraag": "Mijn paspoort is verlopen, wat kost een nieuw paspoort?",
        "contactwijze": "email",
    }  # fmt: skip
    pagina = bewoner.post(reverse("publiek:webformulier"), gegevens).content.decode()
    assert "Misschien is dit het antwoord op uw vraag" in pagina
    assert "https://www.nijmegen.nl/diensten/paspoort/" in pagina
    assert "vermissing" not in pagina  # never the desk memo
    assert not Contactmoment.objects.exists(), "nothing sent yet"
    bewoner.post(reverse("publiek:webformulier"), {**gegevens, "antwoorden_gezien": "1"})
    assert Contactmoment.objects.count() == 1


def test_de_cijfers_van_de_kennisbank(bronnen, wereld):
    from klantbeeld.services import contact_vastleggen

    item = Item.objects.get(titel="Grofvuil laten ophalen")
    kcc = _client(wereld.users["kcc"])
    kcc.get(reverse("kennis:artikel", args=[item.uuid]))  # opened, used below
    ander = Item.objects.get(titel="WOZ-waarde en bezwaar")
    kcc.get(reverse("kennis:artikel", args=[ander.uuid]))  # opened, not used
    kcc.get(reverse("kennis:zoeken"), {"q": "xylofoonles"})
    kcc.get(reverse("kennis:zoeken"), {"q": "xylofoonles"})
    persoon = PersoonFactory()
    contact_vastleggen(
        partij=persoon, kanaal=wereld.kanalen["telefoon"],
        onderwerp=wereld.onderwerpen["publiekszaken"], vraag="Grofvuil?", antwoord="Via Dar.",
        resultaat="beantwoord", door=wereld.users["kcc"], kennis=str(item.uuid),
        geopend=kcc.session["kennis_geopend"],
    )  # fmt: skip
    management = _client(wereld.users["management"])
    dashboard = management.get(reverse("cijfers:dashboard")).content.decode()
    assert '<th scope="row">Grofvuil laten ophalen</th><td>–</td><td>1</td>' in dashboard
    assert '<th scope="row">WOZ-waarde en bezwaar</th><td>1</td><td>0</td>' in dashboard
    assert '<th scope="row">xylofoonles</th><td>2</td>' in dashboard
