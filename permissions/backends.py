"""The login backend: Django's ModelBackend, reading the user with what every page needs.

Every page asks who the user is, which roles they have, which Medewerker (department, team)
they are and which level each domein gives them; apps above add what their visibility needs
(cases: the zaken the user holds a live grant for) with ``vooraf_laden``. ``get_user`` reads
all of that in one kept query (``core.voorbereid``: built and compiled once per process)
instead of five, and leaves it where ``roles.role_names``, ``roles.medewerker_van``,
``visibility.domein_levels`` and the apps' own readers look first. Nothing is kept beyond
the request: a role or grant taken away counts on the next page.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F
from django.db.models.functions import JSONObject
from django.utils import timezone

from core.voorbereid import rijen

from .models import Afdeling, Medewerker, Team
from .visibility import hoogste_niveaus, regels_van
from .voorladen import voorladingen as _voorladingen


def _velden(model):
    return [f.attname for f in model._meta.concrete_fields]


def _uit_db(model, rij, prefix=""):
    obj = model(**{v: rij[f"{prefix}{v}"] for v in _velden(model)})
    obj._state.adding, obj._state.db = False, "default"
    return obj


class KccBackend(ModelBackend):
    def get_user(self, user_id):
        user = gebruiker_laden(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user


def gebruiker_laden(user_id):
    """The user with roles, Medewerker, levels and what the apps preload, in one kept query
    (also for a user that cannot log in: an API client acts through one)."""
    user_model = get_user_model()
    voorladingen = tuple(_voorladingen)

    def bouw(pk, nu):
        extra = {}
        for annotaties, _toepassen in voorladingen:
            extra.update(annotaties(pk, nu))
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
                **extra,
            )
            .values(
                *_velden(user_model),
                *[f"medewerker__{v}" for v in _velden(Medewerker)],
                *[f"medewerker__afdeling__{v}" for v in _velden(Afdeling)],
                *[f"medewerker__team__{v}" for v in _velden(Team)],
                "_rollen",
                "_regels",
                *extra,
            )
        )

    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    gevonden = rijen(bouw, pk=user_id, nu=timezone.now())
    if not gevonden:
        return None
    rij = gevonden[0]
    user = _uit_db(user_model, rij)
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
    for _annotaties, toepassen in voorladingen:
        toepassen(user, rij)
    return user
