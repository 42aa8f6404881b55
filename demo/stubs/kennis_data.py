"""The demo set of the knowledge stub: Nijmegen's products as SDG kennisartikelen, VACs and a
few web pages. Texts after nijmegen.nl's product pages (fees of 2026 as an example)."""

# the objecttypes' paths on the stub (the Objects API is asked for ?type=<base><path>)
VAC_TYPE = "/api/v2/objecttypes/2b5f9a6e-1c6d-4a3b-8f7e-0d9c8b7a6f51"
ARTIKEL_TYPE = "/api/v2/objecttypes/7d4e3c2b-9a8f-4e1d-b6c5-a4f3e2d1c0b9"

# slug, title, keywords, department, audience, sections {field: text}, deskMemo
ARTIKELEN = [
    (
        "paspoort",
        "Paspoort of ID-kaart aanvragen",
        ["paspoort", "identiteitskaart", "id-kaart", "reisdocument", "verlopen", "kwijt"],
        "Publiekszaken",
        "eu-burger",
        {
            "tekst": "<p>Uw paspoort of identiteitskaart (ID-kaart) vraagt u aan in de "
            "Stadswinkel of in Steunpunt Dukenburg. Is uw paspoort <strong>verlopen</strong>? "
            "Vraag dan op tijd een nieuw aan: dat duurt ongeveer een week.</p>",
            "procedureBeschrijving": "1. Maak een afspraak via nijmegen.nl/afspraak of bel "
            "14 024.\n2. Neem uw oude document en een pasfoto mee.\n3. Na ongeveer 6 werkdagen "
            "haalt u het nieuwe document op.",
            "vereisten": "U staat ingeschreven in Nijmegen. Bent u jonger dan 18? Dan geven "
            "beide ouders toestemming voor een paspoort.",
            "kostenEnBetaalmethoden": "Paspoort 18 jaar en ouder: € 84,70. ID-kaart 18 jaar en "
            "ouder: € 77,85. Jonger dan 18: paspoort € 64,35, ID-kaart € 43,30. U betaalt met "
            "pin of creditcard.",
            "uitersteTermijn": "Het document is na 6 werkdagen klaar. Spoed (volgende werkdag) "
            "kost € 58,50 extra.",
            "contact": "Bel 14 024 of kom langs in de Stadswinkel, Mariënburg 30.",
        },
        "Bij spoed: eerst met de teamleider balie overleggen. Vermissing: eerst een "
        "verklaring van vermissing opmaken (kost € 10,75).",
    ),
    (
        "rijbewijs",
        "Rijbewijs verlengen",
        ["rijbewijs", "verlengen", "verlopen", "gezondheidsverklaring"],
        "Publiekszaken",
        "eu-burger",
        {
            "tekst": "Is uw rijbewijs bijna verlopen? Verleng het online met DigiD of in de "
            "Stadswinkel.",
            "procedureBeschrijving": "Online aanvragen via nijmegen.nl/rijbewijs met DigiD, of "
            "maak een afspraak in de Stadswinkel.",
            "vereisten": "Bent u 75 jaar of ouder? Dan heeft u een gezondheidsverklaring van "
            "het CBR nodig.",
            "kostenEnBetaalmethoden": "Online: € 45,20. In de Stadswinkel: € 52,55.",
            "uitersteTermijn": "U haalt het rijbewijs na 5 werkdagen op.",
        },
        "Een rijbewijs uit het buitenland: doorverwijzen naar de RDW.",
    ),
    (
        "verhuizing",
        "Verhuizing doorgeven",
        ["verhuizen", "verhuizing", "adreswijziging", "inschrijven", "adres"],
        "Publiekszaken",
        "eu-burger",
        {
            "tekst": "Gaat u verhuizen binnen Nijmegen of komt u in Nijmegen wonen? Geef uw "
            "verhuizing door tot 4 weken voor en uiterlijk 5 dagen na de verhuisdatum.",
            "procedureBeschrijving": "Online met DigiD via nijmegen.nl/verhuizen. Zonder DigiD: "
            "maak een afspraak.",
            "kostenEnBetaalmethoden": "Gratis.",
            "uitersteTermijn": "Uiterlijk 5 dagen na de verhuizing.",
            "bezwaarEnBeroep": "Bent u het niet eens met een besluit over uw inschrijving? Maak "
            "binnen 6 weken bezwaar.",
        },
        "Adresonderzoek bij twijfel: doorzetten naar team Adreskwaliteit.",
    ),
    (
        "parkeervergunning",
        "Parkeervergunning voor bewoners",
        ["parkeren", "parkeervergunning", "vergunning", "auto", "bewoner"],
        "Parkeren",
        "eu-burger",
        {
            "tekst": "Woont u in een gebied met betaald parkeren? Dan kunt u een "
            "bewonersvergunning aanvragen.",
            "procedureBeschrijving": "Aanvragen via Mijn Nijmegen met DigiD.",
            "vereisten": "De auto staat op uw naam of u heeft een leaseverklaring.",
            "kostenEnBetaalmethoden": "€ 124,80 per jaar voor de eerste auto.",
            "uitersteTermijn": "U krijgt binnen 2 weken bericht.",
        },
        "Wachtlijst in het centrum: noteer de wachtlijstpositie in het contact.",
    ),
    (
        "afval-grofvuil",
        "Grofvuil laten ophalen",
        ["grofvuil", "afval", "ophalen", "bank", "kast", "dar"],
        "Openbare ruimte",
        "eu-burger",
        {
            "tekst": "Grofvuil zoals meubels laat u ophalen door Dar.",
            "procedureBeschrijving": "Maak een afspraak via dar.nl of bel Dar.",
            "kostenEnBetaalmethoden": "De eerste 4 keer per jaar gratis.",
        },
        "",
    ),
    (
        "woz",
        "WOZ-waarde en bezwaar",
        ["woz", "waarde", "bezwaar", "aanslag", "belasting"],
        "Belastingen",
        "eu-burger-bedrijf",
        {
            "tekst": "De WOZ-waarde van uw woning staat op uw aanslag gemeentelijke belastingen.",
            "bezwaarEnBeroep": "Bent u het niet eens met de WOZ-waarde? Maak binnen 6 weken na "
            "de datum van de aanslag bezwaar via Mijn Nijmegen.",
            "uitersteTermijn": "Bezwaar binnen 6 weken.",
        },
        "Let op no-cure-no-pay bureaus: zij krijgen geen inzage zonder machtiging.",
    ),
    (
        "bijstand",
        "Bijstandsuitkering aanvragen",
        ["bijstand", "uitkering", "inkomen", "geld", "participatiewet"],
        "Werk en inkomen",
        "eu-burger",
        {
            "tekst": "Heeft u niet genoeg geld om van te leven? Misschien kunt u een "
            "bijstandsuitkering krijgen.",
            "procedureBeschrijving": "Meld u eerst bij het UWV via werk.nl. Daarna vraagt u de "
            "uitkering aan bij de gemeente.",
            "vereisten": "U bent 27 jaar of ouder en woont in Nijmegen.",
            "uitersteTermijn": "U krijgt binnen 8 weken een besluit.",
        },
        "Bij acute geldnood: voorschot mogelijk, doorzetten naar Werk en inkomen met spoed.",
    ),
    (
        "wmo-hulp",
        "Hulp bij het huishouden (Wmo)",
        ["wmo", "huishoudelijke hulp", "zorg", "ondersteuning", "stip"],
        "Wmo",
        "eu-burger",
        {
            "tekst": "Kunt u uw huishouden niet meer zelf doen? Dan kunt u hulp vragen via de Wmo.",
            "procedureBeschrijving": "Neem contact op met het Stip in uw wijk of bel 14 024. "
            "Een consulent komt langs voor een gesprek.",
            "kostenEnBetaalmethoden": "U betaalt een eigen bijdrage van maximaal € 21,80 per "
            "maand (CAK).",
            "uitersteTermijn": "Binnen 6 weken na uw melding krijgt u een besluit.",
        },
        "Nooit medische informatie vastleggen in het contact; verwijzen naar de consulent.",
    ),
    (
        "energietoeslag",
        "Energietoeslag",
        ["energie", "toeslag", "energietoeslag", "laag inkomen"],
        "Werk en inkomen",
        "eu-burger",
        {
            "tekst": "Huishoudens met een laag inkomen kunnen een eenmalige energietoeslag "
            "krijgen.",
            "vereisten": "Uw inkomen is niet hoger dan 120% van het sociaal minimum.",
            "kostenEnBetaalmethoden": "De toeslag is € 400.",
        },
        "",
    ),
    (
        "uittreksel-brp",
        "Uittreksel uit de BRP",
        ["uittreksel", "brp", "bewijs van inschrijving", "gba"],
        "Publiekszaken",
        "eu-burger",
        {
            "tekst": "Een uittreksel uit de Basisregistratie Personen (BRP) laat zien waar u "
            "woont.",
            "procedureBeschrijving": "Online aanvragen met DigiD.",
            "kostenEnBetaalmethoden": "€ 16,60.",
        },
        "",
    ),
]

