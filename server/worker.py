"""The gunicorn worker: gunicorn's threaded worker, with a hinted 414.

gunicorn reads the request line itself and caps it (8,190 bytes at most); a GET query
longer than that never reaches the application, so the 414 it answers is rewritten here
to say what to do instead, as the application's own 414 does.
"""

from __future__ import annotations

import contextlib
from typing import Any

from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

from server.watchdog import raw_response

HINT = ("URI Too Long: the request line is over this server's limit; send the query with "
        "POST instead (form-encoded, or Content-Type: application/sparql-query)\n")


class Worker(ThreadWorker):
    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if isinstance(exc, LimitRequestLine):
            with contextlib.suppress(OSError):
                client.sendall(raw_response("414 URI Too Long", HINT, {}))
            return
        super().handle_error(req, client, addr, exc)
