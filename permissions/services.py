"""Writes for the organisation (domeinen, afdelingen, teams) and for colleagues' records:
the catalogue loader, the API client set-up and the pages call these, never the models."""

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
