"""One search box for everything: what an agent types, in any format, finds the right person."""

import pytest
from django.test import Client
from django.urls import reverse

from contacts import normalise
from contacts.models import Partij
from contacts.services import adres_toevoegen, emailadres_toevoegen, telefoonnummer_toevoegen
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory, ZaakFactory


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("111222333", normalise.KIND_BSN, "111222333"),
        ("111 222 333", normalise.KIND_BSN, "111222333"),
        (" 111.222.333 ", normalise.KIND_BSN, "111222333"),
        ("06-12345678", normalise.KIND_PHONE, "+31612345678"),
        ("+31 6 12345678", normalise.KIND_PHONE, "+31612345678"),
        ("0031612345678", normalise.KIND_PHONE, "+31612345678"),
        ("024 329 9000", normalise.KIND_PHONE, "+31243299000"),
        ("(024) 3299000", normalise.KIND_PHONE, "+31243299000"),
        ("6511 AB 12", normalise.KIND_POSTCODE, "6511AB"),
        ("6511ab 12-2", normalise.KIND_POSTCODE, "6511AB"),
        ("6511AB", normalise.KIND_POSTCODE, "6511AB"),
        ("Jan@Voorbeeld.NL", normalise.KIND_EMAIL, "jan@voorbeeld.nl"),
        ("12345678", normalise.KIND_KVK, "12345678"),
        ("000012345678", normalise.KIND_VESTIGING, "000012345678"),
        ("zaak-2026-0000123", normalise.KIND_ZAAK, "ZAAK-2026-0000123"),
        ("Meijer", normalise.KIND_NAME, "myer"),
        # as people type them: no spaces, no leading zeros, no prefix
        ("6511AB12", normalise.KIND_POSTCODE, "6511AB"),
        ("6511ab12-2", normalise.KIND_POSTCODE, "6511AB"),
        ("zaak 2026 123", normalise.KIND_ZAAK, "ZAAK-2026-123"),
        ("2026-123", normalise.KIND_ZAAK, "ZAAK-2026-123"),
        ("9000011", normalise.KIND_KVK, "09000011"),
    ],
)
def test_every_way_of_typing_a_key_is_understood(typed, kind, value):
    key = normalise.parse_query(typed)
    assert (key.kind, key.value) == (kind, value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("111222334", "Dit BSN klopt niet"),
        ("6511 SA 1", "Deze postcode bestaat niet"),
        ("0511 AB 1", "Deze postcode bestaat niet"),
        ("06-1234", "We herkennen dit nummer niet"),
        ("jan@", "Dit e-mailadres is niet compleet"),
        ("x", "Typ minstens 2 letters"),
    ],
)
def test_invalid_input_is_told_in_plain_dutch(client, db, typed, message):
    wereld = maak_wereld()
    client.force_login(wereld.users["kcc"])
    response = client.post(reverse("klantbeeld:zoeken"), {"q": typed}, follow=True)
    assert message in response.content.decode()


def test_postcode_key_keeps_house_number_letter_and_addition():
    key = normalise.parse_query("6511ab 12-2")
    assert key.extra == {"huisnummer": 12, "huisletter": "", "toevoeging": "2"}
    key = normalise.parse_query("6511 AB 12a")
    assert key.extra["huisletter"] == "A"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Janssen", "Jansen"),
        ("Jansen", "Janssen"),
        ("Meijer", "Meyer"),
        ("Meyer", "Meijer"),
        ("Smid", "Smit"),
        ("Visscher", "Visser"),
        ("Bakker", "Backer"),
    ],
)
def test_name_search_tolerates_spelling_variants(client, db, stored, typed):
    wereld = maak_wereld()
    PersoonFactory(geslachtsnaam=stored, voornamen="Anna")
    PersoonFactory(geslachtsnaam="Pietersen", voornamen="Kees")
    client.force_login(wereld.users["kcc"])
    response = client.post(reverse("klantbeeld:zoeken"), {"q": typed}, follow=True)
    html = response.content.decode()
    assert f"Anna {stored}" in html
    assert "Pietersen" not in html


def test_misspelled_name_is_found_by_trigram_similarity(client, db):
    wereld = maak_wereld()
    PersoonFactory(geslachtsnaam="Hendriksen", voornamen="Mila")
    client.force_login(wereld.users["kcc"])
    html = client.post(
        reverse("klantbeeld:zoeken"), {"q": "Hendrikse"}, follow=True
    ).content.decode()
    assert "Mila Hendriksen" in html


