"""The telephony platform's events: the vendor-neutral adapter.

The platform posts events to ``/telefonie/gebeurtenissen/`` — one object or a list — in our
own form (``call_id``, ``event``, ``ts``, ``queue``, ``agent``, ``caller``, and ``to`` for a
transfer, ``state`` for an agent state) or in Zammad's CTI form (``newCall`` / ``answer`` /
``hangup`` with ``callId``, ``from``, ``to``, ``direction``, ``user[]``, ``queue``,
``answeringNumber``, ``cause``), the simplest open contract platforms already speak.

Every event is stored as received (``Telefoniegebeurtenis``, append-only), once: the same
(call id, event, time) again is no new row, so retries and the reconciliation import
(``manage.py telefonie_importeren``) never double a call. Events may come in any order; the
figures are computed from the stored events, never from the order they came in (a Zammad
``hangup`` is stored as ``ended`` with its cause: a call that ended without being answered
was abandoned, whichever event came first). The caller's number is stored only as a keyed
hash.

An answered call with an agent also pops the caller's klantbeeld on that agent's screen
(``channels.telefonie``, one call id for both), and its end closes it.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from channels import telefonie as caller_id
from contacts import normalise

from .models import Telefoniegebeurtenis

Soort = Telefoniegebeurtenis.Soort
AGENT_STATEN = {"available", "busy", "acw", "away"}
MAX_PER_VERZOEK = 5000
POP_UP_TOT = datetime.timedelta(minutes=10)

# Zammad CTI: newCall / answer / hangup (https://docs.zammad.org, "CTI API")
_ZAMMAD = {"newCall": Soort.QUEUED, "answer": Soort.ANSWERED, "hangup": Soort.ENDED}
ZAMMAD_OORZAKEN = {
    "normalClearing",
    "busy",
    "cancel",
    "noAnswer",
    "congestion",
    "notFound",
    "forwarded",
}


def beller_hash(nummer: str) -> str:
    """A keyed hash of the caller's number (E.164 when it parses): the same caller gives the
    same hash, and nobody reads the number back from it."""
    nummer = (nummer or "").strip()
    if not nummer or nummer.lower() in caller_id.AFGESCHERMD:
        return ""
    e164 = normalise.parse_phone(nummer) or nummer
    sleutel = settings.KCC_TELEFONIE_HASH_SLEUTEL or f"telefonie:{settings.SECRET_KEY}"
    return hmac.new(sleutel.encode(), e164.encode(), hashlib.sha256).hexdigest()


def handtekening_klopt(body: bytes, handtekening: str) -> bool:
    sleutel = settings.KCC_TELEFONIE_HMAC_SLEUTEL
    if not sleutel or not handtekening.startswith("sha256="):
        return False
    verwacht = hmac.new(sleutel.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(handtekening.removeprefix("sha256=").strip(), verwacht)


@dataclass(frozen=True)
class Gebeurtenis:
    call_id: str
    soort: str
    tijdstip: datetime.datetime
    wachtrij: str = ""
    agent: str = ""
    beller: str = ""  # the number as received: hashed on storing, never stored
    waarde: str = ""


def _tekst(data: dict, naam: str, n: int = 150) -> str:
    waarde = data.get(naam)
    if isinstance(waarde, list):
        waarde = waarde[0] if waarde else ""
    return str(waarde or "").strip()[:n]


def _tijd(waarde, nr: int) -> datetime.datetime:
    if not waarde:
        return timezone.now()
    tijdstip = parse_datetime(str(waarde))
    if tijdstip is None or tijdstip.tzinfo is None:
        raise ValidationError(
            _("Event %(nr)s: give the time with its zone, like 2026-12-01T09:30:00Z.") % {"nr": nr}
        )
    return tijdstip


def lezen(data: dict, nr: int = 1) -> Gebeurtenis:
    """One event, native or Zammad, as ours. Bad input raises ValidationError (in Dutch),
    naming the event by its number in the request."""
    if not isinstance(data, dict):
        raise ValidationError(_("Event %(nr)s is not an object.") % {"nr": nr})
    soort = _tekst(data, "event", 40)
    if soort in _ZAMMAD:
        call_id = _tekst(data, "callId", 100)
        oorzaak = _tekst(data, "cause", 40)
        if soort == "hangup" and oorzaak and oorzaak not in ZAMMAD_OORZAKEN:
            raise ValidationError(
                _("Event %(nr)s: unknown cause %(oorzaak)s.") % {"nr": nr, "oorzaak": oorzaak}
            )
        gebeurtenis = Gebeurtenis(
            call_id=call_id,
            soort=_ZAMMAD[soort],
            tijdstip=_tijd(data.get("ts") or data.get("timestamp"), nr),
            wachtrij=_tekst(data, "queue", 100) or _tekst(data, "to", 100),
            agent=_tekst(data, "user") or _tekst(data, "answeringNumber"),
            beller=_tekst(data, "from", 40),
            waarde=oorzaak if soort == "hangup" else "",
        )
        if _tekst(data, "direction") == "out":
            raise ValidationError(_("Event %(nr)s: outgoing calls are not counted.") % {"nr": nr})
    else:
        if soort not in Soort.values:
            raise ValidationError(
                _("Event %(nr)s: unknown event %(soort)s. Use one of: %(alle)s.")
                % {"nr": nr, "soort": soort or "-", "alle": ", ".join(Soort.values)}
            )
        waarde = _tekst(data, "state", 20) if soort == Soort.AGENT_STATE else ""
        if soort == Soort.AGENT_STATE and waarde not in AGENT_STATEN:
            raise ValidationError(
                _("Event %(nr)s: state is available, busy, acw or away.") % {"nr": nr}
            )
        if soort == Soort.TRANSFERRED:
            waarde = _tekst(data, "to", 100)
        if soort == Soort.ENDED:
            waarde = _tekst(data, "cause", 40)
        gebeurtenis = Gebeurtenis(
            call_id=_tekst(data, "call_id", 100),
            soort=soort,
            tijdstip=_tijd(data.get("ts"), nr),
            wachtrij=_tekst(data, "queue", 100),
            agent=_tekst(data, "agent"),
            beller=_tekst(data, "caller", 40),
            waarde=waarde,
        )
    if not gebeurtenis.call_id and gebeurtenis.soort != Soort.AGENT_STATE:
        raise ValidationError(_("Event %(nr)s: call_id is missing.") % {"nr": nr})
    if gebeurtenis.soort == Soort.AGENT_STATE and not gebeurtenis.agent:
        raise ValidationError(_("Event %(nr)s: agent is missing.") % {"nr": nr})
    return gebeurtenis


@dataclass(frozen=True)
class Opgeslagen:
    ontvangen: int
    nieuw: int


def opslaan(
    gebeurtenissen: list[Gebeurtenis], *, bron=Telefoniegebeurtenis.Bron.LIVE, pop_up=True
) -> Opgeslagen:
    """Stores the events in one statement, each once (ON CONFLICT DO NOTHING on call id,
    event and time), and for live ones pops or closes the caller-id on the agent's screen."""
    if len(gebeurtenissen) > MAX_PER_VERZOEK:
        raise ValidationError(
            _("Send at most %(n)s events per request.") % {"n": f"{MAX_PER_VERZOEK:,}"}
        )
    rijen = [
        Telefoniegebeurtenis(
            call_id=g.call_id or f"agent:{g.agent}",
            soort=g.soort,
            tijdstip=g.tijdstip,
            wachtrij=g.wachtrij,
            agent=g.agent,
            beller_hash=beller_hash(g.beller),
            waarde=g.waarde,
            bron=bron,
        )
        for g in gebeurtenissen
    ]
    with transaction.atomic():
        nieuwe_ids = _invoegen(rijen) if rijen else []
        # the calls these events belong to, recomputed from all their events
        oproepen_bijwerken(sorted({c for c in nieuwe_ids if not c.startswith("agent:")}))
    if pop_up:
        # only a call that is happening now pops up: an event of an hour ago (a platform
        # sending what it had queued) is history, not a caller on the line
        grens = timezone.now() - POP_UP_TOT
        for g in gebeurtenissen:
            if g.tijdstip >= grens:
                _pop_up(g)
    return Opgeslagen(ontvangen=len(rijen), nieuw=len(nieuwe_ids))


