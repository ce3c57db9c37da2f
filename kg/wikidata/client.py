"""A polite SPARQL client for a shared public endpoint such as query.wikidata.org.

Wikidata's query service asks clients to say who they are (User-Agent), to back off when
told to (429 or 503 with Retry-After) and not to ask the same thing twice; so every
request here carries a descriptive User-Agent, is retried after the wait the server
names, and goes through an on-disk HTTP cache (requests-cache) when a directory is given.
"""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from kg import __version__

RETRY_STATUSES = frozenset({429, 502, 503, 504})
CACHE_EXPIRY = timedelta(days=1)
CONNECT_ATTEMPTS = 2
MAX_GET_QUERY = 6000  # characters; longer queries are POSTed (URL length limits)
RESULTS_JSON = "application/sparql-results+json"


class EndpointError(Exception):
    """The endpoint could not be reached or kept refusing; the message says why."""


def user_agent() -> str:
    """Who is asking, per the Wikimedia User-Agent policy. No public contact address
    exists yet, so it says so unless KG_WIKIDATA_CONTACT gives one."""
    contact = os.environ.get("KG_WIKIDATA_CONTACT") or "no contact configured"
    return (f"rskg/{__version__} (Russia-in-Syria Knowledge Graph; the rskg repository; "
            f"{contact}) python-requests/{requests.__version__}")


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class Stats:
    """What a run cost the endpoint: requests sent, answers from cache, waits imposed."""

    sent: int = 0
    from_cache: int = 0
    waits: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Answer:
    """A SELECT result (SPARQL JSON) and when the endpoint produced it."""

    json: dict
    fetched_at: datetime
    from_cache: bool


def _session(cache_dir: Path | None) -> requests.Session:
    if cache_dir is None:
        return requests.Session()
    import requests_cache  # here, not at the top: every `kg` command would pay its import

    cache_dir.mkdir(parents=True, exist_ok=True)
    return requests_cache.CachedSession(
        str(cache_dir / "sparql-http-cache"), backend="sqlite",
        allowable_methods=("GET", "POST"), allowable_codes=(200,),
        expire_after=CACHE_EXPIRY, stale_if_error=False,
    )


class SparqlClient:
    """SELECT queries against one endpoint, retried and cached as described above."""

    def __init__(self, endpoint: str, cache_dir: Path | None = None, *, timeout: float = 90,
                 max_attempts: int = 6, max_wait: float = 300,
                 sleep: Callable[[float], None] = time.sleep,
                 on_wait: Callable[[float, str], None] | None = None) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        self.sleep = sleep
        self.on_wait = on_wait or (lambda seconds, why: None)
        self.stats = Stats()
        self.session = _session(cache_dir)
        self.session.headers.update({"User-Agent": user_agent(), "Accept": RESULTS_JSON})

    def select(self, query: str) -> Answer:
        response = self._send(query)
        cached = bool(getattr(response, "from_cache", False))
        self.stats.from_cache += cached
        try:
            data = response.json()
        except ValueError as err:
            raise EndpointError(f"{self.endpoint} answered with no SPARQL JSON: {err}") from err
        return Answer(data, _created_at(response), cached)

    def close(self) -> None:
        self.session.close()

    def _request(self, query: str) -> requests.Response:
        if len(query) <= MAX_GET_QUERY:
            return self.session.get(self.endpoint, params={"query": query},
                                    timeout=self.timeout)
        return self.session.post(self.endpoint, data={"query": query}, timeout=self.timeout)

    def _send(self, query: str) -> requests.Response:
        for attempt in range(1, self.max_attempts + 1):
            last = attempt == self.max_attempts
            try:
                response = self._request(query)
            except requests.RequestException as err:
                # A refused connection or unknown host does not heal in a minute: try once
                # more, then say so, rather than keep a person waiting.
                if last or attempt >= CONNECT_ATTEMPTS:
                    raise EndpointError(f"{self.endpoint} not reachable: {err}") from err
                self._wait(1.0, f"connection failed ({type(err).__name__})")
                continue
            if not getattr(response, "from_cache", False):
                self.stats.sent += 1
            if response.status_code not in RETRY_STATUSES:
                return _checked(response)
            if last:
                break
            told = retry_after(response.headers.get("Retry-After"))
            why = f"HTTP {response.status_code}" + (" with Retry-After" if told is not None
                                                     else "")
            self._wait(_backoff(attempt) if told is None else told, why)
        raise EndpointError(f"{self.endpoint} still refused after {self.max_attempts} attempts")

    def _wait(self, seconds: float, why: str) -> None:
        if seconds > self.max_wait:
            raise EndpointError(f"{self.endpoint} asked to wait {seconds:.0f} s ({why}), "
                                f"more than the {self.max_wait:.0f} s this client waits")
        self.stats.waits.append(seconds)
        self.on_wait(seconds, why)
        self.sleep(seconds)


def _backoff(attempt: int) -> float:
    return float(min(60, 2 ** attempt))


def _checked(response: requests.Response) -> requests.Response:
    if response.status_code >= 400:
        raise EndpointError(f"{response.url} answered HTTP {response.status_code}: "
                            f"{response.text[:300]}")
    return response


def _created_at(response: requests.Response) -> datetime:
    """When the answer was produced: for a cached answer, when it was first fetched."""
    created = getattr(response, "created_at", None)
    if isinstance(created, datetime):
        return created if created.tzinfo else created.replace(tzinfo=UTC)
    return datetime.now(UTC)
