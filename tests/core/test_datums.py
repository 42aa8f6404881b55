"""Dates as the municipality writes them: "1 dec. 2026", not Django's "1 Dec 2026"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.datums import datum


@pytest.mark.parametrize(
    ("waarde", "formaat", "tekst"),
    [
        (datetime.date(2026, 12, 1), "j M Y", "1 dec. 2026"),
        (datetime.date(2026, 5, 5), "j M Y", "5 mei 2026"),  # no full stop after mei
        (datetime.date(2026, 3, 9), "j M Y", "9 mrt. 2026"),
        (datetime.datetime(2026, 12, 1, 10, 5), "D j M Y, H:i", "di 1 dec. 2026, 10:05"),
        # an escaped M stays a letter
        (datetime.date(2026, 12, 1), r"j M \M", "1 dec. M"),
    ],
)
def test_dutch_month_abbreviations(waarde, formaat, tekst):
    with translation.override("nl"):
        assert datum(waarde, formaat) == tekst


@pytest.mark.django_db
def test_the_callback_page_writes_its_dates_in_dutch(client):
    from callbacks import services
    from callbacks.models import Terugbelverzoek
    from tests.catalogus import maak_wereld
    from tests.factories import PersoonFactory

    wereld = maak_wereld()
    tbv = services.terugbelverzoek_aanmaken(
        partij=PersoonFactory(),
        onderwerp=wereld.onderwerpen["wmo"],
        vraag="Vraag",
        telefoonnummer="0612345678",
        door=wereld.users["kcc"],
    )
    moment = datetime.datetime(2026, 12, 1, 10, 5, tzinfo=datetime.UTC)
    Terugbelverzoek.objects.filter(id=tbv.id).update(aangemaakt=moment)
    client.force_login(wereld.users["kcc"])
    html = client.get(reverse("callbacks:detail", args=[tbv.id])).content.decode()
    assert "di 1 dec. 2026, 11:05" in html  # 10:05 UTC is 11:05 in Nijmegen
    assert "Dec" not in html
