"""Turn what an agent types into one search key, the way people say and write things.

Pure functions, no database: the normalisation matrix is tested on its own.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from django.utils.translation import gettext as _
from stdnum.nl import bsn as bsn_check
from stdnum.nl import postcode as postcode_check

# "Jansen 12-03-1980", "de Vries 1.2.1975": a name with the date of birth
NAAM_MET_DATUM = re.compile(
    r"^(?P<naam>.*[^\d\s].*?)\s+(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<j>\d{4})$"
)
# "Jansen 1980", "Piet Jansen 1980": a name with the year of birth
NAAM_MET_JAAR = re.compile(r"^(?P<naam>.*[^\d\s].*?)\s+(?P<j>(?:19|20)\d{2})$")
# the numbers residents are given: a callback (TB-…), a web form (WF-…), a letter (BR-…)
REFERENTIE = re.compile(
    r"^(?P<soort>TB|WF|BR)\s*-?\s*(?P<jaar>\d{4})\s*-?\s*(?P<nr>\d{1,12})$", re.I
)
# "ZAAK-2026-0000123", and as people type it: "zaak 2026 123", "2026-123", "zaak-2026-00123"
ZAAK_IDENTIFICATIE = re.compile(
    r"^(?:z(?:aak|aa|a|k)?\s*[-\s]?\s*)?(?P<jaar>(?:19|20)\d{2})\s*[-\s]\s*(?P<nr>\d{1,10})$",
    re.IGNORECASE,
)
ZAAK_NUMMER_LENGTES = range(1, 11)
POSTCODE_HUISNUMMER = re.compile(
    r"^(?P<pc>\d{4})\s*(?P<letters>[a-z]{2})"
    r"(?:[\s,]*(?P<nr>\d{1,5})\s*(?P<letter>[a-z](?![a-z0-9]))?"
    r"\s*[-/ ]?\s*(?P<toev>[a-z0-9]{1,4})?)?$",
    re.IGNORECASE,
)
POSTCODE_LIKE = re.compile(r"^\d{4}\s*[a-z]{2}(?![a-z])", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class SearchKey:
    """What to search for. ``kind`` is one of the KIND_* values; ``error`` is plain Dutch."""

    kind: str
    value: str = ""
    extra: dict = field(default_factory=dict)
    error: str = ""


KIND_EMPTY = "leeg"
KIND_BSN = "bsn"
KIND_KVK = "kvk"
KIND_VESTIGING = "vestigingsnummer"
KIND_PHONE = "telefoon"
KIND_POSTCODE = "postcode"
KIND_EMAIL = "email"
KIND_ZAAK = "zaak"
KIND_NAME = "naam"
KIND_REFERENTIE = "referentie"  # a number the municipality gave: TB-, WF-, BR-2026-000123
KIND_INVALID = "ongeldig"


def parse_phone(text: str) -> str | None:
    """Any way people write a phone number → E.164, or None when it is not a valid number."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def weergave_telefoon(e164: str) -> str:
    """E.164 → Dutch national format for Dutch numbers ("06 12345678"), international else."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 31
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)


def normalise_postcode(text: str) -> str | None:
    """ "6511 ab" → "6511AB"; None when it is not a Dutch postcode."""
    compact = re.sub(r"\s+", "", text).upper()
    if not re.fullmatch(r"\d{4}[A-Z]{2}", compact) or not postcode_check.is_valid(compact):
        return None
    return compact


# Spelling variants that sound the same in Dutch surnames. Applied in order, on lower case
# letters without accents; the same function makes the stored key and the searched key.
_NAME_RULES = [
    (re.compile(r"eij|ey|ij|ei|y"), "y"),
    (re.compile(r"ou|au"), "au"),
    (re.compile(r"ck|c(?=[aou])|k"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dt|d\b"), "t"),
    (re.compile(r"sch"), "s"),
    (re.compile(r"ch"), "g"),
    (re.compile(r"z"), "s"),
    (re.compile(r"(.)\1+"), r"\1"),  # double letters: Janssen → Jansen
]


def name_key(text: str) -> str:
    """A normalised spelling key of a name: "Meijer" and "Meyer" give the same key, as do
    "Janssen" and "Jansen", "de Vries" and "De Vries"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z ]+", " ", text)
    words = []
    for word in text.split():
        for pattern, replacement in _NAME_RULES:
            word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def parse_query(query: str) -> SearchKey:
    """Decide what the agent typed: a BSN, a phone number, a postcode + huisnummer, …

    One grammar as small rules, tried in order; the first that recognises the text answers
    (None: not mine). Each rule reads on its own: add a kind of search as a rule here."""
    text = " ".join(query.split())
    if not text:
        return SearchKey(KIND_EMPTY)
    for regel in _REGELS:
        sleutel = regel(text)
        if sleutel is not None:
            return sleutel
    return _naam(text, query)


def _referentie(text: str) -> SearchKey | None:
    """One of our numbers: TB-2026-000123 (callback), WF- (web form), BR- (letter)."""
    referentie = REFERENTIE.match(text)
    if not referentie:
        return None
    soort, jaar, nr = referentie["soort"].upper(), int(referentie["jaar"]), int(referentie["nr"])
    return SearchKey(
        KIND_REFERENTIE, f"{soort}-{jaar}-{nr:06d}", extra={"soort": soort, "jaar": jaar, "id": nr}
    )


