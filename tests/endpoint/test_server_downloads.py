"""Downloads of the dataset from the server: the same bytes as `kg export`, the right
content type and Content-Disposition, linked from the query page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from server_http import get
from serverkit import Server

from kg.export import export

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("ext", "media"), [
    ("ttl", "text/turtle"), ("trig", "application/trig"), ("nq", "application/n-quads"),
    ("jsonld", "application/ld+json")])
def test_download_is_the_export(seed_server: Server, tmp_path: Path, ext: str,
                                media: str) -> None:
    reply = get(f"{seed_server.base}/dataset.{ext}")
    assert reply.status == 200
    assert reply.content_type == media
    assert reply.headers["content-disposition"].startswith("attachment; filename=rskg-")
    export(seed_server.store, tmp_path / f"x.{ext}")
    assert reply.body == (tmp_path / f"x.{ext}").read_bytes()


def test_unknown_download_is_404_and_page_links_downloads(seed_server: Server) -> None:
    assert get(f"{seed_server.base}/dataset.xls").status == 404
    page = get(seed_server.base + "/").text
    for ext in ("ttl", "trig", "nq", "jsonld"):
        assert f'href="/dataset.{ext}"' in page


def test_the_jsonld_context_is_published(seed_server: Server) -> None:
    reply = get(f"{seed_server.base}/context.jsonld")
    assert reply.status == 200 and reply.content_type == "application/ld+json"
    exported = get(f"{seed_server.base}/dataset.jsonld")
    assert json.loads(reply.body)["@context"] == json.loads(exported.body)["@context"]
