"""gunicorn for the production image, docker compose and Kubernetes.

``GUNICORN_WORKERS`` (default 3) sync workers on port 8000. With ``PROMETHEUS_MULTIPROC_DIR``
set, the workers share their metrics through files in that directory (an emptyDir in
Kubernetes), so a scrape counts every worker's requests, not only the one it happens to hit.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# a stopped pod finishes the requests in flight within this many seconds
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# the heartbeat files on memory, not on the (read-only or slow) disk
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# no access log of gunicorn's own: the application writes one JSON line per request
# (core.metrics.Verzoekmeting), with the request id and without the query string
accesslog = None


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        # counters of a previous run of this pod are not this run's
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    # Everything the worker loaded at start (Django, the URL and template machinery, the
    # translations) lives as long as the worker: out of the collector's sight, a full
    # collection walks only what requests leave behind. With them it took up to 125 ms, in
    # the middle of whichever request was running (docs/benchmarks-klantinteracties.md).
    import gc

    gc.freeze()