def _zaaknummer(text: str) -> SearchKey | None:
    zaak = ZAAK_IDENTIFICATIE.match(text)
    if not (zaak and (text[:1].lower() == "z" or "-" in text)):
        return None
    # the zaaksysteem pads the number with zeros (ZAAK-2026-0000123); people do not
    nummer = zaak["nr"].lstrip("0") or "0"
    varianten = [
        f"ZAAK-{zaak['jaar']}-{nummer.zfill(n)}" for n in ZAAK_NUMMER_LENGTES if n >= len(nummer)
    ]
    return SearchKey(KIND_ZAAK, f"ZAAK-{zaak['jaar']}-{zaak['nr']}", extra={"varianten": varianten})


def _email(text: str) -> SearchKey | None:
    if "@" not in text:
        return None
    if EMAIL.match(text):
        return SearchKey(KIND_EMAIL, text.lower())
    return SearchKey(
        KIND_INVALID,
        error=_(
            "This e-mail address is not complete. An e-mail address looks like naam@voorbeeld.nl."
        ),
    )


def _postcode(text: str) -> SearchKey | None:
    match = POSTCODE_HUISNUMMER.match(text)
    if match or POSTCODE_LIKE.match(text):
        return _postcode_key(text, match)
    return None


def _cijfers(text: str) -> str:
    return re.sub(r"[\s.\-()/]", "", text)


def _vestigingsnummer(text: str) -> SearchKey | None:
    digits = _cijfers(text)
    return SearchKey(KIND_VESTIGING, digits) if digits.isdigit() and len(digits) == 12 else None


def _telefoon(text: str) -> SearchKey | None:
    """Something that starts like a phone number (+…, 00…, or 0 and 10 digits or more)."""
    digits = _cijfers(text)
    lijkt = digits.startswith(("+", "00")) or (
        digits.isdigit() and digits.startswith("0") and len(digits) >= 10
    )
    if not lijkt:
        return None
    phone = parse_phone(text)
    if phone:
        return SearchKey(KIND_PHONE, phone)
    return SearchKey(
        KIND_INVALID, error=_("This phone number is not complete or not right. Check the number.")
    )


def _nummer(text: str) -> SearchKey | None:
    """Only digits: a BSN (9, eleven test), a KVK number (8, or 7 without its leading 0; an
    8-digit one may be a BSN without its leading 0), else a phone number."""
    digits = _cijfers(text)
    if not digits.isdigit():
        return None
    if len(digits) == 9 and bsn_check.is_valid(digits):
        return SearchKey(KIND_BSN, digits)
    if len(digits) == 8:
        padded = digits.zfill(9)
        return SearchKey(
            KIND_KVK, digits, extra={"bsn": padded} if bsn_check.is_valid(padded) else {}
        )
    if len(digits) == 7:
        return SearchKey(KIND_KVK, digits.zfill(8))
    if len(digits) == 9:
        return SearchKey(
            KIND_INVALID,
            error=_("This BSN is not right: it does not pass the eleven test. Check the number."),
        )
    phone = parse_phone(text)
    if phone:
        return SearchKey(KIND_PHONE, phone)
    return SearchKey(
        KIND_INVALID,
        error=_(
            "We do not recognise this number. Type a BSN (9 digits), KVK number (8 digits) "
            "or phone number."
        ),
    )


_REGELS = [_referentie, _zaaknummer, _email, _postcode, _vestigingsnummer, _telefoon, _nummer]


def _naam(text: str, query: str) -> SearchKey:
    """What is left is a name, optionally with a date or year of birth."""
    extra: dict = {"raw": text}
    met_datum = NAAM_MET_DATUM.match(text)
    met_jaar = None if met_datum else NAAM_MET_JAAR.match(text)
    if met_datum:
        try:
            extra["geboortedatum"] = datetime.date(
                int(met_datum["j"]), int(met_datum["m"]), int(met_datum["d"])
            )
        except ValueError:
            return SearchKey(
                KIND_INVALID,
                error=_("This date of birth does not exist. Type it like 12-03-1980."),
            )
        text = extra["raw"] = met_datum["naam"].strip()
    elif met_jaar:
        extra["geboortejaar"] = int(met_jaar["j"])
        text = extra["raw"] = met_jaar["naam"].strip()
    if any(c.isdigit() for c in text):
        # digits we could not place: say so, rather than search for the letters around them
        return SearchKey(
            KIND_INVALID,
            error=_(
                "We do not understand “%(tekst)s”. Type a name (with the year or date of birth "
                "if you like: Jansen 1980, Jansen 12-03-1980), a BSN, a phone number, a postcode "
                "and house number (6511 AB 12), or a case or reference number."
            )
            % {"tekst": query.strip()[:60]},
        )
    key = name_key(text)
    if len(key.replace(" ", "")) < 2:
        return SearchKey(KIND_INVALID, error=_("Type at least 2 letters of the name."))
    return SearchKey(KIND_NAME, key, extra=extra)


def _postcode_key(text: str, match) -> SearchKey:
    if match is None:
        return SearchKey(
            KIND_INVALID,
            error=_(
                "We do not understand this address. Type the "
                "postcode and house number, like 6511 AB 12."
            ),
        )
    postcode = normalise_postcode(match["pc"] + match["letters"])
    if postcode is None:
        return SearchKey(
            KIND_INVALID,
            error=_(
                "This postcode does not exist. A postcode is 4 digits and 2 letters, like 6511 AB."
            ),
        )
    extra = {}
    if match["nr"]:
        extra["huisnummer"] = int(match["nr"])
        extra["huisletter"] = (match["letter"] or "").upper()
        extra["toevoeging"] = (match["toev"] or "").upper()
    return SearchKey(KIND_POSTCODE, postcode, extra=extra)
