"""Log lines for the hosting party's log store: JSON on stdout (``KCC_LOG_FORMAAT=json``,
the default outside the run command) through structlog, each line with the request's id
(``X-Request-ID`` from the proxy, or a new one, sent back in the answer) and the trace id of
``traceparent``. Our own log lines carry ids of records, never a BSN, phone number, e-mail
address or name (the access log is where whose data was seen is kept).
"""

import re
import uuid

import structlog

_VEILIG = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def verwerkers():
    """structlog's chain for lines from the standard library (Django, Celery, ours)."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
        verzoek_zonder_query,
    ]


def verzoek_zonder_query(_logger, _methode, event_dict):
    """Django's request logger adds the request, whose text holds the query string: an API
    client asks for a partij by BSN in it (KISS, ITA). The line keeps method and path only."""
    verzoek = event_dict.get("request")
    if verzoek is not None and hasattr(verzoek, "path") and hasattr(verzoek, "method"):
        event_dict["request"] = f"{verzoek.method} {verzoek.path}"
    return event_dict


def formatter(json: bool):
    renderer = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "foreign_pre_chain": verwerkers(),
        "processors": [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    }


class Verzoek:
    """Binds ``request_id`` and ``trace_id`` to every log line of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gegeven = request.headers.get("X-Request-ID", "")
        request_id = gegeven if _VEILIG.match(gegeven) else uuid.uuid4().hex
        trace = request.headers.get("traceparent", "")
        trace_id = trace.split("-")[1] if trace.count("-") == 3 else ""
        # bound until the next request begins: Django logs a 4xx/5xx answer only after the
        # middleware has returned it
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, trace_id=trace_id)
        response = self.get_response(request)
        response.headers["X-Request-ID"] = request_id
        return response
