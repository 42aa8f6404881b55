"""Kept queries (core.voorbereid) answer exactly what the ORM answers, per user."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from callbacks import selectors as callback_selectors
from callbacks.services import terugbelverzoek_aanmaken
from cases.selectors import lopende_zaken
from channels.selectors import afspraken_voor
from contacts import selectors as contact_selectors
from contacts.models import Adres, Contactmoment, Partij, Vertegenwoordiging
from contacts.services import contactmoment_corrigeren
from core import voorbereid
from klantbeeld import selectors
from permissions import roles
from tests.catalogus import maak_wereld
from tests.factories import ContactmomentFactory, PersoonFactory, ZaakFactory

pytestmark = pytest.mark.django_db


class _AltijdViaOrm:
    """Stands in for a kept query: every call runs through the ORM."""

    compleet = False

    def __init__(self, *args):
        pass


def _alles(user, partij, filters, voor=None):
    return (
        selectors.tijdlijn(user, partij.id, filters, voor=voor, limit=3),
        lopende_zaken(user, partij.id),
        contact_selectors.herhaalcontacten(user, partij.id),
        callback_selectors.open_voor_partij(user, partij.id),
        afspraken_voor(user, partij.id),
    )


def test_kept_queries_answer_what_the_orm_answers_for_every_role():
    wereld = maak_wereld()
    persoon = PersoonFactory()
    now = timezone.now()
    contacten = [
        ContactmomentFactory(
            partij=persoon,
            onderwerp=wereld.onderwerpen[code],
            kanaal=wereld.kanalen[kanaal],
            tijdstip=now - datetime.timedelta(days=i),
        )
        for i, (code, kanaal) in enumerate(
            [
                ("wmo", "telefoon"),
                ("publiekszaken", "post"),
                ("wmo", "telefoon"),
                ("openbare-ruimte", "e-mail"),
                ("publiekszaken", "telefoon"),
            ]
        )
    ]
    contacten[2].klantreis = contacten[0].klantreis
    contacten[2].save()
    zaak = ZaakFactory(partij=persoon, zaaktype=wereld.zaaktypen["wmo"])
    zaak.contactmomenten.add(contacten[0])
    contactmoment_corrigeren(
        contactmoment=contacten[0],
        veld="vraag",
        tekst="Nieuwe vraag",
        reden="typfout",
        door=wereld.users["wmo"],
    )
    terugbelverzoek_aanmaken(
        partij=persoon,
        onderwerp=wereld.onderwerpen["wmo"],
        vraag="Bel mij",
        telefoonnummer="0612345678",
        door=wereld.users["kcc"],
    )
    eerste = selectors.tijdlijn(wereld.users["kcc"], persoon.id, selectors.Filters(), limit=2)[1]
    varianten = [
        (selectors.Filters(), None),
        (selectors.Filters(kanaal=wereld.kanalen["telefoon"].id), None),
        (
            selectors.Filters(
                onderwerp=wereld.onderwerpen["wmo"].id,
                van=(now - datetime.timedelta(days=3)).date(),
                tot=now.date(),
            ),
            None,
        ),
        (selectors.Filters(), eerste),
    ]
    users = get_user_model().objects.filter(username__startswith="t-")
    checked = 0
    for user_id in users.values_list("id", flat=True):
        for filters, voor in varianten:
            voorbereid.vergeten()
            # a fresh user object per "request", as the login backend gives
            kept_first = _alles(get_user_model().objects.get(pk=user_id), persoon, filters, voor)
            kept_again = _alles(get_user_model().objects.get(pk=user_id), persoon, filters, voor)
            voorbereid.vergeten()
            with mock.patch.object(voorbereid, "_Voorbereid", _AltijdViaOrm):
                orm = _alles(get_user_model().objects.get(pk=user_id), persoon, filters, voor)
            assert kept_first == orm
            assert kept_again == orm
            checked += 1
    assert checked == 9 * len(varianten)  # the world's nine colleagues, management too
    voorbereid.vergeten()
    _alles(users.first(), persoon, varianten[0][0])
    # and the kept SQL really is reused with the values put in place
    assert voorbereid._kept
    assert all(kept.compleet for kept in voorbereid._kept.values())


def test_a_different_role_gets_its_own_query_not_the_kept_one_of_another():
    wereld = maak_wereld()
    persoon = PersoonFactory()
    ContactmomentFactory(
        partij=persoon,
        onderwerp=wereld.onderwerpen["wmo"],
        kanaal=wereld.kanalen["telefoon"],
        vraag="GEHEIM-WMO-Q1",
    )
    wmo = selectors.tijdlijn(wereld.users["wmo"], persoon.id, selectors.Filters())[0]
    kcc = selectors.tijdlijn(wereld.users["kcc"], persoon.id, selectors.Filters())[0]
    meldherstel = selectors.tijdlijn(wereld.users["meldherstel"], persoon.id, selectors.Filters())[
        0
    ]
    assert wmo[0].vraag == "GEHEIM-WMO-Q1"
    assert kcc[0].vraag is None
    assert kcc[0].niveau == 1
    assert meldherstel == []


def test_partij_for_the_klantbeeld_has_its_details_in_one_query(django_assert_num_queries):
    maak_wereld()
    persoon = PersoonFactory()
    bedrijf = PersoonFactory(
        soort=Partij.Soort.ORGANISATIE,
        naam="Bakkerij 't Hoekje",
        bsn="",
        voornamen="",
        geslachtsnaam="",
        kvk_nummer="12345678",
    )
    Adres.objects.create(
        partij=bedrijf,
        soort="bezoekadres",
        straat="Molenstraat",
        huisnummer=10,
        postcode="6511HJ",
        woonplaats="Nijmegen",
    )
    Vertegenwoordiging.objects.create(
        vertegenwoordiger=persoon,
        vertegenwoordigde=bedrijf,
        soort="contactpersoon",
        functie="eigenaar",
    )
    contact_selectors.partij_voor_klantbeeld(bedrijf.id)  # the shape is kept now
    with django_assert_num_queries(1):
        loaded = contact_selectors.partij_voor_klantbeeld(bedrijf.id)
        contactpersonen = [
            (v.vertegenwoordiger.weergavenaam, v.get_soort_display(), v.functie)
            for v in loaded.vertegenwoordigers.all()
        ]
        adressen = [str(a) for a in loaded.adressen.all()]
    assert contactpersonen == [(persoon.weergavenaam, "contactpersoon", "eigenaar")]
    assert adressen == [str(a) for a in bedrijf.adressen.order_by("soort", "id")]
    assert [
        v.vertegenwoordigde.weergavenaam
        for v in contact_selectors.partij_voor_klantbeeld(persoon.id).vertegenwoordigt.all()
    ] == ["Bakkerij 't Hoekje"]


def test_a_role_taken_away_counts_on_the_next_page(client):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from permissions import roles

    wereld = maak_wereld()
    persoon = PersoonFactory()
    user = wereld.users["kcc"]
    client.force_login(user)
    url = reverse("klantbeeld:klantbeeld", args=[persoon.id])
    assert client.get(url).status_code == 200
    user.groups.remove(Group.objects.get(name=roles.KCC_MEDEWERKER))
    assert client.get(url).status_code == 403
    user.groups.add(Group.objects.get(name=roles.KCC_MEDEWERKER))
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 302  # logged out: to the login page


def _team_van(user):
    medewerker = roles.medewerker_van(user)
    return medewerker.team_id if medewerker else None


def _contacten_van_mijn_team(user, partij_id):
    """A selector whose SQL depends on the user's team: a part no key part covers."""
    return voorbereid.rijen(
        lambda user, partij_id: Contactmoment.objects.filter(
            partij_id=partij_id, medewerker__team_id=_team_van(user)
        ).values("id"),
        user=user,
        partij_id=partij_id,
    )


