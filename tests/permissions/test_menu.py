"""The main menu per role: a colleague sees the places her work takes her to, no more."""

import pytest
from django.urls import reverse

from permissions import roles
from tests.catalogus import maak_wereld
from tests.factories import MedewerkerFactory

pytestmark = pytest.mark.django_db


def _menu(client, user):
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    begin = html.index('<nav class="page-nav"')
    return html[begin : html.index("</nav>", begin)]


def test_the_system_status_is_in_the_menu_of_the_functioneel_beheerder_only(client):
    wereld = maak_wereld()
    assert "Systeemstatus" not in _menu(client, wereld.users["kcc"])
    assert "Systeemstatus" not in _menu(client, wereld.users["teamleider"])
    beheerder = MedewerkerFactory(rol=roles.FUNCTIONEEL_BEHEERDER).user
    assert "Systeemstatus" in _menu(client, beheerder)
