"""The access log: every klantbeeld open and BSN reveal is written; rows cannot be changed;
tampering is detected by the hash chain."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils.html import escape

from permissions.accesslog import check_chain
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db


def test_every_klantbeeld_open_and_bsn_reveal_is_logged_with_who_whose_why(client):
    wereld = maak_wereld()
    persoon = PersoonFactory()
    client.force_login(wereld.users["kcc"])
    url = reverse("klantbeeld:klantbeeld", args=[persoon.id])
    for _ in range(3):
        client.get(url)
    html = client.get(url, {"doel": "Vraag over brief van 3 november"}).content.decode()
    assert "Doel van inzage: Vraag over brief van 3 november" in html
    client.post(reverse("klantbeeld:bsn-tonen", args=[persoon.id]), headers={"HX-Request": "true"})
    entries = list(Toegangslog.objects.order_by("id"))
    assert [e.handeling for e in entries] == ["klantbeeld_geopend"] * 4 + ["bsn_getoond"]
    first = entries[0]
    assert first.gebruiker == wereld.users["kcc"]
    assert "KCC-medewerker" in first.rollen
    assert first.afdeling == "Kcc"
    assert (first.betrokkene_type, first.betrokkene_id) == ("BSN", persoon.bsn)
    assert first.doel == "Lopend contact via Telefoon 14 024"
    assert entries[3].doel == "Vraag over brief van 3 november"
    assert first.verwerkingsactiviteit_id == "kcc-klantbeeld-raadplegen"
    assert len(first.trace_id) == 32
    assert check_chain() is None


def test_the_database_refuses_update_and_delete_of_log_rows(client):
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id]))
    entry = Toegangslog.objects.get()
    for sql in [
        "UPDATE permissions_toegangslog SET doel = 'x'",
        "DELETE FROM permissions_toegangslog",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert Toegangslog.objects.get().doel == entry.doel


def test_a_tampered_row_breaks_the_chain(client):
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    for _ in range(3):
        client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id]))
    middle = Toegangslog.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        # someone with the power to switch the trigger off changes a row…
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE permissions_toegangslog DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE permissions_toegangslog SET doel = 'verzonnen' WHERE id = %s", [middle.id]
        )
        cursor.execute("ALTER TABLE permissions_toegangslog ENABLE TRIGGER USER")
    # …and the chain check points at that row.
    assert check_chain() == middle.id


def test_privacy_officer_finds_who_viewed_a_person_and_makes_the_access_report(client):
    wereld = maak_wereld()
    persoon = PersoonFactory()
    client.force_login(wereld.users["kcc"])
    client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id]))
    client.force_login(wereld.users["wmo"])
    client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id]), {"doel": "Keukentafelgesprek"})
    client.force_login(wereld.users["privacy"])
    html = client.post(reverse("toegangslog"), {"bsn": persoon.bsn}, follow=True).content.decode()
    # as the page writes them: generated names like "van 't Riet" are HTML-escaped
    assert escape(wereld.users["kcc"].get_full_name()) in html
    assert escape(wereld.users["wmo"].get_full_name()) in html
    assert "Keukentafelgesprek" in html
    html = client.post(reverse("inzage"), {"bsn": persoon.bsn}, follow=True).content.decode()
    assert "Wmo" in html
    assert "Kcc" in html
    assert "Keukentafelgesprek" in html
    # a search by staff member alone (no BSN) finds that colleague's entries
    html = client.post(
        reverse("toegangslog"), {"medewerker": wereld.users["wmo"].username, "bsn": ""}, follow=True
    ).content.decode()
    assert "Keukentafelgesprek" in html
    assert "Dit BSN klopt niet" not in html
    response = client.post(reverse("toegangslog"), {"bsn": "111222334"})
    assert "Dit BSN klopt niet." in response.content.decode()
    # the officer's own searches are in the log: whose data, not the BSN in the purpose
    zoekacties = Toegangslog.objects.filter(handeling="toegangslog_doorzocht")
    assert {(z.object_type, z.betrokkene_id) for z in zoekacties} >= {
        ("toegangslog", persoon.bsn),
        ("inzageverzoek", persoon.bsn),
    }
    assert all(persoon.bsn not in z.doel for z in zoekacties)
    assert all(z.gebruiker == wereld.users["privacy"] for z in zoekacties)


@pytest.mark.parametrize("short", ["kcc", "balie", "wmo", "teamleider", "beheer"])
def test_only_the_privacy_officer_reads_the_log(client, short):
    wereld = maak_wereld()
    client.force_login(wereld.users[short])
    assert client.get(reverse("toegangslog")).status_code == 403
    assert client.get(reverse("inzage")).status_code == 403


def test_every_full_view_of_a_zaak_or_contact_is_logged_existence_views_are_not(client):
    from tests.factories import ContactmomentFactory, ZaakFactory

    wereld = maak_wereld()
    persoon = PersoonFactory()
    vol = ZaakFactory(partij=persoon, zaaktype=wereld.zaaktypen["publiekszaken"])
    ZaakFactory(partij=persoon, zaaktype=wereld.zaaktypen["wmo"])  # existence only for KCC
    cm_vol = ContactmomentFactory(partij=persoon, onderwerp=wereld.onderwerpen["afval"])
    ContactmomentFactory(partij=persoon, onderwerp=wereld.onderwerpen["wmo"])
    client.force_login(wereld.users["kcc"])
    requests = 3
    for _ in range(requests):
        client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id]))
    rows = Toegangslog.objects.all()
    assert rows.filter(handeling="klantbeeld_geopend").count() == requests
    assert set(rows.filter(handeling="zaak_volledig").values_list("object_id", flat=True)) == {
        vol.id
    }
    assert set(
        rows.filter(handeling="contactmoment_volledig").values_list("object_id", flat=True)
    ) == {cm_vol.id}
    assert rows.count() == 3 * requests
    assert check_chain() is None
