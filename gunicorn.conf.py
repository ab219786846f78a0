"""gunicorn settings; every value can be overridden by environment variables.

Worker model (README, Deployment):

- Threads, not processes, serve requests: ``app.core.httpworker.HeadBufferingWorker``
  is gunicorn's gthread worker that reads each request in its event loop, so slow or
  half-sent requests hold neither the process nor a thread (``GUNICORN_THREADS``, default 8).
- The rate limits (sign-in: 10 per minute) count in the limiter's storage. Memory storage
  lives in one process, so without ``REDIS_URL`` the server runs ONE worker process, whose
  threads share the counters; with ``REDIS_URL`` it runs ``WEB_CONCURRENCY`` workers
  (default 2) that all count in Redis. Starting more than one worker without ``REDIS_URL``
  is refused (unless rate limits are off, ``RATELIMIT_ENABLED=0``, as in the benchmark).
"""

import gc
import os
import sys

redis_url = os.environ.get("REDIS_URL", "").strip()
rate_limits_on = os.environ.get("RATELIMIT_ENABLED", "1") != "0"

bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "app.core.httpworker.HeadBufferingWorker")
workers = int(os.environ.get("WEB_CONCURRENCY", "2" if redis_url else "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5  # idle kept-alive connections wait in the event loop, not in a thread
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))  # 0 turns recycling off
max_requests_jitter = 2000
accesslog = os.environ.get("ACCESS_LOG", "-") or None  # ACCESS_LOG="" turns it off
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (one per user by default, shared by every gunicorn on the
# machine) is off unless a path is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def on_starting(server):
    """Refuse a worker model whose rate limits would not hold for the whole installation; make
    the workers' shared connection counts (app/core/httpworker.py, ``Shares``)."""
    if server.cfg.workers > 1 and not redis_url and rate_limits_on:
        sys.exit(
            f"gunicorn.conf.py: {server.cfg.workers} workers need REDIS_URL: with memory storage each "
            "worker would count the sign-in limit on its own. Set REDIS_URL, or run one worker "
            "(WEB_CONCURRENCY=1) with several threads (GUNICORN_THREADS)."
        )
    if worker_class == "app.core.httpworker.HeadBufferingWorker":
        from app.core import httpworker

        httpworker.make_shares()


# The garbage collector's full pass walks every object the process holds: after start-up,
# 230,000 of them (modules, mappers, compiled templates, catalogues), 150 ms in which the
# worker answered nothing; that pause was the pages' slowest answer (issue 18). What the
# application loaded is moved out of the collector's sight (gc.freeze): once when the
# worker has loaded the application, and once more when its first requests have filled the
# template and statement caches. A full pass then walks a few thousand objects (13–20 ms).
FREEZE_AGAIN_AFTER = 200  # requests


def post_worker_init(worker):
    gc.collect()
    gc.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr >= FREEZE_AGAIN_AFTER and not getattr(worker, "frozen_again", False):
        worker.frozen_again = True
        gc.freeze()  # no collection first: that would be the very pause this avoids
