"""A stand-in OpenTelemetry collector: OTLP over HTTP (``POST /v1/traces``, protobuf, as the
specification defines it), run as a process of its own. Every span received is appended as
one JSON line to the file given: name, kind, trace and parent ids, attributes, service.

    python -m tests.otel.ontvanger PORT SPANS.jsonl
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)


def _waarde(any_value):
    soort = any_value.WhichOneof("value")
    return getattr(any_value, soort) if soort else None


class Ontvanger(BaseHTTPRequestHandler):
    uit = None

    def do_POST(self):
        if self.path != "/v1/traces":
            self.send_response(404)
            self.end_headers()
            return
        verzoek = ExportTraceServiceRequest()
        verzoek.ParseFromString(self.rfile.read(int(self.headers["Content-Length"])))
        with open(self.uit, "a") as f:
            for resource_spans in verzoek.resource_spans:
                resource = {a.key: _waarde(a.value) for a in resource_spans.resource.attributes}
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        f.write(
                            json.dumps(
                                {
                                    "name": span.name,
                                    "kind": span.kind,
                                    "trace_id": span.trace_id.hex(),
                                    "span_id": span.span_id.hex(),
                                    "parent_span_id": span.parent_span_id.hex(),
                                    "attributes": {
                                        a.key: _waarde(a.value) for a in span.attributes
                                    },
                                    "service": resource.get("service.name"),
                                }
                            )
                            + "\n"
                        )
        body = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    Ontvanger.uit = sys.argv[2]
    HTTPServer(("127.0.0.1", int(sys.argv[1])), Ontvanger).serve_forever()
