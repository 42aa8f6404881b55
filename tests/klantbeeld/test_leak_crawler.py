"""Nothing above a user's level leaks: every routed URL, as every role, against records in
every domein at two confidentialities, each with unique markers in every content field.

New URLs are picked up from the URL configuration, so a future page cannot be forgotten."""

import pytest
from django.urls import get_resolver
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from cases.models import Zaak
from contacts.models import Contactmoment
from permissions.models import Afdeling, Niveau
from permissions.visibility import domein_levels, serves_public
from tests.catalogus import maak_wereld
from tests.factories import ContactmomentFactory, PersoonFactory, ZaakFactory

pytestmark = pytest.mark.django_db
ROLE_USERS = ["kcc", "balie", "wmo", "briks", "meldherstel", "teamleider", "beheer", "privacy"]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def routed_urls(pk, uuid=None):
    urls = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace == "admin":
                    continue  # the admin holds no resident content (see PartijAdmin)
                if pattern.namespace == "klantinteracties":
                    continue  # the API: crawled per client by tests/klantinteracties
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns)
            elif pattern.name:
                from django.urls import reverse

                groups = pattern.pattern.regex.groupindex
                kwargs = {"pk": pk} if "pk" in groups else {}
                if "token" in groups:  # the public confirmation page: an unknown token
                    kwargs["token"] = "00000000-0000-0000-0000-000000000000"
                if "uuid" in groups:  # a knowledge-base answer with a staff-only text
                    kwargs["uuid"] = uuid or "00000000-0000-0000-0000-000000000000"
                if "code" in groups:  # the desk note's short link: an unknown code
                    kwargs["code"] = "abcdefgh"
                urls.append(
                    (namespace + pattern.name, reverse(namespace + pattern.name, kwargs=kwargs))
                )

    walk(get_resolver().url_patterns)
    return urls


def _via_oidc(wereld):
    """The same colleagues as they arrive through the identity provider: made by the log-in
    service from claims, their role and department through role mappings."""
    from permissions.identiteit import Claims, medewerker_aanmelden
    from permissions.models import Rolkoppeling

    users = {}
    for short in ROLE_USERS:
        lokaal = wereld.users[short]
        Rolkoppeling.objects.create(
            claimwaarde=f"rol-{short}",
            rol=lokaal.groups.get(),
            afdeling=lokaal.medewerker.afdeling,
            team=lokaal.medewerker.team,
        )
        users[short] = medewerker_aanmelden(
            Claims(
                issuer="https://idp.example",
                waarden={"sub": f"oidc-{short}", "roles": [f"rol-{short}"], "name": short},
            )
        )
    return users


def _kennisartikel():
    from kennis.models import Bron, Item

    bron = Bron.objects.create(code="proef", naam="Proefbron", soort=Bron.Soort.OBJECTS_VAC)
    return Item.objects.create(
        bron=bron, extern_id="proef-1", soort="vac", titel="Lekproef kennis",
        secties=[{"code": "antwoord", "titel": "Antwoord", "tekst": "KPUBLIEKX"}],
        intern="KINTERNX",
    )  # fmt: skip