# extra products, short: (slug, title, keywords, department, intro, costs)
KORT = [
    (
        "huwelijk",
        "Trouwen of geregistreerd partnerschap",
        ["trouwen", "huwelijk", "partnerschap"],
        "Publiekszaken",
        "Wilt u trouwen in Nijmegen? Meld uw voorgenomen huwelijk 2 weken tot 1 jaar vooraf.",
        "Gratis in de trouwkamer op maandagochtend.",
    ),
    (
        "geboorte",
        "Geboorte aangeven",
        ["geboorte", "baby", "aangifte", "kind"],
        "Publiekszaken",
        "Geef de geboorte van uw kind binnen 3 werkdagen aan.",
        "Gratis.",
    ),
    (
        "overlijden",
        "Overlijden aangeven",
        ["overlijden", "begrafenis", "aangifte"],
        "Publiekszaken",
        "Meestal regelt de uitvaartondernemer de aangifte.",
        "Gratis.",
    ),
    (
        "naturalisatie",
        "Nederlander worden (naturalisatie)",
        ["naturalisatie", "nationaliteit"],
        "Publiekszaken",
        "Wilt u Nederlander worden? Dat vraagt u aan bij de gemeente.",
        "€ 1.436 voor een alleenstaande.",
    ),
    (
        "hondenbelasting",
        "Hondenbelasting",
        ["hond", "hondenbelasting", "belasting"],
        "Belastingen",
        "Heeft u een hond? Dan betaalt u hondenbelasting.",
        "€ 128,40 per hond.",
    ),
    (
        "kwijtschelding",
        "Kwijtschelding gemeentelijke belastingen",
        ["kwijtschelding", "belasting", "niet betalen"],
        "Belastingen",
        "Kunt u de belastingen niet betalen? Vraag kwijtschelding aan.",
        "Gratis.",
    ),
    (
        "omgevingsvergunning",
        "Omgevingsvergunning aanvragen",
        ["bouwen", "verbouwen", "vergunning", "dakkapel", "omgevingsvergunning"],
        "Vergunningen",
        "Voor bouwen of verbouwen heeft u vaak een omgevingsvergunning nodig.",
        "De kosten hangen af van de bouwkosten.",
    ),
    (
        "evenementenvergunning",
        "Evenementenvergunning",
        ["evenement", "feest", "vergunning"],
        "Vergunningen",
        "Organiseert u een evenement? Vraag 8 weken vooraf een vergunning aan.",
        "€ 97,00.",
    ),
    (
        "melding-openbare-ruimte",
        "Melding openbare ruimte",
        ["melding", "lantaarnpaal", "stoeptegel", "zwerfafval", "kapot"],
        "Openbare ruimte",
        "Ziet u iets kapot op straat? Doe een melding via de app of nijmegen.nl/melding.",
        "Gratis.",
    ),
    (
        "gehandicaptenparkeerkaart",
        "Gehandicaptenparkeerkaart",
        ["gehandicapt", "parkeerkaart", "parkeren", "invalide"],
        "Parkeren",
        "Kunt u slecht lopen? Dan kunt u een gehandicaptenparkeerkaart aanvragen.",
        "€ 155,00.",
    ),
    (
        "schuldhulp",
        "Hulp bij schulden",
        ["schulden", "schuldhulp", "geldzorgen"],
        "Werk en inkomen",
        "Heeft u geldzorgen? Bel het Sociaal Wijkteam of 14 024.",
        "Gratis.",
    ),
    (
        "meedoenregeling",
        "Meedoenregeling",
        ["meedoen", "sport", "cultuur", "kinderen"],
        "Werk en inkomen",
        "Met de Meedoenregeling krijgen kinderen geld voor sport en cultuur.",
        "Gratis.",
    ),
    (
        "rolstoel",
        "Rolstoel of scootmobiel (Wmo)",
        ["rolstoel", "scootmobiel", "wmo", "vervoer"],
        "Wmo",
        "Heeft u een rolstoel of scootmobiel nodig? Vraag het aan via het Stip.",
        "Eigen bijdrage via het CAK.",
    ),
    (
        "vervoerspas",
        "Wmo-vervoer",
        ["vervoer", "taxi", "wmo", "regiotaxi"],
        "Wmo",
        "Kunt u niet zelf reizen? Misschien kunt u Wmo-vervoer krijgen.",
        "Per rit een tarief.",
    ),
    (
        "ondernemen",
        "Een bedrijf beginnen",
        ["bedrijf", "ondernemen", "kvk", "starter"],
        "Vergunningen",
        "Begint u een bedrijf? Schrijf u in bij de KVK.",
        "Zie kvk.nl.",
    ),
    (
        "terrasvergunning",
        "Terrasvergunning",
        ["terras", "horeca", "vergunning"],
        "Vergunningen",
        "Wilt u een terras bij uw horecazaak? Vraag een terrasvergunning aan.",
        "€ 4,15 per m².",
    ),
    (
        "afvalpas",
        "Afvalpas",
        ["afvalpas", "container", "afval", "pas"],
        "Openbare ruimte",
        "Met de afvalpas opent u de ondergrondse containers.",
        "Een nieuwe pas kost € 10.",
    ),
    (
        "boom-kappen",
        "Boom kappen",
        ["boom", "kappen", "kapvergunning"],
        "Vergunningen",
        "Voor het kappen van een grote boom heeft u een vergunning nodig.",
        "€ 78,00.",
    ),
    (
        "legalisatie",
        "Handtekening laten legaliseren",
        ["legalisatie", "handtekening"],
        "Publiekszaken",
        "Een legalisatie van uw handtekening vraagt u aan in de Stadswinkel.",
        "€ 21,35.",
    ),
    (
        "vog",
        "Verklaring omtrent het gedrag (VOG)",
        ["vog", "verklaring", "gedrag", "werk"],
        "Publiekszaken",
        "Een VOG vraagt u online aan bij Justis.",
        "€ 41,35 via Justis.",
    ),
]

