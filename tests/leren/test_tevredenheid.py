"""One satisfaction question per closed question, as the resident and the team notice it: a
call answered and closed → one invitation through the stub NotifyNL → the resident answers 2
with "wachttijd" and "u mag mij bellen" → a callback in the department's queue. A second
contact that month sends none; a second submit stores nothing; two processes planning and
sending at once send one."""

import datetime
import re
import subprocess
import sys
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from contacts.models import Contactmoment, Emailadres, Partij
from leren import services
from leren.models import Antwoord, Uitnodiging
from tests.conftest import BASE_DIR, worker_env
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _gesprek(wereld, partij, *, resultaat="beantwoord", minuten_geleden=90, vervolg_op=None):
    cm = Contactmoment.objects.create(
        partij=partij,
        kanaal=wereld.kanalen["telefoon"],
        onderwerp=wereld.onderwerpen["publiekszaken"],
        vraag="Paspoort verlopen",
        resultaat=resultaat,
        tijdstip=timezone.now() - datetime.timedelta(minutes=minuten_geleden),
        afdeling=wereld.afdelingen["kcc"],
        klantreis=vervolg_op.klantreis if vervolg_op else uuid.uuid4(),
    )
    Contactmoment.objects.filter(pk=cm.pk).update(geregistreerd=cm.tijdstip)
    return cm


@pytest.fixture
def inwoner(wereld):
    services.standaard_redenen()
    p = PersoonFactory(geslachtsnaam="Tevreden")
    Emailadres.objects.create(partij=p, adres="inwoner@example.org")
    p.telefoonnummers.create(nummer="+31612345678", soort="mobiel")
    return p


def test_een_gesloten_vraag_krijgt_een_uitnodiging_en_een_lage_score_een_terugbelverzoek(
    wereld, inwoner, notify
):
    agent = Client()
    agent.force_login(wereld.users["kcc"])
    # during the call the resident says yes to one question afterwards
    agent.post(reverse("leren:toestemming", args=[inwoner.id]), {"ja": "1"})
    assert Partij.objects.get(pk=inwoner.pk).vragenlijst_toestemming is not None
    open_vraag = _gesprek(wereld, inwoner, resultaat="terugbelverzoek")
    assert services.uitnodigingen_plannen() == 0, "an open question gets no invitation"
    _gesprek(wereld, inwoner, vervolg_op=open_vraag, minuten_geleden=70)  # now closed
    assert services.uitnodigingen_plannen() == 1
    assert services.uitnodigingen_versturen() == 1
    (bericht,) = notify.controle("/_stub/berichten", methode="GET")
    assert bericht["type"] == "email"
    assert "Paspoort" not in bericht["body"], "nothing of the question in the message"
    pad = re.search(r"http://testserver(/vragenlijst/[^/\s]+/)", bericht["body"]).group(1)

    bewoner = Client()
    pagina = bewoner.get(pad).content.decode()
    assert "Hoe tevreden bent u" in pagina
    assert "Tevreden" not in pagina.replace("Hoe tevreden", ""), "no personal data on the page"
    gegevens = {"tevredenheid": "2", "moeite": "2", "opgelost": "deels",
                "redenen": ["wachttijd"], "mag_bellen": "on"}  # fmt: skip
    assert "Dank u wel" in bewoner.post(pad, gegevens).content.decode()
    assert "al beantwoord" in bewoner.post(pad, gegevens).content.decode()
    assert Antwoord.objects.count() == 1
    (tbv,) = Terugbelverzoek.objects.filter(partij=inwoner)
    assert tbv.afdeling_gekozen == wereld.afdelingen["kcc"]
    assert "tevredenheid 2 van 5 (Ik moest lang wachten)" in tbv.vraag
    # the team lead's dashboard counts the answer (one answer: a group too small to show)
    teamleider = Client()
    teamleider.force_login(wereld.users["teamleider"])
    dashboard = teamleider.get(reverse("cijfers:dashboard")).content.decode()
    rij = re.search(r"Alle kanalen</th>(.*?)</tr>", dashboard).group(1)
    assert re.findall(r"<td>([^<]*)</td>", rij)[:3] == ["1", "1", "100%"]

    # a second question closed the same month: no second invitation
    _gesprek(wereld, inwoner, minuten_geleden=65)
    services.uitnodigingen_plannen()
    tweede = Uitnodiging.objects.exclude(status="ingevuld").get()
    assert (tweede.status, tweede.reden) == ("niet_verstuurd", "al uitgenodigd in 30 dagen")
    assert len(notify.controle("/_stub/berichten", methode="GET")) == 1


