"""Write services write their own access-log lines, in their own transaction: a caller that
is not a page (an API, a command, a task) cannot forget them, and work that rolls back
leaves no line behind."""

import pytest
from django.db import transaction

from callbacks.services import terugbelverzoek_aanmaken
from contacts.models import Contactmoment
from contacts.services import contactmoment_registreren, telefoonnummer_toevoegen
from permissions.accesslog import Herkomst
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db

H = Toegangslog.Handeling


def _registreren(wereld, persoon, **extra):
    return contactmoment_registreren(
        partij=persoon,
        kanaal=wereld.kanalen["telefoon"],
        onderwerp=wereld.onderwerpen["publiekszaken"],
        vraag="Wanneer is mijn paspoort klaar?",
        antwoord="",
        resultaat=Contactmoment.Resultaat.BEANTWOORD,
        door=wereld.users["kcc"],
        **extra,
    )


def test_a_contact_recorded_by_a_service_call_is_in_the_log_with_its_origin():
    wereld = maak_wereld()
    persoon = PersoonFactory()
    cm = _registreren(wereld, persoon, herkomst=Herkomst(adres="192.0.2.7", trace_id="ab" * 16))
    regel = Toegangslog.objects.get(handeling=H.CONTACT_VASTGELEGD)
    assert (regel.object_type, regel.object_id, regel.betrokkene_id) == (
        "contactmoment",
        cm.id,
        persoon.bsn,
    )
    assert (regel.herkomst, regel.trace_id) == ("192.0.2.7", "ab" * 16)
    assert regel.gebruiker == wereld.users["kcc"]


def test_work_that_rolls_back_leaves_no_log_line():
    wereld = maak_wereld()
    persoon = PersoonFactory()

    def registreren_en_falen():
        with transaction.atomic():
            _registreren(wereld, persoon)
            raise RuntimeError("the caller's next step fails")

    with pytest.raises(RuntimeError):
        registreren_en_falen()
    assert not Contactmoment.objects.exists()
    assert not Toegangslog.objects.exists()


def test_a_callback_request_and_a_new_phone_number_log_themselves():
    wereld = maak_wereld()
    persoon = PersoonFactory()
    tbv = terugbelverzoek_aanmaken(
        partij=persoon,
        onderwerp=wereld.onderwerpen["wmo"],
        vraag="Bel mij over de aanvraag",
        telefoonnummer="06 12345678",
        door=wereld.users["kcc"],
    )
    assert Toegangslog.objects.filter(
        handeling=H.CONTACT_VASTGELEGD, object_type="terugbelverzoek", object_id=tbv.id
    ).exists()
    telefoonnummer_toevoegen(partij=persoon, nummer="06 87654321", door=wereld.users["kcc"])
    assert Toegangslog.objects.filter(handeling=H.GEGEVENS_GEWIJZIGD).count() == 1
    # the same number again adds nothing and logs nothing
    telefoonnummer_toevoegen(partij=persoon, nummer="0687654321", door=wereld.users["kcc"])
    assert Toegangslog.objects.filter(handeling=H.GEGEVENS_GEWIJZIGD).count() == 1
