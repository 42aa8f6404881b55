"""The figures' pages: who sees them (team lead own teams, management all, nobody else), a
group too small is not shown, the query count does not grow with the period, the exports
carry the definition, and no page or export names a resident, a caller or a colleague."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cijfers.bereik import bereik_van
from cijfers.models import Definitie
from tests.cijfers.conftest import gesprek, lokaal, stuur

pytestmark = pytest.mark.django_db
MAANDAG = lokaal(2026, 11, 30, 9, 0)
DAG = {"periode": "dag", "datum": "2026-11-30"}


@pytest.fixture
def gesprekken(wereld):
    # 12 calls on the KCC's queue (10 within a minute), 3 on the WMO's
    stuur(*[e for i in range(10) for e in gesprek(f"k{i}", MAANDAG, wacht=20)])
    stuur(*gesprek("k10", MAANDAG, wacht=100), *gesprek("k11", MAANDAG, opgehangen=50))
    stuur(*[e for i in range(3) for e in gesprek(f"w{i}", MAANDAG, wacht=5, queue="wmo-toegang")])
    return wereld


def test_only_team_leads_and_management_see_figures(client, gesprekken):
    for short in ["kcc", "balie", "wmo", "beheer", "privacy"]:
        client.force_login(gesprekken.users[short])
        for naam in ["dashboard", "wallboard", "maandrapport", "export-csv", "export-xlsx"]:
            assert client.get(reverse(f"cijfers:{naam}")).status_code == 403, (short, naam)


def test_a_team_lead_sees_the_teams_of_their_own_department(client, gesprekken):
    client.force_login(gesprekken.users["teamleider"])  # department KCC
    pagina = client.get(reverse("cijfers:dashboard"), DAG)
    assert pagina.status_code == 200
    assert pagina.context["db"].totaal.binnen == 12  # not the WMO's 3
    # another department's team cannot be chosen, also not by guessing its id
    antwoord = client.get(reverse("cijfers:dashboard"), {**DAG, "team": gesprekken.team_wmo.id})
    assert antwoord.context["db"].totaal.binnen == 12
    assert "Niet alles kon worden gebruikt" in antwoord.content.decode()
    with pytest.raises(PermissionDenied):
        bereik_van(gesprekken.users["teamleider"], gesprekken.team_wmo.id)
    assert (
        client.get(reverse("cijfers:wallboard"), {"team": gesprekken.team_wmo.id}).status_code
        == 403
    )
    client.force_login(gesprekken.users["management"])
    assert client.get(reverse("cijfers:dashboard"), DAG).context["db"].totaal.binnen == 15
    wmo = client.get(reverse("cijfers:dashboard"), {**DAG, "team": gesprekken.team_wmo.id})
    assert wmo.context["db"].totaal.binnen == 3


def test_a_figure_over_a_small_group_is_not_shown(client, gesprekken):
    client.force_login(gesprekken.users["management"])
    html = client.get(reverse("cijfers:dashboard"), {**DAG, "team": gesprekken.team_wmo.id})
    html = html.content.decode()
    # 3 calls: counted, but no percentage over them (the default smallest group is 10)
    assert "Servicelevel 80/60" in html
    assert "<td>–</td>" in html
    assert "<td>100%</td>" not in html
    assert "minder dan 10 gesprekken of contacten" in html
    kcc = client.get(reverse("cijfers:dashboard"), {**DAG, "team": gesprekken.team_kcc.id})
    # 10 of 12 (the one answered after 100 s and the abandon after 50 s count, not in time)
    assert "<td>83%</td>" in kcc.content.decode()


def test_the_query_count_does_not_grow_with_the_period(client, gesprekken):
    client.force_login(gesprekken.users["management"])
    client.get(reverse("cijfers:dashboard"))  # the first request of a session reads more
    tellingen = []
    for periode in ["dag", "week", "maand", "jaar"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cijfers:dashboard"), {"periode": periode}).status_code == 200
        tellingen.append(len(queries))
    assert len(set(tellingen)) == 1, tellingen
    # one aggregate query per figure: telephony, channels, callbacks and the learning loop
    # (satisfaction, complaints, signals, top subjects) and the knowledge base
    assert tellingen[0] <= 31, tellingen


def test_bad_filters_are_said_in_dutch_and_the_defaults_shown(client, gesprekken):
    client.force_login(gesprekken.users["management"])
    pagina = client.get(reverse("cijfers:dashboard"), {"periode": "eeuw", "datum": "30-30-2026"})
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Niet alles kon worden gebruikt" in html
    assert "Geef de datum als dag-maand-jaar" in html
    assert pagina.context["db"].periode.soort == "maand"  # the period was wrong


def test_the_exports_carry_the_definition_and_no_one_by_name(client, gesprekken):
    client.force_login(gesprekken.users["teamleider"])
    csv = client.get(reverse("cijfers:export-csv"), DAG)
    assert csv["Content-Type"].startswith("text/csv")
    tekst = csv.content.decode()
    assert "Servicelevel" in tekst
    assert "binnen de drempel" in tekst
    assert "80/60" in tekst
    assert "80/15" in tekst
    assert "t-kcc" not in tekst
    assert "0612345678" not in tekst
    xlsx = client.get(reverse("cijfers:export-xlsx"), DAG)
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as z:
        bladen = z.read("xl/workbook.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "Definities" in bladen
    assert "Per kwartier" not in bladen
    assert "Per interval" in bladen
    assert "binnen de drempel" in strings
    assert "t-kcc" not in strings


def test_the_definition_is_the_functional_administrators(client, gesprekken):
    d = Definitie.actief()
    d.drempels = [60, 20]
    d.kort_opgehangen_seconden = 60
    d.save()
    client.force_login(gesprekken.users["management"])
    html = client.get(reverse("cijfers:dashboard"), DAG).content.decode()
    assert "Servicelevel 80/20" in html
    assert "Servicelevel 80/15" not in html
    # the abandon after 50 s is a short abandon now: 10 of 11 answered
    assert "opgehangen na 60 seconden" in html


def test_the_wallboard_shows_now_and_today_without_resident_data(client, wereld, settings):
    from django.utils import timezone

    nu = timezone.now()
    stuur(*gesprek("live-1", nu - timezone.timedelta(seconds=90)))  # still waiting
    stuur(
        {"event": "agent_state", "agent": "t-kcc", "state": "busy", "ts": nu.isoformat()},
    )
    client.force_login(wereld.users["teamleider"])
    pagina = client.get(reverse("cijfers:wallboard"))
    assert pagina.status_code == 200
    live = pagina.context["live"]
    assert live.in_wachtrij == 1
    assert 85 <= live.langst_wachtend_s <= 200
    assert live.agents_per_staat["busy"] == 1
    deel = client.get(
        reverse("cijfers:wallboard"), {"deel": "cijfers"}, headers={"HX-Request": "true"}
    )
    html = deel.content.decode()
    assert "<html" not in html
    assert 'data-cijfer="in-wachtrij">1<' in html
    assert "0612345678" not in html
    assert "t-kcc" not in html


def test_the_month_report(client, gesprekken):
    client.force_login(gesprekken.users["management"])
    pagina = client.get(reverse("cijfers:maandrapport"), {"maand": "2026-11"})
    assert pagina.status_code == 200
    regels = {naam: (nu, toen) for naam, nu, toen, _s in pagina.context["r"].regels()}
    assert regels["Gesprekken met 14 024"] == (15, 0)
    # 13 of the 14 answered + 1 abandoned within 60 s (the one after 100 s not)
    assert regels["Aangenomen binnen 60 seconden"][0] == pytest.approx(100 * 13 / 15)
    fout = client.get(reverse("cijfers:maandrapport"), {"maand": "november"})
    assert "Geef de maand als jaar-maand" in fout.content.decode()


def test_a_queue_name_like_a_formula_is_text_in_the_csv(client, gesprekken):
    """Telephony queue names come from the webhook: '=HYPERLINK(…)' must not become a
    formula when the team lead opens the export in a spreadsheet."""
    stuur(*gesprek("x1", MAANDAG, wacht=5, queue='=HYPERLINK("https://evil.example","klik")'))
    client.force_login(gesprekken.users["management"])
    tekst = client.get(reverse("cijfers:export-csv"), DAG).content.decode()
    regels = [r for r in tekst.splitlines() if "HYPERLINK" in r]
    assert regels, tekst
    assert all(";=" not in r and not r.startswith("=") for r in regels)
    assert any("'=HYPERLINK" in r for r in regels)
