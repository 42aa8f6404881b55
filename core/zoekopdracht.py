"""Search terms out of URLs: a BSN, name, phone number or e-mail address typed into a search
box must not end up in the web server's, the proxy's or the browser's history.

Search forms post their terms. A page that must stay reachable by a link (the results page,
the next page of the access log) gets a short random token in its URL instead; the terms
themselves are kept in the shared cache (Redis, so every replica finds them) under the
user's session key, for as long as a session may last. A token is useless in another
session, and after log-out (the session key changes).

Not in the session itself: two requests of one user at the same moment (the live search
still running when the agent presses Enter) each save the whole session, and the later one
would drop the other's token.
"""

import secrets

from django.conf import settings
from django.core.cache import cache


def _sleutel(request, soort: str, token: str) -> str:
    return f"zoekopdracht:{request.session.session_key}:{soort}:{token}"


def bewaren(request, soort: str, gegevens: dict) -> str:
    """Keeps ``gegevens`` for this session and returns the token that finds them again."""
    if request.session.session_key is None:
        request.session.save()
    token = secrets.token_urlsafe(12)
    cache.set(_sleutel(request, soort, token), gegevens, timeout=settings.SESSION_COOKIE_AGE)
    return token


def ophalen(request, soort: str, token: str) -> dict | None:
    """The search behind ``token`` in this session, or None (another session's token, an
    ended session, no token)."""
    if not token or request.session.session_key is None:
        return None
    return cache.get(_sleutel(request, soort, token))
