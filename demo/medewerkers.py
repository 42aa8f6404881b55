"""Demo staff: the log-ins of the README, and extra colleagues per afdeling for the queues."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker
from faker.providers.person.nl_NL import Provider as DutchNames

from demo.gebruikers import DEMO_PASSWORD, DEMO_USERS
from permissions import roles
from permissions.models import Afdeling, Medewerker, Team

# Extra staff: role, the afdelingen they may work in, and their share.
STAFF_PLAN = [
    (roles.KCC_MEDEWERKER, ["kcc"], 30),
    (roles.BALIEMEDEWERKER, ["publiekszaken"], 15),
    (
        roles.BACKOFFICE_MEDEWERKER,
        [
            "wmo",
            "werk-en-inkomen",
            "vergunningen",
            "openbare-ruimte",
            "belastingen",
            "parkeren",
            "juridische-zaken",
            "publiekszaken",
        ],
        45,
    ),
    (roles.TEAMLEIDER, ["kcc", "publiekszaken", "wmo", "openbare-ruimte"], 6),
    (roles.FUNCTIONEEL_BEHEERDER, ["informatievoorziening"], 2),
    (roles.PRIVACY_OFFICER, ["informatievoorziening"], 2),
    (roles.MANAGEMENT, ["kcc"], 1),
]
# Generated usernames have this prefix; no demo log-in has a hyphen in its name.
STAFF_PREFIX = "mw-"


@transaction.atomic
def load_staff(*, rng: random.Random, faker: Faker, extra: int) -> int:
    """The demo log-ins (one per role) and ``extra`` generated staff in every role.

    Demo users are upserted by username: names, role, afdeling and team are put right on every
    run, nobody is superuser, only the functioneel beheerder may use the admin. The demo
    password is hashed once, and only set on users that are new. Generated staff cannot log in.
    """
    User = get_user_model()
    groups = roles.ensure_groups()
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    teams = {}
    for team in Team.objects.select_related("afdeling").order_by("id"):
        teams.setdefault(team.afdeling.code, []).append(team)
    existing = set(
        User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    demo_hash = make_password(DEMO_PASSWORD) if len(existing) < len(DEMO_USERS) else None
    for username, first, last, rol, afdeling_code, team_name in DEMO_USERS:
        fields = {
            "first_name": first,
            "last_name": last,
            "email": f"{username}@nijmegen.nl",
            "is_staff": rol == roles.FUNCTIONEEL_BEHEERDER,
            "is_superuser": False,
            "is_active": True,
        }
        user, _ = User.objects.update_or_create(
            username=username, defaults=fields, create_defaults={**fields, "password": demo_hash}
        )
        user.groups.set([groups[rol]])
        team = next((t for t in teams.get(afdeling_code, []) if t.naam == team_name), None)
        Medewerker.objects.update_or_create(
            user=user,
            defaults={"afdeling": afdelingen[afdeling_code], "team": team, "functie": rol},
        )
    existing = set(
        User.objects.filter(username__startswith=STAFF_PREFIX).values_list("username", flat=True)
    )
    weights = [share for _rol, _codes, share in STAFF_PLAN]
    for i in range(extra):
        # The first ones take each role in turn, so every role has generated staff too.
        plan = STAFF_PLAN[i] if i < len(STAFF_PLAN) else rng.choices(STAFF_PLAN, weights)[0]
        rol, afdeling_codes, _share = plan
        afdeling_code = rng.choice(afdeling_codes)
        first, last = faker.first_name(), rng.choice(DutchNames.last_names)
        team = rng.choice(teams.get(afdeling_code) or [None])
        username = f"{STAFF_PREFIX}{i:04d}"
        if username in existing:
            continue  # the random choices above are made anyway: the next users stay the same
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@nijmegen.nl",
            password="!",  # noqa: S106 - "!" is Django's unusable password
        )
        user.groups.set([groups[rol]])
        Medewerker.objects.create(
            user=user, afdeling=afdelingen[afdeling_code], team=team, functie=rol
        )
    return len(DEMO_USERS) + extra
