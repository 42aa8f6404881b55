"""The login backend: Django's ModelBackend, reading the user with what every page needs.

Every page asks who the user is, which roles they have, which Medewerker (department, team)
they are and which level each domein gives them. ``get_user`` reads all of that in one query
per request instead of four, and leaves it where ``roles.role_names``,
``roles.medewerker_van`` and ``visibility.domein_levels`` look first. Nothing is kept beyond
the request: a role taken away counts on the next page.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, Q
from django.db.models.functions import JSONObject

from .models import Niveau, Zichtbaarheidsregel


class KccBackend(ModelBackend):
    def get_user(self, user_id):
        from django.contrib.auth.models import Group

        user_model = self._user_model()
        rules = Zichtbaarheidsregel.objects.filter(rol__user=OuterRef("pk")).filter(
            Q(afdeling__isnull=True) | Q(afdeling__medewerkers__user=OuterRef("pk"))
        )
        user = (
            user_model._default_manager.select_related("medewerker__afdeling",
                                                        "medewerker__team")
            .annotate(
                _rollen=ArraySubquery(Group.objects.filter(user=OuterRef("pk"))
                                      .values("name")),
                _regels=ArraySubquery(rules.values(
                    regel=JSONObject(domein=F("domein_id"), niveau=F("niveau")))),
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._kcc_role_names = set(user._rollen)
        try:
            user._kcc_medewerker = user.medewerker
        except user_model.medewerker.RelatedObjectDoesNotExist:
            user._kcc_medewerker = None
        levels: dict[int, int] = {}
        for regel in user._regels:
            levels[regel["domein"]] = max(regel["niveau"], levels.get(regel["domein"],
                                                                      Niveau.NONE))
        user._kcc_domein_levels = levels
        return user

    def _user_model(self):
        from django.contrib.auth import get_user_model

        return get_user_model()
