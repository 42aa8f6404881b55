"""The klantreis across channels (seeds 000_19a27b6749e8c9f7.txt §4, Charlotte): a letter
about her passport, then the web form, then a call in which a desk appointment is made,
then the visit. At the end the desk employee sees one question of four contacts, in order,
with the appointment; contacts are linked, moved and taken out afterwards, each change kept."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from callbacks.termijnen import is_werkdag
from channels.models import Afspraak
from channels.services import Webformulier, webformulier_ontvangen
from contacts.models import Contactmoment, KlantreisWijziging
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import ContactmomentFactory, PersoonFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HX = {"HX-Request": "true"}


def volgende_werkdag():
    day = timezone.localdate() + datetime.timedelta(days=1)
    while not is_werkdag(day):
        day += datetime.timedelta(days=1)
    return day


def test_charlotte_letter_web_form_call_with_appointment_and_visit_make_one_klantreis(
    client, settings
):
    settings.KCC_WEBFORMULIER_ONDERWERP = "onderwerp-publiekszaken"
    wereld = maak_wereld()
    paspoort = wereld.onderwerpen["publiekszaken"]
    charlotte = PersoonFactory(voornamen="Charlotte", geslachtsnaam="Dekker")
    charlotte.telefoonnummers.create(nummer="+31612345678", soort="mobiel")

    # 1. a letter about her passport, received yesterday, registered at the post room
    client.force_login(wereld.users["balie"])
    client.post(
        reverse("channels:brief"),
        {
            "ontvangen": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "zoek": charlotte.bsn,
            "onderwerp": paspoort.naam,
            "samenvatting": "Vraagt wanneer haar paspoort verloopt.",
            "scan": SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"),
        },
    )
    brief = Contactmoment.objects.get(kanaal__code="post")
    # 2. the web form, a few minutes later (matched by her phone number)
    inzending, _nieuw = webformulier_ontvangen(
        Webformulier(
            sleutel=uuid.uuid4(), naam="Charlotte Dekker", telefoonnummer="+31612345678",
            email="", vraag="Ik heb een brief gestuurd over mijn paspoort.", onderwerp=paspoort,
            wil_teruggebeld=False,
        )
    )  # fmt: skip
    formulier = inzending.contactmoment
    assert formulier.partij == charlotte
    assert formulier.klantreis != brief.klantreis  # a new question, until someone says not

    # 3. the KCC agent on the phone sees both, puts the web form into the letter's question …
    client.force_login(wereld.users["kcc"])
    formulier_bij = client.post(
        reverse("klantbeeld:klantreis", args=[formulier.id]), {"naar": brief.id}, headers=HX
    ).content.decode()
    assert "hoort bij een vraag met 2 contacten" in formulier_bij
    # … and records the call in the same question, with a desk appointment made in it
    client.post(
        reverse("klantbeeld:contactmoment-registreren", args=[charlotte.id]),
        {
            "kanaal": wereld.kanalen["telefoon"].id, "onderwerp": paspoort.naam,
            "vraag": "Wil een afspraak om haar paspoort aan te vragen.",
            "antwoord": "Afspraak gemaakt.", "resultaat": "afspraak", "vervolg_op": brief.id,
        },
        headers=HX,
    )  # fmt: skip
    gesprek = Contactmoment.objects.get(kanaal__code="telefoon")
    klantbeeld = client.get(reverse("klantbeeld:klantbeeld", args=[charlotte.id])).content.decode()
    # the appointment form offers the call just recorded as the contact it is made in
    assert f'<option value="{gesprek.id}" selected>' in klantbeeld
    client.post(
        reverse("channels:afspraak-maken", args=[charlotte.id]),
        {
            "locatie": wereld.kanalen["balie-stadswinkel"].id, "onderwerp": paspoort.naam,
            "datum": volgende_werkdag().isoformat(), "tijd": "10:30", "contactmoment": gesprek.id,
        },
    )  # fmt: skip
    afspraak = Afspraak.objects.get()
    assert afspraak.contactmoment == gesprek
    # the one question is counted once: no repeat warning for its own contacts
    assert "aparte vragen" not in klantbeeld

    # 4. the day of the appointment (the appointment moved to now to stand for it): the desk
    Afspraak.objects.filter(pk=afspraak.pk).update(tijdstip=timezone.now())
    client.force_login(wereld.users["balie"])
    afspraken = client.get(reverse("channels:afspraken")).content.decode()
    assert "Charlotte Dekker" in afspraken
    bezoek = client.post(
        reverse("channels:bezoek", args=[afspraak.id]),
        {"notitie": "Paspoort aangevraagd, foto goedgekeurd.", "resultaat": "beantwoord",
         "legitimatie_gezien": "on", "terug": reverse("channels:afspraken")},
        follow=True,
    )  # fmt: skip
    html = bezoek.content.decode()
    assert "Bezoek geregistreerd" in html
    visit = Contactmoment.objects.get(kanaal__code="balie-stadswinkel")
    assert visit.klantreis == brief.klantreis
    # one klantreis of four contacts, in order, finished, with the appointment
    start = html.index('id="kb-vragen"')
    paneel = html[start : html.index("</section>", start)]
    assert paneel.count("<article") == 1
    assert "afgerond" in paneel
    kanalen = ["Post", "Webformulier", "Telefoon 14 024", "Balie Stadswinkel"]
    plaatsen = [paneel.index(k) for k in kanalen]
    assert plaatsen == sorted(plaatsen), "the four contacts, oldest first"
    assert "Afspraak Balie Stadswinkel" in paneel
    assert "gekomen" in paneel
    # the appointment stays in the history after the visit, with the call that made it
    kaart = html[html.index(f'id="afspraak-{afspraak.id}"') :]
    kaart = kaart[: kaart.index("</article>")]
    assert f"#contactmoment-{gesprek.id}" in kaart
    assert f"#contactmoment-{visit.id}" in kaart
    assert "Paspoort aangevraagd, foto goedgekeurd." in html


def test_a_contact_is_moved_and_taken_out_again_each_change_kept_logged_and_shown(client):
    wereld = maak_wereld()
    persoon = PersoonFactory()
    onderwerp = wereld.onderwerpen["publiekszaken"]
    nu = timezone.now()
    a = ContactmomentFactory(
        partij=persoon, onderwerp=onderwerp, tijdstip=nu - datetime.timedelta(days=3)
    )
    b = ContactmomentFactory(
        partij=persoon, onderwerp=onderwerp, tijdstip=nu - datetime.timedelta(days=2)
    )
    c = ContactmomentFactory(
        partij=persoon, onderwerp=onderwerp, tijdstip=nu - datetime.timedelta(days=1)
    )
    client.force_login(wereld.users["kcc"])
    url = reverse("klantbeeld:klantreis", args=[c.id])
    # the form offers the person's other questions and "a question of its own"
    form = client.get(url, headers=HX).content.decode()
    assert f'value="{a.id}"' in form
    assert f'value="{b.id}"' in form
    # three separate questions about one subject: the warning says so
    html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    assert "3 aparte vragen" in html
    client.post(url, {"naar": a.id}, headers=HX)  # link
    client.post(url, {"naar": b.id}, headers=HX)  # move
    c.refresh_from_db()
    b.refresh_from_db()
    assert c.klantreis == b.klantreis
    html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    assert "2 aparte vragen" in html
    antwoord = client.post(url, {"naar": ""}, headers=HX).content.decode()  # take out
    c.refresh_from_db()
    assert c.klantreis not in (a.klantreis, b.klantreis)
    assert "losgemaakt als aparte vraag" in antwoord
    assert "verplaatst naar een andere vraag" in antwoord
    assert "gekoppeld aan een eerdere vraag" in antwoord
    assert "data-kcc-focus" in antwoord  # the changed contact comes back open, with the focus
    soorten = list(
        KlantreisWijziging.objects.filter(contactmoment=c).values_list("soort", flat=True)
    )
    assert soorten == ["gekoppeld", "verplaatst", "losgemaakt"]
    assert (
        Toegangslog.objects.filter(
            handeling=Toegangslog.Handeling.KLANTREIS, object_id=c.id
        ).count()
        == 3
    )
    # taking out what is alone already is refused in Dutch, and changes nothing
    fout = client.post(url, {"naar": ""}, headers=HX)
    assert "al een aparte vraag" in fout.content.decode()
    assert fout["HX-Retarget"] == f"#klantreis-{c.id}"
    assert KlantreisWijziging.objects.filter(contactmoment=c).count() == 3


def test_a_contact_cannot_join_a_question_of_someone_else_or_one_the_user_cannot_see(client):
    wereld = maak_wereld()
    persoon, ander = PersoonFactory(), PersoonFactory()
    eigen = ContactmomentFactory(partij=persoon, onderwerp=wereld.onderwerpen["publiekszaken"])
    vreemd = ContactmomentFactory(partij=ander, onderwerp=wereld.onderwerpen["publiekszaken"])
    wmo = ContactmomentFactory(partij=persoon, onderwerp=wereld.onderwerpen["wmo"])
    client.force_login(wereld.users["kcc"])
    for naar in (vreemd, wmo):  # another person's; a WMO contact the KCC sees as existence only
        antwoord = client.post(
            reverse("klantbeeld:klantreis", args=[eigen.id]), {"naar": naar.id}, headers=HX
        )
        assert "Kies een vraag van deze Nijmegenaar uit de lijst" in antwoord.content.decode()
    # and the WMO contact itself cannot be moved by the KCC
    assert client.get(reverse("klantbeeld:klantreis", args=[wmo.id]), headers=HX).status_code == 404
    eigen.refresh_from_db()
    assert not KlantreisWijziging.objects.exists()
