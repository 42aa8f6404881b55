"""OpenTelemetry tracing, on when an OTLP endpoint is configured (``OTEL_EXPORTER_OTLP_ENDPOINT``
or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``, OTLP over HTTP; the exporter reads the standard
``OTEL_*`` variables for headers, timeouts and batching). Off, it costs one check per request.

A span per request (``GET klantbeeld:klantbeeld``) continues the caller's ``traceparent``; a
span per Celery task continues the trace of the request that sent it (the context travels in
the task's headers). Spans carry the method, the route's *name*, the status and the request
id — never a path with ids, a query string, a form field or a user: the same rule as the log
lines. The tracer starts per process on first use (gunicorn and Celery fork after import;
a batch exporter's thread does not survive a fork).
"""

import os
import threading

import structlog
from django.conf import settings

_lock = threading.Lock()
_pid = None
_tracer = None
_taken: dict = {}


def aan() -> bool:
    return bool(settings.KCC_OTEL)


def tracer():
    """This process's tracer (None when tracing is off)."""
    global _pid, _tracer
    if not aan():
        return None
    if _pid == os.getpid():
        return _tracer
    with _lock:
        if _pid != os.getpid():
            # the SDK and exporter load only when tracing is on (off, nothing of them runs)
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor

            provider = TracerProvider(
                resource=Resource.create(
                    {
                        "service.name": os.environ.get("OTEL_SERVICE_NAME", "nijmegen-kcc"),
                        "service.version": settings.KCC_VERSIE,
                    }
                )
            )
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
            _tracer = provider.get_tracer("nijmegen_kcc")
            _pid = os.getpid()
    return _tracer


def _propagator():
    # only called with tracing on: see tracer()
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    return TraceContextTextMapPropagator()


def _trace_id_binden(span):
    context = span.get_span_context()
    structlog.contextvars.bind_contextvars(trace_id=format(context.trace_id, "032x"))


class Traceren:
    """Middleware: one server span per request, continuing ``traceparent``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        t = tracer()
        # the probes and the scrape are not traffic worth a trace
        if t is None or request.path.startswith("/health/") or request.path == "/metrics":
            return self.get_response(request)
        # tracing is on here: load its API only now (see tracer())
        from opentelemetry import context as otel_context
        from opentelemetry import trace

        ouder = _propagator().extract({"traceparent": request.headers.get("traceparent", "")})
        with t.start_as_current_span(
            request.method, context=ouder, kind=trace.SpanKind.SERVER
        ) as span:
            _trace_id_binden(span)
            token = otel_context.attach(trace.set_span_in_context(span))
            try:
                response = self.get_response(request)
            finally:
                otel_context.detach(token)
            match = getattr(request, "resolver_match", None)
            route = (match.view_name if match else "") or "onbekend"
            span.update_name(f"{request.method} {route}")
            span.set_attribute("http.request.method", request.method)
            span.set_attribute("http.route", route)
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 500:
                span.set_status(trace.Status(trace.StatusCode.ERROR))
            request_id = response.headers.get("X-Request-ID")
            if request_id:
                span.set_attribute("kcc.request_id", request_id)
            return response


# --- Celery: the sender's context in the task headers, a span per task --------------------


def context_meegeven(headers=None, **kwargs):
    """``before_task_publish``: the current trace context into the task's headers."""
    if headers is None or tracer() is None:
        return
    _propagator().inject(headers)


def taak_begonnen(task_id=None, task=None, **kwargs):
    t = tracer()
    if t is None or task is None:
        return
    # tracing is on here: load its API only now (see tracer())
    from opentelemetry import trace

    drager = {"traceparent": getattr(task.request, "traceparent", None) or ""}
    span = t.start_span(
        f"taak {task.name}", context=_propagator().extract(drager), kind=trace.SpanKind.CONSUMER
    )
    span.set_attribute("celery.task_name", task.name)
    span.set_attribute("celery.task_id", task_id or "")
    _trace_id_binden(span)
    _taken[task_id] = span


def taak_klaar(task_id=None, state=None, **kwargs):
    span = _taken.pop(task_id, None)
    if span is not None:
        span.set_attribute("celery.state", state or "")
        span.end()