# too complex for C901 on purpose: one crawl over every role, page and marker
@pytest.mark.parametrize("herkomst", ["lokaal", "oidc"])
def test_no_page_partial_or_search_shows_anything_above_the_users_level(client, capsys, herkomst):  # noqa: C901
    wereld = maak_wereld()
    gebruikers = _via_oidc(wereld) if herkomst == "oidc" else wereld.users
    persoon = PersoonFactory(geslachtsnaam="Lekproef")
    elders = Afdeling.objects.create(code="elders", naam="Elders")
    terugbelverzoeken = []
    markers = {}  # domein code → {"content": [...], "existence": [...], "vertrouwelijk": bool}
    for code in wereld.onderwerpen:
        zaaktype = wereld.zaaktypen.get(code)  # a domein of other systems' subjects has none
        for vertrouwelijk in ("openbaar", "geheim") if zaaktype else ():
            zaaktype.omschrijving = f"ZTYPE{code}X"
            zaaktype.save()
            z = ZaakFactory(
                partij=persoon,
                zaaktype=zaaktype,
                afdeling=wereld.afdelingen["kcc"],
                identificatie=f"ZAAK-2026-{len(markers):03d}{vertrouwelijk[0]}",
                omschrijving=f"ZO{code}{vertrouwelijk}X",
                toelichting=f"ZT{code}{vertrouwelijk}X",
                vertrouwelijkheidaanduiding=vertrouwelijk,
            )
            markers[(code, vertrouwelijk)] = z
        ContactmomentFactory(
            partij=persoon,
            onderwerp=wereld.onderwerpen[code],
            kanaal=wereld.kanalen["telefoon"],
            vraag=f"CV{code}X",
            antwoord=f"CA{code}X",
        )
        # a callback request about each domein, for a department none of the crawlers is in
        # (a department sees its own requests in full whatever the policy)
        terugbelverzoeken.append(
            Terugbelverzoek.objects.create(
                partij=persoon,
                onderwerp=wereld.onderwerpen[code],
                vraag=f"TV{code}X",
                telefoonnummer="+31612345678",
                alternatief=f"TA{code}X@voorbeeld.nl",
                afdeling=elders,
                status="nieuw",
                deadline=timezone.now(),
                aangemaakt=timezone.now(),
            )
        )
    callback_refs = {t.onderwerp.domein.code: t.referentie for t in terugbelverzoeken}
    assert Zaak.objects.count() == 2 * len(wereld.zaaktypen)
    assert Contactmoment.objects.count() == len(wereld.onderwerpen)
    artikel = _kennisartikel()
    urls = routed_urls(persoon.id, artikel.uuid)
    searches = [persoon.bsn, "Lekproef"] + [z.identificatie for z in markers.values()]
    checked = 0
    for short in ROLE_USERS:
        user = gebruikers[short]
        levels = {wereld.domeinen[c].id: n for c, n in [(c, 0) for c in wereld.domeinen]}
        levels.update(domein_levels(user))
        client.force_login(user)
        pages = []
        for name, url in urls:
            if name == "logout":
                continue  # would end the session and make the rest of the crawl vacuous
            response = client.get(url, headers={"HX-Request": "true"})
            if response.status_code == 405:
                response = client.post(url, {}, headers={"HX-Request": "true"})
            pages.append((name, body(response)))
            pages.append((name + " (full page)", body(client.get(url))))
        for tbv in terugbelverzoeken:
            detail = f"/terugbelverzoeken/{tbv.id}/"
            pages.append((f"callback {tbv.id}", body(client.get(detail))))
        pages.append(
            (
                "team lead partial",
                body(
                    client.get(
                        "/teamleider/terugbelverzoeken/",
                        {"deel": "ververs"},
                        headers={"HX-Request": "true"},
                    )
                ),
            )
        )
        # the htmx partial of the timeline ("meer laden") is a URL of its own
        klantbeeld = next(url for name, url in urls if name == "klantbeeld:klantbeeld")
        pages.append(
            (
                "timeline partial",
                client.get(
                    klantbeeld, {"deel": "tijdlijn"}, headers={"HX-Request": "true"}
                ).content.decode(),
            )
        )
        for q in searches:
            # the search box posts its term (no BSN in a URL): the live results and the page
            live = client.post("/zoeken/", {"q": q}, headers={"HX-Request": "true"})
            pages.append((f"search {q}", live.content.decode()))
            pagina = client.post("/zoeken/", {"q": q}, follow=True)
            pages.append((f"search page {q}", pagina.content.decode()))
        for code in wereld.onderwerpen:
            if code in wereld.zaaktypen:
                continue  # checked with its zaken below
            level = levels[wereld.domeinen[code].id]
            forbidden = [f"CV{code}X", f"CA{code}X", f"TV{code}X", f"TA{code}X"]
            forbidden = forbidden if level < Niveau.FULL else []
            forbidden += [callback_refs[code]] if level == Niveau.NONE else []
            for page_name, html in pages:
                for marker in forbidden:
                    assert marker not in html, f"{short} sees {marker} on {page_name}"
                checked += 1
        for (code, vertrouwelijk), zaak in markers.items():
            level = levels[wereld.domeinen[code].id]
            if vertrouwelijk == "geheim":
                level = min(level, Niveau.EXISTENCE)
            forbidden = []
            if level < Niveau.FULL:
                forbidden += [f"ZO{code}{vertrouwelijk}X", f"ZT{code}{vertrouwelijk}X"]
                if vertrouwelijk == "openbaar":
                    forbidden += [f"CV{code}X", f"CA{code}X", f"TV{code}X", f"TA{code}X"]
            if level == Niveau.NONE:
                forbidden += [f"ZTYPE{code}X", callback_refs[code]]
            for page_name, html in pages:
                for marker in forbidden:
                    assert marker not in html, f"{short} sees {marker} on {page_name}"
                checked += 1
            if level == Niveau.NONE:
                # not found by its zaaknummer either
                found = client.post(
                    "/zoeken/", {"q": zaak.identificatie}, headers={"HX-Request": "true"}
                ).content.decode()
                assert "Lekproef" not in found, f"{short} finds {zaak.identificatie}"
        # the knowledge base's staff-only text: for those who serve the public, nobody else
        if not serves_public(user):
            for page_name, html in pages:
                assert "KINTERNX" not in html, f"{short} sees the staff-only text on {page_name}"
                checked += 1
        else:
            assert any("KINTERNX" in html for _, html in pages), short  # positive control
        if short in ("kcc", "balie", "teamleider"):
            # positive control: the crawl really saw content this role may see in full
            assert any("ZOpubliekszakenopenbaarX" in html for _, html in pages), short
            assert any("TVpubliekszakenX" in html for _, html in pages), short
            # and its searches really searched
            assert any("Lekproef" in html for n, html in pages if n.startswith("search")), short
    with capsys.disabled():
        print(
            f"\nleak crawler: {len(ROLE_USERS)} roles × {len(urls)} URLs (+ full pages and "
            f"{len(searches)} searches) × {len(markers)} records: {checked} checks"
        )
    assert checked > 0
