"""Search terms out of URLs: a BSN, name, phone number or e-mail address typed into a search
box must not end up in the web server's, the proxy's or the browser's history.

Search forms post their terms. A page that must stay reachable by a link (the results page,
the next page of the access log) gets a short random token in its URL instead; the terms
themselves stay in the user's own session (in the database, so every replica finds them)
and are gone when the session ends.
"""

import secrets

BEWAARD = 20  # searches kept per kind in one session; the oldest goes first


def bewaren(request, soort: str, gegevens: dict) -> str:
    """Keeps ``gegevens`` for this user and returns the token that finds them again."""
    token = secrets.token_urlsafe(12)
    sleutel = f"zoek:{soort}"
    bewaarde = dict(request.session.get(sleutel, {}))
    bewaarde[token] = gegevens
    while len(bewaarde) > BEWAARD:
        bewaarde.pop(next(iter(bewaarde)))
    request.session[sleutel] = bewaarde
    return token


def ophalen(request, soort: str, token: str) -> dict | None:
    """The search behind ``token`` in this user's session, or None (another user's token,
    an ended session, no token)."""
    if not token:
        return None
    return request.session.get(f"zoek:{soort}", {}).get(token)
