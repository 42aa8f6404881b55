"""No BSN, phone number or e-mail address in a log line: every process of the test run (this
one, the Celery workers, gunicorn, beat) also writes its JSON log lines to a directory
(``KCC_LOG_KOPIE_MAP``); at the end of the run every line is searched for what looks like
a resident's identifier, and a hit fails the run with the line.

The search is by shape, so it also catches identifiers no test fixture knows: a nine-digit
number that passes the BSN eleven test, a Dutch phone number (phonenumbers' matcher, in
any notation), an e-mail address."""

import re
from pathlib import Path

import phonenumbers
from stdnum.nl import bsn as bsn_nummer

_NEGEN_CIJFERS = re.compile(r"(?<![0-9A-Za-z.:-])(\d{9})(?![0-9A-Za-z-])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_TIJD_OF_GETAL = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?|\d+\.\d+")
# log lines about the system's own addresses are allowed (the sender of notifications)
_EIGEN_ADRESSEN = {"kcc@nijmegen.nl", "webmaster@localhost", "root@localhost"}


def verdacht(regel: str) -> list[str]:
    """What in the line looks like a resident's identifier (empty when nothing)."""
    gevonden = [m for m in _NEGEN_CIJFERS.findall(regel) if bsn_nummer.is_valid(m)]
    gevonden += [m for m in _EMAIL.findall(regel) if m.lower() not in _EIGEN_ADRESSEN]
    # times and decimals ("18:00:14.014046", "0.0002465s") are no phone numbers
    zonder_tijden = _TIJD_OF_GETAL.sub(" ", regel)
    for match in phonenumbers.PhoneNumberMatcher(
        zonder_tijden, "NL", leniency=phonenumbers.Leniency.VALID
    ):
        cijfers = sum(c.isdigit() for c in match.raw_string)
        # a resident's number has ten digits (0 + nine) or more; shorter ones are service
        # numbers such as 14 024, not personal
        if phonenumbers.region_code_for_number(match.number) == "NL" and cijfers >= 10:
            gevonden.append(match.raw_string)
    return gevonden


def controleren(map_: Path) -> list[str]:
    """The offending lines of every log file in the directory, with their file."""
    fouten = []
    for bestand in sorted(map_.glob("*.jsonl")):
        for regel in bestand.read_text(errors="replace").splitlines():
            if hits := verdacht(regel):
                fouten.append(f"{bestand.name}: {hits}: {regel[:400]}")
    return fouten
