"""Post and e-mail land in the same klantbeeld; scans are checked by content and served only
to those who see the contact in full. And one Nijmegenaar who used every channel."""

import datetime
import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from channels.models import Bijlage, Email
from contacts.models import Contactmoment
from tests.catalogus import maak_wereld
from tests.factories import OnderwerpFactory, PersoonFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
TOKEN = "email-test-token-0123456789"
PROVIDER = "mx.nijmegen.nl"


@pytest.fixture
def wereld(db, settings, tmp_path):
    settings.KCC_BESTANDEN_MAP = str(tmp_path / "bestanden")
    settings.STORAGES = {
        **settings.STORAGES,
        "bijlagen": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.KCC_BESTANDEN_MAP},
        },
    }
    settings.KCC_EMAIL_TOKEN = TOKEN
    settings.KCC_EMAIL_AUTHSERV_ID = PROVIDER
    w = maak_wereld()
    OnderwerpFactory(code="algemene-vraag", naam="Algemene vraag", domein=w.domeinen["algemeen"])
    return w


def eerder_contact(wereld, persoon, *, kanaal="post", resultaat="in_behandeling", vraag="Brief"):
    """An earlier contact of this person about publiekszaken (a letter, unless said)."""
    from contacts.services import contactmoment_registreren

    return contactmoment_registreren(
        partij=persoon,
        kanaal=wereld.kanalen[kanaal],
        onderwerp=wereld.onderwerpen["publiekszaken"],
        vraag=vraag,
        antwoord="",
        resultaat=resultaat,
        door=wereld.users["balie" if kanaal == "post" else "kcc"],
    )


def brief(client, user, **data):
    client.force_login(user)
    form = {
        "ontvangen": "2026-11-20",
        "zoek": "",
        "afzender": "",
        "onderwerp": "Onderwerp algemeen",
        "samenvatting": "Vraagt om uitstel van betaling.",
        "scan": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
    }
    form.update(data)
    return client.post(reverse("channels:brief"), form, follow=True)


