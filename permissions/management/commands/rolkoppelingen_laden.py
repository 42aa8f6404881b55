"""``manage.py rolkoppelingen_laden [--bestand FILE]``: the role mappings of the identity
provider's role claim (``permissions/data/rolkoppelingen.toml`` by default), created or
updated by claim value. Idempotent; a role or department that does not exist is said and
nothing is changed."""

import tomllib
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from permissions.models import Afdeling, Rolkoppeling, Team

STANDAARD = Path(__file__).resolve().parents[2] / "data" / "rolkoppelingen.toml"


class Command(BaseCommand):
    help = "Loads the mappings from role claim values to roles and departments."

    def add_arguments(self, parser):
        parser.add_argument("--bestand", type=Path, default=STANDAARD)

    def handle(self, *args, bestand, **options):
        try:
            regels = tomllib.loads(bestand.read_text(encoding="utf-8")).get("koppeling", [])
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CommandError(f"{bestand} kan niet gelezen worden: {exc}") from None
        groepen = {g.name: g for g in Group.objects.all()}
        afdelingen = {a.code: a for a in Afdeling.objects.all()}
        fouten, rijen = [], []
        for nummer, regel in enumerate(regels, 1):
            claim, rol = str(regel.get("claim", "")).strip(), regel.get("rol", "")
            afdeling_code, team_naam = regel.get("afdeling"), regel.get("team")
            if not claim or rol not in groepen:
                fouten.append(f"koppeling {nummer}: claim leeg of rol {rol!r} bestaat niet")
                continue
            if afdeling_code and afdeling_code not in afdelingen:
                fouten.append(f"koppeling {nummer}: afdeling {afdeling_code!r} bestaat niet")
                continue
            afdeling = afdelingen.get(afdeling_code) if afdeling_code else None
            team = (
                Team.objects.filter(afdeling=afdeling, naam=team_naam).first()
                if team_naam and afdeling
                else None
            )
            rijen.append((claim, groepen[rol], afdeling, team))
        if fouten:
            raise CommandError("Niets geladen. " + "; ".join(fouten))
        with transaction.atomic():
            for claim, rol, afdeling, team in rijen:
                Rolkoppeling.objects.update_or_create(
                    claimwaarde=claim, defaults={"rol": rol, "afdeling": afdeling, "team": team}
                )
        self.stdout.write(f"{len(rijen)} rolkoppelingen geladen uit {bestand}.")
