from django.conf import settings

from permissions.roles import (
    BALIEMEDEWERKER,
    FUNCTIONEEL_BEHEERDER,
    KCC_MEDEWERKER,
    MANAGEMENT,
    PRIVACY_OFFICER,
    ROLES,
    TEAMLEIDER,
    mag_systeemstatus_zien,
    role_names,
)
from permissions.visibility import serves_public


def kcc(request):
    """The logged-in medewerker's name and roles for the header; demo mode flag."""
    context = {
        "kcc_demo_mode": settings.DEMO_MODE,
        "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    names = role_names(user)
    rollen = [rol for rol in ROLES if rol in names]
    context.update(
        kcc_medewerker_naam=user.get_full_name() or user.get_username(),
        kcc_rollen=rollen,
        kcc_privacy_officer=PRIVACY_OFFICER in names,
        kcc_teamleider=TEAMLEIDER in names,
        kcc_cijfers=bool(names & {TEAMLEIDER, MANAGEMENT}),
        # proactive campaigns: who prepares or approves them, and the KCC that calls
        kcc_campagnes=bool(names & {TEAMLEIDER, MANAGEMENT, KCC_MEDEWERKER}),
        kcc_telefonie=KCC_MEDEWERKER in names,
        # search, queue, post, to-be-linked: only for roles that serve the public (the same
        # rule the pages apply), so no link or search box ends in a refusal
        kcc_serves_public=serves_public(user),
        # post, e-mail and "to be linked" are the front office's intake (KCC, desk, their
        # team lead): a back-office colleague has no use for them in the menu (the pages
        # stay theirs to open, as for every role that serves the public)
        kcc_intake=bool(names & {KCC_MEDEWERKER, BALIEMEDEWERKER, TEAMLEIDER}),
        kcc_inactief_seconden=int(settings.KCC_INACTIEF_MINUTEN * 60),
        # the system status is the functioneel beheerder's: others have no use for it in
        # their menu (the page itself stays reachable for monitoring, without details)
        kcc_systeemstatus=mag_systeemstatus_zien(user),
        kcc_may_use_admin=user.is_staff and (FUNCTIONEEL_BEHEERDER in rollen or user.is_superuser),
    )
    return context