def test_first_name_and_surname_narrow_the_search(client, db):
    wereld = maak_wereld()
    PersoonFactory(geslachtsnaam="Jansen", voornamen="Piet")
    PersoonFactory(geslachtsnaam="Jansen", voornamen="Klaas")
    client.force_login(wereld.users["kcc"])
    html = client.post(
        reverse("klantbeeld:zoeken"), {"q": "Piet Janssen"}, follow=True
    ).content.decode()
    assert "Piet Jansen" in html
    assert "Klaas" not in html


def test_each_key_finds_the_person(client, db):
    wereld = maak_wereld()
    persoon = PersoonFactory(geslachtsnaam="de Groot", voornamen="Fatima")
    telefoonnummer_toevoegen(door=None, partij=persoon, nummer="06 12345678")
    emailadres_toevoegen(door=None, partij=persoon, adres="Fatima@Voorbeeld.nl")
    adres_toevoegen(
        door=None,
        partij=persoon,
        soort="woonadres",
        straat="Molenstraat",
        huisnummer=12,
        toevoeging="2",
        postcode="6511 AB",
        woonplaats="Nijmegen",
    )
    ZaakFactory(
        partij=persoon,
        identificatie="ZAAK-2026-0000042",
        zaaktype=wereld.zaaktypen["publiekszaken"],
    )
    bedrijf = Partij.objects.create(
        soort="organisatie",
        naam="Bakkerij De Waal",
        kvk_nummer="12345678",
        vestigingsnummer="000012345678",
    )
    client.force_login(wereld.users["kcc"])
    for typed in [
        persoon.bsn,
        "+31 6 12345678",
        "0031612345678",
        "fatima@voorbeeld.NL",
        "6511 AB 12-2",
        "6511ab 12",
        "ZAAK-2026-0000042",
        "de groot",
    ]:
        html = client.post(reverse("klantbeeld:zoeken"), {"q": typed}, follow=True).content.decode()
        assert "Fatima de Groot" in html, typed
        assert "Molenstraat 12-2" in html, typed
    for typed in ["12345678", "000012345678", "Bakkerij"]:
        html = client.post(reverse("klantbeeld:zoeken"), {"q": typed}, follow=True).content.decode()
        assert bedrijf.naam in html, typed