def test_zonder_toestemming_of_met_een_opt_out_geen_uitnodiging(wereld, inwoner, notify):
    from proactief.services import afmelden

    _gesprek(wereld, inwoner)
    assert services.uitnodigingen_plannen() == 0  # never asked
    Partij.objects.filter(pk=inwoner.pk).update(vragenlijst_toestemming=timezone.now())
    afmelden(bsn=inwoner.bsn, bron="kcc")
    services.uitnodigingen_plannen()
    assert Uitnodiging.objects.get().reden == "opt-out proactief contact"
    assert services.uitnodigingen_versturen() == 0


def test_een_verlopen_of_onbekende_link_zegt_het_in_gewone_taal(wereld, inwoner, notify):
    Partij.objects.filter(pk=inwoner.pk).update(vragenlijst_toestemming=timezone.now())
    _gesprek(wereld, inwoner)
    services.uitnodigingen_plannen()
    services.uitnodigingen_versturen()
    u = Uitnodiging.objects.get()
    Uitnodiging.objects.filter(pk=u.pk).update(verloopt_op=timezone.now())
    antwoord = Client().get(f"/vragenlijst/{u.token}/")
    assert antwoord.status_code == 410
    assert "14 dagen" in antwoord.content.decode()
    assert Client().get("/vragenlijst/onzin/").status_code == 404


PLANNEN_EN_VERSTUREN = """
import django
django.setup()
from leren import services
services.uitnodigingen_plannen()
services.uitnodigingen_versturen()
"""


@pytest.mark.proces
def test_twee_processen_tegelijk_sturen_een_uitnodiging(settings, wereld, inwoner, notify):
    Partij.objects.filter(pk=inwoner.pk).update(vragenlijst_toestemming=timezone.now())
    _gesprek(wereld, inwoner)
    env = {
        **worker_env(settings, "leren-test"),
        "DJANGO_SETTINGS_MODULE": "nijmegen_kcc.settings",
        "KCC_NOTIFYNL_URL": settings.KCC_NOTIFYNL_URL,
        "KCC_NOTIFYNL_API_KEY": settings.KCC_NOTIFYNL_API_KEY,
        "KCC_NOTIFYNL_SJABLOON_EMAIL": settings.KCC_NOTIFYNL_SJABLONEN["email"],
    }
    processen = [
        subprocess.Popen([sys.executable, "-c", PLANNEN_EN_VERSTUREN], cwd=BASE_DIR, env=env)
        for _ in range(2)
    ]
    assert [p.wait(60) for p in processen] == [0, 0]
    assert Uitnodiging.objects.filter(status="verstuurd").count() == 1
    assert len(notify.controle("/_stub/berichten", methode="GET")) == 1


def test_open_antwoorden_worden_na_een_jaar_leeggemaakt(wereld, inwoner, notify):
    Partij.objects.filter(pk=inwoner.pk).update(vragenlijst_toestemming=timezone.now())
    _gesprek(wereld, inwoner)
    services.uitnodigingen_plannen()
    services.uitnodigingen_versturen()
    u = Uitnodiging.objects.get()
    services.antwoord_opslaan(
        token=u.token,
        data={"tevredenheid": 4, "moeite": 4, "opgelost": "ja", "toelichting": "Prima geholpen"},
    )
    assert services.vrije_tekst_opschonen() == 0
    later = timezone.now() + datetime.timedelta(days=366)
    assert services.vrije_tekst_opschonen(later) == 1
    antwoord = Antwoord.objects.get()
    assert (antwoord.toelichting, antwoord.tevredenheid) == ("", 4)


def test_op_de_bevestigingspagina_van_het_webformulier_ja_zeggen_telt_voor_de_inwoner(
    wereld, inwoner
):
    from channels import services as kanalen
    from channels.models import Inzending

    def insturen(email, telefoon):
        inzending, _nieuw = kanalen.webformulier_ontvangen(
            kanalen.Webformulier(
                sleutel=uuid.uuid4(), naam="T. Tevreden", telefoonnummer=telefoon, email=email,
                vraag="Wanneer is mijn paspoort klaar?", wil_teruggebeld=False,
                onderwerp=wereld.onderwerpen["publiekszaken"],
            )
        )  # fmt: skip
        return inzending

    # matched by every detail given: the yes on the confirmation page is the resident's own
    eigen = insturen("inwoner@example.org", "+31612345678")
    bewoner = Client()
    bevestiging = reverse("publiek:ontvangen", args=[eigen.token])
    pagina = bewoner.get(bevestiging).content.decode()
    assert "Mogen we u één vraag sturen als uw vraag is beantwoord?" in pagina
    antwoord = reverse("publiek:vragenlijst-antwoord", args=[eigen.token])
    pagina = bewoner.post(antwoord, {"ja": "1"}, follow=True).content.decode()
    assert "Als uw vraag is beantwoord, sturen we u één vraag." in pagina
    assert Partij.objects.get(pk=inwoner.pk).vragenlijst_toestemming is not None
    bewoner.post(antwoord, {"ja": "0"})  # once: a second answer changes nothing
    assert Inzending.objects.get(pk=eigen.pk).vragenlijst_ja is True

    # not matched (another address): the yes waits until a colleague links the form
    Partij.objects.filter(pk=inwoner.pk).update(vragenlijst_toestemming=None)
    vreemd = insturen("ander@example.org", "")
    bewoner.post(reverse("publiek:vragenlijst-antwoord", args=[vreemd.token]), {"ja": "1"})
    assert Partij.objects.get(pk=inwoner.pk).vragenlijst_toestemming is None
    kanalen.contactmoment_koppelen(
        contactmoment_id=vreemd.contactmoment_id, partij=inwoner, door=wereld.users["kcc"]
    )
    assert Partij.objects.get(pk=inwoner.pk).vragenlijst_toestemming is not None


