"""The Zaak read model is fed through a replaceable source adapter (contract test)."""

import datetime

import pytest

from cases.models import Zaak
from contacts.models import Partij
from sources.zaken import LijstBron, ZaakGegevens, zaken_synchroniseren
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db


def gegevens(**kwargs):
    base = {
        "identificatie": "ZAAK-2026-1000001",
        "zaaktype_code": "zaaktype-wmo",
        "omschrijving": "Traplift",
        "status": "Ontvangen",
        "afdeling_code": "wmo",
        "startdatum": datetime.date(2026, 11, 2),
    }
    return ZaakGegevens(**{**base, **kwargs})


def test_sync_creates_updates_and_never_doubles():
    maak_wereld()
    persoon = PersoonFactory()
    bron = LijstBron("openzaak", [gegevens(bsn=persoon.bsn, behandelaar_gebruikersnaam="t-wmo")])
    first = zaken_synchroniseren(bron=bron)
    again = zaken_synchroniseren(bron=bron)
    assert (first.nieuw, again.nieuw, again.bijgewerkt) == (1, 0, 1)
    zaak = Zaak.objects.get()
    assert zaak.partij == persoon
    assert zaak.behandelaar.user.username == "t-wmo"
    assert zaak.bron == "openzaak"
    zaken_synchroniseren(
        bron=LijstBron("openzaak", [gegevens(bsn=persoon.bsn, status="Besluit genomen")])
    )
    assert Zaak.objects.get().status == "Besluit genomen"


def test_sync_skips_and_counts_what_it_cannot_place():
    maak_wereld()
    persoon = PersoonFactory()
    result = zaken_synchroniseren(
        bron=LijstBron(
            "openzaak",
            [
                gegevens(identificatie="A", bsn="999999990"),
                gegevens(identificatie="B", bsn=persoon.bsn, zaaktype_code="bestaat-niet"),
                gegevens(identificatie="C", bsn=persoon.bsn, afdeling_code="bestaat-niet"),
                gegevens(identificatie="D", bsn=persoon.bsn, vertrouwelijkheidaanduiding="x"),
            ],
        )
    )
    assert result.nieuw == 0
    assert sum(result.overgeslagen.values()) == 4
    assert not Zaak.objects.exists()


def test_a_zaak_without_a_start_date_is_skipped_and_the_rest_is_kept():
    """Before, the NOT NULL column failed the whole run's transaction: no zaak was stored."""
    maak_wereld()
    persoon = PersoonFactory()
    bron = LijstBron(
        "openzaak",
        [
            gegevens(bsn=persoon.bsn, identificatie="ZAAK-ZONDER-START", startdatum=None),
            gegevens(bsn=persoon.bsn, identificatie="ZAAK-MET-START"),
        ],
    )
    resultaat = zaken_synchroniseren(bron=bron)
    assert resultaat.nieuw == 1
    assert resultaat.overgeslagen == {"no start date": 1}
    assert list(Zaak.objects.values_list("identificatie", flat=True)) == ["ZAAK-MET-START"]


def test_one_organisation_with_a_name_over_the_column_skips_only_its_own_zaak(
    monkeypatch, settings
):
    """The KVK sets no maximum on a name: one such organisation used to stop the whole load
    at its page (every run again). Now its zaak is skipped with a reason, the rest is kept."""
    from sources import kvk

    maak_wereld()
    persoon = PersoonFactory()
    settings.KCC_KVK_URL = "http://kvk.voorbeeld.test"
    lang = kvk.KvkTreffer(
        kvk_nummer="09000011", vestigingsnummer="", rsin="859623841",
        naam="Stichting " + "zeer " * 60 + "lang", soort="rechtspersoon",
    )  # fmt: skip
    monkeypatch.setattr(kvk.KvkClient, "zoeken", lambda self, **vraag: [lang])
    result = zaken_synchroniseren(
        bron=LijstBron(
            "openzaak",
            [
                gegevens(identificatie="ORG", kvk_nummer="09000011"),
                gegevens(identificatie="PERSOON", bsn=persoon.bsn),
                gegevens(identificatie="FOUT-BSN", bsn="123456789"),  # fails the 11-test
            ],
        ),
        organisatie_overnemen=kvk.organisatie_voor,
    )
    assert result.nieuw == 1
    assert result.overgeslagen == {"unknown Nijmegenaar": 1, "invalid BSN": 1}
    assert list(Zaak.objects.values_list("identificatie", flat=True)) == ["PERSOON"]
    assert not Partij.objects.filter(kvk_nummer="09000011").exists()