# question, answer, keywords, department, toelichting (staff only)
VACS = [
    (
        "Mijn paspoort is verlopen, kan ik nog op reis?",
        "Nee, met een verlopen paspoort kunt u niet reizen. Vraag een nieuw paspoort aan; met "
        "spoed is het de volgende werkdag klaar.",
        ["paspoort", "verlopen", "reizen", "vakantie"],
        "Publiekszaken",
        "Noodpaspoort alleen via de Koninklijke Marechaussee op Schiphol.",
    ),
    (
        "Hoe lang duurt het voor mijn paspoort klaar is?",
        "Ongeveer 6 werkdagen. U krijgt een sms als het klaar is.",
        ["paspoort", "klaar", "duur"],
        "Publiekszaken",
        "",
    ),
    (
        "Kan iemand anders mijn paspoort ophalen?",
        "Ja, met een machtiging en een kopie van uw identiteitsbewijs. Zie nijmegen.nl/machtigen.",
        ["paspoort", "ophalen", "machtiging"],
        "Publiekszaken",
        "",
    ),
    (
        "Wanneer wordt mijn grofvuil opgehaald?",
        "Op de dag die u met Dar heeft afgesproken, tussen 7.30 en 16.00 uur.",
        ["grofvuil", "ophalen", "dar"],
        "Openbare ruimte",
        "Klachten over Dar: doorverbinden met Dar.",
    ),
    (
        "Waarom is mijn WOZ-waarde zo hoog?",
        "De WOZ-waarde is gebaseerd op verkoopprijzen van vergelijkbare woningen op 1 januari "
        "van het vorige jaar. Het taxatieverslag vindt u in Mijn Nijmegen.",
        ["woz", "waarde", "hoog", "taxatie"],
        "Belastingen",
        "",
    ),
    (
        "Hoe maak ik bezwaar tegen de WOZ-waarde?",
        "Via Mijn Nijmegen met DigiD, binnen 6 weken na de datum van de aanslag.",
        ["woz", "bezwaar"],
        "Belastingen",
        "Termijn verstreken: verwijzen naar herzieningsverzoek.",
    ),
    (
        "Wanneer krijg ik mijn bijstand uitbetaald?",
        "De bijstand wordt rond de 25e van de maand betaald.",
        ["bijstand", "uitbetaling", "datum"],
        "Werk en inkomen",
        "Bij niet-ontvangst: eerst Suite controleren, dan doorzetten.",
    ),
    (
        "Mijn uitkering is niet betaald, wat nu?",
        "Wij kijken wat er aan de hand is. U hoort binnen 2 werkdagen van ons.",
        ["uitkering", "niet betaald", "bijstand"],
        "Werk en inkomen",
        "",
    ),
    (
        "Hoe vraag ik een parkeervergunning aan?",
        "Via Mijn Nijmegen met DigiD. U krijgt binnen 2 weken bericht.",
        ["parkeervergunning", "aanvragen"],
        "Parkeren",
        "",
    ),
    (
        "Ik heb een parkeerboete gekregen terwijl ik een vergunning heb.",
        "Maak bezwaar via nijmegen.nl/parkeerboete binnen 6 weken. Vermeld uw kenteken.",
        ["parkeerboete", "naheffing", "bezwaar"],
        "Parkeren",
        "Fiscale naheffing, geen Wahv.",
    ),
    (
        "Hoe geef ik een verhuizing door zonder DigiD?",
        "Maak een afspraak in de Stadswinkel en neem uw identiteitsbewijs mee.",
        ["verhuizen", "zonder digid"],
        "Publiekszaken",
        "",
    ),
    (
        "Ik kan de eigen bijdrage voor de Wmo niet betalen.",
        "De eigen bijdrage int het CAK. Heeft u een laag inkomen? Dan kunt u bijzondere bijstand "
        "vragen.",
        ["wmo", "eigen bijdrage", "cak"],
        "Wmo",
        "",
    ),
    (
        "Hoe meld ik een kapotte lantaarnpaal?",
        "Via de app Slim Melden of nijmegen.nl/melding. Geef de plek zo precies mogelijk aan.",
        ["lantaarnpaal", "melding", "kapot", "verlichting"],
        "Openbare ruimte",
        "",
    ),
    (
        "Mijn afvalpas werkt niet.",
        "Vraag een nieuwe afvalpas aan via nijmegen.nl/afvalpas.",
        ["afvalpas", "werkt niet", "container"],
        "Openbare ruimte",
        "Eerst controleren of het adres klopt.",
    ),
    (
        "Kan ik kwijtschelding krijgen voor de afvalstoffenheffing?",
        "Ja, als uw inkomen laag is. Vraag kwijtschelding aan via Mijn Nijmegen.",
        ["kwijtschelding", "afvalstoffenheffing"],
        "Belastingen",
        "",
    ),
    (
        "Hoe vraag ik de energietoeslag aan?",
        "Via nijmegen.nl/energietoeslag met DigiD, tot 1 oktober.",
        ["energietoeslag", "aanvragen"],
        "Werk en inkomen",
        "",
    ),
    (
        "Wanneer is de Stadswinkel open?",
        "Maandag tot en met vrijdag van 9.00 tot 17.00 uur, donderdag tot 20.00 uur, op afspraak.",
        ["stadswinkel", "openingstijden", "open"],
        "Publiekszaken",
        "",
    ),
    (
        "Hoe maak ik een afspraak bij de gemeente?",
        "Via nijmegen.nl/afspraak of bel 14 024.",
        ["afspraak", "maken"],
        "Publiekszaken",
        "",
    ),
    (
        "Ik heb een brief gekregen die ik niet begrijp.",
        "Bel 14 024 met de brief bij de hand. Wij leggen het uit. U kunt ook naar het Stip.",
        ["brief", "begrijp niet", "uitleg"],
        "KCC",
        "Noteer het kenmerk van de brief in het contact.",
    ),
    (
        "Hoe kan ik een klacht indienen?",
        "Via nijmegen.nl/klacht, per brief of telefonisch. Wij reageren binnen 6 weken.",
        ["klacht", "indienen", "ontevreden"],
        "Juridische zaken",
        "Eerst proberen ter plekke op te lossen.",
    ),
    (
        "Wat is het Stip?",
        "Het Stip is het steunpunt in uw wijk voor vragen over zorg, geld en welzijn.",
        ["stip", "wijk", "steunpunt"],
        "Wmo",
        "",
    ),
    (
        "Hoe lang duurt een omgevingsvergunning?",
        "Meestal 8 weken. Bij een uitgebreide procedure 26 weken.",
        ["omgevingsvergunning", "duur", "termijn"],
        "Vergunningen",
        "",
    ),
    (
        "Mag ik een dakkapel plaatsen zonder vergunning?",
        "Aan de achterkant vaak wel. Doe de vergunningcheck op het Omgevingsloket.",
        ["dakkapel", "vergunningvrij"],
        "Vergunningen",
        "",
    ),
    (
        "Hoe registreer ik mijn hond?",
        "Geef uw hond door via Mijn Nijmegen. U krijgt daarna een aanslag hondenbelasting.",
        ["hond", "registreren", "hondenbelasting"],
        "Belastingen",
        "",
    ),
    (
        "Ik ben mijn ID-kaart kwijt.",
        "Doe eerst aangifte van vermissing in de Stadswinkel. Daarna vraagt u een nieuwe aan.",
        ["id-kaart", "kwijt", "vermissing", "gestolen"],
        "Publiekszaken",
        "Gestolen: aangifte bij de politie.",
    ),
]

