"""Writes for the organisation (domeinen, afdelingen, teams) and for colleagues' records:
the catalogue loader, the API client set-up and the pages call these, never the models."""

from django.core.validators import validate_email
from django.db import transaction

from .models import Afdeling, Domein, Medewerker, Team


def domein_bijwerken(*, code: str, naam: str) -> Domein:
    """The domein by code, created or renamed."""
    domein, _nieuw = Domein.objects.update_or_create(code=code, defaults={"naam": naam})
    return domein


@transaction.atomic
def afdeling_bijwerken(
    *, code: str, naam: str, email: str, domeinen: list[Domein], teams: dict[str, str]
) -> Afdeling:
    """The afdeling by code with the domeinen it serves; ``teams`` (name → mailbox) are
    added where missing (a team is never removed here: it may have requests)."""
    afdeling, _nieuw = Afdeling.objects.update_or_create(
        code=code, defaults={"naam": naam, "email": email}
    )
    afdeling.domeinen.set(domeinen)
    for team, adres in teams.items():
        Team.objects.get_or_create(afdeling=afdeling, naam=team, defaults={"email": adres})
    return afdeling


@transaction.atomic
def koppeling_medewerker_bijwerken(*, user, afdeling_id: int | None, functie: str) -> None:
    """The colleague record of a system user (an API client): in ``afdeling_id``, or none
    at all when the client acts for no department."""
    if afdeling_id:
        Medewerker.objects.update_or_create(
            user=user, defaults={"afdeling_id": afdeling_id, "functie": functie}
        )
    else:
        Medewerker.objects.filter(user=user).delete()


VOORAF = "vooraf-"  # user name prefix of a colleague known by e-mail only (no log-in yet)


@transaction.atomic
def collega_vooraf_vastleggen(*, email: str, naam: str, afdeling: Afdeling) -> Medewerker:
    """A colleague another system works with before she ever logged in here (KISS posts the
    agent who saved a contact). Known by e-mail only: no role, no password, not active — she
    cannot log in and sees nothing. Her first log-in through the identity provider completes
    this record (``permissions.identiteit``), so contacts she had keep her name. Idempotent
    per e-mail address."""
    from django.contrib.auth import get_user_model  # the user model is a setting

    email = email.strip().lower()
    validate_email(email)
    voornaam, _, achternaam = " ".join(naam.split()).partition(" ")
    user, _nieuw = get_user_model().objects.get_or_create(
        username=f"{VOORAF}{email}"[:150],
        defaults={
            "email": email,
            "first_name": voornaam[:150],
            "last_name": achternaam[:150],
            "is_active": False,
            "password": "!",  # unusable
        },
    )
    medewerker = Medewerker.objects.filter(user=user).first()
    if medewerker is None:
        medewerker = Medewerker.objects.create(user=user, afdeling=afdeling)
    return medewerker


def vooraf_vastgelegde(email: str):
    """The user of a colleague recorded by e-mail before her first log-in, if any."""
    from django.contrib.auth import get_user_model  # the user model is a setting

    email = (email or "").strip().lower()
    if not email:
        return None
    return (
        get_user_model()
        .objects.filter(username=f"{VOORAF}{email}"[:150], identiteit__isnull=True)
        .first()
    )
