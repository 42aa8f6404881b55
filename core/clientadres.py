"""The address of the person behind a request, also behind the TLS proxy.

The proxy's header (``X-Forwarded-For``) is believed only when the request itself came from
one of the configured trusted proxies (``KCC_VERTROUWDE_PROXIES``: addresses or networks);
anyone else could write any address in it. The header is parsed by ipware. The web-form
limit, the login lock-out and the access log all use this one address.
"""

import ipaddress
from functools import cache

from django.conf import settings
from ipware import get_client_ip

_ATTRIBUUT = "_kcc_clientadres"


@cache
def _netwerken(waarde: tuple[str, ...]):
    return tuple(ipaddress.ip_network(item, strict=False) for item in waarde)


def in_netwerken(adres: str, netwerken) -> bool:
    """Whether ``adres`` lies in one of ``netwerken`` (addresses or networks, as settings
    give them); an address that is no address lies nowhere."""
    try:
        ip = ipaddress.ip_address(adres)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in netwerk for netwerk in _netwerken(tuple(netwerken)))


def vertrouwde_proxy(adres: str) -> bool:
    """Whether ``adres`` (the connection's peer) is one of the configured proxies."""
    return in_netwerken(adres, settings.KCC_VERTROUWDE_PROXIES)


def adres_van(request) -> str:
    """The client's address: the peer itself, or, when the peer is a trusted proxy, the
    address the proxy put last in its header (each further trusted hop counted by
    ``KCC_PROXY_SCHAKELS``). Remembered on the request."""
    bekend = getattr(request, _ATTRIBUUT, None)
    if bekend is not None:
        return bekend
    peer = request.META.get("REMOTE_ADDR", "") or ""
    adres = peer
    if vertrouwde_proxy(peer):
        gevonden, _routeerbaar = get_client_ip(
            request,
            proxy_count=settings.KCC_PROXY_SCHAKELS - 1,
            request_header_order=[settings.KCC_PROXY_HEADER],
            strict=False,
        )
        if gevonden:
            adres = gevonden
    setattr(request, _ATTRIBUUT, adres)
    return adres


def axes_adres(request) -> str:
    """For django-axes (``AXES_CLIENT_IP_CALLABLE``): the same address."""
    return adres_van(request)