# web pages: slug, title, text
PAGINAS = [
    (
        "afspraak",
        "Afspraak maken",
        "Maak een afspraak voor de Stadswinkel of Steunpunt "
        "Dukenburg. Kies een product en een tijd.",
    ),
    (
        "contact",
        "Contact met de gemeente",
        "Bel 14 024, maandag tot en met vrijdag van 8.30 tot "
        "17.00 uur. Of stuur een bericht via het contactformulier.",
    ),
    (
        "paspoort",
        "Paspoort en ID-kaart",
        "Alles over het aanvragen van een paspoort of "
        "ID-kaart: kosten, wat u meeneemt en hoe lang het duurt.",
    ),
    (
        "afval",
        "Afval en recycling",
        "Welk afval gaat in welke container, en wanneer wordt het opgehaald.",
    ),
    ("parkeren", "Parkeren in Nijmegen", "Tarieven, vergunningen en parkeergarages in de stad."),
    (
        "belastingen",
        "Gemeentelijke belastingen",
        "De aanslag, de WOZ-waarde, betalen in termijnen en kwijtschelding.",
    ),
    ("zorg", "Zorg en ondersteuning", "Hulp via de Wmo, het Stip in uw wijk en mantelzorg."),
    (
        "werk-inkomen",
        "Werk en inkomen",
        "Bijstand, hulp bij schulden en regelingen voor een laag inkomen.",
    ),
]