def test_the_check_fails_when_a_user_dependent_filter_is_left_out_of_the_key(settings):
    """A query that filters on the agent's team, which no registered key part covers: when
    the agent moves to another team, the key stays the same and the kept SQL would still
    show the old team's contacts. The check (on in every test) catches that."""
    from permissions.models import Team

    wereld = maak_wereld()
    persoon = PersoonFactory()
    medewerker = wereld.users["kcc"].medewerker
    medewerker.team = Team.objects.create(afdeling=medewerker.afdeling, naam="Team dag")
    medewerker.save()
    oud_team = medewerker.team_id
    ander_team = Team.objects.create(afdeling=medewerker.afdeling, naam="Team avond")

    voorbereid.vergeten()
    eerst = get_user_model().objects.get(pk=medewerker.user_id)
    _contacten_van_mijn_team(eerst, persoon.id)
    medewerker.team = ander_team
    medewerker.save()
    daarna = get_user_model().objects.get(pk=medewerker.user_id)
    assert voorbereid.gebruiker_sleutel(eerst) == voorbereid.gebruiker_sleutel(daarna)
    with pytest.raises(voorbereid.SleutelMist):
        _contacten_van_mijn_team(daarna, persoon.id)
    # without the check the kept SQL, with the old team in it, would be served
    kept = next(iter(voorbereid._kept.values()))
    assert oud_team in kept.params
    assert ander_team.id not in kept.params


