"""The knowledge-base answer a contact was given with, in the Klantinteracties API: an
onderwerpobject (codeObjecttype kennisartikel / vac / webpagina, codeRegister the source,
objectId its uuid or address) — where KISS keeps it only in its own database. Only for a
client that sees the contact in full, like its subject."""

import pytest

from contacts.models import Kennislink
from klantinteracties import ids
from tests.factories import ContactmomentFactory, PersoonFactory

pytestmark = pytest.mark.django_db


def _contact(wereld, domein_code):
    cm = ContactmomentFactory(
        partij=PersoonFactory(), onderwerp=wereld.onderwerpen[domein_code],
        kanaal=wereld.kanalen["telefoon"], vraag="Wat kost een paspoort?",
    )  # fmt: skip
    link = Kennislink.objects.create(
        contactmoment=cm, soort="kennisartikel", register="kennisbank",
        object_id="0f774bab-732f-5b60-9627-1c5b0b091205",
        titel="Paspoort of ID-kaart aanvragen " + "met een heel lange titel " * 10,
        sectie="Kosten",
    )  # fmt: skip
    return cm, link


def test_het_gekozen_artikel_is_een_onderwerpobject(wereld, api):
    kcc = api("kcc")
    cm, _link = _contact(wereld, "publiekszaken")
    uuid = ids.maak("klantcontact", cm.id)
    contact = kcc.get(f"klantcontacten/{uuid}", expand="gingOverOnderwerpobjecten")
    (onderwerpobject,) = [
        o for o in contact["_expand"]["gingOverOnderwerpobjecten"]
        if o["onderwerpobjectidentificator"]["codeObjecttype"] == "kennisartikel"
    ]  # fmt: skip
    assert onderwerpobject["onderwerpobjectidentificator"] == {
        "objectId": "0f774bab-732f-5b60-9627-1c5b0b091205",
        "codeObjecttype": "kennisartikel",
        "codeRegister": "kennisbank",
        "codeSoortObjectId": "uuid",
    }
    # on its own address too, and its klantcontact points back
    los = kcc.get(onderwerpobject["url"])
    assert los["klantcontact"]["uuid"] == uuid
    # read-only through the API: changed in the workbench
    kcc.patch(onderwerpobject["url"], {"klantcontact": {"uuid": uuid}}, verwacht=405)


def test_niet_voor_wie_het_contact_niet_volledig_ziet(wereld, api):
    kcc = api("kcc")
    cm, link = _contact(wereld, "wmo")  # the KCC sees that a WMO contact exists, no more
    uuid = ids.maak("klantcontact", cm.id)
    contact = kcc.get(f"klantcontacten/{uuid}", expand="gingOverOnderwerpobjecten")
    codes = [
        o["onderwerpobjectidentificator"]["codeObjecttype"]
        for o in contact["_expand"]["gingOverOnderwerpobjecten"]
    ]
    assert "kennisartikel" not in codes
    kcc.get(f"onderwerpobjecten/{ids.maak('onderwerpobject-kennis', link.id)}", verwacht=404)
