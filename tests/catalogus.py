"""A small, complete world for tests: the policy's domeinen, departments, one user per role,
channels and subjects, with the default visibility matrix applied."""

from dataclasses import dataclass, field

from permissions import policy, roles
from permissions.policy import regels_aanmaken
from sources import catalogus
from tests.factories import (
    AfdelingFactory,
    DomeinFactory,
    KanaalFactory,
    MedewerkerFactory,
    OnderwerpFactory,
    TeamFactory,
    ZaaktypeFactory,
)


@dataclass
class Wereld:
    domeinen: dict = field(default_factory=dict)
    afdelingen: dict = field(default_factory=dict)
    kanalen: dict = field(default_factory=dict)
    onderwerpen: dict = field(default_factory=dict)  # by domein code
    zaaktypen: dict = field(default_factory=dict)  # by domein code
    users: dict = field(default_factory=dict)  # by short name


def maak_wereld() -> Wereld:
    w = Wereld()
    for code in policy.DOMEINEN:
        w.domeinen[code] = DomeinFactory(code=code, naam=code.replace("-", " ").capitalize())
        w.onderwerpen[code] = OnderwerpFactory(
            code=f"onderwerp-{code}", naam=f"Onderwerp {code}", domein=w.domeinen[code]
        )
        if code in (policy.NIET_INGEDEELD, policy.PROACTIEF):
            continue  # subjects of other systems, campaign contacts: no zaaktype of their own
        w.zaaktypen[code] = ZaaktypeFactory(
            code=f"zaaktype-{code}", omschrijving=f"Zaaktype {code}", domein=w.domeinen[code]
        )
    for code in [
        "kcc",
        "publiekszaken",
        "wmo",
        "vergunningen",
        "openbare-ruimte",
        "informatievoorziening",
    ]:
        w.afdelingen[code] = AfdelingFactory(code=code, naam=code.capitalize())
    for code, naam in [
        ("telefoon", "Telefoon 14 024"),
        ("balie-stadswinkel", "Balie Stadswinkel"),
        ("webformulier", "Webformulier"),
        ("post", "Post"),
        ("e-mail", "E-mail"),
        ("overig", "Overig"),
    ]:
        w.kanalen[code] = KanaalFactory(code=code, naam=naam)
    stadswinkel = TeamFactory(afdeling=w.afdelingen["publiekszaken"], naam="Stadswinkel")
    for short, rol, afdeling, team in [
        ("kcc", roles.KCC_MEDEWERKER, "kcc", None),
        ("balie", roles.BALIEMEDEWERKER, "publiekszaken", stadswinkel),
        ("wmo", roles.BACKOFFICE_MEDEWERKER, "wmo", None),
        ("briks", roles.BACKOFFICE_MEDEWERKER, "vergunningen", None),
        ("meldherstel", roles.BACKOFFICE_MEDEWERKER, "openbare-ruimte", None),
        ("teamleider", roles.TEAMLEIDER, "kcc", None),
        ("beheer", roles.FUNCTIONEEL_BEHEERDER, "informatievoorziening", None),
        ("privacy", roles.PRIVACY_OFFICER, "informatievoorziening", None),
        ("management", roles.MANAGEMENT, "kcc", None),
    ]:
        w.users[short] = MedewerkerFactory(
            rol=rol, afdeling=w.afdelingen[afdeling], team=team, user__username=f"t-{short}"
        ).user
    regels_aanmaken(catalogus.zichtbaarheid(catalogus.lezen()))
    return w
