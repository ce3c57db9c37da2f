"""One JSON line per request on standard error: enough to find slow or failing queries.

The query itself is not logged (it may be long or private); its hash is, so the same
query can be followed across lines and matched against a client's own record.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time

LOGGER = logging.getLogger("rskg.server.access")


def setup() -> None:
    if not LOGGER.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        LOGGER.addHandler(handler)
        LOGGER.setLevel(logging.INFO)
        LOGGER.propagate = False


def query_hash(text: str | None) -> str | None:
    if text is None:
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def line(method: str, path: str, status: int, started: float, rows: int | None,
         qhash: str | None, size: int | None = None, note: str | None = None) -> str:
    record = {
        "ts": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "pid": os.getpid(),
        "method": method,
        "path": path,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "rows": rows,
        "query_hash": qhash,
        "bytes": size,
    }
    if note:
        record["note"] = note
    return json.dumps(record, separators=(",", ":"))


def log(record: str) -> None:
    LOGGER.info(record)
