"""CSV that a spreadsheet cannot turn into a formula (CSV injection, OWASP): a text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe,
so ``=HYPERLINK(…)`` from a telephony queue name is shown as text. Numbers stay numbers.
Every CSV export writes through ``schrijver``."""

import csv

GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")


def cel(waarde):
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJK):
        return "'" + waarde
    return waarde


class _Veilig:
    def __init__(self, schrijver):
        self._schrijver = schrijver

    def writerow(self, rij):
        return self._schrijver.writerow([cel(w) for w in rij])

    def writerows(self, rijen):
        for rij in rijen:
            self.writerow(rij)


def schrijver(uit, **opties) -> _Veilig:
    """``csv.writer(uit, **opties)`` with every cell made safe."""
    return _Veilig(csv.writer(uit, **opties))