def test_letter_with_scan_lands_in_the_timeline_and_the_scan_is_guarded(client, wereld, settings):
    persoon = PersoonFactory()
    response = brief(client, wereld.users["balie"], zoek=persoon.bsn)
    assert "Brief geregistreerd" in response.content.decode()
    cm = Contactmoment.objects.get()
    assert cm.partij == persoon
    assert cm.kanaal.code == "post"
    assert timezone.localtime(cm.tijdstip).date() == datetime.date(2026, 11, 20)
    # the letter's number, for the answer letter: in the message, the timeline and the search
    kenmerk = f"BR-2026-{cm.id:06d}"
    assert kenmerk in response.content.decode()
    assert (
        kenmerk in client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    )
    gezocht = client.post(reverse("klantbeeld:zoeken"), {"q": f"br 2026 {cm.id}"}, follow=True)
    assert persoon.geslachtsnaam in gezocht.content.decode()
    bijlage = Bijlage.objects.get()
    assert bijlage.soort == "application/pdf"
    stored = Path(settings.KCC_BESTANDEN_MAP) / bijlage.pad
    assert stored.read_bytes() == PDF
    assert not str(stored).startswith(str(settings.STATIC_ROOT))  # not in the web root
    klantbeeld = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    link = reverse("channels:bijlage", args=[bijlage.id])
    assert link in klantbeeld
    assert "scan.pdf" in klantbeeld
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    # the WMO colleague sees "algemeen" as existence only: no scan for them
    client.force_login(wereld.users["wmo"])
    assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    ("naam", "inhoud", "message"),
    [
        ("virus.pdf", EXE, "is geen PDF, JPEG of PNG"),
        ("leeg.pdf", b"", "is leeg"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(client, wereld, naam, inhoud, message):
    response = brief(
        client,
        wereld.users["balie"],
        afzender="J. Jansen, Straat 1",
        scan=SimpleUploadedFile(naam, inhoud, content_type="application/pdf"),
    )
    assert message in response.content.decode()
    assert Contactmoment.objects.count() == 0
    assert Bijlage.objects.count() == 0


def test_too_large_a_scan_is_refused(client, wereld, settings):
    settings.KCC_BIJLAGE_MAX_MB = 1
    response = brief(
        client,
        wereld.users["balie"],
        afzender="J. Jansen",
        scan=SimpleUploadedFile("groot.pdf", PDF + b"0" * (1024 * 1024)),
    )
    assert "te groot" in response.content.decode()
    assert Contactmoment.objects.count() == 0


def test_a_letter_about_a_running_case_is_linked_to_it(client, wereld):
    from tests.factories import ZaakFactory

    persoon = PersoonFactory()
    zaak = ZaakFactory(
        partij=persoon,
        zaaktype=wereld.zaaktypen["publiekszaken"],
        identificatie="ZAAK-2026-0000042",
    )
    brief(client, wereld.users["balie"], zoek=persoon.bsn, zaaknummer="zaak-2026-0000042")
    assert list(zaak.contactmomenten.all()) == [Contactmoment.objects.get()]
    response = brief(client, wereld.users["balie"], zoek=persoon.bsn, zaaknummer="ZAAK-0")
    assert "Er is geen zaak met dit nummer" in response.content.decode()
    assert Contactmoment.objects.count() == 1


def test_unknown_sender_waits_to_be_linked(client, wereld):
    brief(client, wereld.users["balie"], afzender="Mevr. K. de Boer, Hoogstraat 4, Nijmegen")
    cm = Contactmoment.objects.get()
    assert cm.partij is None
    client.force_login(wereld.users["kcc"])
    lijst = client.get(reverse("channels:te-koppelen")).content.decode()
    assert "Mevr. K. de Boer" in lijst


def geslaagd(van):
    """What our provider stamps on a mail whose sender passed DMARC."""
    domein = van.rsplit("@", 1)[1]
    return f"{PROVIDER}; spf=pass smtp.mailfrom={van}; dmarc=pass header.from={domein}"


def email(
    van="lotte@voorbeeld.nl",
    message_id="<m1@voorbeeld.nl>",
    bijlagen=(),
    authenticatie: tuple[str, ...] | None = None,
    onderwerp="Vraag over mijn aanslag",
):
    msg = EmailMessage()
    for kop in (geslaagd(van),) if authenticatie is None else authenticatie:
        msg["Authentication-Results"] = kop
    msg["From"] = f"Lotte de Vries <{van}>"
    msg["To"] = "gemeente@nijmegen.nl"
    msg["Subject"] = onderwerp
    msg["Message-ID"] = message_id
    msg.set_content("Kunt u mij uitleggen hoe de WOZ-waarde is bepaald?")
    for naam, inhoud, soort in bijlagen:
        maintype, subtype = soort.split("/")
        msg.add_attachment(inhoud, maintype=maintype, subtype=subtype, filename=naam)
    return msg.as_bytes()


def post_email(client, raw, token=TOKEN):
    return client.post(
        reverse("channels:email-inkomend"),
        raw,
        content_type="message/rfc822",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_inbound_email_matches_the_sender_and_keeps_allowed_attachments(client, wereld):
    persoon = PersoonFactory()
    persoon.emailadressen.create(adres="lotte@voorbeeld.nl")
    raw = email(
        bijlagen=[("brief.pdf", PDF, "application/pdf"), ("factuur.pdf", EXE, "application/pdf")]
    )
    assert post_email(client, raw, token="fout").status_code == 401
    response = post_email(client, raw)
    assert response.status_code == 201
    body = response.json()
    assert len(body["geweigerd"]) == 1
    assert "factuur.pdf" in body["geweigerd"][0]
    cm = Contactmoment.objects.get()
    assert cm.partij == persoon
    assert cm.kanaal.code == "e-mail"
    assert "WOZ-waarde" in cm.vraag
    assert [b.naam for b in Bijlage.objects.all()] == ["brief.pdf"]
    again = post_email(client, raw)  # the provider posts it twice
    assert again.status_code == 200
    assert json.loads(again.content)["nieuw"] is False
    assert Contactmoment.objects.count() == 1
    assert Email.objects.count() == 1


def test_eml_upload_and_unreadable_input(client, wereld):
    client.force_login(wereld.users["kcc"])
    url = reverse("channels:eml")
    response = client.post(
        url,
        {"bestand": SimpleUploadedFile("bericht.eml", email(van="onbekend@voorbeeld.nl"))},
        follow=True,
    )
    assert "E-mail geregistreerd. Hij wacht in" in response.content.decode()
    assert Contactmoment.objects.get().afzender == "Lotte de Vries <onbekend@voorbeeld.nl>"
    response = client.post(url, {"bestand": SimpleUploadedFile("x.eml", b"geen e-mail")})
    assert response.status_code == 400
    assert "geen afzender" in response.content.decode()
    assert Contactmoment.objects.count() == 1


def test_one_nijmegenaar_who_used_every_channel_sees_them_in_one_timeline(client, wereld, settings):
    """Phone, desk, web form, post and e-mail, and the callback's outcome: one history,
    newest first."""
    from callbacks import services as callbacks

    settings.KCC_TELEFONIE_TOKEN = "t" * 20
    persoon = PersoonFactory(geslachtsnaam="Alkanaal")
    persoon.emailadressen.create(adres="alkanaal@voorbeeld.nl")
    persoon.telefoonnummers.create(nummer="+31612345678", soort="mobiel")
    kcc, balie = wereld.users["kcc"], wereld.users["balie"]
    # 1. phone, popped by caller id
    client.post(
        reverse("bronnen:telefonie-gebeurtenis"),
        json.dumps(
            {"event": "call_started", "call_id": "k1", "agent": "t-kcc", "caller": "0612345678"}
        ),
        content_type="application/json",
        headers={"Authorization": "Bearer " + "t" * 20},
    )
    client.force_login(kcc)
    client.post(
        reverse("klantbeeld:contactmoment-registreren", args=[persoon.id]),
        {
            "kanaal": wereld.kanalen["telefoon"].id,
            "onderwerp": "Onderwerp algemeen",
            "vraag": "KANAAL-telefoon",
            "resultaat": "beantwoord",
            "gesprek": "k1",
        },
    )
    # 2. the desk, identity checked
    client.force_login(balie)
    client.post(
        reverse("klantbeeld:contactmoment-registreren", args=[persoon.id]),
        {
            "kanaal": wereld.kanalen["balie-stadswinkel"].id,
            "onderwerp": "Onderwerp algemeen",
            "vraag": "KANAAL-balie",
            "resultaat": "beantwoord",
            "legitimatie_gezien": "on",
        },
    )
    # 3. the web form, matched by e-mail, asking to be called
    client.logout()
    client.post(
        "/contact/",
        {
            "naam": "A. Alkanaal",
            "vraag": "KANAAL-webformulier",
            "contactwijze": "telefoon",
            "telefoonnummer": "06 12345678",
            "email": "alkanaal@voorbeeld.nl",
            "onderwerp": "",
            "sleutel": "8d0e3c4e-55aa-4c1e-9a3b-0c8f5b0f1a11",
        },
    )
    # 4. a letter, 5. an e-mail
    brief(
        client,
        balie,
        zoek=persoon.bsn,
        samenvatting="KANAAL-post",
        ontvangen=timezone.localdate().isoformat(),
    )
    post_email(
        client,
        email(van="alkanaal@voorbeeld.nl").replace(
            b"Kunt u mij uitleggen", b"KANAAL-email Kunt u mij uitleggen"
        ),
    )
    # 6. the callback from the web form, closed by the KCC
    tbv = persoon.terugbelverzoeken.get()
    callbacks.terugbelverzoeken_routeren(tbv.id)
    callbacks.terugbelverzoek_afsluiten(door=kcc, tbv_id=tbv.id, uitkomst="afgehandeld")
    kanalen = list(
        Contactmoment.objects.filter(partij=persoon)
        .order_by("-tijdstip", "-id")
        .values_list("kanaal__code", flat=True)
    )
    assert set(kanalen) == {"telefoon", "balie-stadswinkel", "webformulier", "post", "e-mail"}
    client.force_login(kcc)
    html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    for marker in [
        "KANAAL-telefoon",
        "KANAAL-balie",
        "KANAAL-webformulier",
        "KANAAL-post",
        "KANAAL-email",
        "afgesloten: afgehandeld",
    ]:
        assert marker in html, marker
    # newest first: the outcome, then the e-mail, then the web form, the desk, the phone
    order = [
        html.index(m)
        for m in [
            "afgesloten: afgehandeld",
            "KANAAL-email",
            "KANAAL-webformulier",
            "KANAAL-balie",
            "KANAAL-telefoon",
        ]
    ]
    assert order == sorted(order)
    assert "legitimatie gezien" in html


@pytest.mark.parametrize(
    "koppen",
    [
        pytest.param((), id="no Authentication-Results at all"),
        pytest.param(
            ("mx.nijmegen.nl; spf=fail smtp.mailfrom=lotte@voorbeeld.nl; dmarc=fail "
             "header.from=voorbeeld.nl",), id="dmarc and spf fail"),
        pytest.param(
            ("mx.aanvaller.example; dmarc=pass header.from=voorbeeld.nl",),
            id="a pass from someone else's server"),
        pytest.param(
            ("mx.nijmegen.nl; dkim=pass header.d=aanvaller.example",),
            id="a signature of another domain"),
        pytest.param(
            ("mx.nijmegen.nl; dmarc=fail header.from=voorbeeld.nl",
             "mx.nijmegen.nl; dmarc=pass header.from=voorbeeld.nl"),
            id="a forged pass below our provider's own verdict"),
        pytest.param(("mx.nijmegen.nl; ;;; dmarc==",), id="an unreadable header"),
        pytest.param(
            ("mx.nijmegen.nl; ;;; dmarc==",
             "mx.nijmegen.nl; dmarc=pass header.from=voorbeeld.nl"),
            id="our provider's unreadable verdict above a forged pass"),
    ],
)  # fmt: skip
def test_a_forged_sender_never_lands_in_the_residents_history(client, wereld, koppen):
    persoon = PersoonFactory()
    persoon.emailadressen.create(adres="lotte@voorbeeld.nl")
    response = post_email(client, email(authenticatie=koppen))
    assert response.status_code == 201
    cm = Contactmoment.objects.get()
    assert cm.partij is None
    assert not Contactmoment.objects.filter(partij=persoon).exists()
    client.force_login(wereld.users["kcc"])
    lijst = client.get(reverse("channels:te-koppelen")).content.decode()
    assert "afzender niet gecontroleerd" in lijst
    assert "lotte@voorbeeld.nl" in lijst


@pytest.mark.parametrize(
    "kop",
    [
        "mx.nijmegen.nl; dmarc=pass (p=reject) header.from=voorbeeld.nl",
        "mx.nijmegen.nl; dkim=pass header.d=voorbeeld.nl header.s=sel1",
        "MX.Nijmegen.NL; spf=pass smtp.mailfrom=bounce@voorbeeld.nl",
    ],
)
def test_a_sender_our_provider_vouches_for_is_matched(client, wereld, kop):
    persoon = PersoonFactory()
    persoon.emailadressen.create(adres="lotte@voorbeeld.nl")
    assert post_email(client, email(authenticatie=(kop,))).status_code == 201
    assert Contactmoment.objects.get().partij == persoon
    assert Email.objects.get().afzender_gecontroleerd is True


def test_without_a_configured_provider_no_sender_is_trusted(client, wereld, settings):
    settings.KCC_EMAIL_AUTHSERV_ID = ""
    PersoonFactory().emailadressen.create(adres="lotte@voorbeeld.nl")
    post_email(client, email())
    assert Contactmoment.objects.get().partij is None


def test_the_token_must_come_as_a_bearer_token(client, wereld):
    response = client.post(
        reverse("channels:email-inkomend"),
        email(),
        content_type="message/rfc822",
        headers={"Authorization": TOKEN},
    )
    assert response.status_code == 401
    assert Contactmoment.objects.count() == 0


def test_the_same_letter_sent_twice_is_stored_once(client, wereld):
    import re

    client.force_login(wereld.users["balie"])
    page = client.get(reverse("channels:brief")).content.decode()
    sleutel = re.search(r'name="sleutel" value="([0-9a-f-]{36})"', page).group(1)
    for _ in range(2):
        brief(client, wereld.users["balie"], afzender="Mevr. Tweemaal", sleutel=sleutel)
    assert Contactmoment.objects.filter(afzender="Mevr. Tweemaal").count() == 1
    assert Bijlage.objects.count() == 1


def test_a_letter_quoting_our_reference_joins_that_question_and_knows_its_sender(client, wereld):
    """Charlotte writes back about callback request TB-…: the letter lands in her history,
    in the question of the call in which the request was made, without looking her up."""
    from callbacks.services import terugbelverzoek_aanmaken

    persoon = PersoonFactory(voornamen="Charlotte")
    gesprek = eerder_contact(
        wereld, persoon, kanaal="telefoon", resultaat="terugbelverzoek", vraag="Paspoort klaar?"
    )
    verzoek = terugbelverzoek_aanmaken(
        partij=persoon,
        onderwerp=wereld.onderwerpen["publiekszaken"],
        vraag="Bel mij over de afhaaldatum",
        telefoonnummer="0612345678",
        door=wereld.users["kcc"],
        contactmoment=gesprek,
    )
    response = brief(client, wereld.users["balie"], kenmerk=verzoek.referentie.lower())
    html = response.content.decode()
    assert "bij de vraag van" in html, html[:2000]
    letter = Contactmoment.objects.get(kanaal__code="post")
    assert letter.partij_id == persoon.id
    assert letter.klantreis == gesprek.klantreis
    # its own BR number works as a reference for the next letter, for the same sender only
    tweede = brief(
        client,
        wereld.users["balie"],
        zoek=persoon.bsn,
        kenmerk=f"BR-{letter.tijdstip:%Y}-{letter.id}",
        samenvatting="Stuurt de ontbrekende pasfoto.",
    )
    assert "bij de vraag van" in tweede.content.decode()
    assert Contactmoment.objects.filter(klantreis=gesprek.klantreis).count() == 3


@pytest.mark.parametrize(
    ("kenmerk", "melding"),
    [
        ("TB-2026-999999", "We kennen geen eerder contact met dit kenmerk"),
        ("geen nummer", "We kennen geen eerder contact met dit kenmerk"),
        ("ander", "Dit kenmerk hoort bij iemand anders dan de afzender"),
    ],
)
def test_a_reference_we_do_not_know_or_of_someone_else_is_refused_and_nothing_is_stored(
    client, wereld, kenmerk, melding
):
    afzender, ander = PersoonFactory(), PersoonFactory()
    eerder = eerder_contact(wereld, ander)
    if kenmerk == "ander":
        kenmerk = f"BR-{eerder.tijdstip:%Y}-{eerder.id:06d}"
    response = brief(client, wereld.users["balie"], zoek=afzender.bsn, kenmerk=kenmerk)
    assert melding in response.content.decode()
    assert Contactmoment.objects.count() == 1  # only the earlier letter


def test_a_reply_quoting_our_number_joins_that_question_of_the_same_sender_only(client, wereld):
    """Lotte answers our letter by e-mail, "Re: uw brief BR-…": the mail joins that question.
    A number of someone else in the subject joins nothing (a new question of her own)."""
    lotte, ander = PersoonFactory(), PersoonFactory()
    lotte.emailadressen.create(adres="lotte@voorbeeld.nl")
    haar, niet_haar = eerder_contact(wereld, lotte), eerder_contact(wereld, ander)
    kenmerk = f"BR-{haar.tijdstip:%Y}-{haar.id:06d}"
    assert post_email(client, email(onderwerp=f"Re: uw brief {kenmerk}")).status_code == 201
    antwoord = Contactmoment.objects.get(kanaal__code="e-mail")
    assert antwoord.partij_id == lotte.id
    assert antwoord.klantreis == haar.klantreis
    vreemd = f"Re: BR-{niet_haar.tijdstip:%Y}-{niet_haar.id:06d}"
    post_email(client, email(onderwerp=vreemd, message_id="<m2@voorbeeld.nl>"))
    tweede = Contactmoment.objects.filter(kanaal__code="e-mail").latest("id")
    assert tweede.partij_id == lotte.id
    assert tweede.klantreis not in (haar.klantreis, niet_haar.klantreis)


def test_an_uploaded_eml_never_vouches_for_its_own_sender(client, wereld):
    """A colleague uploads an .eml from a department's mailbox: a file anyone could have
    written, so its Authentication-Results header (a pass of our own provider) counts for
    nothing and the sender is not matched by it."""
    persoon = PersoonFactory()
    persoon.emailadressen.create(adres="lotte@voorbeeld.nl")
    client.force_login(wereld.users["kcc"])
    client.post(reverse("channels:eml"), {"bestand": SimpleUploadedFile("bericht.eml", email())})
    assert Email.objects.get().afzender_gecontroleerd is False
    assert Contactmoment.objects.get().partij is None
