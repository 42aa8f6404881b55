"""Whose figures a user sees: the team lead those of the teams of their own department,
management those of every team. Nobody else sees figures (403). Decided once per request,
as the queues (platform names) and agents (user names and internal numbers) to count."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from permissions import roles
from permissions.models import Medewerker, Team
from sources.models import Wachtrij


@dataclass(frozen=True)
class Bereik:
    alles: bool
    teams: list[Team]
    # None: every queue and agent (management, no team chosen)
    wachtrijen: list[str] | None
    agents: list[str] | None
    # our own contacts and callbacks: by department (None: all)
    afdeling_ids: list[int] | None = None
    team: Team | None = None

    @property
    def team_ids(self) -> list[int]:
        return [t.id for t in self.teams]


def mag_cijfers_zien(user) -> bool:
    return bool(roles.role_names(user) & {roles.TEAMLEIDER, roles.MANAGEMENT})


def bereik_van(user, team_id: int | None = None) -> Bereik:
    """The user's scope, narrowed to one of their teams when asked (an unknown team or one
    outside the scope is refused, as if it did not exist: 403)."""
    names = roles.role_names(user)
    if roles.MANAGEMENT in names:
        teams = list(Team.objects.select_related("afdeling").order_by("afdeling__naam", "naam"))
        alles = True
        afdeling_ids = None
    elif roles.TEAMLEIDER in names:
        medewerker = roles.medewerker_van(user)
        if medewerker is None:
            raise PermissionDenied
        teams = list(
            Team.objects.select_related("afdeling")
            .filter(afdeling_id=medewerker.afdeling_id)
            .order_by("naam")
        )
        alles = False
        afdeling_ids = [medewerker.afdeling_id]
    else:
        raise PermissionDenied
    team = None
    if team_id is not None:
        team = next((t for t in teams if t.id == team_id), None)
        if team is None:
            raise PermissionDenied
    if alles and team is None:
        return Bereik(alles=True, teams=teams, wachtrijen=None, agents=None)
    gekozen = [team] if team else teams
    ids = [t.id for t in gekozen]
    wachtrijen = list(Wachtrij.objects.filter(team_id__in=ids).values_list("naam", flat=True))
    collegas = (
        Medewerker.objects.filter(team_id__in=ids)
        if team
        else Medewerker.objects.filter(afdeling_id__in=afdeling_ids)
    )
    if team:
        afdeling_ids = [team.afdeling_id]
    agents = []
    for username, telefoon in collegas.values_list("user__username", "telefoon"):
        agents.append(username)
        if telefoon:
            agents.append(telefoon)
    return Bereik(
        alles=alles,
        teams=teams,
        wachtrijen=wachtrijen,
        agents=agents,
        afdeling_ids=afdeling_ids,
        team=team,
    )
