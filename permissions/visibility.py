"""The one place that decides how much of a record a user sees: NONE, EXISTENCE or FULL.

Querysets call ``level_annotation`` to compute the level in the database, per row, from the
user's roles × the record's domein (``Zichtbaarheidsregel``); rows at NONE are dropped there.
Pages get redacted values (see the ``for_display`` querysets), never a model with content the
user may not see. Superusers and staff flags get no bypass: an administrator sees what their
roles give.
"""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When

from . import roles
from .models import Medewerker, Niveau, Zichtbaarheidsregel

# Roles that serve the public see the person record itself (name, contact details).
SERVES_PUBLIC = {
    roles.KCC_MEDEWERKER,
    roles.BALIEMEDEWERKER,
    roles.BACKOFFICE_MEDEWERKER,
    roles.TEAMLEIDER,
}

_CACHE_ATTR = "_kcc_domein_levels"


def domein_levels(user) -> dict[int, int]:
    """domein id → the highest level any of the user's roles gives. One query, per request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    levels = hoogste_niveaus(regels_van(user).values_list("domein_id", "niveau"))
    setattr(user, _CACHE_ATTR, levels)
    return levels


def regels_van(user):
    """The visibility rules of the user's roles: general ones and those of their own
    department. ``user`` is a user or a user id (not an ``OuterRef``: it is used one
    subquery deeper)."""
    # semi-joins on the link tables, unordered: a cheap plan also inside the login query
    eigen_afdeling = Medewerker.objects.filter(user=user).values("afdeling_id")
    return Zichtbaarheidsregel.objects.filter(
        Q(afdeling__isnull=True) | Q(afdeling__in=eigen_afdeling),
        rol__in=roles.groep_ids(user),
    ).order_by()


def hoogste_niveaus(paren) -> dict[int, int]:
    """(domein id, level) pairs → domein id → the highest level any rule gives."""
    levels: dict[int, int] = {}
    for domein_id, niveau in paren:
        levels[domein_id] = max(niveau, levels.get(domein_id, Niveau.NONE))
    return levels


def sleuteldeel(user) -> tuple:
    """What of the user shapes every visibility query here: the level per domein and the
    Medewerker (own department, own requests). Registered with ``core.voorbereid`` by
    ``PermissionsConfig.ready``; cases adds the zaak grants."""
    medewerker = roles.medewerker_van(user)
    return (
        tuple(sorted(domein_levels(user).items())),
        (medewerker.id, medewerker.afdeling_id) if medewerker else None,
    )


def has_explicit_permission(user, app_label: str, codename: str) -> bool:
    """A permission given to the user or one of their groups. Unlike ``user.has_perm`` it
    gives superusers nothing for free: an administrator gets what their role gives."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        content_type__app_label=app_label,
        codename=codename,
    ).exists()


def serves_public(user) -> bool:
    return bool(roles.role_names(user) & SERVES_PUBLIC)


def require_serves_public(user) -> None:
    """Pages with resident data: only for roles that serve the public (403 otherwise)."""
    if not serves_public(user):
        raise PermissionDenied


def level_annotation(
    user,
    domein_field: str,
    *,
    raise_to_full: Q | None = None,
    cap_existence: Q | None = None,
    raise_after_full: Q | None = None,
):
    """A database expression for the user's level on each row.

    ``domein_field``: the path to the row's domein id (``"onderwerp__domein_id"``).
    ``raise_to_full``: rows the user sees in full whatever the policy (e.g. their own zaken).
    ``cap_existence``: rows shown at most at EXISTENCE (e.g. zaken marked geheim).
    ``raise_after_full``: like ``raise_to_full``, asked after the policy's FULL domeinen.
    """
    levels = domein_levels(user)
    # sorted: the rules come unordered from the database, and the same levels must give the
    # same SQL (core.voorbereid keeps it per levels; its check compares the parameters too)
    full = sorted(d for d, n in levels.items() if n == Niveau.FULL)
    existence = sorted(d for d, n in levels.items() if n == Niveau.EXISTENCE)
    whens = []
    if raise_to_full is not None:
        whens.append(When(raise_to_full, then=Value(Niveau.FULL)))
    if cap_existence is not None:
        whens.append(
            When(
                cap_existence & Q(**{f"{domein_field}__in": full + existence}),
                then=Value(Niveau.EXISTENCE),
            )
        )
    if full:
        whens.append(When(Q(**{f"{domein_field}__in": full}), then=Value(Niveau.FULL)))
    if raise_after_full is not None:
        # asked only for rows the policy does not show in full already (a subquery per row)
        whens.append(When(raise_after_full, then=Value(Niveau.FULL)))
    if existence:
        whens.append(When(Q(**{f"{domein_field}__in": existence}), then=Value(Niveau.EXISTENCE)))
    if not whens:
        return Value(Niveau.NONE, output_field=IntegerField())
    return Case(*whens, default=Value(Niveau.NONE), output_field=IntegerField())


def redacted(level: int, value):
    """Content only at FULL; ``None`` otherwise (the template shows "no access to contents")."""
    return value if level == Niveau.FULL else None