_KOLOMMEN = ["call_id", "soort", "tijdstip", "wachtrij", "agent", "beller_hash", "waarde", "bron"]


def _invoegen(rijen) -> list[str]:
    """INSERT … SELECT FROM unnest(one array per column) ON CONFLICT DO NOTHING: one
    statement for the whole request; returns the call id of every row that was new."""
    tabel = connection.ops.quote_name(Telefoniegebeurtenis._meta.db_table)
    per_naam = {v.name: v for v in Telefoniegebeurtenis._meta.concrete_fields}
    velden = [per_naam[k] for k in _KOLOMMEN]
    kolommen = ", ".join(connection.ops.quote_name(v.column or v.name) for v in velden)
    arrays = ", ".join(f"%s::{v.db_type(connection)}[]" for v in velden)
    nu = timezone.now()
    sql = (
        f"INSERT INTO {tabel} ({kolommen}, ontvangen) "  # noqa: S608 - names from the model
        f"SELECT *, %s::timestamptz FROM unnest({arrays}) "
        "ON CONFLICT (call_id, soort, tijdstip) DO NOTHING RETURNING call_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [nu] + [[getattr(r, k) for r in rijen] for k in _KOLOMMEN])
        return [r[0] for r in cursor.fetchall()]


# One call from all its events, whatever order they came in. A call that ended without an
# answer was abandoned, unless it left the queue for another destination first (a transfer,
# or Zammad's hangup with cause "forwarded": a flow-out). Hold time: each hold up to the
# next unhold (or the end of the call).
_OPROEPEN_SQL = """
WITH e AS (
    SELECT call_id, soort, tijdstip, wachtrij, agent, beller_hash, waarde
    FROM sources_telefoniegebeurtenis
    WHERE soort <> 'agent_state' {filter}
), wacht AS (
    SELECT call_id, sum(extract(epoch FROM coalesce(volgende, tijdstip) - tijdstip)) AS s
    FROM (
        SELECT call_id, soort, tijdstip,
               lead(tijdstip) OVER (PARTITION BY call_id ORDER BY tijdstip) AS volgende
        FROM e WHERE soort IN ('hold', 'unhold', 'ended', 'abandoned')
    ) h
    WHERE soort = 'hold'
    GROUP BY call_id
), o AS (
    SELECT call_id,
        coalesce(
            (array_agg(wachtrij ORDER BY tijdstip)
             FILTER (WHERE soort = 'queued' AND wachtrij <> ''))[1],
            (array_agg(wachtrij ORDER BY tijdstip) FILTER (WHERE wachtrij <> ''))[1], ''
        ) AS wachtrij,
        min(tijdstip) FILTER (WHERE soort = 'queued') AS binnen,
        min(tijdstip) FILTER (WHERE soort = 'answered') AS aangenomen,
        coalesce((array_agg(agent ORDER BY tijdstip)
                  FILTER (WHERE soort = 'answered' AND agent <> ''))[1], '') AS agent,
        min(tijdstip) FILTER (WHERE soort = 'abandoned') AS verlaten,
        max(tijdstip) FILTER (WHERE soort = 'ended') AS einde,
        max(tijdstip) FILTER (WHERE soort = 'wrapup_end') AS nawerk_einde,
        count(*) FILTER (WHERE soort = 'transferred') AS doorverbonden,
        min(tijdstip) FILTER (WHERE soort = 'transferred'
                              OR (soort = 'ended' AND waarde = 'forwarded')) AS weg,
        coalesce(bool_or(soort = 'callback_requested'), false) AS terugbel,
        coalesce((array_agg(beller_hash ORDER BY tijdstip)
                  FILTER (WHERE beller_hash <> ''))[1], '') AS beller_hash
    FROM e GROUP BY call_id
)
INSERT INTO sources_oproep (
    call_id, wachtrij, binnen, aangenomen, agent, opgehangen, einde, nawerk_einde,
    wacht_seconden, doorverbonden, doorverbonden_voor_aannemen, terugbelverzoek, beller_hash
)
SELECT o.call_id, o.wachtrij, o.binnen, o.aangenomen, o.agent,
    CASE WHEN o.aangenomen IS NOT NULL THEN NULL
         WHEN o.verlaten IS NOT NULL THEN o.verlaten
         WHEN o.weg IS NOT NULL THEN NULL
         ELSE o.einde END,
    o.einde, o.nawerk_einde, coalesce(wacht.s, 0), o.doorverbonden,
    o.weg IS NOT NULL AND (o.aangenomen IS NULL OR o.weg < o.aangenomen),
    o.terugbel, o.beller_hash
FROM o LEFT JOIN wacht ON wacht.call_id = o.call_id
ON CONFLICT (call_id) DO UPDATE SET
    wachtrij = EXCLUDED.wachtrij, binnen = EXCLUDED.binnen, aangenomen = EXCLUDED.aangenomen,
    agent = EXCLUDED.agent, opgehangen = EXCLUDED.opgehangen, einde = EXCLUDED.einde,
    nawerk_einde = EXCLUDED.nawerk_einde, wacht_seconden = EXCLUDED.wacht_seconden,
    doorverbonden = EXCLUDED.doorverbonden,
    doorverbonden_voor_aannemen = EXCLUDED.doorverbonden_voor_aannemen,
    terugbelverzoek = EXCLUDED.terugbelverzoek, beller_hash = EXCLUDED.beller_hash
"""


def oproepen_bijwerken(call_ids: list[str] | None) -> None:
    """Recomputes the calls (``Oproep``) from their stored events: the given call ids, or
    every call (``None``: after a bulk load such as the demo year)."""
    if call_ids is not None and not call_ids:
        return
    sql = _OPROEPEN_SQL.format(filter="AND call_id = ANY(%s)" if call_ids is not None else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [call_ids] if call_ids is not None else [])


def caller_id_melding(data: dict) -> tuple[dict, bool]:
    """The older caller-id form (``/telefonie/gebeurtenis/``: ``call_started`` {call_id,
    caller, agent, tolkcontact} and ``call_ended`` {call_id}), part of this adapter: it pops
    the caller on the agent's screen as before (an unknown agent is refused, 400) and is
    stored as the ``answered`` or ``ended`` event of the same call id: one call, whichever
    form the platform uses for which event (its queue entry comes as ``queued``). Returns
    the answer and whether something was new."""
    soort = data.get("event")
    call_id = str(data.get("call_id", "")).strip()[:100]
    with transaction.atomic():
        if soort == "call_started":
            gesprek, nieuw = caller_id.gesprek_begonnen(
                call_id=call_id,
                agent=str(data.get("agent", "")),
                nummer=str(data.get("caller", "")),
                tolkcontact=bool(data.get("tolkcontact")),
            )
            event = Gebeurtenis(
                call_id=gesprek.call_id,
                soort=Soort.ANSWERED,
                tijdstip=gesprek.begin,
                agent=str(data.get("agent", "")).strip()[:150],
                beller=str(data.get("caller", "")),
            )
            opslaan([event], pop_up=False)
            return {"call_id": gesprek.call_id, "nieuw": nieuw}, nieuw
        if soort == "call_ended":
            gesprek = caller_id.gesprek_beeindigd(call_id=call_id)
            einde = gesprek.einde or timezone.now()
            opslaan(
                [Gebeurtenis(call_id=gesprek.call_id, soort=Soort.ENDED, tijdstip=einde)],
                pop_up=False,
            )
            return {
                "call_id": gesprek.call_id,
                "duur_seconden": int(gesprek.duur.total_seconds()),
            }, False
    raise ValidationError(_("event must be call_started or call_ended."))


def _pop_up(g: Gebeurtenis) -> None:
    """The caller-id pop-up: an answered call with a known agent opens, its end closes. An
    agent we do not know (a platform user without a colleague here) pops nothing."""
    try:
        if g.soort == Soort.ANSWERED and g.agent:
            caller_id.gesprek_begonnen(
                call_id=g.call_id, agent=g.agent, nummer=g.beller, tijdstip=g.tijdstip
            )
        elif g.soort in (Soort.ENDED, Soort.ABANDONED):
            caller_id.gesprek_beeindigd(call_id=g.call_id, tijdstip=g.tijdstip)
    except ValidationError:
        pass  # no such agent or call here: the event itself is stored all the same
