"""One outside call with a total deadline, a size limit and a small concurrency limit per
source (a bulkhead), shared by the BRP, KVK, zaaksysteem and NotifyNL adapters.

Why not only requests' ``timeout``: that is a limit per socket read, so a server that sends a
byte every second is never cut off (an agent's search took 12 s, and three such searches held
every web worker). Here the call runs in a thread of the source's own small pool and the
caller waits at most ``deadline`` seconds for connect, headers and the whole body together;
the thread reads the body one socket read at a time and stops as soon as it is past its
deadline or the caller gave up. When a source already has ``KCC_BRON_GELIJKTIJDIG`` calls
under way (slow ones included), the next call is refused at once instead of waiting, so a slow
source can hold at most that many threads and never a web worker.

Every URL is checked against the source's allow-list before anything is sent: a token is
never sent to a host the configuration does not name (``url_toegestaan``).
"""

import threading
import time
import urllib.parse
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as WachtTeLang
from dataclasses import dataclass

import requests
from django.conf import settings


class BronFout(Exception):
    """``soort``: ``te-laat``, ``bezet``, ``te-groot``, ``verbinding`` or ``niet-toegestaan``;
    ``reden``: a technical detail for the log (no personal data)."""

    def __init__(self, soort: str, reden: str = ""):
        super().__init__(f"{soort}: {reden}" if reden else soort)
        self.soort = soort
        self.reden = reden or soort


@dataclass
class Antwoord:
    status_code: int
    headers: dict
    inhoud: bytes


class _Bron:
    def __init__(self, naam: str, gelijktijdig: int):
        self.naam = naam
        self.plaatsen = threading.BoundedSemaphore(gelijktijdig)
        self.pool = ThreadPoolExecutor(max_workers=gelijktijdig, thread_name_prefix=f"bron-{naam}")


_bronnen: dict[str, _Bron] = {}
_bronnen_slot = threading.Lock()


def _bron(naam: str) -> _Bron:
    with _bronnen_slot:
        if naam not in _bronnen:
            _bronnen[naam] = _Bron(naam, settings.KCC_BRON_GELIJKTIJDIG)
        return _bronnen[naam]


def url_toegestaan(url: str, basissen: Iterable[str]) -> bool:
    """True when ``url`` lies under one of the configured base URLs: the same scheme, host
    and port, and a path below the base's path (at a segment boundary, no ``..``). A URL with
    user info, another host, or only a look-alike prefix (``https://oz.nl.evil``) is not."""
    doel = urllib.parse.urlsplit(url)
    if doel.username or doel.password or doel.scheme not in ("http", "https"):
        return False
    if any(deel in ("..", ".") for deel in doel.path.split("/")) or "\\" in url:
        return False
    for basis in basissen:
        b = urllib.parse.urlsplit(basis.rstrip("/"))
        if not b.hostname:
            continue
        if (doel.scheme, doel.hostname, _poort(doel)) != (b.scheme, b.hostname, _poort(b)):
            continue
        if doel.path == b.path or doel.path.startswith(b.path + "/"):
            return True
    return False


def _poort(deel: urllib.parse.SplitResult) -> int | None:
    try:
        return deel.port or {"http": 80, "https": 443}.get(deel.scheme)
    except ValueError:
        return None


def vragen(
    bron: str,
    sessie: requests.Session,
    methode: str,
    url: str,
    *,
    deadline: float,
    max_bytes: int,
    toegestaan: Iterable[str] | None = None,
    **kwargs,
) -> Antwoord:
    """Sends one request and reads the whole answer within ``deadline`` seconds in total.
    Raises BronFout; never waits longer than the deadline, whatever the server does."""
    if toegestaan is not None and not url_toegestaan(url, toegestaan):
        raise BronFout("niet-toegestaan", "URL buiten de ingestelde basis-URL")
    b = _bron(bron)
    if not b.plaatsen.acquire(blocking=False):
        raise BronFout("bezet", f"al {settings.KCC_BRON_GELIJKTIJDIG} vragen onderweg")
    gestopt = threading.Event()
    einde = time.monotonic() + deadline
    try:
        toekomst = b.pool.submit(
            _uitvoeren, b, sessie, methode, url, einde, gestopt, max_bytes, kwargs
        )
    except RuntimeError:  # the pool is shut down (interpreter exit)
        b.plaatsen.release()
        raise BronFout("verbinding", "afgesloten") from None
    try:
        return toekomst.result(timeout=max(0.0, einde - time.monotonic()))
    except WachtTeLang:
        gestopt.set()
        raise BronFout(
            "te-laat", f"timeout: geen volledig antwoord binnen {deadline:g} s"
        ) from None


def _uitvoeren(b, sessie, methode, url, einde, gestopt, max_bytes, kwargs) -> Antwoord:
    try:
        per_lezen = max(0.1, einde - time.monotonic())
        try:
            antwoord = sessie.request(
                methode, url, stream=True, timeout=(min(per_lezen, 2.0), per_lezen), **kwargs
            )
        except requests.Timeout:
            raise BronFout("te-laat", "timeout") from None
        except requests.RequestException as e:
            raise BronFout("verbinding", type(e).__name__) from None
        with antwoord:
            inhoud = _lezen(antwoord, einde, gestopt, max_bytes)
        return Antwoord(antwoord.status_code, dict(antwoord.headers), inhoud)
    finally:
        b.plaatsen.release()


def _lezen(antwoord, einde: float, gestopt: threading.Event, max_bytes: int) -> bytes:
    """The body, one socket read at a time (decoded), stopping past the deadline."""
    delen, totaal = [], 0
    try:
        while True:
            if gestopt.is_set() or time.monotonic() > einde:
                raise BronFout("te-laat", "timeout tijdens lezen")
            deel = antwoord.raw.read1(64 * 1024, decode_content=True)
            if not deel:
                break
            totaal += len(deel)
            if totaal > max_bytes:
                raise BronFout("te-groot", f"antwoord groter dan {max_bytes} bytes")
            delen.append(deel)
    except BronFout:
        raise
    except Exception as e:  # urllib3's read and decode errors: a broken answer
        raise BronFout("verbinding", f"lezen: {type(e).__name__}") from None
    return b"".join(delen)
