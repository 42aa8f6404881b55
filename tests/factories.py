import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
            self.user.groups.add(Group.objects.get(name=extracted))


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