def test_het_briefje_van_de_balie_heeft_een_korte_link_en_een_qr_code(wereld, inwoner):
    from channels import services as kanalen

    balie = Client()
    balie.force_login(wereld.users["balie"])
    afspraak = kanalen.afspraak_maken(
        partij=inwoner, onderwerp=wereld.onderwerpen["publiekszaken"],
        locatie=wereld.kanalen["balie-stadswinkel"],
        tijdstip=_werkdag_morgen().replace(hour=10, minute=0),
        door=wereld.users["balie"],
    )  # fmt: skip
    url = reverse("leren:briefje", args=[afspraak.id])
    # before the visit: the appointment, no question yet
    pagina = balie.get(url).content.decode()
    assert "Uw afspraak" in pagina
    assert "<svg" not in pagina
    kanalen.bezoek_registreren(
        afspraak_id=afspraak.id, door=wereld.users["balie"], legitimatie_gezien=True,
        notitie="Paspoort aangevraagd", andere_dag=True,
    )  # fmt: skip
    pagina = balie.get(url).content.decode()
    kort = re.search(r"https?://[^/<\s]+(/v/([2-9a-z]{8})/)", pagina)
    assert kort, "a short link to type"
    assert "<svg" in pagina, "and a QR code"
    assert inwoner.geslachtsnaam not in pagina, "no personal details on the note"
    assert kort.group(0) in balie.get(url).content.decode(), "printed again: the same link"
    assert Uitnodiging.objects.get().verzonden_via == "papier"

    bewoner = Client()
    vragenlijst = bewoner.get(kort.group(1), follow=True)
    assert "Hoe tevreden bent u" in vragenlijst.content.decode()
    pad = vragenlijst.redirect_chain[-1][0]
    bewoner.post(pad, {"tevredenheid": "4", "moeite": "5", "opgelost": "ja"})
    assert Antwoord.objects.get().tevredenheid == 4
    # the team lead's dashboard: the desk's answer per subject
    teamleider = Client()
    teamleider.force_login(wereld.users["management"])
    dashboard = teamleider.get(reverse("cijfers:dashboard")).content.decode()
    assert "Per onderwerp" in dashboard
    assert re.search(
        r"<th scope=\"row\">Onderwerp publiekszaken</th><td>1</td><td>1</td>", dashboard
    )


def test_geen_link_op_het_briefje_bij_geheimhouding(wereld, inwoner):
    from channels import services as kanalen

    Partij.objects.filter(pk=inwoner.pk).update(geheimhouding=True)
    afspraak = kanalen.afspraak_maken(
        partij=inwoner, onderwerp=wereld.onderwerpen["publiekszaken"],
        locatie=wereld.kanalen["balie-stadswinkel"],
        tijdstip=_werkdag_morgen().replace(hour=11, minute=0), door=wereld.users["balie"],
    )  # fmt: skip
    kanalen.bezoek_registreren(
        afspraak_id=afspraak.id, door=wereld.users["balie"], legitimatie_gezien=True,
        andere_dag=True,
    )  # fmt: skip
    balie = Client()
    balie.force_login(wereld.users["balie"])
    pagina = balie.get(reverse("leren:briefje", args=[afspraak.id])).content.decode()
    assert "Uw bezoek" in pagina
    assert "/v/" not in pagina
    assert Uitnodiging.objects.get().reden == "geheimhouding BRP"
    # an unknown short code: plain words, no survey
    assert "niet" in Client().get("/v/abcdefgh/").content.decode()


def _werkdag_morgen():
    dag = timezone.localtime() + datetime.timedelta(days=1)
    while dag.weekday() >= 5:
        dag += datetime.timedelta(days=1)
    return dag
