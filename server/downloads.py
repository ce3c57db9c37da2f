"""Downloads of the whole dataset (/dataset.ttl, .trig, .nq, .jsonld) and the JSON-LD
context of the JSON-LD export (/context.jsonld).

A download is written from the live store as it is sent, graph by graph
(kg.export.stream): the same bytes as `kg export`, memory bounded by one graph whatever
the corpus's size, with the build id as ETag.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, request, send_file

from kg.export import DOWNLOADS, MEDIA_TYPES, stream
from server.dataset import Dataset


def register(app: Flask, dataset: Dataset, context_file: Path) -> None:
    """`context_file`: the corpus's JSON-LD context when it has its own, else the packaged one."""

    @app.get("/context.jsonld")
    def context() -> Response:
        """The JSON-LD context the JSON-LD export is compacted with, published."""
        return send_file(context_file, mimetype="application/ld+json", max_age=3600)

    @app.get("/dataset.<ext>")
    def download(ext: str) -> Response:
        if ext not in DOWNLOADS:
            abort(404, f"no download /dataset.{ext}; try one of "
                       + ", ".join(f"/dataset.{e}" for e in DOWNLOADS))
        live = dataset.live()
        media = MEDIA_TYPES[DOWNLOADS[ext]]
        if live.build_id in request.if_none_match:
            return Response(status=304, headers={"ETag": f'"{live.build_id}"'})
        reply = Response(stream(live.store, DOWNLOADS[ext], context_file), mimetype=media)
        reply.headers["Content-Disposition"] = (
            f"attachment; filename=rskg-{live.build_id}.{ext}")
        reply.set_etag(live.build_id)
        reply.headers["Cache-Control"] = "no-cache"
        if media.startswith("text/"):
            reply.headers["Content-Type"] = f"{media}; charset=utf-8"
        return reply
