"""HTTP caching of query answers: an ETag per answer, 304 on If-None-Match, and a small
in-process cache of recent answers keyed by the same tag.

An answer is a function of the build and of the job (server.engine.Job): the query
text, the dataset (protocol graphs, FROM, the union), the negotiated formats, the base
IRI (from `Host`, or the server's own address when `Host` is empty or missing), the row
cap. The ETag is a hash of exactly those, so it changes with the build and with the
request, and a proxy or browser holding it may replay the answer. Answers that are not a
function of them (SERVICE, NOW(), RAND(), UUID()..., or any answer while the server
takes updates) get no tag and are never kept.

The in-process cache is an LRU bounded by bytes (`cache_bytes`; 0 turns it off). A client
sending `Cache-Control: no-cache` (or `Pragma: no-cache`) gets a freshly computed answer.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import fields

from server.engine import Answer, Job

CACHE_CONTROL = "public, no-cache"
_JOB_FIELDS = fields(Job)  # keep it, but ask us (If-None-Match) before reusing it


def etag(link: str | None, job: Job) -> str:
    """A strong validator: the build the request saw and everything in the job
    (`repr` of its fields, not `dataclasses.astuple`, which deep-copies: 0.5 ms)."""
    fields = tuple(getattr(job, f.name) for f in _JOB_FIELDS)
    material = repr((link, fields)).encode("utf-8", "surrogatepass")
    return '"' + hashlib.blake2b(material, digest_size=16).hexdigest() + '"'


def matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(part.strip().removeprefix("W/") == tag for part in if_none_match.split(","))


def fresh_wanted(cache_control: str | None, pragma: str | None) -> bool:
    """True when the client asks for an answer computed now."""
    directives = (cache_control or "").lower()
    return "no-cache" in directives or "no-store" in directives or \
        "max-age=0" in directives or "no-cache" in (pragma or "").lower()


class AnswerCache:
    """Recent answers by ETag, least recently used first out, at most `budget` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._size = 0
        self._entries: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, tag: str) -> Answer | None:
        with self._lock:
            answer = self._entries.get(tag)
            if answer is not None:
                self._entries.move_to_end(tag)
            return answer

    def put(self, tag: str, answer: Answer) -> None:
        size = len(answer.body) + 200
        if size > self.budget // 4:  # one huge answer would push out everything else
            return
        with self._lock:
            if tag in self._entries:
                return
            self._entries[tag] = answer
            self._size += size
            while self._size > self.budget:
                _, old = self._entries.popitem(last=False)
                self._size -= len(old.body) + 200
