"""The public web form and the "te koppelen" list: every channel lands in the same klantbeeld."""

import uuid

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from callbacks.models import Terugbelverzoek
from channels import services
from channels.models import Inzending
from contacts.models import Contactmoment, Partij
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import OnderwerpFactory, PersoonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(db):
    w = maak_wereld()
    OnderwerpFactory(code="algemene-vraag", naam="Algemene vraag", domein=w.domeinen["algemeen"])
    return w


def formulier(**data):
    base = {
        "naam": "Charlotte de Vries",
        "vraag": "Wanneer is mijn paspoort klaar?",
        "contactwijze": "email",
        "email": "charlotte@voorbeeld.nl",
        "telefoonnummer": "",
        "onderwerp": "",
        "sleutel": str(uuid.uuid4()),
        "website": "",
    }
    base.update(data)
    return base


def test_public_form_needs_no_login_and_is_dutch_and_english(client, wereld):
    nl = client.get("/contact/")
    assert nl.status_code == 200
    html = nl.content.decode()
    assert '<html lang="nl">' in html
    assert "Stel uw vraag" in html
    assert "Hoe wilt u dat wij contact met u opnemen?" in html
    en = client.get("/en/contact/").content.decode()
    assert '<html lang="en">' in en
    assert "Ask a question" in en
    assert "<script" not in html  # works without JavaScript


def test_unmatched_submission_waits_to_be_linked_and_mails_no_stranger(client, wereld):
    response = client.post("/contact/", formulier())
    inzending = Inzending.objects.get()
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert inzending.referentie in page
    assert "uiterlijk" in page
    assert "Schrijf uw referentienummer op" in page
    cm = inzending.contactmoment
    assert cm.partij is None
    assert cm.kanaal.code == "webformulier"
    assert cm.onderwerp.code == "algemene-vraag"
    # an address nobody knows as this resident's own gets no mail from the municipality
    assert services.bevestiging_mailen(inzending.id) is False
    assert mail.outbox == []


def test_unambiguous_match_goes_straight_into_the_timeline_and_is_confirmed(client, wereld):
    persoon = PersoonFactory()
    persoon.emailadressen.create(adres="Charlotte@Voorbeeld.nl")
    response = client.post(
        "/contact/", formulier(naam="<b>Klik hier: http://phish.example</b>", vraag="GEHEIM")
    )
    assert Contactmoment.objects.get().partij == persoon
    inzending = Inzending.objects.get()
    assert "naar uw e-mailadres gestuurd" in client.get(response.url).content.decode()
    # the confirmation mail, once (the Celery task calls this service)
    assert services.bevestiging_mailen(inzending.id) is True
    assert services.bevestiging_mailen(inzending.id) is False
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["charlotte@voorbeeld.nl"]
    assert inzending.referentie in bericht.body
    # nothing the visitor typed travels in the municipality's mail
    assert "phish" not in bericht.body
    assert "Klik" not in bericht.body
    assert "GEHEIM" not in bericht.body


def test_a_residents_email_with_a_strangers_number_is_not_linked(client, wereld):
    persoon = PersoonFactory()
    persoon.emailadressen.create(adres="charlotte@voorbeeld.nl")
    persoon.telefoonnummers.create(nummer="+31611111111", soort="mobiel")
    client.post(
        "/contact/",
        formulier(contactwijze="telefoon", telefoonnummer="06-28765432"),
    )
    cm = Contactmoment.objects.get()
    assert cm.partij is None  # waits in "te koppelen"
    tbv = Terugbelverzoek.objects.get()
    assert tbv.partij is None
    assert tbv.telefoonnummer == "+31628765432"
    assert Inzending.objects.get().bevestiging_sturen is False


