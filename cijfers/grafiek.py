"""Bar charts drawn on the server as SVG: no chart library in the browser, nothing from a
CDN, and the same numbers as the table printed under each chart (the accessible
alternative). A bar's value is written above it, so the chart reads without colour."""

from dataclasses import dataclass, field

BREEDTE = 960
HOOGTE = 260
LINKS = 44  # room for the axis labels
ONDER = 40
BOVEN = 20


@dataclass
class Staaf:
    x: float
    y: float
    breedte: float
    hoogte: float
    label: str
    tekst: str
    toon_label: bool
    onder_doel: bool = False

    @property
    def midden(self) -> float:
        return self.x + self.breedte / 2


@dataclass
class Grafiek:
    titel: str
    staven: list[Staaf]
    lijnen: list[tuple[float, str]] = field(default_factory=list)  # y and label
    assen: list[tuple[float, str]] = field(default_factory=list)
    breedte: int = BREEDTE
    hoogte: int = HOOGTE
    doel_y: float | None = None
    doel_tekst: str = ""

    @property
    def basis_y(self) -> float:
        return self.hoogte - ONDER

    @property
    def links(self) -> int:
        return LINKS


def staafgrafiek(
    titel: str,
    punten: list[tuple[str, float | None]],
    *,
    maximum: float | None = None,
    eenheid: str = "",
    doel: float | None = None,
    doel_tekst: str = "",
    decimalen: int = 0,
) -> Grafiek:
    """One bar per point (label, value); a value None (a group too small to show) leaves an
    empty place with a dash. ``doel`` draws the target as a line."""
    waarden = [w for _l, w in punten if w is not None]
    top = maximum if maximum is not None else max([*waarden, doel or 0, 1]) * 1.1
    ruimte = (BREEDTE - LINKS - 8) / max(len(punten), 1)
    hoogte = HOOGTE - ONDER - BOVEN
    stap = max(1, len(punten) // 16)  # not every label fits under a day of 15-minute bars
    staven = []
    for i, (label, waarde) in enumerate(punten):
        h = 0 if waarde is None else hoogte * min(waarde, top) / top
        staven.append(
            Staaf(
                x=LINKS + i * ruimte + ruimte * 0.15,
                y=HOOGTE - ONDER - h,
                breedte=ruimte * 0.7,
                hoogte=h,
                label=label,
                tekst="–" if waarde is None else f"{waarde:.{decimalen}f}{eenheid}",
                toon_label=i % stap == 0,
                onder_doel=doel is not None and waarde is not None and waarde < doel,
            )
        )
    assen = [
        (HOOGTE - ONDER - hoogte * f, f"{top * f:.0f}{eenheid}") for f in (0, 0.25, 0.5, 0.75, 1)
    ]
    grafiek = Grafiek(titel=titel, staven=staven, assen=assen)
    if doel is not None:
        grafiek.doel_y = HOOGTE - ONDER - hoogte * min(doel, top) / top
        grafiek.doel_tekst = doel_tekst
    return grafiek