def test_a_builder_that_closes_over_the_user_is_refused():
    wereld = maak_wereld()
    user = wereld.users["kcc"]
    with pytest.raises(voorbereid.OnveiligeSleutel, match="user"):
        voorbereid.rijen(
            lambda partij_id: (
                Contactmoment.objects.visible_to(user).filter(partij_id=partij_id).values("id")
            ),
            partij_id=1,
        )
    ids = [1, 2]
    with pytest.raises(voorbereid.OnveiligeSleutel, match="list"):
        voorbereid.rijen(
            lambda partij_id: Contactmoment.objects.filter(id__in=ids, partij_id=partij_id).values(
                "id"
            ),
            partij_id=1,
        )


def test_every_registered_key_part_is_in_the_key():
    """permissions (levels, medewerker) and cases (zaak grants) registered their parts."""
    from cases.models import zaak_sleuteldeel
    from permissions.visibility import sleuteldeel

    assert voorbereid._sleuteldelen == [sleuteldeel, zaak_sleuteldeel]


def test_a_list_of_ids_is_one_parameter_so_one_kept_query_serves_every_length():
    """``__een_van`` sends the page's ids as one array: the kept SQL of a page of 1 serves a
    page of 3 and an empty one, with the right rows."""
    personen = [PersoonFactory() for _ in range(4)]

    def bouw(*, ids):
        return Partij.objects.filter(pk__een_van=ids).order_by("id").values("id")

    voorbereid.vergeten()
    for deel in ([personen[0]], personen[:3], [], [personen[3]]):
        ids = [p.id for p in deel]
        assert [r["id"] for r in voorbereid.rijen(bouw, ids=ids)] == sorted(ids)
    assert len(voorbereid._kept) == 1
    assert all(kept.compleet for kept in voorbereid._kept.values())


def test_text_is_a_value_of_a_kept_query_too():
    eerste, tweede = PersoonFactory(), PersoonFactory()

    def bouw(*, bsn):
        return Partij.objects.filter(bsn=bsn).values("id")

    voorbereid.vergeten()
    assert voorbereid.rijen(bouw, bsn=eerste.bsn) == [{"id": eerste.id}]
    assert voorbereid.rijen(bouw, bsn=tweede.bsn) == [{"id": tweede.id}]
    assert voorbereid.rijen(bouw, bsn="999999990") == []
    assert len(voorbereid._kept) == 1
    assert all(kept.compleet for kept in voorbereid._kept.values())