def test_every_detail_of_one_person_links(client, wereld):
    persoon = PersoonFactory()
    persoon.emailadressen.create(adres="charlotte@voorbeeld.nl")
    persoon.telefoonnummers.create(nummer="+31611111111", soort="mobiel")
    client.post("/contact/", formulier(contactwijze="telefoon", telefoonnummer="06 11111111"))
    assert Contactmoment.objects.get().partij == persoon
    assert Terugbelverzoek.objects.get().partij == persoon


def test_ambiguous_match_is_not_guessed(client, wereld):
    for _ in range(2):
        PersoonFactory().telefoonnummers.create(nummer="+31612345678", soort="mobiel")
    client.post(
        "/contact/", formulier(contactwijze="telefoon", telefoonnummer="06-12345678", email="")
    )
    cm = Contactmoment.objects.get()
    assert cm.partij is None
    tbv = Terugbelverzoek.objects.get()  # asked to be called: a callback on the normal route
    assert tbv.contactmoment == cm
    assert tbv.telefoonnummer == "+31612345678"


def test_double_submission_creates_one_record(client, wereld):
    data = formulier()
    first = client.post("/contact/", data)
    second = client.post("/contact/", data)
    assert Inzending.objects.count() == 1
    assert Contactmoment.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"naam": "  "}, "Vul uw naam in."),
        ({"vraag": ""}, "Schrijf uw vraag op."),
        ({"email": "charlotte@"}, "Dit e-mailadres klopt niet"),
        ({"contactwijze": "telefoon", "telefoonnummer": ""}, "Vul uw telefoonnummer in"),
        ({"contactwijze": "telefoon", "telefoonnummer": "12"}, "Dit telefoonnummer klopt niet"),
        ({"contactwijze": "fax"}, "Kies hoe wij contact met u mogen opnemen."),
        ({"vraag": "x" * 4001}, "Uw vraag is te lang"),
        ({"onderwerp": "99999"}, "Kies een onderwerp uit de lijst."),
        ({"sleutel": "geen-uuid"}, ""),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_stores_nothing(client, wereld, data, message):
    response = client.post("/contact/", formulier(**data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Inzending.objects.count() == 0
    assert Contactmoment.objects.count() == 0


def test_honeypot_and_rate_limit(client, wereld, settings):
    response = client.post("/contact/", formulier(website="http://spam.example"))
    assert response.status_code == 200
    assert Inzending.objects.count() == 0
    settings.KCC_WEBFORMULIER_PER_UUR = 3
    for _ in range(3):
        assert client.post("/contact/", formulier()).status_code == 302
    response = client.post("/contact/", formulier())
    assert response.status_code == 429
    assert "Wacht een uur" in response.content.decode()
    assert Inzending.objects.count() == 3


def test_the_limit_counts_stored_questions_not_refused_attempts(client, wereld, settings):
    """Three forms sent back for a mistake count for nothing; when the limit is reached the
    page says so without also showing field errors, and keeps what was typed."""
    settings.KCC_WEBFORMULIER_PER_UUR = 2
    for _ in range(3):
        assert client.post("/contact/", formulier(email="geen-adres")).status_code == 400
    assert client.post("/contact/", formulier()).status_code == 302
    assert client.post("/contact/", formulier()).status_code == 302
    geweigerd = client.post("/contact/", formulier(email="geen-adres"))
    assert geweigerd.status_code == 429
    html = geweigerd.content.decode()
    assert "Wacht een uur" in html
    assert "alert--error" in html
    assert 'aria-invalid="true"' not in html  # no field errors beside the limit
    assert "geen-adres" in html  # what was typed stays
    assert Inzending.objects.count() == 2


def test_a_double_submit_over_the_limit_gets_the_first_ones_confirmation(client, wereld, settings):
    settings.KCC_WEBFORMULIER_PER_UUR = 1
    data = formulier()
    first = client.post("/contact/", data)
    assert first.status_code == 302
    again = client.post("/contact/", data)  # the same form, sent again: over the limit now
    assert again.status_code == 302
    assert again.url == first.url
    assert client.post("/contact/", formulier()).status_code == 429
    assert Inzending.objects.count() == 1


def test_linking_later_moves_it_into_the_timeline_and_is_logged(client, wereld):
    client.post("/contact/", formulier())
    persoon = PersoonFactory(geslachtsnaam="Koppeltest")
    kcc = wereld.users["kcc"]
    client.force_login(kcc)
    lijst = client.get(reverse("channels:te-koppelen")).content.decode()
    assert "Charlotte de Vries" in lijst
    assert "Wanneer is mijn paspoort klaar?" in lijst
    cm = Contactmoment.objects.get()
    response = client.post(
        reverse("channels:koppelen", args=[cm.id]), {"zoek": persoon.bsn}, follow=True
    )
    assert "Gekoppeld aan" in response.content.decode()
    cm.refresh_from_db()
    assert cm.partij == persoon
    assert Toegangslog.objects.filter(
        handeling="contact_gekoppeld", partij_id=persoon.id, object_id=cm.id
    ).exists()
    klantbeeld = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    assert "Wanneer is mijn paspoort klaar?" in klantbeeld
    assert "Webformulier" in klantbeeld
    # twice is refused, nothing changes
    response = client.post(
        reverse("channels:koppelen", args=[cm.id]), {"zoek": persoon.bsn}, follow=True
    )
    assert "al gekoppeld" in response.content.decode()


def test_linking_needs_exactly_one_match(client, wereld):
    client.post("/contact/", formulier())
    for _ in range(2):
        PersoonFactory(geslachtsnaam="Dubbelnaam")
    client.force_login(wereld.users["kcc"])
    cm = Contactmoment.objects.get()
    response = client.post(
        reverse("channels:koppelen", args=[cm.id]), {"zoek": "Dubbelnaam"}, follow=True
    )
    assert "2 Nijmegenaren gevonden" in response.content.decode()
    assert Contactmoment.objects.get().partij is None


@pytest.mark.fuzz
@override_settings(KCC_WEBFORMULIER_PER_UUR=10**9)
class TestWebFormFuzzed(HypothesisTestCase):
    """Generated submissions: never a server error, never an invalid record stored.

    300 examples in the default run; the nightly run takes 10,000:
    ``./kcc test -m fuzz --hypothesis-profile=nightly``."""

    @classmethod
    def setUpTestData(cls):
        w = maak_wereld()
        OnderwerpFactory(
            code="algemene-vraag", naam="Algemene vraag", domein=w.domeinen["algemeen"]
        )

    @settings(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        naam=st.text(max_size=300),
        vraag=st.text(max_size=5000),
        email=st.one_of(st.emails(), st.text(max_size=300)),
        telefoon=st.one_of(
            st.from_regex(r"\+?[0-9 ()-]{0,20}", fullmatch=True), st.text(max_size=50)
        ),
        contactwijze=st.sampled_from(["email", "telefoon", "", "x"]),
        onderwerp=st.one_of(st.just(""), st.integers().map(str), st.text(max_size=10)),
        sleutel=st.one_of(st.uuids().map(str), st.text(max_size=40)),
    )
    def test_fuzzed_submissions(
        self, naam, vraag, email, telefoon, contactwijze, onderwerp, sleutel
    ):
        before = Inzending.objects.count()
        response = self.client.post(
            "/contact/",
            {
                "naam": naam,
                "vraag": vraag,
                "email": email,
                "telefoonnummer": telefoon,
                "contactwijze": contactwijze,
                "onderwerp": onderwerp,
                "sleutel": sleutel,
                "website": "",
            },
        )
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 302:
            inzending = Inzending.objects.latest("id")
            assert Inzending.objects.count() == before + 1
            assert inzending.naam.strip()
            assert inzending.contactmoment.vraag.strip()
            assert inzending.email or inzending.telefoonnummer
            if inzending.wil_teruggebeld:
                assert inzending.telefoonnummer.startswith("+")
            assert Partij.objects.count() == 0  # nothing invented
        else:
            assert Inzending.objects.count() == before
