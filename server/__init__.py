"""The SPARQL endpoint of rskg: a Flask application served by granian.

Public API (what `kg serve` calls):
    server.serve(settings)                   run until interrupted, printing the URL
    server.settings.Settings.from_env(**cli) flags over KG_* variables over defaults
    server.create_app(settings)              the WSGI application, for tests and embedding
"""

from server.app import create_app
from server.asgi import serve
from server.settings import Settings

__all__ = ["Settings", "create_app", "serve"]