def test_results_show_just_enough_to_tell_people_apart(client, db):
    wereld = maak_wereld()
    import datetime

    persoon = PersoonFactory(
        geslachtsnaam="Willems", voornamen="Sem", geboortedatum=datetime.date(1984, 3, 9)
    )
    telefoonnummer_toevoegen(door=None, partij=persoon, nummer="0612345678")
    adres_toevoegen(
        door=None,
        partij=persoon,
        soort="woonadres",
        straat="Graafseweg",
        huisnummer=5,
        postcode="6512 AB",
        woonplaats="Nijmegen",
    )
    client.force_login(wereld.users["kcc"])
    html = client.post(
        reverse("klantbeeld:zoeken"), {"q": "Willems"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Sem Willems" in html
    assert "1984" in html
    # one line: name · birth year · street and number · postcode (issue 16)
    assert "Graafseweg 5 · 6512 AB" in html
    for too_much in [persoon.bsn, "9 maart", "06 12345678", "+31612345678"]:
        assert too_much not in html


@pytest.mark.parametrize("namesakes", [1, 25])
def test_a_page_of_results_costs_the_same_queries_as_one_result(
    client, db, django_assert_max_num_queries, namesakes
):
    wereld = maak_wereld()
    for i in range(namesakes):
        persoon = PersoonFactory(geslachtsnaam="Vermeulen", voornamen=f"Noor{i:02}")
        adres_toevoegen(
            door=None,
            partij=persoon,
            soort="woonadres",
            straat="Hertogstraat",
            huisnummer=i + 1,
            postcode="6511 RV",
            woonplaats="Nijmegen",
        )
    client.force_login(wereld.users["kcc"])
    url = reverse("klantbeeld:zoeken")
    client.post(url, {"q": "Vermeulen"}, headers={"HX-Request": "true"})  # warm the session
    # session; the user with roles and levels; the matching ids (same spelling, then
    # similar); the page of persons, each with the address its line shows
    with django_assert_max_num_queries(5):
        html = client.post(url, {"q": "Vermeulen"}, headers={"HX-Request": "true"}).content.decode()
    shown = min(namesakes, 20)
    assert html.count('class="result"') == shown
    assert f"Noor{shown - 1:02} Vermeulen" in html
    assert f">Hertogstraat {shown} · 6511 RV</span>" in html


def test_address_search_never_reveals_a_person_with_brp_secrecy(client, db):
    wereld = maak_wereld()
    geheim = PersoonFactory(geslachtsnaam="Verborgen", voornamen="Eva", geheimhouding=True)
    adres_toevoegen(
        door=None,
        partij=geheim,
        soort="woonadres",
        straat="Hertogstraat",
        huisnummer=3,
        postcode="6511 RV",
        woonplaats="Nijmegen",
    )
    client.force_login(wereld.users["kcc"])
    html = client.post(
        reverse("klantbeeld:zoeken"), {"q": "6511 RV 3"}, follow=True
    ).content.decode()
    assert "Verborgen" not in html
    # By name the person is found, but the address stays hidden in the result.
    html = client.post(
        reverse("klantbeeld:zoeken"), {"q": "Verborgen"}, follow=True
    ).content.decode()
    assert "Eva Verborgen" in html
    assert "Hertogstraat" not in html


def test_zaak_number_of_a_zaak_the_user_may_not_know_finds_nobody(client, db):
    wereld = maak_wereld()
    persoon = PersoonFactory(geslachtsnaam="Straatlamp")
    ZaakFactory(
        partij=persoon,
        identificatie="ZAAK-2026-0000777",
        zaaktype=wereld.zaaktypen["openbare-ruimte"],
    )
    client.force_login(wereld.users["wmo"])  # WMO sees nothing of Openbare ruimte
    html = client.post(
        reverse("klantbeeld:zoeken"), {"q": "ZAAK-2026-0000777"}, follow=True
    ).content.decode()
    assert "Straatlamp" not in html
    client.force_login(wereld.users["kcc"])
    html = client.post(
        reverse("klantbeeld:zoeken"), {"q": "ZAAK-2026-0000777"}, follow=True
    ).content.decode()
    assert "Straatlamp" in html


@pytest.mark.parametrize(
    "typed", ["ZAAK-2026-777", "zaak 2026 777", "2026-0777", "ZAAK-2026-0000777"]
)
def test_a_zaak_number_is_found_without_its_leading_zeros(client, db, typed):
    wereld = maak_wereld()
    persoon = PersoonFactory(geslachtsnaam="Straatlamp")
    ZaakFactory(partij=persoon, identificatie="ZAAK-2026-0000777", zaaktype=wereld.zaaktypen["wmo"])
    client.force_login(wereld.users["kcc"])
    html = client.post(reverse("klantbeeld:zoeken"), {"q": typed}, follow=True).content.decode()
    assert "Straatlamp" in html


def test_a_postcode_typed_without_spaces_is_a_postcode_search_not_a_name(client, db):
    wereld = maak_wereld()
    persoon = PersoonFactory(geslachtsnaam="Aanelkaar")
    AdresFactory = persoon.adressen.model
    AdresFactory.objects.create(
        partij=persoon, soort="woonadres", straat="Molenstraat", huisnummer=12,
        postcode="6511HC", woonplaats="Nijmegen",
    )  # fmt: skip
    client.force_login(wereld.users["kcc"])
    html = client.post(reverse("klantbeeld:zoeken"), {"q": "6511HC12"}, follow=True).content
    assert "Aanelkaar" in html.decode()


def test_roles_that_do_not_serve_the_public_cannot_search(client, db):
    wereld = maak_wereld()
    PersoonFactory(geslachtsnaam="Jansen")
    for short in ["beheer", "privacy"]:
        client.force_login(wereld.users[short])
        response = client.post(reverse("klantbeeld:zoeken"), {"q": "Jansen"}, follow=True)
        assert response.status_code == 403
        assert "Jansen" not in response.content.decode()


def test_adding_a_number_or_address_twice_adds_nothing(db):
    persoon = PersoonFactory()
    first = telefoonnummer_toevoegen(door=None, partij=persoon, nummer="06-12345678")
    again = telefoonnummer_toevoegen(door=None, partij=persoon, nummer="+31 6 12345678")
    assert first.nieuw is True
    assert again.nieuw is False
    assert persoon.telefoonnummers.count() == 1
    assert first.object.soort == "mobiel"
    vast = telefoonnummer_toevoegen(door=None, partij=persoon, nummer="024 329 9000")
    assert vast.object.soort == "vast"
    assert vast.object.weergave == "024 329 9000"
    a = adres_toevoegen(
        door=None,
        partij=persoon,
        soort="woonadres",
        straat="Molenstraat",
        huisnummer=1,
        postcode="6511ab",
        woonplaats="Nijmegen",
    )
    b = adres_toevoegen(
        door=None,
        partij=persoon,
        soort="woonadres",
        straat="Molenstraat",
        huisnummer=1,
        postcode="6511 AB",
        woonplaats="Nijmegen",
    )
    assert (a.nieuw, b.nieuw) == (True, False)
    assert emailadres_toevoegen(door=None, partij=persoon, adres="a@voorbeeld.nl").nieuw is True
    assert emailadres_toevoegen(door=None, partij=persoon, adres="A@Voorbeeld.NL").nieuw is False


@pytest.mark.django_db
def test_model_checks_bsn_kvk_branch_and_postcode_in_dutch():
    from django.core.exceptions import ValidationError

    from contacts.models import Adres

    partij = Partij(soort="persoon", bsn="111222334", geslachtsnaam="X")
    with pytest.raises(ValidationError, match="elfproef"):
        partij.full_clean()
    org = Partij(soort="organisatie", naam="X", kvk_nummer="1234", vestigingsnummer="12")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "8 cijfers" in str(exc.value)
    assert "12 cijfers" in str(exc.value)
    adres = Adres(
        partij=PersoonFactory(),
        soort="woonadres",
        straat="A",
        huisnummer=1,
        postcode="6511SA",
        woonplaats="Nijmegen",
    )
    with pytest.raises(ValidationError, match="Deze postcode bestaat niet"):
        adres.full_clean()


def test_search_terms_never_travel_in_a_url(client, db):
    """A BSN typed into the search box is posted; the results page is reached by a token
    that means nothing outside this user's session."""
    wereld = maak_wereld()
    persoon = PersoonFactory(geslachtsnaam="Urlloos")
    client.force_login(wereld.users["kcc"])
    url = reverse("klantbeeld:zoeken")
    response = client.post(url, {"q": persoon.bsn})
    assert response.status_code == 302
    assert persoon.bsn not in response.url
    assert "?z=" in response.url
    page = client.get(response.url).content.decode()
    assert "Urlloos" in page
    # the box no longer sends its term with GET: a link with ?q= finds nothing
    assert "Urlloos" not in client.get(url, {"q": persoon.bsn}).content.decode()
    # another colleague cannot use the token
    other = Client()
    other.force_login(wereld.users["balie"])
    assert "Urlloos" not in other.get(response.url).content.decode()
    # the forms on the page post
    assert 'method="get" role="search"' not in page


def test_the_numbers_residents_are_given_find_them(client, db):
    """A callback's TB- number and a web form's WF- number, typed as people read them out."""
    import uuid

    from callbacks import services as callback_services
    from channels.models import Inzending
    from tests.factories import ContactmomentFactory

    wereld = maak_wereld()
    bellen = PersoonFactory(geslachtsnaam="Terugbeller")
    tbv = callback_services.terugbelverzoek_aanmaken(
        partij=bellen, onderwerp=wereld.onderwerpen["wmo"], vraag="Bel terug",
        telefoonnummer="0612345678", door=wereld.users["kcc"],
    )  # fmt: skip
    schrijver = PersoonFactory(geslachtsnaam="Formulierschrijver")
    inzending = Inzending.objects.create(
        sleutel=uuid.uuid4(), naam="F. Schrijver",
        contactmoment=ContactmomentFactory(
            partij=schrijver, onderwerp=wereld.onderwerpen["algemeen"]
        ),
    )  # fmt: skip
    client.force_login(wereld.users["kcc"])
    jaar = tbv.aangemaakt.year
    for typed, naam in [
        (tbv.referentie, "Terugbeller"),
        (f"tb {jaar} {tbv.id}", "Terugbeller"),
        (inzending.referentie, "Formulierschrijver"),
        (f"WF-{jaar}-{inzending.id}", "Formulierschrijver"),
    ]:
        key = normalise.parse_query(typed)
        assert key.kind == normalise.KIND_REFERENTIE, typed
        html = client.post(reverse("klantbeeld:zoeken"), {"q": typed}, follow=True).content
        assert naam in html.decode(), typed
    # and the timeline shows each number with the contact it belongs to, to whoever sees
    # that contact in full (the KCC sees a WMO contact only as having taken place)
    client.force_login(wereld.users["wmo"])
    assert (
        tbv.referentie
        in client.get(reverse("klantbeeld:klantbeeld", args=[bellen.id])).content.decode()
    )
    client.force_login(wereld.users["kcc"])
    for persoon, nummer in [(schrijver, inzending.referentie)]:
        html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
        assert nummer in html, nummer
    # another year's number is another record: nobody
    html = client.post(reverse("klantbeeld:zoeken"), {"q": f"TB-{jaar - 3}-{tbv.id}"}, follow=True)
    assert "Terugbeller" not in html.content.decode()


def _zoek(client, q, **extra):
    return client.post(
        reverse("klantbeeld:zoeken"), {"q": q, **extra}, headers={"HX-Request": "true"}
    ).content.decode()


def test_more_hits_than_shown_says_how_many_and_pages_on(client, db):
    """'41 gevonden, de eerste 20. Typ ook de voornaam of het geboortejaar.' — and the next
    page holds the rest, nobody twice, nobody left out."""
    import datetime

    wereld = maak_wereld()
    mensen = [
        PersoonFactory(
            geslachtsnaam="Verheijden",
            voornamen=f"Voornaam{i:02d}",
            geboortedatum=datetime.date(1950 + i, 5, 1),
        )
        for i in range(41)
    ]
    client.force_login(wereld.users["kcc"])
    eerste = _zoek(client, "Verheijden")
    assert "41 gevonden, de eerste 20. Typ ook de voornaam of het geboortejaar" in eerste
    assert eerste.count('role="option"') == 20
    assert "Volgende 20" in eerste
    assert "Vorige 20" not in eerste
    tweede = _zoek(client, "Verheijden", pagina="2")
    assert "41 gevonden, nummer 21 tot en met 40." in tweede
    derde = _zoek(client, "Verheijden", pagina="3")
    assert "nummer 41 tot en met 41" in derde
    assert "Volgende 20" not in derde
    gezien = [
        p.voornamen for p in mensen if any(p.voornamen in html for html in (eerste, tweede, derde))
    ]
    assert len(gezien) == 41
    for p in mensen:
        assert sum(p.voornamen + " " in html for html in (eerste, tweede, derde)) == 1
    # the year of birth narrows it down to the one
    html = _zoek(client, "Verheijden 1960")
    assert "1 gevonden" in html
    assert "Voornaam10" in html
    assert "Voornaam11" not in html
    # the results page without JavaScript pages on too
    page = client.post(
        reverse("klantbeeld:zoeken"), {"q": "Verheijden", "pagina": "3"}, follow=True
    )
    assert "nummer 41 tot en met 41" in page.content.decode()


def test_the_spelling_typed_comes_first_then_the_variants(client, db):
    wereld = maak_wereld()
    PersoonFactory(geslachtsnaam="Jansen", voornamen="Aart")
    PersoonFactory(geslachtsnaam="Jansen", voornamen="Bram")
    PersoonFactory(geslachtsnaam="Janssen", voornamen="Zeger")
    PersoonFactory(geslachtsnaam="Janssens", voornamen="Anna")
    client.force_login(wereld.users["kcc"])
    html = _zoek(client, "Janssen")
    volgorde = [
        html.index(n) for n in ("Zeger Janssen", "Aart Jansen", "Bram Jansen", "Anna Janssens")
    ]
    assert volgorde == sorted(volgorde), "the exact spelling first, then the variants"
    html = _zoek(client, "Jansen")
    assert html.index("Aart Jansen") < html.index("Zeger Janssen") < html.index("Anna Janssens")


@pytest.mark.parametrize("typed", ["Jansen 12-03", "6511 AB 12 3 4 5", "Jan5en", "Piet 12"])
def test_input_that_is_not_understood_is_said_to_be_so_never_nobody_found(client, db, typed):
    wereld = maak_wereld()
    PersoonFactory(geslachtsnaam="Jansen")
    client.force_login(wereld.users["kcc"])
    html = _zoek(client, typed)
    assert "Niemand gevonden" not in html
    assert "begrijpen" in html, typed


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("z 2026-123", "ZAAK-2026-123"),
        ("zk 2026 123", "ZAAK-2026-123"),
        ("ZAAK2026-00123", "ZAAK-2026-00123"),
    ],
)
def test_a_zaak_number_with_a_partial_prefix_is_understood(typed, value):
    key = normalise.parse_query(typed)
    assert (key.kind, key.value) == (normalise.KIND_ZAAK, value)
