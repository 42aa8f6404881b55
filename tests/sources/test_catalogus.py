"""The reference catalogue is data: a TOML file loaded by ``manage.py catalogus_laden``."""

import pytest
from django.core.management import CommandError, call_command

from callbacks.models import Routeringsregel
from cases.models import Zaaktype
from contacts.models import Kanaal, Onderwerp, Partij
from permissions.models import Afdeling, Domein, Niveau, Zichtbaarheidsregel
from sources.catalogus import STANDAARD

pytestmark = pytest.mark.django_db


def test_the_command_loads_the_catalogue_once_and_keeps_what_the_beheerder_changed(capsys):
    call_command("catalogus_laden")
    assert "Catalogus versie 2026.12.3" in capsys.readouterr().out
    assert Domein.objects.count() == 12  # the seeds' ten, "niet ingedeeld" and "proactief"
    assert Kanaal.objects.get(code="telefoon").naam == "Telefoon 14 024"
    assert Onderwerp.objects.get(code="paspoort").domein.code == "publiekszaken"
    assert Zaaktype.objects.get(code="wmo-aanvraag").doorlooptijd_dagen == 56
    assert Routeringsregel.objects.get(onderwerp__code="klacht").termijn_werkdagen == 5
    kcc_wmo = Zichtbaarheidsregel.objects.get(
        rol__name="KCC-medewerker", domein__code="wmo", afdeling__isnull=True
    )
    assert kcc_wmo.niveau == Niveau.EXISTENCE
    # the functioneel beheerder raises a rule; loading again keeps it and adds nothing
    kcc_wmo.niveau = Niveau.FULL
    kcc_wmo.save()
    aantallen = (Zichtbaarheidsregel.objects.count(), Routeringsregel.objects.count())
    call_command("catalogus_laden")
    kcc_wmo.refresh_from_db()
    assert kcc_wmo.niveau == Niveau.FULL
    assert (Zichtbaarheidsregel.objects.count(), Routeringsregel.objects.count()) == aantallen
    assert not Partij.objects.exists()  # reference data only


def test_a_file_with_a_mistake_changes_nothing_and_says_what_is_wrong(tmp_path):
    kapot = tmp_path / "catalogus.toml"
    kapot.write_text(
        STANDAARD.read_text().replace('domein = "wmo"', 'domein = "wmoo"', 1), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="wmoo"):
        call_command("catalogus_laden", "--bestand", str(kapot))
    assert not Domein.objects.exists()
    assert not Afdeling.objects.exists()
    with pytest.raises(CommandError, match=r"bestaat niet|does not exist"):
        call_command("catalogus_laden", "--bestand", str(tmp_path / "geen.toml"))
