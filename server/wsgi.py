"""`serve(settings)`: the application under gunicorn, embedded (never Flask's dev server).

Worker model (measured in bench/README.md): `settings.workers` processes, each one
thread running an event loop over its connections (server/worker.py) that answers
response-cache hits and plain uncached queries (server/direct.py) straight from the
request bytes and runs everything else through gunicorn's parser and the Flask
application, one request at a time. A query that runs
past the time limit ends its worker process (see watchdog.py) and the master starts
another, so a timeout costs no other client its request. `KG_WORKER=gthread` (or
`threads` > 1) selects gunicorn's threaded worker instead. With an update token the
store must be opened read-write, which one process at a time may do: one worker.
"""

from __future__ import annotations

import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from kg.store import require_current_build
from server.settings import Settings

MAX_REQUEST_LINE = 8190  # gunicorn's ceiling; longer GETs get the hinted 414 (worker.py)


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return {
        "bind": f"{host}:{settings.port}",
        "workers": 1 if settings.updates_enabled else settings.workers,
        "threads": settings.threads,
        "worker_class": worker_class(settings),
        # a backstop only: the per-request watchdog answers 503 well before this
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": MAX_REQUEST_LINE,
        "accesslog": None,  # the application writes one JSON line per request
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "rskg-serve",
        "control_socket_disable": True,
        "when_ready": lambda _arbiter: _announce(settings),
    }


def worker_class(settings: Settings) -> str:
    if settings.worker == "gthread" or settings.threads > 1:
        return "server.worker.ThreadedWorker"
    return "server.worker.Worker"


def _announce(settings: Settings) -> None:
    print(f"rskg: serving {settings.store} at {settings.url}", flush=True)


class _Embedded(BaseApplication):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in gunicorn_options(self.settings).items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from server.app import create_app

        return create_app(self.settings)


def serve(settings: Settings) -> None:
    """Serve until interrupted. Raises kg.store.StoreError when there is no build yet."""
    require_current_build(settings.store)
    sys.stdout.flush()
    _Embedded(settings).run()
