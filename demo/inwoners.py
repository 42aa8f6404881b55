"""Demo Nijmegenaren: persons (with the lastig spelled names search must find), organisations,
contact persons and preferred channels, with addresses, phone numbers and e-mail."""

import datetime
import random
import unicodedata

import phonenumbers
from stdnum.nl import bsn as bsn_check
from stdnum.nl import postcode as postcode_check

from contacts.models import (
    Adres,
    Emailadres,
    Kanaal,
    Partij,
    Telefoonnummer,
    Vertegenwoordiging,
)
from proactief.models import Afmelding

STRATEN = [
    ("Grote Markt", 6511),
    ("Burchtstraat", 6511),
    ("Molenstraat", 6511),
    ("Broerstraat", 6511),
    ("Hertogstraat", 6511),
    ("Lange Hezelstraat", 6511),
    ("Stikke Hezelstraat", 6511),
    ("Van Welderenstraat", 6511),
    ("Bloemerstraat", 6511),
    ("Sint Annastraat", 6524),
    ("Groesbeekseweg", 6524),
    ("Oranjesingel", 6511),
    ("Tweede Walstraat", 6511),
    ("Graafseweg", 6512),
    ("Groenewoudseweg", 6524),
    ("Sint Jacobslaan", 6533),
    ("Hatertseweg", 6533),
    ("Berg en Dalseweg", 6522),
    ("Nassausingel", 6511),
    ("Groenestraat", 6531),
    ("Heyendaalseweg", 6525),
    ("Javastraat", 6524),
    ("Daalseweg", 6521),
    ("Koninginnelaan", 6513),
    ("Wolfskuilseweg", 6542),
    ("Dukenburgseweg", 6534),
    ("Zwanenveld", 6538),
    ("Meijhorst", 6537),
    ("Malvert", 6538),
    ("Weezenhof", 6536),
    ("Aldenhof", 6537),
    ("Tolhuis", 6535),
    ("Vogelzang", 6535),
    ("Leuvensbroek", 6546),
    ("Dobbelmannweg", 6531),
    ("Waalkade", 6511),
    ("Weurtseweg", 6541),
    ("Tarweweg", 6534),
    ("Neerbosscheweg", 6544),
    ("Energieweg", 6541),
    ("Thijmstraat", 6531),
    ("Smetiusstraat", 6511),
    ("Kronenburgersingel", 6511),
    ("Tunnelweg", 6512),
    ("Voorstenkamp", 6545),
    ("Hengstdal", 6523),
    ("Ubbergseweg", 6522),
    ("Nijmeegsebaan", 6525),
    ("Mr. Franckenstraat", 6522),
    ("Van Schevichavenstraat", 6512),
    ("Fransestraat", 6524),
    ("Hazenkampseweg", 6531),
    ("Van Peltlaan", 6545),
    ("Staddijk", 6537),
    ("Kwakkenbergweg", 6523),
    ("Oude Heselaan", 6542),
    ("Brakkensteinweg", 6525),
    ("Goffertweg", 6532),
    ("Wezenlaan", 6531),
    ("Sint Canisiussingel", 6511),
]
WIJK_STRATEN = {
    "Zwanenveld",
    "Meijhorst",
    "Malvert",
    "Weezenhof",
    "Aldenhof",
    "Tolhuis",
    "Vogelzang",
    "Leuvensbroek",
    "Voorstenkamp",
}
# Surname prefixes as the BRP writes them; Faker's Dutch surnames that start with one of these
# are split into voorvoegsel and geslachtsnaam (about a quarter of all names have one).
VOORVOEGSELS = {
    "de",
    "van",
    "van der",
    "van den",
    "van de",
    "ter",
    "den",
    "van 't",
    "van het",
    "te",
    "in 't",
    "'t",
    "op den",
    "uit de",
}
# Near-duplicates the typo-tolerant search must bring together.
LASTIGE_NAMEN = [
    "Jansen",
    "Janssen",
    "Janssens",
    "Meijer",
    "Meyer",
    "Meier",
    "de Vries",
    "Vries",
    "Smit",
    "Smid",
    "Smits",
    "Visser",
    "Visscher",
    "Bakker",
    "Backer",
    "Hendriks",
    "Hendrikx",
    "Hendriksen",
    "Willems",
    "Willemsen",
    "Peters",
    "Pieters",
    "Mulder",
    "Molder",
    "Dekker",
    "Decker",
]


