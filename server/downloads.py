"""Downloads of the whole dataset (/dataset.ttl, .trig, .nq, .jsonld) and the JSON-LD
context of the JSON-LD export (/context.jsonld).

`kg build` writes them beside the store (kg.export.write_downloads), so a download is a
file streamed from disk: the same bytes as `kg export`, with the build id as ETag.
"""

from __future__ import annotations

from flask import Flask, Response, abort, send_file

from kg.export import CONTEXT_FILE, DOWNLOADS, EXPORTS_DIR, MEDIA_TYPES
from server.dataset import Dataset


def register(app: Flask, dataset: Dataset) -> None:
    @app.get("/context.jsonld")
    def context() -> Response:
        """The JSON-LD context the JSON-LD export is compacted with, published."""
        return send_file(CONTEXT_FILE, mimetype="application/ld+json", max_age=3600)

    @app.get("/dataset.<ext>")
    def download(ext: str) -> Response:
        if ext not in DOWNLOADS:
            abort(404, f"no download /dataset.{ext}; try one of "
                       + ", ".join(f"/dataset.{e}" for e in DOWNLOADS))
        live = dataset.live()
        path = live.build / EXPORTS_DIR / f"dataset.{ext}"
        if not path.is_file():
            abort(404, "this build has no downloads: rebuild it with `kg build`")
        media = MEDIA_TYPES[DOWNLOADS[ext]]
        reply = send_file(path, mimetype=media, as_attachment=True,
                          download_name=f"rskg-{live.build_id}.{ext}", etag=live.build_id,
                          conditional=True, max_age=0)
        if media.startswith("text/"):
            reply.headers["Content-Type"] = f"{media}; charset=utf-8"
        return reply
