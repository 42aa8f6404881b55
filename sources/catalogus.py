"""The reference catalogue as data: ``sources/data/catalogus-nijmegen.toml`` (or a file of the
municipality's own), loaded by ``manage.py catalogus_laden``.

Domeinen, afdelingen (with their teams), kanalen, onderwerpen and zaaktypen are upserted by
code, so loading twice changes nothing and a corrected name in the file is taken over. The
default visibility rules and the routing of callbacks are only created where none exist:
what the functioneel beheerder changed in ``/beheer/`` stays. Everything is checked before
anything is written, in one transaction: a file with a mistake changes nothing and says in
plain Dutch what is wrong.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from callbacks.services import routeringsregel_voorstellen
from cases.services import zaaktype_bijwerken
from contacts.models import Onderwerp
from contacts.services import kanaal_bijwerken, onderwerp_bijwerken
from permissions import policy
from permissions.models import Afdeling, Niveau, Team
from permissions.services import afdeling_bijwerken, domein_bijwerken

STANDAARD = Path(__file__).resolve().parent / "data" / "catalogus-nijmegen.toml"
NIVEAUS = {"volledig": Niveau.FULL, "bestaan": Niveau.EXISTENCE}


class CatalogusFout(ValueError):
    """The file cannot be loaded; the message says why, in plain Dutch."""


@dataclass(frozen=True)
class Resultaat:
    versie: str
    bijgewerkt: int  # catalogue entries created or updated
    regels: int  # visibility and routing rules created


def lezen(pad: Path = STANDAARD) -> dict:
    try:
        with open(pad, "rb") as bestand:
            data = tomllib.load(bestand)
    except FileNotFoundError:
        raise CatalogusFout(
            _("The catalogue file %(pad)s does not exist.") % {"pad": pad}
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogusFout(
            _("The catalogue file is not valid TOML: %(fout)s") % {"fout": exc}
        ) from None
    _controleren(data)
    return data


def _controleren(data: dict) -> None:
    if not str(data.get("versie", "")).strip():
        raise CatalogusFout(_('The catalogue file has no version (versie = "…").'))
    domeinen = {d["code"] for d in data.get("domein", [])}
    afdelingen = {a["code"] for a in data.get("afdeling", [])}
    teams = {(a["code"], t) for a in data.get("afdeling", []) for t in a.get("teams", [])}

    def bekend(soort, code, waar):
        if code not in (domeinen if soort == "domein" else afdelingen):
            raise CatalogusFout(
                _("%(waar)s names the %(soort)s “%(code)s”, which the file does not define.")
                % {"waar": waar, "soort": soort, "code": code}
            )

    for afdeling in data.get("afdeling", []):
        for code in afdeling.get("domeinen", []):
            bekend("domein", code, _("Afdeling %(code)s") % {"code": afdeling["code"]})
    for soort in ("onderwerp", "zaaktype"):
        for item in data.get(soort, []):
            bekend("domein", item["domein"], f"{soort} {item['code']}")
    for regel in data.get("zichtbaarheid", []):
        if regel.get("afdeling"):
            bekend("afdeling", regel["afdeling"], _("A visibility rule"))
        for code, niveau in regel["niveaus"].items():
            bekend("domein", code, _("A visibility rule"))
            if niveau not in NIVEAUS:
                raise CatalogusFout(
                    _("Visibility level “%(niveau)s” is unknown: use volledig or bestaan.")
                    % {"niveau": niveau}
                )
    for route in data.get("routering", []):
        bekend("domein", route["domein"], _("A routing rule"))
        bekend("afdeling", route["afdeling"], _("A routing rule"))
        if route.get("team") and (route["afdeling"], route["team"]) not in teams:
            raise CatalogusFout(
                _("A routing rule names team “%(team)s”, which afdeling %(afdeling)s lacks.")
                % {"team": route["team"], "afdeling": route["afdeling"]}
            )


def zichtbaarheid(data: dict) -> dict:
    """The file's default visibility as ``policy.regels_aanmaken`` takes it."""
    return {
        (regel["rol"], regel.get("afdeling")): {
            code: NIVEAUS[niveau] for code, niveau in regel["niveaus"].items()
        }
        for regel in data.get("zichtbaarheid", [])
    }


@transaction.atomic
def catalogus_laden(pad: Path = STANDAARD) -> Resultaat:
    """Brings the catalogue up to date with the file, each table through its own app's
    service, in one transaction."""
    data = lezen(pad)
    domeinen = {
        item["code"]: domein_bijwerken(code=item["code"], naam=item["naam"])
        for item in data.get("domein", [])
    }
    bijgewerkt = len(domeinen)
    for item in data.get("afdeling", []):
        afdeling_bijwerken(
            code=item["code"],
            naam=item["naam"],
            email=item.get("email", f"{item['code']}@nijmegen.nl"),
            domeinen=[domeinen[c] for c in item.get("domeinen", [])],
            teams={team: _team_adres(item["code"], team) for team in item.get("teams", [])},
        )
        bijgewerkt += 1 + len(item.get("teams", []))
    for item in data.get("kanaal", []):
        kanaal_bijwerken(
            code=item["code"],
            naam=item["naam"],
            digitaal=item.get("digitaal", False),
            volgorde=item.get("volgorde", 0),
        )
        bijgewerkt += 1
    for item in data.get("onderwerp", []):
        onderwerp_bijwerken(code=item["code"], naam=item["naam"], domein=domeinen[item["domein"]])
        bijgewerkt += 1
    for item in data.get("zaaktype", []):
        zaaktype_bijwerken(
            code=item["code"],
            omschrijving=item["omschrijving"],
            domein=domeinen[item["domein"]],
            doorlooptijd_dagen=item.get("doorlooptijd_dagen"),
        )
        bijgewerkt += 1
    regels = policy.regels_aanmaken(zichtbaarheid(data))
    regels += _routering_aanmaken(data.get("routering", []))
    return Resultaat(versie=str(data["versie"]), bijgewerkt=bijgewerkt, regels=regels)


def _team_adres(afdeling_code: str, team: str) -> str:
    adres = team.lower().replace(" ", "-").replace("&", "en")
    return f"{afdeling_code}.{adres}@nijmegen.nl"


def _routering_aanmaken(routes: list[dict]) -> int:
    """A routing rule per onderwerp of the route's domein, where none exists yet."""
    per_domein = {route["domein"]: route for route in routes}
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    teams = {(t.afdeling.code, t.naam): t for t in Team.objects.select_related("afdeling")}
    aangemaakt = 0
    for onderwerp in Onderwerp.objects.select_related("domein"):
        route = per_domein.get(onderwerp.domein.code)
        if route is None:
            continue
        aangemaakt += routeringsregel_voorstellen(
            onderwerp=onderwerp,
            afdeling=afdelingen[route["afdeling"]],
            team=teams.get((route["afdeling"], route.get("team", ""))),
            termijn=route.get("termijn_werkdagen"),
        )
    return aangemaakt
