"""The login backend: Django's ModelBackend, reading the user with what every page needs.

Every page asks who the user is, which roles they have, which Medewerker (department, team)
they are, which level each domein gives them and which zaken they hold a live grant for.
``get_user`` reads all of that in one kept query (``nijmegen_kcc.voorbereid``: built and
compiled once per process) instead of five, and leaves it where ``roles.role_names``,
``roles.medewerker_van``, ``visibility.domein_levels`` and ``cases.zaak_grants`` look first.
Nothing is kept beyond the request: a role or grant taken away counts on the next page.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F
from django.db.models.functions import JSONObject
from django.utils import timezone

from nijmegen_kcc.voorbereid import rijen

from .models import Afdeling, Medewerker, Team
from .visibility import hoogste_niveaus, regels_van


def _velden(model):
    return [f.attname for f in model._meta.concrete_fields]


def _uit_db(model, rij, prefix=""):
    obj = model(**{v: rij[f"{prefix}{v}"] for v in _velden(model)})
    obj._state.adding, obj._state.db = False, "default"
    return obj


class KccBackend(ModelBackend):
    def get_user(self, user_id):
        from django.contrib.auth.models import Group

        from cases.models import live_grants  # cases builds on permissions

        user_model = get_user_model()

        def bouw(pk, nu):
            grants_direct, grants_groep = live_grants(pk, nu)
            return (
                user_model._default_manager.filter(pk=pk)
                .annotate(
                    _rollen=ArraySubquery(
                        Group.objects.filter(user=pk).order_by("name").values("name")
                    ),
                    _regels=ArraySubquery(
                        regels_van(pk).values(
                            regel=JSONObject(domein=F("domein_id"), niveau=F("niveau"))
                        )
                    ),
                    _grants_direct=ArraySubquery(grants_direct),
                    _grants_groep=ArraySubquery(grants_groep),
                )
                .values(
                    *_velden(user_model),
                    *[f"medewerker__{v}" for v in _velden(Medewerker)],
                    *[f"medewerker__afdeling__{v}" for v in _velden(Afdeling)],
                    *[f"medewerker__team__{v}" for v in _velden(Team)],
                    "_rollen",
                    "_regels",
                    "_grants_direct",
                    "_grants_groep",
                )
            )

        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        gevonden = rijen(("kcc-gebruiker",), bouw, pk=user_id, nu=timezone.now())
        if not gevonden:
            return None
        rij = gevonden[0]
        user = _uit_db(user_model, rij)
        if not self.user_can_authenticate(user):
            return None
        medewerker = None
        if rij["medewerker__id"] is not None:
            medewerker = _uit_db(Medewerker, rij, "medewerker__")
            medewerker.afdeling = _uit_db(Afdeling, rij, "medewerker__afdeling__")
            medewerker.team = (
                _uit_db(Team, rij, "medewerker__team__")
                if rij["medewerker__team__id"] is not None
                else None
            )
            medewerker.user = user
        user._state.fields_cache["medewerker"] = medewerker
        user._kcc_medewerker = medewerker
        user._kcc_role_names = set(rij["_rollen"] or ())
        user._kcc_domein_levels = hoogste_niveaus(
            (regel["domein"], regel["niveau"]) for regel in rij["_regels"] or ()
        )
        user._kcc_zaak_grants = set(rij["_grants_direct"] or ()) | set(rij["_grants_groep"] or ())
        return user
