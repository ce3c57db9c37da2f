"""The server's configuration: built in one place, from CLI flags, KG_* variables, defaults.

Precedence is flag > environment > default. `kg serve` passes its flags as keyword
overrides (None meaning "not given"), so the same object configures a test, the CLI and
a container started with only environment variables. The object is frozen: every
process receives the same settings and nothing changes them afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kg.export import CONTEXT_FILE as PACKAGED_CONTEXT

DEFAULT_STORE = "kg-store"  # the same default as `kg build` (kg/config.py)
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


def _cpu_workers() -> int:
    """Executor processes: enough that a few runaway queries leave room for everyone else
    (each holds its process until its time limit), few enough to keep memory flat."""
    return max(8, min(4 * (os.cpu_count() or 1), 32))


def _split(value: str) -> tuple[str, ...]:
    """A comma- or space-separated list; an empty string is an empty list (disables)."""
    return tuple(part for part in value.replace(",", " ").split() if part)


def _optional_str(value: str) -> str | None:
    return value or None


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything `serve` and `create_app` need; see `from_env` for the KG_* names."""

    store: Path = Path(DEFAULT_STORE)
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 30.0  # seconds; a query still running then gets 503
    row_cap: int = 100_000  # result rows (or triples) returned at most, signalled
    body_cap: int = 256 * 1024  # bytes of request body (413 beyond)
    get_cap: int = 8000  # bytes of request target for GET (414 beyond: use POST)
    service_allow: tuple[str, ...] = (WIKIDATA_SPARQL,)
    update_token: str | None = None  # updates are refused (403) without one
    cors_origin: str = "*"  # Access-Control-Allow-Origin; empty disables CORS
    workers: int = field(default_factory=_cpu_workers)  # executor processes (queries)
    client_timeout: float = 10.0  # seconds a client may take to send a request head or body
    access_log: bool = True
    cache_bytes: int = 64 * 1024 * 1024  # in-process answer cache; 0 disables
    examples_dir: Path = Path("ontology/queries")  # the query page's gallery
    context_file: Path = PACKAGED_CONTEXT  # /context.jsonld, and the JSON-LD download's

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)

    @property
    def url(self) -> str:
        host = "localhost" if self.host in {"0.0.0.0", "::", ""} else self.host
        return f"http://{host}:{self.port}/sparql"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, /, **overrides: Any) -> Settings:
        """Defaults, then KG_* variables, then `overrides` whose value is not None."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"KG_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _PARSERS.get(f.name, str)(raw)
        for name, value in overrides.items():
            if name not in _FIELD_NAMES:
                raise TypeError(f"unknown setting {name!r}; known: {sorted(_FIELD_NAMES)}")
            if value is not None:
                values[name] = _coerce(name, value)
        return replace(cls(), **values).checked()

    def checked(self) -> Settings:
        """Reject values that would make the server unsafe or unable to start."""
        problems = []
        if self.query_timeout <= 0:
            problems.append("query_timeout must be > 0 seconds")
        if self.client_timeout <= 0:
            problems.append("client_timeout must be > 0 seconds")
        for name in ("row_cap", "body_cap", "get_cap", "workers"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be >= 1")
        if self.cache_bytes < 0:
            problems.append("cache_bytes must be >= 0 (0 disables the cache)")
        if not 0 <= self.port <= 65535:
            problems.append("port must be 0..65535")
        if problems:
            raise ValueError("invalid settings: " + "; ".join(problems))
        return self


_PARSERS: dict[str, Callable[[str], Any]] = {
    "store": Path,
    "port": int,
    "query_timeout": float,
    "row_cap": int,
    "body_cap": int,
    "get_cap": int,
    "service_allow": _split,
    "update_token": _optional_str,
    "workers": int,
    "client_timeout": float,
    "access_log": _bool,
    "cache_bytes": int,
    "examples_dir": Path,
    "context_file": Path,
}
_FIELD_NAMES = frozenset(f.name for f in fields(Settings))


def _coerce(name: str, value: Any) -> Any:
    """CLI values arrive typed by click; strings (and lists) are normalised like env values."""
    if name == "service_allow" and not isinstance(value, str):
        return tuple(value)
    if isinstance(value, str):
        return _PARSERS.get(name, str)(value)
    if name in ("store", "examples_dir", "context_file"):
        return Path(value)
    return value