def valid_bsn(*, rng: random.Random) -> str:
    """A random 9-digit number that passes the 11-proef (checked with python-stdnum)."""
    while True:
        digits = [rng.randint(1, 6)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            value = "".join(map(str, digits)) + str(last)
            if bsn_check.is_valid(value):
                return value


def _ascii(text):
    """ "Daniël" → "daniel": e-mail addresses stay plain ASCII."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


PHONE_SOORT = {
    phonenumbers.PhoneNumberType.MOBILE: "mobiel",
    phonenumbers.PhoneNumberType.FIXED_LINE: "vast",
}


class Inwoners:
    def _postcode(self, area):
        while True:
            letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRTVWXZ") for _ in range(2))
            value = f"{area}{letters}"
            if postcode_check.is_valid(value):
                return value

    def _phone(self, *, mobile):
        """A valid Dutch number, E.164, with its kind as libphonenumber sees it."""
        while True:
            if mobile:
                national = f"06{self.rng.randint(1, 5)}{self.rng.randint(0, 9_999_999):07d}"
            else:
                national = f"024{self.rng.randint(3, 8)}{self.rng.randint(0, 999_999):06d}"
            number = phonenumbers.parse(national, "NL")
            if phonenumbers.is_valid_number(number):
                soort = PHONE_SOORT.get(phonenumbers.number_type(number), "overig")
                return phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                ), soort

    def _huisnummer(self, straat):
        if straat in WIJK_STRATEN:
            return self.rng.randint(1001, 9299)
        return self.rng.randint(1, 250)

    def _addresses(self, count):
        """A pool of household addresses: several persons may share one."""
        pool = []
        for _ in range(count):
            straat, area = self.rng.choice(STRATEN)
            letter = self.rng.choice("ABC") if self.rng.random() < 0.05 else ""
            toevoeging = str(self.rng.randint(1, 4)) if self.rng.random() < 0.1 else ""
            pool.append(
                (straat, self._huisnummer(straat), letter, toevoeging, self._postcode(area))
            )
        return pool

    def persons(self, count) -> int:
        now = datetime.datetime.now(datetime.UTC)
        first_id = self._next_id("contacts_partij")
        addresses = self._addresses(max(1, count * 6 // 10))
        bsns = set()
        partij_rows, adres_rows, tel_rows, mail_rows, afmelding_rows = [], [], [], [], []
        for i in range(count):
            pk = first_id + i
            bsn = valid_bsn(rng=self.rng)
            while bsn in bsns:
                bsn = valid_bsn(rng=self.rng)
            bsns.add(bsn)
            voorvoegsel, achternaam = self.rng.choice(self.achternamen)
            voornamen = self.rng.choice(self.voornamen)
            if self.rng.random() < 0.4:
                voornamen += " " + self.rng.choice(self.voornamen)
            geboren = datetime.date(1930, 1, 1) + datetime.timedelta(
                days=self.rng.randint(0, 28_800)
            )
            overleden = self.rng.random() < 0.01
            geheim = self.rng.random() < 0.005
            hulp = "{}"
            roll = self.rng.random()
            if roll < 0.01:
                hulp = "{tolkcontact}"
            elif roll < 0.04:
                hulp = "{makkelijke_taal}"
            elif roll < 0.05:
                hulp = "{hulp_stip}"
            partij_rows.append(
                {
                    "id": pk,
                    "soort": "persoon",
                    "bsn": bsn,
                    "voornamen": voornamen,
                    "voorvoegsel": voorvoegsel,
                    "geslachtsnaam": achternaam,
                    "geboortedatum": geboren,
                    "geheimhouding": geheim,
                    "overleden": overleden,
                    "naam": "",
                    "kvk_nummer": "",
                    "vestigingsnummer": "",
                    "bron": "brp",
                    "aangemaakt": now,
                    "gewijzigd": now,
                    "zoeknaam": self._key(achternaam),
                    "niet_bellen": "na 18:00 uur" if self.rng.random() < 0.03 else "",
                    "taal": "Engels" if self.rng.random() < 0.03 else "",
                    "hulp_nodig": hulp,
                }
            )
            if self.rng.random() < 0.02:  # does not want to be approached unasked
                afmelding_rows.append(
                    {"bsn": bsn, "reikwijdte": "alles", "regeling": "", "datum": now,
                     "kanaal": "telefoon", "bron": "kcc"}
                )  # fmt: skip
            straat, nr, letter, toev, pc = self.rng.choice(addresses)
            adres_rows.append(
                {
                    "partij_id": pk,
                    "soort": "woonadres",
                    "straat": straat,
                    "huisnummer": nr,
                    "huisletter": letter,
                    "toevoeging": toev,
                    "postcode": pc,
                    "woonplaats": "Nijmegen",
                }
            )
            roll = self.rng.random()
            kinds = (
                [True]
                if roll < 0.55
                else [False]
                if roll < 0.7
                else [True, False]
                if roll < 0.8
                else []
            )
            numbers = dict(self._phone(mobile=mobile) for mobile in kinds)
            tel_rows.extend(
                {"partij_id": pk, "nummer": number, "soort": soort}
                for number, soort in numbers.items()
            )
            if self.rng.random() < 0.6:
                local = f"{_ascii(voornamen.split()[0])}.{_ascii(voorvoegsel + achternaam)}"
                domain = self.rng.choice(["example.com", "example.net", "example.org"])
                mail_rows.append(
                    {"partij_id": pk, "adres": f"{local}{self.rng.randint(1, 99)}@{domain}"}
                )
            self.person_ids.append(pk)
        self.partij_ids.extend(self.person_ids)
        n = self._copy(Partij, partij_rows)
        self._copy(Adres, adres_rows)
        self._copy(Telefoonnummer, tel_rows)
        self._copy(Emailadres, mail_rows)
        self._copy(Afmelding, afmelding_rows)
        return n

    def organisations(self, count) -> int:
        now = datetime.datetime.now(datetime.UTC)
        first_id = self._next_id("contacts_partij")
        kvks = set()
        rows, adres_rows, tel_rows, mail_rows = [], [], [], []
        for i in range(count):
            pk = first_id + i
            kvk = f"{self.rng.randint(10_000_000, 99_999_999)}"
            while kvk in kvks:
                kvk = f"{self.rng.randint(10_000_000, 99_999_999)}"
            kvks.add(kvk)
            naam = self.faker.company()
            rows.append(
                {
                    "id": pk,
                    "soort": "organisatie",
                    "bsn": "",
                    "voornamen": "",
                    "voorvoegsel": "",
                    "geslachtsnaam": "",
                    "geboortedatum": None,
                    "geheimhouding": False,
                    "overleden": False,
                    "naam": naam,
                    "kvk_nummer": kvk,
                    "vestigingsnummer": f"0000{self.rng.randint(10_000_000, 99_999_999)}",
                    "bron": "kvk",
                    "aangemaakt": now,
                    "gewijzigd": now,
                    "zoeknaam": self._key(naam),
                    "niet_bellen": "",
                    "taal": "",
                    "hulp_nodig": "{}",
                }
            )
            straat, area = self.rng.choice(STRATEN)
            adres_rows.append(
                {
                    "partij_id": pk,
                    "soort": "bezoekadres",
                    "straat": straat,
                    "huisnummer": self._huisnummer(straat),
                    "huisletter": "",
                    "toevoeging": "",
                    "postcode": self._postcode(area),
                    "woonplaats": "Nijmegen",
                }
            )
            tel_rows.append(
                {
                    "partij_id": pk,
                    **dict(zip(("nummer", "soort"), self._phone(mobile=False), strict=True)),
                }
            )
            mail_rows.append({"partij_id": pk, "adres": f"info{i}@example.com"})
            self.partij_ids.append(pk)
        n = self._copy(Partij, rows)
        self._copy(Adres, adres_rows)
        self._copy(Telefoonnummer, tel_rows)
        self._copy(Emailadres, mail_rows)
        return n

    def relations(self) -> int:
        """Gemachtigden for some persons, contact persons for organisations, and preferred
        channels for about one in five persons."""
        persons = self.person_ids
        person_set = set(persons)
        organisations = [pk for pk in self.partij_ids if pk not in person_set]
        rows = set()
        for pk in persons:
            if self.rng.random() < 0.02:
                other = self.rng.choice(persons)
                if other != pk:
                    rows.add((other, pk, "gemachtigde", ""))
        for pk in organisations:
            if persons:
                rows.add(
                    (
                        self.rng.choice(persons),
                        pk,
                        "contactpersoon",
                        self.rng.choice(["eigenaar", "administratie", "bedrijfsleider"]),
                    )
                )
        velden = ("vertegenwoordiger_id", "vertegenwoordigde_id", "soort", "functie")
        count = self._copy(
            Vertegenwoordiging, [dict(zip(velden, rij, strict=True)) for rij in sorted(rows)]
        )
        kanalen = [
            k.id
            for k in Kanaal.objects.filter(
                code__in=["telefoon", "e-mail", "post", "mijn-nijmegen"]
            ).order_by("id")
        ]
        voorkeuren = set()
        for pk in persons:
            if self.rng.random() < 0.2:
                voorkeuren.add((pk, self.rng.choice(kanalen)))
        self._copy(
            Partij.voorkeurskanalen.through,
            [{"partij_id": p, "kanaal_id": k} for p, k in sorted(voorkeuren)],
        )
        return count + len(voorkeuren)
