"""The end-of-run log check (tests/logcontrole.py) finds a resident's identifier in any
notation and leaves ids, hashes and times alone."""

import pytest

from tests.logcontrole import verdacht


@pytest.mark.parametrize(
    "regel",
    [
        '{"event": "zoeken", "q": "111222333"}',  # a valid BSN
        '{"event": "bellen naar 06-12345678"}',
        '{"event": "nummer +31 24 329 9999"}',
        '{"event": "mail voor j.jansen@example.org"}',
        "Task x succeeded: {'telefoon': '0243299999'}",
    ],
)
def test_an_identifier_is_found(regel):
    assert verdacht(regel)


@pytest.mark.parametrize(
    "regel",
    [
        '{"event": "verzoek", "view": "klantbeeld:klantbeeld", "status": 200, "ms": 21.3}',
        '{"request_id": "5f0c1d2e3a4b5c6d7e8f901234567890", "trace_id": ""}',
        '{"timestamp": "2026-12-01T15:25:00.123456Z", "task_id": "123456782-ab"}',
        '{"event": "partij 123456789 geopend"}',  # nine digits, not a valid BSN
        '{"event": "mail van kcc@nijmegen.nl niet verstuurd"}',
        # microseconds of a time, and a duration (a run once flagged "014046")
        "{'echo': 'x', 'worker_time': '2026-12-01T18:00:14.014046+00:00'} in 0.00024652s",
        '{"event": "bel 14 024"}',
    ],
)
def test_ids_hashes_and_times_are_not_flagged(regel):
    assert verdacht(regel) == []


def test_a_request_in_a_log_line_loses_its_query_string():
    from django.test import RequestFactory

    from core.logboek import verzoek_zonder_query

    verzoek = RequestFactory().get("/klantinteracties/api/v1/partijen", {"objectId": "999990019"})
    regel = verzoek_zonder_query(None, "warning", {"event": "Bad Request", "request": verzoek})
    assert regel["request"] == "GET /klantinteracties/api/v1/partijen"
