"""The staff roles. Each role is a Django group with exactly this name.

The names are the users' words; they appear in the header and in the admin.
"""

from django.utils.translation import gettext_lazy as _

# The role names are read before Django is set up (the ./kcc launcher prints the demo
# log-ins), so the functions below import the models where they use them.

KCC_MEDEWERKER = "KCC-medewerker"
BALIEMEDEWERKER = "Baliemedewerker"
BACKOFFICE_MEDEWERKER = "Backoffice-medewerker"
TEAMLEIDER = "Teamleider"
FUNCTIONEEL_BEHEERDER = "Functioneel beheerder"
PRIVACY_OFFICER = "Privacy officer"
MANAGEMENT = "Management"

ROLES = [
    KCC_MEDEWERKER,
    BALIEMEDEWERKER,
    BACKOFFICE_MEDEWERKER,
    TEAMLEIDER,
    FUNCTIONEEL_BEHEERDER,
    PRIVACY_OFFICER,
    MANAGEMENT,
]

ROLE_DESCRIPTIONS = {
    KCC_MEDEWERKER: _(
        "Answers 14 024: finds the caller, records the contact, asks for a callback."
    ),
    BALIEMEDEWERKER: _("Helps people at the desk in the Stadswinkel or Steunpunt Dukenburg."),
    BACKOFFICE_MEDEWERKER: _("Handles the callbacks and cases of their own department."),
    TEAMLEIDER: _("Watches the queues, deadlines and service figures of the teams."),
    FUNCTIONEEL_BEHEERDER: _("Maintains catalogues, roles, routing rules and deadlines."),
    PRIVACY_OFFICER: _("Checks who looked at whose data, and why."),
    MANAGEMENT: _("Follows the service figures of all teams, as totals only: no resident data."),
}


def role_names(user) -> set[str]:
    """The user's role (group) names, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_kcc_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._kcc_role_names = cached
    return cached


def mag_systeemstatus_zien(user) -> bool:
    """The system status in detail (versions, messages): for the functioneel beheerder
    (``KCC_STATUS_DETAILS_VOOR``)."""
    return FUNCTIONEEL_BEHEERDER in role_names(user)


def groep_ids(user):
    """The ids of the user's groups as a subquery (``user``: a user or a user id), for
    filters such as ``rol__in=groep_ids(user)``: a semi-join on the link table alone."""
    from django.contrib.auth import get_user_model  # models: see the top of this module

    return get_user_model().groups.through.objects.filter(user=user).values("group_id")


def ensure_groups():
    """The role groups by name, created when missing (a migration creates them too; a flushed
    test database or a fresh import may not have them)."""
    from django.contrib.auth.models import Group, Permission  # see the top of this module

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    # The functioneel beheerder maintains the catalogues, teams and visibility rules.
    beheer = Permission.objects.filter(
        content_type__app_label__in=[
            "permissions",
            "contacts",
            "cases",
            "callbacks",
            "klantinteracties",
            "sources",
            "cijfers",
            "kennis",
        ],
        content_type__model__in=BEHEER_MODELS,
    )
    groups[FUNCTIONEEL_BEHEERDER].permissions.add(*beheer)
    # proactive campaigns: the team lead prepares and approves (never their own: the
    # service refuses), management approves
    campagnes = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="proactief",
            codename__in=["voorbereiden_campagne", "goedkeuren_campagne"],
        )
    }
    groups[TEAMLEIDER].permissions.add(*campagnes.values())
    if "goedkeuren_campagne" in campagnes:
        groups[MANAGEMENT].permissions.add(campagnes["goedkeuren_campagne"])
    return groups


BEHEER_MODELS = [
    "domein",
    "afdeling",
    "team",
    "medewerker",
    "zichtbaarheidsregel",
    "kanaal",
    "onderwerp",
    "zaaktype",
    "routeringsregel",
    "sluitingsdag",
    "rolkoppeling",
    "apiclient",
    "wachtrij",
    "definitie",
    # the knowledge sources and the VACs written here (a second person publishes)
    "bron",
    "vac",
]


def medewerker_van(user):
    """The user's Medewerker with afdeling and team, read once per request (None if none)."""
    from .models import Medewerker  # see the top of this module

    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_kcc_medewerker"):
        user._kcc_medewerker = (
            Medewerker.objects.select_related("afdeling", "team").filter(user=user).first()
        )
    return user._kcc_medewerker
