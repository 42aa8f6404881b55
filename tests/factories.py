import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from contacts.models import Kanaal, Onderwerp, Partij
from permissions.models import Afdeling, Domein, Medewerker, Team


class DomeinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domein
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"domein-{n}")
    naam = factory.Sequence(lambda n: f"Domein {n}")


class AfdelingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Afdeling
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"afdeling-{n}")
    naam = factory.Sequence(lambda n: f"Afdeling {n}")
    email = factory.LazyAttribute(lambda o: f"{o.code}@nijmegen.nl")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    afdeling = factory.SubFactory(AfdelingFactory)
    naam = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@nijmegen.nl")
    password = factory.django.Password("correct horse battery staple")


class MedewerkerFactory(factory.django.DjangoModelFactory):
    """A medewerker with one role: ``MedewerkerFactory(rol="KCC-medewerker")``."""

    class Meta:
        model = Medewerker
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    afdeling = factory.SubFactory(AfdelingFactory)

    @factory.post_generation
    def rol(self, create, extracted, **kwargs):
        if create and extracted:
            self.user.groups.add(Group.objects.get_or_create(name=extracted)[0])


class KanaalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kanaal
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"kanaal-{n}")
    naam = factory.Sequence(lambda n: f"Kanaal {n}")


class OnderwerpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Onderwerp

    code = factory.Sequence(lambda n: f"onderwerp-{n}")
    naam = factory.Sequence(lambda n: f"Onderwerp {n}")
    domein = factory.SubFactory(DomeinFactory)


class PersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partij

    soort = Partij.Soort.PERSOON
    bsn = factory.Sequence(lambda n: _valid_bsn(n))
    voornamen = factory.Faker("first_name", locale="nl_NL")
    geslachtsnaam = factory.Faker("last_name", locale="nl_NL")
    bron = Partij.Bron.BRP


def _valid_bsn(n: int) -> str:
    """The n-th 9-digit number from 100000000 up that passes the 11-proef."""
    from stdnum.nl import bsn

    candidate = 100_000_000 + n * 100
    while not bsn.is_valid(str(candidate)):
        candidate += 1
    return str(candidate)


class ZaaktypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Zaaktype"

    code = factory.Sequence(lambda n: f"zaaktype-{n}")
    omschrijving = factory.Sequence(lambda n: f"Zaaktype {n}")
    domein = factory.SubFactory(DomeinFactory)


class ZaakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Zaak"

    identificatie = factory.Sequence(lambda n: f"ZAAK-2026-{n:07d}")
    zaaktype = factory.SubFactory(ZaaktypeFactory)
    partij = factory.SubFactory(PersoonFactory)
    omschrijving = "Aanvraag"
    status = "In behandeling"
    afdeling = factory.SubFactory(AfdelingFactory)
    startdatum = datetime.date(2026, 10, 1)


class ContactmomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contacts.Contactmoment"

    partij = factory.SubFactory(PersoonFactory)
    kanaal = factory.SubFactory(KanaalFactory)
    onderwerp = factory.SubFactory(OnderwerpFactory)
    tijdstip = factory.LazyFunction(timezone.now)
    vraag = "Vraag"
    antwoord = "Antwoord"
    resultaat = "beantwoord"
